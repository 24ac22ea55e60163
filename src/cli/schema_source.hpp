#pragma once
// Where a spec's current schema comes from (`schema:`), for the commands that plan:
//   a file                  `pg_dump --schema-only` output (plan::read_schema_file)
//   a folder of migrations  replayed in apply order into the model (model::replay_migrations):
//                           scaffold's issue-N/sql/ folders in the order `run` applies them
//                           (runner::find_migrations), any other folder in the order its tool
//                           does (lint's discovery: plain SQL, Flyway, sqlx, golang-migrate);
//                           down and undo files are not replayed
//   {database: ENV or URL}  the live catalog (db::read_catalog_schema), with its row estimates
// plan/ must not depend on lint/, runner/ or db/, so the choice is made here, the one
// layer that sees them all, and handed to plan::build_plan (docs/design.md).
#include <vector>

#include "model/sql_schema_loader.hpp"
#include "plan/plan.hpp"

namespace schemashift::cli {

// Reads the current schema of `spec` from whichever source its `schema:` names.
// Throws core::Error (exit 3) for a database that cannot be reached or an unset variable.
std::optional<plan::CurrentSchema> read_current_schema(const spec::ChangeSpec& spec, core::Diagnostics& diags);

// The same source as SQL that builds it on an empty database, in order (`verify` loads it
// into a scratch server): the dump file, the folder's up migrations, or the live catalog
// as pg_dump-style DDL.
std::optional<std::vector<model::MigrationScript>> read_schema_scripts(const spec::ChangeSpec& spec,
                                                                      core::Diagnostics& diags);

// The schema of the database `run` applies to, as its catalog says now (every applied
// migration in it), for judging what is pending. Never throws: a database that cannot be
// reached or read, a table locked for more than 2 s (another migration in progress), or
// DDL the model does not load leaves `schema` empty and says why in `problem`.
struct LiveSchema {
  std::string url;                      // for messages, without a password
  std::optional<model::Schema> schema;
  std::string problem;
};
LiveSchema read_live_schema(const std::string& database_url);

}  // namespace schemashift::cli
