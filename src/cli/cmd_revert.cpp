// `schemashift revert`: flags -> runner::RevertOptions -> runner::revert -> progress, summary -> exit code.
#include <memory>

#include "cli/apply_command.hpp"
#include "cli/commands.hpp"

namespace schemashift::cli {

namespace {

const char* kRevertHelp = R"(
Undoes applied migrations with their down files, newest first: by default the newest
one; --issue N every applied migration of issue N; --to VERSION every one newer than
VERSION (--to 0: all). It first shows what will be reverted, on which database, and what
cannot come back (the values in columns and tables a down file drops), then asks for
`yes` on a terminal; elsewhere it refuses without --yes. Reverts are recorded: the
history keeps the migration as ROLLED BACK. Lock timeouts are retried as in `run`; an
interrupted revert resumes where it stopped.

Examples:
  schemashift revert --dry-run               what would be reverted, and the SQL
  schemashift revert                         the newest applied migration (asks first)
  schemashift revert --issue 234 --yes       all of issue 234, without asking

Exit codes: 0 reverted (or nothing to revert); 2 a migration has no down file, an
unknown version, an invalid --batch-size, --batch-time or --batch-delay; 3 database unreachable; 5 a down file failed; 6 busy (another runner, or
the table stayed locked); 7 not confirmed (not on a terminal and no --yes).)";

}  // namespace

int run_revert(const RevertCommandOptions& o) {
  const auto project = read_project("", o.db.color);  // its defaults stand in for flags not given
  if (!project) return static_cast<int>(core::ExitCode::InvalidInput);
  auto db = flags_for_one_service(*project, o.db, o.revert.issue.value_or(0), "revert");
  if (!db) return static_cast<int>(core::ExitCode::InvalidInput);
  ApplyFlags apply = o.apply;
  apply_project_defaults(project->defaults, *db, apply);
  return run_apply_command(*db, apply, "revert", runner::Direction::Down,
                           [&](const runner::MigrationSet& set, runner::Runtime& rt, const std::string&) {
                             return runner::revert(set, rt, o.revert);
                           });
}

Command add_revert(CLI::App& app) {
  auto o = std::make_shared<RevertCommandOptions>();
  auto* cmd = app.add_subcommand("revert", "undo applied migrations with their down files, newest first");
  cmd->footer(kRevertHelp);
  add_database_flags(cmd, o->db);
  add_apply_flags(cmd, o->apply);
  auto& r = o->revert;
  cmd->add_option_function<int>("--issue", [&r](const int& v) { r.issue = v; }, "every applied migration of this issue");
  cmd->add_option("--to", r.to, "revert every migration newer than this version (0: all)");
  cmd->add_flag("--yes,-y", r.yes, "do not ask for confirmation");
  cmd->add_flag("--dry-run", r.dry_run, "show what would be reverted and the SQL; change nothing");
  return {cmd, [o] { return run_revert(*o); }};
}

}  // namespace schemashift::cli
