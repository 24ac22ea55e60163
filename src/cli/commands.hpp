#pragma once
// One file per subcommand (src/cli/cmd_<name>.cpp): its flags (add_<name>, which binds
// them to an options struct) and its run function (options -> library call -> print ->
// exit code). app.cpp lists the commands and turns exceptions into exit codes.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/common.hpp"
#include "cli/database.hpp"
#include "lint/run.hpp"
#include "runner/repair.hpp"
#include "runner/run.hpp"

namespace schemashift::cli {

// A subcommand as app.cpp sees it: the CLI11 node (parsed() says it was chosen) and what
// runs it with the options its flags filled in.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_scaffold(CLI::App& app);
Command add_plan(CLI::App& app);
Command add_formats(CLI::App& app);
Command add_lint(CLI::App& app);
Command add_rules(CLI::App& app);
Command add_run(CLI::App& app);
Command add_revert(CLI::App& app);
Command add_status(CLI::App& app);
Command add_history(CLI::App& app);
Command add_repair(CLI::App& app);
Command add_init(CLI::App& app);
Command add_new(CLI::App& app);
Command add_report(CLI::App& app);
Command add_verify(CLI::App& app);
Command add_import(CLI::App& app);
Command add_translate(CLI::App& app);

struct ScaffoldOptions {
  SpecSelector selector;
  std::string out;                       // default: migrations/issue-<N>
  std::vector<std::string> formats;      // default: all
  std::vector<std::string> template_dirs;
  std::vector<std::string> variables;    // KEY=VALUE (--var)
  std::string color = "auto";
  bool quiet = false;
};
int run_scaffold(const ScaffoldOptions& o);

struct PlanOptions {
  SpecSelector selector;
  std::string format = "text";           // text | json
  std::vector<std::string> template_dirs;
  std::string color = "auto";
};
int run_plan(const PlanOptions& o);

int run_formats(const std::vector<std::string>& template_dirs);

// `schemashift lint` (cmd_lint.cpp): the library's options plus the colour policy.
struct LintCommandOptions {
  lint::Options lint;
  std::string color = "auto";
  std::string service;  // --service: lint its migrations folder, with its dump as --schema
};
int run_lint(const LintCommandOptions& o);

// `schemashift rules [explain ID]` (cmd_rules.cpp).
struct RulesOptions {
  std::string format = "text";           // text | json
  std::string explain;                   // rule id for `rules explain ID`
  std::string color = "auto";
};
int run_rules(const RulesOptions& o);
int run_rules_explain(const RulesOptions& o);

// How run and revert apply statements (cmd_run.cpp, cmd_revert.cpp).
struct ApplyFlags {
  long long lock_timeout_ms = 500;
  bool lock_timeout_given = false;  // else the project's defaults.lock_timeout, if set
  long long free_wait_ms = 30'000;
  std::optional<int> retries;  // unset: each migration's own (its manifest), else 5
  long long retry_delay_ms = 500;  // before the first retry; doubles, capped at 10 s
  long long lock_wait_ms = 10'000;
  // Backfills: as typed, checked by run_apply_command (exit 2 when invalid); "" keeps the file's.
  std::string batch_size;
  std::string batch_delay;
  std::string batch_time;
};

// `schemashift run` (cmd_run.cpp).
// `schemashift repair` (cmd_repair.cpp).
struct RepairCommandOptions {
  DatabaseFlags db;
  runner::RepairOptions repair;
  long long lock_wait_ms = 10'000;
};

struct RunCommandOptions {
  DatabaseFlags db;
  ApplyFlags apply;
  std::string config;  // --config: lint settings (.schemashift.yaml)
  runner::RunOptions run;
};
int run_run(const RunCommandOptions& o);

// `schemashift revert` (cmd_revert.cpp).
struct RevertCommandOptions {
  DatabaseFlags db;
  ApplyFlags apply;
  runner::RevertOptions revert;
};
int run_revert(const RevertCommandOptions& o);

// `schemashift status` (cmd_status.cpp).
struct StatusCommandOptions {
  DatabaseFlags db;
  bool exit_code = false;  // exit 1 unless every migration is applied
  long long connect_timeout_s = 5;  // each service's database, when all are asked
};
int run_status(const StatusCommandOptions& o);

// `schemashift history` (cmd_history.cpp).
struct HistoryCommandOptions {
  DatabaseFlags db;
  std::optional<int> issue;  // --issue: only this issue's rows (across every service)
  long long connect_timeout_s = 5;
};
int run_history(const HistoryCommandOptions& o);

// `schemashift report` (cmd_report.cpp).
struct ReportCommandOptions {
  DatabaseFlags db;  // format: markdown | json
  int issue = 0;
  long long connect_timeout_s = 5;
};
int run_report(const ReportCommandOptions& o);

// `schemashift verify` (cmd_verify.cpp).
struct VerifyCommandOptions {
  SpecSelector selector;       // --issue / --spec (with --changes, --service)
  std::string dir;             // --dir: a migrations folder instead
  std::string scratch_url;     // a server to create a database on, instead of a private one
  std::string seed;            // --seed FILE.sql
  std::string pg_bin;          // --pg-bin DIR
  bool keep = false;
  std::string format = "human";  // human | json | markdown
  std::string config;
  std::string color = "auto";
};
int run_verify(const VerifyCommandOptions& o);

// `schemashift init` (cmd_init.cpp).
int run_init(const std::string& dir);

// `schemashift new` (cmd_new.cpp).
struct NewCommandOptions {
  std::string service;    // --service (optional when the project has one service)
  long long issue = 0;    // --issue
  std::vector<std::string> title;  // the title's words
  std::string created;    // --created (tests), else SOURCE_DATE_EPOCH, else now
  std::string color = "auto";
};
int run_new(const NewCommandOptions& o);
}  // namespace schemashift::cli
