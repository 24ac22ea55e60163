#pragma once
// How each runner executes a file (postgres-facts.md §7, docs/lint.md):
//   psql -f FILE            autocommit: every statement commits on its own
//   Flyway                  one transaction per file, unless every statement is one Flyway
//                           itself runs outside (CIC, VACUUM ...), or <file>.sql.conf says
//                           executeInTransaction=false
//   sqlx                    BEGIN; <file>; COMMIT, or with `-- no-transaction` as the file's
//                           first bytes: the file as ONE query string (implicit transaction)
//   golang-migrate          the file as one query string (its default, no x-multi-statement)
//   popx                    one transaction per file; `.autocommit.` files as one query string
//   diesel                  one transaction per migration, unless the folder's metadata.toml
//                           says run_in_transaction = false: then one query string
#include <optional>
#include <string>

#include "lint/discovery.hpp"

namespace schemashift::lint {

// Flyway's per-script configuration (docs "Script Configuration"): <script>.sql.conf,
// also accepted as <script>.conf. Returns why the script runs outside a transaction
// ("V2__x.sql.conf: executeInTransaction=false"), or nullopt.
std::optional<std::string> flyway_conf_disables_transaction(const std::string& sql_path);

// diesel's per-migration metadata.toml next to `sql_path`: the reason the migration runs
// outside a transaction ("metadata.toml: run_in_transaction = false"), or nullopt.
std::optional<std::string> diesel_metadata_disables_transaction(const std::string& sql_path);

// Sets f.transaction and f.transaction_reason (role and layout already assigned).
void assign_transaction(InputFile& f, bool assume_in_transaction);

}  // namespace schemashift::lint
