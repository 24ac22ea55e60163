// `schemashift status`: flags -> runner::read_status (one database, or every service's at
// once) -> table or JSON -> exit code.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/fleet_output.hpp"
#include "cli/runner_output.hpp"

namespace schemashift::cli {

namespace {

const char* kStatusHelp = R"(
Shows the database version, the last applied time, whether a run is in progress, and
every migration's state: applied, pending, failed, interrupted (a run stopped mid-way:
`run` resumes it), modified (applied, but the file changed since: `run` refuses until it
is restored or reverted), missing (applied, but its file is gone). Read-only: it creates
nothing and takes no lock.

In a project of several services (.schemashift.yaml) and without --service, --dir or
--database-url, it shows every service: one block each with its database version, last
applied time, run in progress, counts and the migrations that are not applied. The
databases are asked at once, each given --connect-timeout seconds to answer; one that
cannot be reached (or whose variable is unset) is one line and does not stop the others.

Examples:
  schemashift status                          this database, or every service's
  schemashift status --service user-service   one service: DATABASE_URL_USER_SERVICE
  schemashift status --format json --exit-code

Exit codes: 0 (with --exit-code: only when every migration is applied); 1 with
--exit-code when something is pending, failed, interrupted, modified or missing;
2 unusable migration files; 3 database unreachable (every service: one or more could
not be asked, after the others are shown).)";

int fleet_status(const project::Project& project, const StatusCommandOptions& o, const DatabaseFlags& db) {
  const Fleet fleet = make_fleet(project, db, {}, true);
  std::vector<ServiceStatus> answers(fleet.members.size());
  const auto reached = runner::visit_fleet(
      fleet.members, fleet_connector(std::chrono::seconds(o.connect_timeout_s)),
      [&](std::size_t i, runner::Session& session) {
        const auto& service = fleet.services[i];
        answers[i].status = runner::read_status(service.migrations, session,
                                                runner::History(history_schema_of(service.flags, project.defaults)));
      });
  bool unreached = false, unusable = false, clean = true;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    answers[i].service = fleet.members[i].name;
    answers[i].reached = reached[i];
    if (!reached[i].error.empty()) answers[i].status.reset();  // a query failed half-way
    unusable = unusable || fleet.services[i].migration_errors > 0;
    unreached = unreached || (!answers[i].status && fleet.services[i].migration_errors == 0);
    clean = clean && answers[i].status && answers[i].status->clean();
  }
  if (db.format == "json") {
    std::cout << fleet_status_json(answers).dump(2) << "\n";
  } else {
    print_fleet_status(std::cout, answers, Style{use_color(db.color, 1)});
  }
  if (unreached) return static_cast<int>(core::ExitCode::Environment);
  if (unusable) return static_cast<int>(core::ExitCode::InvalidInput);
  return o.exit_code && !clean ? static_cast<int>(core::ExitCode::Findings) : 0;
}

}  // namespace

int run_status(const StatusCommandOptions& o) {
  const auto project = read_project("", o.db.color);  // services, defaults.history_schema
  if (!project) return static_cast<int>(core::ExitCode::InvalidInput);
  DatabaseFlags db = o.db;
  const auto choice = choose_database_service(*project, db);
  if (!choice) return static_cast<int>(core::ExitCode::InvalidInput);
  if (choice->several && !db.dir_given && db.database_url.empty()) return fleet_status(*project, o, db);
  const std::string url = database_url(db);  // first: the most basic thing a user can miss
  const auto set = load_migrations(db);
  if (!set) return static_cast<int>(core::ExitCode::InvalidInput);
  const auto session = connect(url);
  const runner::Status status =
      runner::read_status(*set, *session, runner::History(history_schema_of(db, project->defaults)));
  if (db.format == "json") {
    std::cout << status_json(status, session->describe()).dump(2) << "\n";
  } else {
    print_status(std::cout, status, session->describe(), Style{use_color(db.color, 1)});
  }
  return o.exit_code && !status.clean() ? static_cast<int>(core::ExitCode::Findings) : 0;
}

Command add_status(CLI::App& app) {
  auto o = std::make_shared<StatusCommandOptions>();
  auto* cmd = app.add_subcommand("status", "database version and every migration's state: applied, pending, failed ...");
  cmd->footer(kStatusHelp);
  add_database_flags(cmd, o->db);
  cmd->add_flag("--exit-code", o->exit_code, "exit 1 unless every migration is applied (for scripts and CI)");
  add_connect_timeout(cmd, o->connect_timeout_s);
  return {cmd, [o] { return run_status(*o); }};
}

}  // namespace schemashift::cli
