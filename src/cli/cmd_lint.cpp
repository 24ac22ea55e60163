// `schemashift lint [PATH...]`: flags -> lint::Options -> lint::run (which writes the
// report) -> exit code.
#include <iostream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "lint/run.hpp"

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

}  // namespace

int run_lint(const LintCommandOptions& o) {
  lint::Options options = o.lint;
  options.report.color = use_color(o.color, 1);
  options.color_diagnostics = use_color(o.color, 2);
  return outcome_exit_code(lint::run(options, std::cout, std::cerr));
}

}  // namespace schemashift::cli
