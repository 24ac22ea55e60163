#pragma once
// What the commands that talk to a migrated database share: its URL, the migrations
// folder, the history schema, the session, and asking on a terminal.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "project/project.hpp"
#include "runner/migration_files.hpp"
#include "runner/runtime.hpp"
#include "runner/session.hpp"

namespace schemashift::cli {

struct DatabaseFlags {
  std::string database_url;            // --database-url, else $DATABASE_URL
  std::string dir = "migrations";      // --dir
  std::string history_schema = "schemashift";
  bool history_schema_given = false;   // else the project's defaults.history_schema, if set
  std::string format = "human";        // human | json
  std::string color = "auto";
};

// --database-url, --dir, --history-schema, --format, --color.
void add_database_flags(CLI::App* cmd, DatabaseFlags& flags);

// The project file `file` names (--config), else the one found from the current directory
// upward; prints its problems and returns nullopt when it has errors (exit 2).
std::optional<project::Project> read_project(const std::string& file, const std::string& color);

// --history-schema if given, else the project's defaults.history_schema, else the flag's default.
std::string history_schema_of(const DatabaseFlags& flags, const project::Defaults& defaults);

// --database-url or DATABASE_URL; neither set is an error (exit 3) that says how to set it.
std::string database_url(const DatabaseFlags& flags);

// Connects (db::PgSession). Throws core::Error (exit 3) with a hint.
std::unique_ptr<runner::Session> connect(const std::string& url);

// The migrations under --dir; prints diagnostics and returns nullopt when they are unusable.
std::optional<runner::MigrationSet> load_migrations(const DatabaseFlags& flags);

// Asks on the terminal (stdin and stderr both terminals), else null: never waits for input
// a script cannot give.
runner::Confirm terminal_confirm();

}  // namespace schemashift::cli
