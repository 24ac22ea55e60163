#pragma once
// What the commands that talk to a migrated database share: its URL, the migrations
// folder, the history schema, the session, and asking on a terminal.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "project/project.hpp"
#include "project/service_choice.hpp"
#include "runner/migration_files.hpp"
#include "runner/runtime.hpp"
#include "runner/session.hpp"

namespace schemashift::cli {

struct DatabaseFlags {
  std::string database_url;            // --database-url, else $DATABASE_URL (or the service's variable)
  std::string database_env = "DATABASE_URL";  // the variable read when --database-url is not given
  std::string dir = "migrations";      // --dir
  bool dir_given = false;              // else the service's migrations folder
  std::string service;                 // --service NAME
  std::string history_schema = "schemashift";
  bool history_schema_given = false;   // else the project's defaults.history_schema, if set
  std::string format = "human";        // human | json
  std::string color = "auto";
};

// --database-url, --dir, --service, --history-schema, --format, --color.
void add_database_flags(CLI::App* cmd, DatabaseFlags& flags);

// The service --service names, or the one owning `issue`'s spec, or the project's only one
// (project/service_choice.hpp); its migrations folder and database variable stand in for
// --dir and DATABASE_URL when those are not given. Prints problems; nullopt means exit 2.
// With several services and none chosen, `several` is set and `flags` are left alone.
std::optional<project::ServiceChoice> choose_database_service(const project::Project& project, DatabaseFlags& flags,
                                                               long long issue = 0);

// For a command that works on one database: `flags` with the chosen service's folder and
// variable filled in. nullopt, after printing why, means exit 2 — including a project of
// several services none of which was named.
std::optional<DatabaseFlags> flags_for_one_service(const project::Project& project, DatabaseFlags flags,
                                                   long long issue, const std::string& command);

// --dir and the database variable of `service`, where the command line did not give them.
void use_service(const project::Service& service, DatabaseFlags& flags);

// The project file `file` names (--config), else the one found from the current directory
// upward; prints its problems and returns nullopt when it has errors (exit 2).
std::optional<project::Project> read_project(const std::string& file, const std::string& color);

// --history-schema if given, else the project's defaults.history_schema, else the flag's default.
std::string history_schema_of(const DatabaseFlags& flags, const project::Defaults& defaults);

// --database-url, else the variable (DATABASE_URL, or the service's); neither set is an
// error (exit 3) that says how to set it.
std::string database_url(const DatabaseFlags& flags);

// Connects (db::PgSession). Throws core::Error (exit 3) with a hint.
std::unique_ptr<runner::Session> connect(const std::string& url);

// The migrations under --dir; prints diagnostics and returns nullopt when they are unusable.
std::optional<runner::MigrationSet> load_migrations(const DatabaseFlags& flags);

// Asks on the terminal (stdin and stderr both terminals), else null: never waits for input
// a script cannot give.
runner::Confirm terminal_confirm();

}  // namespace schemashift::cli
