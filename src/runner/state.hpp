#pragma once
// Where each migration stands: its files on disk joined with its newest history row.
#include <optional>
#include <string>
#include <vector>

#include "runner/history.hpp"
#include "runner/migration_files.hpp"

namespace schemashift::runner {

enum class State {
  Pending,      // never applied, or rolled back
  Applied,      // success, file unchanged
  Modified,     // success, but the file's bytes changed since (checksum differs)
  Failed,       // the last attempt failed
  Interrupted,  // a run stopped mid-way (killed, connection lost): `run` resumes it
  Reverting,    // a revert stopped mid-way: `revert` resumes it
  Missing,      // applied, but no file has its version any more
};
const char* state_name(State s);  // "pending", "applied" ...

struct MigrationState {
  std::string version;
  std::string name;
  std::optional<int> issue;
  std::string phase;
  State state = State::Pending;
  const MigrationFile* file = nullptr;     // null when Missing
  std::optional<HistoryRow> row;           // the newest row of this version
};

// Every version on disk or in the history, ascending.
std::vector<MigrationState> migration_states(const MigrationSet& files, const std::vector<HistoryRow>& rows);

// The newest version whose state counts as applied (Applied, Modified, Missing,
// Interrupted, Reverting); "" when none.
std::string database_version(const std::vector<MigrationState>& states);

bool is_applied(State s);  // its changes are (at least partly) in the database

}  // namespace schemashift::runner
