#include "runner/runtime.hpp"

#include <fmt/format.h>

namespace schemashift::runner {

std::optional<Outcome> lock_database(Runtime& rt, std::optional<DatabaseLock>& held) {
  const std::string holder = acquire_database_lock(rt.session, rt.clock, rt.history.schema(), rt.lock_wait);
  if (holder.empty()) {
    held.emplace(rt.session, rt.history.schema());
    return std::nullopt;
  }
  return Outcome::refuse(core::ExitCode::Busy, "another schemashift run is working on " + rt.session.describe(),
                         fmt::format("it is {}; waited {} ms. Try again when it is done "
                                     "(`schemashift status` shows it), or wait longer with --lock-wait",
                                     holder, rt.lock_wait.count()));
}

}  // namespace schemashift::runner
