// `schemashift run`: flags -> runner::RunOptions -> runner::run -> progress, summary -> exit code.
#include <iostream>
#include <memory>

#include "cli/apply_command.hpp"
#include "cli/commands.hpp"
#include "cli/schema_source.hpp"
#include "lint/config.hpp"
#include "lint/stats.hpp"

namespace schemashift::cli {

namespace {

const char* kRunHelp = R"(
Applies pending migrations in version order: what `scaffold` wrote under --dir
(issue-N/sql/), and any folder of <version>_<name>.up.sql / .down.sql files.

Before it sends anything it shows what will run, with each file's verdict (the rules of
`schemashift lint` as .schemashift.yaml sets them, with row counts from this database's
statistics):
  SAFE_TO_RUN runs; REQUIRES_MAINTENANCE_WINDOW needs --maintenance-window;
  BLOCKED never runs.
Contract-phase migrations run only with --contract (or a typed confirmation on a
terminal): deploy the application that no longer uses the old shape first.

Safety:
  - one runner per database (an advisory lock; a second run waits --lock-wait, then exits 6)
  - every applied file is recorded in <history-schema>.history with its SHA-256; a
    transactional migration and its history row commit together; an applied file that
    changed stops the run
  - before a statement whose lock blocks reads or writes, the runner waits until no other
    session holds or awaits a conflicting lock (pg_locks, polled: it never joins the lock
    queue, where it would stall every query behind it), up to --wait-free; then it asks
    with lock_timeout (--lock-timeout, unless the file sets its own); a lock timeout or
    deadlock rolls the attempt back and retries it with exponential backoff and jitter
    (--retries)
  - files that cannot run in a transaction (CREATE INDEX CONCURRENTLY, batched backfills)
    run statement by statement with their progress recorded: after a failure, Ctrl-C or
    kill -9, the next run resumes at the statement that did not finish, and drops an
    INVALID index an interrupted build left before building it again
  - before a migration starts, its pre-flight checks (written by scaffold into
    issue-N/sql/manifest.json: no NULLs left before NOT NULL is validated, no duplicates
    before a unique index, no orphans before a foreign key, no column of the new name
    yet) run read-only; a failed one stops the run before anything of that migration is
    sent and prints what the query found (--no-preflight skips them)
  - backfills scaffold wrote show their progress (rows of the table's pg_class estimate,
    rate, ETA: one updating line on a terminal, a line every 5 s elsewhere, JSON lines on
    stderr with --format json); batches are sized to take --batch-time each (200ms
    unless the spec said otherwise), the first of --batch-size rows, with --batch-delay
    between them; each batch
    records its last key in the history row in the batch's own transaction, so after
    Ctrl-C, kill -9 or a failure the next run resumes after that key
  - when the last migration of an issue is applied, the issue's verify.sql runs: each
    (check_name, ok) is printed and recorded in <history-schema>.verification

Examples:
  export DATABASE_URL=postgresql://app@localhost:5432/app
  schemashift run --dry-run                  show what would run, and its SQL
  schemashift run                            apply expand and migrate phases
  schemashift run --issue 234 --contract     apply everything of issue 234, contract too
  schemashift run --to 20240115143022        stop after this version
  schemashift run --batch-size 500 --batch-delay 50ms   gentler backfills on a busy primary
  schemashift run --batch-time 100ms         shorter backfill batches: row locks held ~100 ms

Exit codes: 0 applied (or nothing to do); 1 a migration is BLOCKED; 2 a migration file
cannot be run (syntax error, duplicate version), an invalid --batch-size, --batch-time or
--batch-delay;
3 database unreachable or history table not writable; 4 REQUIRES_MAINTENANCE_WINDOW
without --maintenance-window; 5 a migration
failed (rolled back, or stopped at a statement) or a verify.sql check failed; 6 busy: another runner, or the table
stayed locked through every retry; 7 refused: contract phase without --contract, a
changed applied file, a migration older than the database version (--out-of-order), a
failed pre-flight check.)";

}  // namespace

int run_run(const RunCommandOptions& o) {
  // The project file, read once: its lint settings judge what runs, as they judge
  // `schemashift lint`, and its defaults stand in for flags not given.
  const auto project = read_project(o.config, o.db.color);
  if (!project) return static_cast<int>(core::ExitCode::InvalidInput);
  core::Diagnostics config_diags;
  const auto config = lint::lint_config_of(*project, config_diags);
  print_diagnostics(config_diags, use_color(o.db.color, 2), "nothing was applied");
  if (!config) return static_cast<int>(core::ExitCode::InvalidInput);
  auto db = flags_for_one_service(*project, o.db, o.run.issue.value_or(0), "run");
  if (!db) return static_cast<int>(core::ExitCode::InvalidInput);
  ApplyFlags apply = o.apply;
  apply_project_defaults(project->defaults, *db, apply);
  return run_apply_command(*db, apply, "run", runner::Direction::Up,
                           [&](const runner::MigrationSet& set, runner::Runtime& rt, const std::string& url) {
                             runner::RunOptions options = o.run;
                             lint::apply_config(*config, options.lint);
                             options.lint.stats = lint::read_database_stats(url);
                             // Judged against the tables as they are: a migration folder
                             // does not know the columns that were there before it.
                             std::optional<LiveSchema> live;
                             options.live_schema = [&]() -> const model::Schema* {
                               live = read_live_schema(url);
                               if (live->schema) return &*live->schema;
                               std::cerr << "warning: the schema of " << live->url << " was not read (" << live->problem
                                         << "); pending migrations are judged from their folders alone\n";
                               return nullptr;
                             };
                             return runner::run(set, rt, options);
                           });
}

Command add_run(CLI::App& app) {
  auto o = std::make_shared<RunCommandOptions>();
  auto* cmd = app.add_subcommand("run", "apply pending migrations to a database: verdicts, lock timeouts, retries, history");
  cmd->footer(kRunHelp);
  add_database_flags(cmd, o->db);
  add_apply_flags(cmd, o->apply);
  cmd->add_option("--config", o->config,
                  "project file: its lint settings judge pending files, its defaults stand in for flags not given "
                  "(default: .schemashift.yaml here or in the nearest folder above)")
      ->check(CLI::ExistingFile);
  auto& r = o->run;
  cmd->add_option("--to", r.to, "apply up to and including this version");
  cmd->add_option_function<int>("--issue", [&r](const int& v) { r.issue = v; }, "only this issue's migrations");
  cmd->add_option("--phase", r.phase, "only this phase")->check(CLI::IsMember({"expand", "migrate", "contract"}));
  cmd->add_flag("--contract", r.contract, "contract-phase migrations may run (deploy the new application first)");
  cmd->add_flag("--maintenance-window", r.maintenance_window, "migrations that REQUIRE_MAINTENANCE_WINDOW may run");
  cmd->add_flag("--out-of-order", r.out_of_order, "a pending migration older than the database version may run");
  cmd->add_flag("--dry-run", r.dry_run, "show what would run and its SQL; send nothing that changes the database");
  cmd->add_flag("--no-preflight{false}", r.preflight,
                "skip the pre-flight checks scaffold wrote for each migration (sql/manifest.json)");
  cmd->add_option_function<long long>(
         "--preflight-timeout", [&r](const long long& ms) { r.preflight_timeout = std::chrono::milliseconds(ms); },
         "ms one pre-flight query may run (default 60000); a count that takes longer is shown as not known")
      ->check(CLI::Range(100LL, 3'600'000LL));
  return {cmd, [o] { return run_run(*o); }};
}

}  // namespace schemashift::cli
