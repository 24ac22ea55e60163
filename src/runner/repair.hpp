#pragma once
// `schemashift repair`: accept applied migration files whose bytes changed since they were
// applied (a comment fixed, a file reformatted), as Flyway's `repair` realigns checksums.
// `run` refuses while any applied file is modified, because the database holds what the
// old bytes did; accepting says "the difference does not matter, or I applied it by
// hand". The recorded checksum becomes the file's, and the old one is kept in
// <history-schema>.checksum_changes with who accepted it and when.
#include <string>

#include "runner/migration_files.hpp"
#include "runner/outcome.hpp"
#include "runner/runtime.hpp"

namespace schemashift::runner {

struct RepairOptions {
  std::string version;  // only this one ("" = every modified file)
  bool yes = false;     // accepted without asking
  bool dry_run = false; // list, change nothing
};

// Outcome::planned lists the modified files (with their success row: the old checksum);
// Outcome::done the ones accepted. Exit 7 without --yes or a confirmation, 2 for a
// --version that is not a modified applied file, 6 when a runner holds the database.
Outcome repair(const MigrationSet& set, Runtime& rt, const RepairOptions& options);

}  // namespace schemashift::runner
