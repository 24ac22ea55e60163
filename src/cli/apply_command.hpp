#pragma once
// What `run` and `revert` share on the command line: the flags that say how statements are
// applied, and the steps around the library call (URL, migrations, session, progress
// printer, runtime, report).
#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "project/project.hpp"
#include "runner/events.hpp"
#include "runner/run.hpp"

namespace schemashift::cli {

// --lock-timeout, --wait-free, --retries, --lock-wait, --batch-size, --batch-delay.
void add_apply_flags(CLI::App* cmd, ApplyFlags& flags);

// The project's `defaults:` for every flag the command line did not give (flags win).
void apply_project_defaults(const project::Defaults& defaults, DatabaseFlags& db, ApplyFlags& flags);

// --batch-size and --batch-delay into `options`, or what is wrong with them.
std::optional<std::string> apply_backfill_flags(const ApplyFlags& flags, runner::ApplyOptions& options);

// Resolves the URL, reads the migrations, connects, calls `apply` with a runtime that
// prints progress, and reports its outcome. Returns the exit code.
int run_apply_command(const DatabaseFlags& db, const ApplyFlags& flags, const std::string& action,
                      runner::Direction direction,
                      const std::function<runner::Outcome(const runner::MigrationSet&, runner::Runtime&,
                                                          const std::string& url)>& apply);

}  // namespace schemashift::cli
