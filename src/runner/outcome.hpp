#pragma once
// What `run` and `revert` tell their caller: the exit code scripts rely on, a one-line
// message with a hint when they refused or failed, and what they did.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "analyze/linter.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "runner/history.hpp"
#include "runner/migration_files.hpp"
#include "runner/preflight.hpp"
#include "runner/script.hpp"
#include "runner/state.hpp"

namespace schemashift::runner {

// A migration chosen to run (or revert), with how it will run and how it was judged.
struct Planned {
  const MigrationFile* file = nullptr;
  State state = State::Pending;
  std::optional<HistoryRow> previous;  // the version's newest history row, if any
  Script script;                  // the up file's (run) or the down file's (revert)
  analyze::FileReport report;     // lint of the up file (run only)
  int resume_at = 0;              // first statement to send (an interrupted autocommit migration)
  std::vector<std::string> data_loss;  // revert: what cannot come back ("DROP COLUMN users.age: its values")
};

struct Done {
  const MigrationFile* file = nullptr;
  std::chrono::milliseconds duration{0};
  int attempts = 1;
};

// One row of an issue's verify.sql, run after the issue's last migration was applied.
struct CheckResult {
  int issue = 0;
  std::string name;    // check_name: "1. table contact_enrichment exists"
  bool ok = false;
  std::string error;   // the query failed or returned no row
};

struct Outcome {
  core::ExitCode code = core::ExitCode::Ok;
  std::string message;               // set when code != Ok (and for "nothing to do")
  std::string hint;
  std::vector<std::string> details;  // one line each: the reasons, the files
  core::Diagnostics diagnostics;     // file:line:col problems in migration files (code InvalidInput)
  std::vector<Planned> planned;
  std::vector<Done> done;
  std::vector<CheckResult> checks;   // run: verify.sql of every issue this run completed
  std::vector<PreflightResult> preflight;  // run: every pre-flight check it ran, in order
  std::string version_before;
  std::string version_after;
  std::chrono::milliseconds duration{0};
  bool dry_run = false;

  static Outcome refuse(core::ExitCode code, std::string message, std::string hint, std::vector<std::string> details = {});
};

}  // namespace schemashift::runner
