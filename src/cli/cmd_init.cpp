// `schemashift init`: the current directory -> project::init_project -> what was written -> exit code.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "lint/discovery.hpp"
#include "project/init.hpp"

namespace schemashift::cli {

namespace {

const char* kInitHelp = R"(
Writes a commented starter .schemashift.yaml (the project file: lint settings, defaults,
services; docs/project-file.md) and changes/ in the current directory, from the
migration folders it finds:
  backend/<service>/migrations       one service each (its layout detected as `lint` does)
  otherwise one service named after this directory, with the first of
  db/migrate                         Rails
  alembic/versions                   Alembic
  src/main/resources/db/changelog    Liquibase (also db/changelog)
  src/main/resources/db/migration    Flyway (also db/migration)
  migrations/                        sqlx or plain numbered SQL
Each service's `schema:` is its existing migrations where `plan` can replay them (SQL
layouts), Rails' db/structure.sql, or its database (DATABASE_URL_<NAME>). The same
folders always give the same file. Review it, then `schemashift new`.

Exit codes: 0 written; 3 a folder or the file cannot be written; 7 refused:
.schemashift.yaml already exists here (init never replaces it).)";

// lint's layout detection (file names, heads, Cargo project): the one place that knows
// plain SQL from Flyway from sqlx.
std::string sql_layout_of(const std::string& dir) {
  const lint::DiscoveryOptions options;
  const lint::Discovery found = lint::discover({dir}, options);
  if (found.groups.empty()) return "sql";
  switch (lint::load_group(found.groups.front(), options).layout) {
    case lint::Layout::Flyway: return "flyway";
    case lint::Layout::Sqlx: return "sqlx";
    default: return "sql";  // plain numbered SQL and golang-migrate's .up.sql both run with psql
  }
}

}  // namespace

int run_init(const std::string& dir) {
  const project::InitResult result = project::init_project(dir, sql_layout_of);
  std::cout << "wrote " << result.file << "\n";
  for (const auto& s : result.services) {
    std::cout << fmt::format("  service {}: {}{}\n", s.name, s.format,
                             s.existing.empty() ? " (no existing migrations found)" : ", from " + s.existing);
  }
  for (const auto& d : result.created) std::cout << "created " << d << "/\n";
  std::cout << "next: review " << result.file << ", then `schemashift new --issue N \"title\"`\n";
  return 0;
}

Command add_init(CLI::App& app) {
  auto* cmd = app.add_subcommand("init", "write a starter .schemashift.yaml and changes/ here, from the migration folders found");
  cmd->footer(kInitHelp);
  return {cmd, [] { return run_init("."); }};
}

}  // namespace schemashift::cli
