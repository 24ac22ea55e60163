#pragma once
// `schemashift verify` as a library call: on a scratch database, build the schema the
// migrations start from, apply every up migration through the runner while tracing each
// statement's locks, rewrites and scans against the analyser's prediction, apply every
// down in reverse and compare the catalog with the one before, apply the ups again, and
// run the change's verification checks.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyze/linter.hpp"
#include "model/schema.hpp"
#include "runner/events.hpp"
#include "runner/migration_files.hpp"
#include "runner/outcome.hpp"
#include "runner/session.hpp"
#include "verify/catalog_snapshot.hpp"
#include "verify/observation.hpp"
#include "verify/prediction_check.hpp"

namespace schemashift::verify {

struct SqlFile {
  std::string path;  // for messages: file:line:col
  std::string text;
};

struct RehearsalInput {
  runner::MigrationSet set;             // the migrations to rehearse, ascending
  std::vector<SqlFile> schema;          // builds the schema they start from (a dump, earlier migrations)
  std::optional<SqlFile> seed;          // rows to load after it (--seed)
  std::optional<model::Schema> base;    // that schema as the analyser knows it (null: empty)
  analyze::LintOptions lint;            // the project's analysis settings
  std::string history_schema = "schemashift";
  // Only the traced up: no down, no second up, no catalog snapshot (the statement-level
  // agreement table).
  bool up_only = false;
};

// Opens a new session on the scratch database. Throws core::Error.
using Connect = std::function<std::unique_ptr<runner::Session>()>;

struct StatementCheck {
  Observation observed;
  std::string predicted;              // "ACCESS EXCLUSIVE on users (table rewrite)", or "" when none
  std::optional<analyze::StatementAnalysis> analysis;  // the prediction itself (none: the analyser had no report)
  std::vector<Mismatch> mismatches;
};

enum class StepResult { NotRun, Ok, Failed };
const char* step_result_name(StepResult r);  // "ok", "failed", "not run"

struct MigrationCheck {
  const runner::MigrationFile* file = nullptr;
  StepResult up = StepResult::NotRun;
  StepResult down = StepResult::NotRun;
  StepResult up_again = StepResult::NotRun;
  // The lint verdict `run` would give it, against the starting schema. A BLOCKED migration
  // is rehearsed all the same: on a scratch database seeing its real locks is the point.
  analyze::Verdict verdict = analyze::Verdict::SafeToRun;
  std::vector<std::string> verdict_reasons;
  std::vector<StatementCheck> statements;
  // Its down against the catalog before its up (the first pass), without what newer downs
  // already left: what this down alone does not give back. Not a failure by itself — a
  // phased change's downs are designed as a sequence (the contract's down brings an old
  // column back empty and nullable, the migrate phase's down refills it, the expand's
  // restores NOT NULL) — but it says which down to read when the catalog after all of
  // them differs.
  std::vector<CatalogDifference> catalog;
  std::size_t mismatches() const;
};

struct RehearsalReport {
  std::vector<MigrationCheck> migrations;     // ascending
  std::vector<CatalogDifference> catalog;     // after the downs against before the ups
  std::size_t catalog_facts = 0;              // lines of the catalog before the ups
  std::vector<std::string> without_down;      // migrations that have no down file
  // The newest migration without a down file ("" when every one has one): the downs, the
  // catalog comparison and the second up cover only the migrations after it.
  std::string downs_stop_at;
  std::size_t downs_rehearsed = 0;            // how many migrations the down step covers
  std::vector<runner::CheckResult> checks;    // verify.sql after the second up
  // The step that stopped the rehearsal ("load the schema", "up", "down", "up again",
  // "checks"), with the runner's message (file:line:col) and hint.
  std::string failed_step;
  runner::Outcome failure;
  std::size_t mismatches() const;
  bool catalog_differs() const { return !catalog.empty(); }  // after all the downs
  bool ok() const;
};

RehearsalReport rehearse(const RehearsalInput& input, const Connect& connect, runner::Events& events);

}  // namespace schemashift::verify
