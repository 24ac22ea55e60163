#include "runner/status.hpp"

#include <algorithm>

#include "runner/database_lock.hpp"

namespace schemashift::runner {

std::size_t Status::count(State s) const {
  return static_cast<std::size_t>(
      std::count_if(states.begin(), states.end(), [s](const MigrationState& m) { return m.state == s; }));
}

bool Status::clean() const {
  return std::all_of(states.begin(), states.end(), [](const MigrationState& m) { return m.state == State::Applied; });
}

Status read_status(const MigrationSet& set, Session& session, const History& history) {
  Status status;
  status.history_exists = history.exists(session);
  const std::vector<HistoryRow> rows = status.history_exists ? history.load(session) : std::vector<HistoryRow>{};
  status.states = migration_states(set, rows);
  status.version = database_version(status.states);
  for (const auto& row : rows) {
    if (row.status == RowStatus::Success) status.last_applied_at = std::max(status.last_applied_at, row.applied_at);
  }
  status.run_in_progress = database_lock_holder(session, history.schema());
  return status;
}

}  // namespace schemashift::runner
