#pragma once
// `schemashift run` and `revert` as library calls: which migrations, in which order, under
// which checks, and the outcome. The CLI maps flags to these options and the Outcome to
// its output and exit code.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "analyze/linter.hpp"
#include "runner/migration_files.hpp"
#include "runner/outcome.hpp"
#include "runner/runtime.hpp"

namespace schemashift::runner {

struct RunOptions {
  std::string to;                  // apply up to and including this version
  std::optional<int> issue;        // only this issue's migrations
  std::string phase;               // "expand", "migrate" or "contract": only that phase
  bool contract = false;           // contract-phase migrations may run
  bool maintenance_window = false; // REQUIRES_MAINTENANCE_WINDOW may run
  // BLOCKED may run too. Never for `run` on a real database; `verify` sets it on its scratch
  // database, where running the migration is how a user sees the locks it really takes.
  bool blocked = false;
  bool out_of_order = false;       // a pending version older than an applied one may run
  bool dry_run = false;            // judge and show, send nothing that changes the database
  bool preflight = true;           // run each migration's pre-flight checks first
  std::chrono::milliseconds preflight_timeout{60'000};  // statement_timeout of one check
  // How pending files are judged: the project's lint settings (.schemashift.yaml) and the
  // live row counts, for the estimates and verdicts.
  analyze::LintOptions lint;
  // The database's schema as its catalog says now (JudgeOptions::live): pending files are
  // judged against the tables and column types they will really meet. Asked for once,
  // after this runner holds the database and only when something is pending; it returns
  // null when it cannot tell (then, as when it is unset, files are judged from their
  // folders alone, which do not know what was there before them).
  std::function<const model::Schema*()> live_schema;
};

Outcome run(const MigrationSet& set, Runtime& rt, const RunOptions& options);

struct RevertOptions {
  std::optional<int> issue;  // every applied migration of this issue, newest first
  std::string to;            // every applied migration newer than this version ("0": all)
  bool yes = false;          // confirmed without asking
  bool dry_run = false;
};

Outcome revert(const MigrationSet& set, Runtime& rt, const RevertOptions& options);

}  // namespace schemashift::runner
