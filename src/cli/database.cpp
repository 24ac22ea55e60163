#include "cli/database.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/common.hpp"
#include "cli/flags.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "project/service_choice.hpp"

#include <fmt/format.h>
#include "db/pg_session.hpp"

namespace schemashift::cli {

void add_database_flags(CLI::App* cmd, DatabaseFlags& flags) {
  cmd->add_option("--database-url", flags.database_url,
                  "postgresql://user@host:5432/db (default: $DATABASE_URL); the password never appears in output");
  cmd->add_option("--dir", flags.dir,
                  "migrations folder: scaffold's issue-N/sql/ folders, or <version>_<name>.up.sql files "
                  "(default: the service's migrations folder)")
      ->capture_default_str()
      ->each([&flags](const std::string&) { flags.dir_given = true; });
  add_service(cmd, flags.service);
  cmd->add_option("--history-schema", flags.history_schema,
                  "schema of the history table (created on first run; default: the project's "
                  "defaults.history_schema, else schemashift)")
      ->each([&flags](const std::string&) { flags.history_schema_given = true; });
  cmd->add_option("--format", flags.format, "human or json (one document on stdout; progress on stderr)")
      ->check(CLI::IsMember({"human", "json"}))
      ->capture_default_str();
  add_color(cmd, flags.color);
}

std::optional<project::Project> read_project(const std::string& file, const std::string& color) {
  core::Diagnostics diags;
  auto project = file.empty() ? project::find_project(diags) : project::load_project(file, diags);
  print_diagnostics(diags, use_color(color, 2), "nothing was sent to the database");
  return project;
}

std::string history_schema_of(const DatabaseFlags& flags, const project::Defaults& defaults) {
  return !flags.history_schema_given && defaults.history_schema ? *defaults.history_schema : flags.history_schema;
}

std::optional<project::ServiceChoice> choose_database_service(const project::Project& project, DatabaseFlags& flags,
                                                               long long issue) {
  core::Diagnostics diags;
  auto choice = project::choose_service(project, {flags.service, issue, "", ""}, diags);
  print_diagnostics(diags, use_color(flags.color, 2), "nothing was sent to the database");
  if (choice && choice->service) use_service(*choice->service, flags);
  return choice;
}

std::optional<DatabaseFlags> flags_for_one_service(const project::Project& project, DatabaseFlags flags,
                                                   long long issue, const std::string& command) {
  const auto choice = choose_database_service(project, flags, issue);
  if (!choice) return std::nullopt;
  if (choice->several) {
    core::Diagnostics diags;
    project::no_service_chosen(project, command, diags);
    print_diagnostics(diags, use_color(flags.color, 2), "nothing was sent to the database");
    return std::nullopt;
  }
  return flags;
}

void use_service(const project::Service& service, DatabaseFlags& flags) {
  if (!flags.dir_given) flags.dir = service.migrations;
  flags.database_env = service.database_env;
  flags.service = service.name;
}

std::string database_url(const DatabaseFlags& flags) {
  if (!flags.database_url.empty()) return flags.database_url;
  const char* env = std::getenv(flags.database_env.c_str());
  if (env && *env) return env;
  throw core::Error(fmt::format(
      "no database{}: neither --database-url nor {} is set\n"
      "  hint: export {}=postgresql://USER@HOST:5432/DBNAME (a password goes in ~/.pgpass or PGPASSWORD), "
      "or pass --database-url",
      flags.service.empty() ? "" : " for service " + flags.service, flags.database_env, flags.database_env));
}

std::unique_ptr<runner::Session> connect(const std::string& url) {
  try {
    return std::make_unique<db::PgSession>(url);
  } catch (const db::Error& e) {
    throw db::Error(std::string(e.what()) +
                        "\n  hint: check the URL (postgresql://user@host:5432/dbname), that the server runs and accepts "
                        "the connection, and the password (PGPASSWORD or ~/.pgpass)",
                    e.failure());
  }
}

std::optional<runner::MigrationSet> load_migrations(const DatabaseFlags& flags) {
  core::Diagnostics diags;
  runner::MigrationSet set = runner::find_migrations(flags.dir, diags);
  if (diags.has_errors()) {
    print_diagnostics(diags, use_color(flags.color, 2), "nothing was sent to the database");
    return std::nullopt;
  }
  return set;
}

runner::Confirm terminal_confirm() {
  if (!::isatty(0) || !::isatty(2)) return nullptr;
  return [](const std::string& question, const std::string& answer) {
    std::cerr << question << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) return false;
    return core::trim(line) == answer;
  };
}

}  // namespace schemashift::cli
