#pragma once
// `schemashift status` as a library call: every migration's state, the database version,
// and whether a runner is at work right now. Read-only: creates nothing, takes no lock.
#include <string>
#include <vector>

#include "runner/history.hpp"
#include "runner/migration_files.hpp"
#include "runner/session.hpp"
#include "runner/state.hpp"

namespace schemashift::runner {

struct Status {
  bool history_exists = false;     // false: no migration was ever run by schemashift here
  std::vector<MigrationState> states;
  std::string version;             // database_version(states)
  std::string last_applied_at;     // newest success row's applied_at
  std::string run_in_progress;     // who holds the runner's lock ("" when nobody)
  std::size_t count(State s) const;
  // Nothing pending, failed, interrupted, modified or missing.
  bool clean() const;
};

Status read_status(const MigrationSet& set, Session& session, const History& history);

}  // namespace schemashift::runner
