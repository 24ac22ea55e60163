// `schemashift status`: flags -> runner::read_status -> table or JSON -> exit code.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/runner_output.hpp"

namespace schemashift::cli {

namespace {

const char* kStatusHelp = R"(
Shows the database version, the last applied time, whether a run is in progress, and
every migration's state: applied, pending, failed, interrupted (a run stopped mid-way:
`run` resumes it), modified (applied, but the file changed since: `run` refuses until it
is restored or reverted), missing (applied, but its file is gone). Read-only: it creates
nothing and takes no lock.

Exit codes: 0 (with --exit-code: only when every migration is applied); 1 with
--exit-code when something is pending, failed, interrupted, modified or missing;
2 unusable migration files; 3 database unreachable.)";

}  // namespace

int run_status(const StatusCommandOptions& o) {
  const auto project = read_project("", o.db.color);  // defaults.history_schema
  if (!project) return static_cast<int>(core::ExitCode::InvalidInput);
  const std::string url = database_url(o.db);  // first: the most basic thing a user can miss
  const auto set = load_migrations(o.db);
  if (!set) return static_cast<int>(core::ExitCode::InvalidInput);
  const auto session = connect(url);
  const runner::Status status =
      runner::read_status(*set, *session, runner::History(history_schema_of(o.db, project->defaults)));
  if (o.db.format == "json") {
    std::cout << status_json(status, session->describe()).dump(2) << "\n";
  } else {
    print_status(std::cout, status, session->describe(), Style{use_color(o.db.color, 1)});
  }
  return o.exit_code && !status.clean() ? static_cast<int>(core::ExitCode::Findings) : 0;
}

Command add_status(CLI::App& app) {
  auto o = std::make_shared<StatusCommandOptions>();
  auto* cmd = app.add_subcommand("status", "database version and every migration's state: applied, pending, failed ...");
  cmd->footer(kStatusHelp);
  add_database_flags(cmd, o->db);
  cmd->add_flag("--exit-code", o->exit_code, "exit 1 unless every migration is applied (for scripts and CI)");
  return {cmd, [o] { return run_status(*o); }};
}

}  // namespace schemashift::cli
