// `schemashift history`: flags -> the history table -> table or JSON -> exit code.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/runner_output.hpp"

namespace schemashift::cli {

int run_history(const DatabaseFlags& o) {
  const auto project = read_project("", o.color);  // defaults.history_schema
  if (!project) return static_cast<int>(core::ExitCode::InvalidInput);
  const auto session = connect(database_url(o));
  const runner::History history(history_schema_of(o, project->defaults));
  const std::vector<runner::HistoryRow> rows = history.load_if_exists(*session);
  if (o.format == "json") {
    std::cout << history_json(rows, session->describe()).dump(2) << "\n";
  } else {
    print_history(std::cout, rows, Style{use_color(o.color, 1)});
  }
  return 0;
}

Command add_history(CLI::App& app) {
  auto o = std::make_shared<DatabaseFlags>();
  auto* cmd = app.add_subcommand("history", "every run and revert, newest first: status, applied at, duration");
  cmd->footer(R"(
One line per application of a migration, newest first, reverts kept: SUCCESS, ROLLED BACK,
FAILED, RUNNING (interrupted) or REVERTING; then the total. --dir is not read.

Exit codes: 0; 3 database unreachable.)");
  add_database_flags(cmd, *o);
  return {cmd, [o] { return run_history(*o); }};
}

}  // namespace schemashift::cli
