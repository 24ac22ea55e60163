// `schemashift lint [PATH...]`: flags -> lint::Options -> lint::run (which writes the
// report) -> exit code.
#include <memory>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "core/error.hpp"
#include "lint/layout.hpp"
#include "lint/report/reporter.hpp"
#include "lint/run.hpp"
#include "project/service_choice.hpp"

namespace schemashift::cli {

namespace {

int exit_code(core::ExitCode c) { return static_cast<int>(c); }

// 2 (syntax error, rejected input) > 3 (unreadable file) > 1 (BLOCKED) > 4 (maintenance window) > 0.
int outcome_exit_code(const lint::Outcome& outcome) {
  if (outcome.rejected) {
    return exit_code(outcome.unreadable ? core::ExitCode::Environment : core::ExitCode::InvalidInput);
  }
  if (outcome.syntax_error) return exit_code(core::ExitCode::InvalidInput);
  if (outcome.unreadable) return exit_code(core::ExitCode::Environment);
  switch (outcome.verdict) {
    case analyze::Verdict::Blocked: return exit_code(core::ExitCode::Findings);
    case analyze::Verdict::RequiresMaintenanceWindow: return exit_code(core::ExitCode::MaintenanceWindow);
    case analyze::Verdict::SafeToRun: return exit_code(core::ExitCode::Ok);
  }
  return exit_code(core::ExitCode::Ok);
}

// "auto (default), sql, flyway, sqlx or golang-migrate", from lint's one list of layouts.
std::string layout_choices() {
  const auto& names = lint::layout_names();
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i] + (i == 0 ? " (default)" : "");
  }
  return out;
}

}  // namespace

int run_lint(const LintCommandOptions& o) {
  lint::Options options = o.lint;
  if (!o.service.empty()) {
    // The service's migrations stand in for PATHs not given, and its schema dump (when its
    // schema is one) for --schema: the state the first of them applies to.
    core::Diagnostics diags;
    std::optional<project::ServiceChoice> choice;
    if (const auto project = project::find_project(diags)) {
      choice = project::choose_service(*project, {o.service, 0, "", ""}, diags);
    }
    print_diagnostics(diags, use_color(o.color, 2), "nothing was linted");
    if (!choice || !choice->service) return exit_code(core::ExitCode::InvalidInput);
    const project::Service& service = *choice->service;
    if (options.paths.empty()) options.paths = {service.migrations};
    std::error_code ec;
    if (options.schema.empty() && std::filesystem::is_regular_file(service.schema.path, ec)) {
      options.schema = service.schema.path;
    }
  }
  options.report.color = use_color(o.color, 1);
  options.color_diagnostics = use_color(o.color, 2);
  return outcome_exit_code(lint::run(options, std::cout, std::cerr));
}

Command add_lint(CLI::App& app) {
  auto o = std::make_shared<LintCommandOptions>();
  lint::Options& lo = o->lint;
  auto* li = app.add_subcommand("lint", "lint SQL migration files: locks, rewrites, durations, verdict per file");
  li->footer(lint::help());
  li->add_option("paths", lo.paths, "files or directories (recursive) to lint; - reads stdin; default: .")
      ->check(CLI::Validator(
          [](std::string& p) {
            std::error_code ec;
            return p == "-" || std::filesystem::exists(p, ec) ? std::string() : "no such file or directory: " + p;
          },
          "PATH|-"));
  add_service(li, o->service);
  li->add_option("--stdin-filepath", lo.stdin_filepath, "file name for stdin (layout detection and reports)");
  li->add_option_function<std::string>("--layout", [&lo](const std::string& v) { lo.layout = v; }, layout_choices())
      ->check(CLI::IsMember(lint::layout_names()));
  li->add_flag("--assume-in-transaction", lo.assume_in_transaction,
               "every file runs in one transaction (e.g. psql --single-transaction)");
  li->add_option_function<int>("--pg-version", [&lo](const int& v) { lo.pg_version = v; },
                               "target PostgreSQL major version, 10..17 (default 15)")
      ->check(CLI::Range(10, 17));
  // One value per flag: `--rows users=10 FILE` must not take FILE as a second row count.
  li->add_option("--rule", lo.rules, "ID=SEVERITY (off, hint, warning, error); repeatable")->allow_extra_args(false);
  li->add_option("--rows", lo.rows, "TABLE=N: row count for duration estimates; repeatable")->allow_extra_args(false);
  li->add_option_function<long long>("--max-lock-ms", [&lo](const long long& v) { lo.max_lock_ms = v; },
                                     "blocking work on known rows estimated below this is tolerated (default 1000)")
      ->check(CLI::NonNegativeNumber);
  li->add_option_function<long long>("--max-lock-timeout-ms", [&lo](const long long& v) { lo.max_lock_timeout_ms = v; },
                                     "longest acceptable lock_timeout (default 5000)")
      ->check(CLI::NonNegativeNumber);
  li->add_option("--database-url", lo.database_url,
                 "read row estimates and table sizes from this database's catalog (read-only)");
  li->add_option("--schema", lo.schema, "pg_dump --schema-only file: the schema before the first migration")
      ->check(CLI::ExistingFile);
  li->add_option("--config", lo.config, "config file (default: .schemashift.yaml if present)")->check(CLI::ExistingFile);
  li->add_option("--format", lo.format, lint::report_format_help())
      ->check(CLI::IsMember(lint::report_format_names()))
      ->capture_default_str();
  li->add_flag("--locks", lo.report.locks, "human format: show every statement's locks, not only findings");
  add_color(li, o->color);
  return {li, [o] { return run_lint(*o); }};
}

}  // namespace schemashift::cli
