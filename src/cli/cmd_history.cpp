// `schemashift history`: flags -> the history table (one database, or every service's at
// once) -> table or JSON -> exit code.
#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/fleet_output.hpp"
#include "cli/runner_output.hpp"

namespace schemashift::cli {

namespace {

void keep_issue(std::vector<runner::HistoryRow>& rows, const std::optional<int>& issue) {
  if (!issue) return;
  rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const runner::HistoryRow& r) { return r.issue != issue; }),
             rows.end());
}

int fleet_history(const project::Project& project, const HistoryCommandOptions& o, const DatabaseFlags& db) {
  const Fleet fleet = make_fleet(project, db, {}, false);
  std::vector<ServiceHistory> answers(fleet.members.size());
  const auto reached = runner::visit_fleet(
      fleet.members, fleet_connector(std::chrono::seconds(o.connect_timeout_s)),
      [&](std::size_t i, runner::Session& session) {
        answers[i].rows =
            runner::History(history_schema_of(fleet.services[i].flags, project.defaults)).load_if_exists(session);
        keep_issue(answers[i].rows, o.issue);
      });
  bool unreached = false;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    answers[i].service = fleet.members[i].name;
    answers[i].reached = reached[i];
    unreached = unreached || !reached[i].error.empty();
  }
  if (db.format == "json") {
    std::cout << fleet_history_json(answers).dump(2) << "\n";
  } else {
    print_fleet_history(std::cout, answers, Style{use_color(db.color, 1)});
  }
  return unreached ? static_cast<int>(core::ExitCode::Environment) : 0;
}

}  // namespace

int run_history(const HistoryCommandOptions& o) {
  const auto project = read_project("", o.db.color);  // services, defaults.history_schema
  if (!project) return static_cast<int>(core::ExitCode::InvalidInput);
  DatabaseFlags db = o.db;
  // --issue does not choose the service here: an issue may span several.
  const auto choice = choose_database_service(*project, db);
  if (!choice) return static_cast<int>(core::ExitCode::InvalidInput);
  if (choice->several && db.database_url.empty()) return fleet_history(*project, o, db);
  const auto session = connect(database_url(db));
  const runner::History history(history_schema_of(db, project->defaults));
  std::vector<runner::HistoryRow> rows = history.load_if_exists(*session);
  keep_issue(rows, o.issue);
  if (db.format == "json") {
    std::cout << history_json(rows, session->describe()).dump(2) << "\n";
  } else {
    print_history(std::cout, rows, Style{use_color(db.color, 1)});
  }
  return 0;
}

Command add_history(CLI::App& app) {
  auto o = std::make_shared<HistoryCommandOptions>();
  auto* cmd = app.add_subcommand("history", "every run and revert, newest first: status, applied at, duration");
  cmd->footer(R"(
One line per application of a migration, newest first, reverts kept: SUCCESS, ROLLED BACK,
FAILED, RUNNING (interrupted) or REVERTING; then the total. --dir is not read.

In a project of several services (.schemashift.yaml) and without --service or
--database-url, every service's history, one block each (asked at once); --issue N keeps
the rows of issue N, in whichever services it touched.

Examples:
  schemashift history                         this database, or every service's
  schemashift history --issue 245             issue 245, across services
  schemashift history --service user-service --format json

Exit codes: 0; 2 unknown --service or a malformed project file; 3 database unreachable
(every service: one or more could not be asked, after the others are shown).)");
  add_database_flags(cmd, o->db);
  cmd->add_option_function<int>("--issue", [o](const int& v) { o->issue = v; }, "only this issue's rows")
      ->check(CLI::PositiveNumber);
  add_connect_timeout(cmd, o->connect_timeout_s);
  return {cmd, [o] { return run_history(*o); }};
}

}  // namespace schemashift::cli
