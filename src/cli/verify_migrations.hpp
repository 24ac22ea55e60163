#pragma once
// The migrations `verify --dir` rehearses: a folder in any layout `lint` reads (plain psql
// scripts, Flyway, sqlx, golang-migrate, popx, diesel), in its tool's apply order, as the
// runner's MigrationSet. scaffold's own layout (issue-N/sql/ with its manifest and
// verify.sql) and plain <version>_<name>.up.sql / .down.sql folders are read by the runner
// itself, as `run` reads them.
#include <string>

#include "core/diagnostics.hpp"
#include "runner/migration_files.hpp"

namespace schemashift::cli {

struct VerifyMigrations {
  runner::MigrationSet set;
  std::string layout;  // "runner" (scaffold's sql/ layout), or lint's layout names ("flyway", "sqlx, diesel")
};

// Layout, roles and apply order come from lint's discovery (one list of layouts). Each
// migration gets a version from its place in that order (0001, 0002 ...: Flyway's 1.1 or a
// diesel folder are no digit string), its file name as its name, and the down file of its
// version (sqlx/golang-migrate/popx .down.sql, diesel down.sql, Flyway U) when there is
// one. Files the tool would not run are left out, with a note. psql's settings
// meta-commands are blanked (verify/psql_script.hpp).
VerifyMigrations find_verify_migrations(const std::string& dir, core::Diagnostics& diags);

}  // namespace schemashift::cli
