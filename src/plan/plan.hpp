#pragma once
// A change planned into migrations: operations -> steps -> migrations grouped by phase,
// each statement analysed for locks and duration, and each migration linted with the same
// rules as `schemashift lint`. Everything downstream (scaffold files, the preview, JSON
// output, a future runner) reads this one structure.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyze/analysis.hpp"
#include "analyze/linter.hpp"
#include "core/diagnostics.hpp"
#include "model/schema.hpp"
#include "plan/operation.hpp"
#include "plan/step.hpp"
#include "spec/change_spec.hpp"

namespace schemashift::plan {

struct AnalysedStatement {
  std::string sql;
  analyze::StatementAnalysis analysis;
  analyze::Estimate estimate;
  // Lint findings on this statement. Their line/column/offset point into the migration's
  // up statements joined as one script, not into a rendered file (whose header differs
  // per backend): show the step and the statement, not the position.
  std::vector<analyze::Finding> findings;
};

// A finding about the migration as a whole rather than one statement (an unused
// suppression comment, a syntax error in user SQL).
inline bool is_file_level(const analyze::Finding& f) { return f.statement == static_cast<std::size_t>(-1); }

struct PlannedStep {
  Step step;
  std::size_t operation = 0;                // index into Plan::operations
  std::vector<AnalysedStatement> statements;  // analysis of step.up
};

struct Migration {
  std::size_t index = 0;      // apply order, 0-based
  std::string version;        // 20240115143022 (created + index seconds)
  std::string slug;           // issue_234_expand_create_contact_enrichment
  Phase phase = Phase::Expand;
  bool transactional = true;
  bool rerunnable = false;
  bool offline = false;
  long long lock_timeout_ms = 0;       // 0 = not set in the file
  long long statement_timeout_ms = 0;  // 0 = not set in the file
  std::vector<PlannedStep> steps;
  analyze::Verdict verdict = analyze::Verdict::SafeToRun;  // worst of the lock analysis and the lint
  std::vector<std::string> verdict_reasons;
  // Every lint finding of the migration, in statement order: the statements' findings
  // plus file-level ones (an unused suppression in user SQL ...), which belong to no step.
  std::vector<analyze::Finding> findings;
  analyze::Verdict lint_verdict = analyze::Verdict::SafeToRun;  // the linter's verdict alone
  double estimated_ms = 0;
  // Pre-flight checks the runner runs before this migration (Plan::preflight has them all).
  std::vector<Check> preflight;
  std::string name() const { return version + "_" + slug; }
};

struct Plan {
  spec::ChangeSpec spec;
  model::Schema before;
  model::Schema after;
  std::vector<std::unique_ptr<Operation>> operations;
  std::vector<Migration> migrations;
  std::vector<Check> preflight;
  std::vector<Check> verify;
  Impact impact;
  std::vector<core::Diagnostic> warnings;
  analyze::Verdict verdict = analyze::Verdict::SafeToRun;
  double estimated_ms = 0;
};

// The schema a spec is planned against, and the row estimates its source knows (a live
// database's, schema-qualified keys; they become the plan's spec.catalog_rows).
struct CurrentSchema {
  model::Schema schema;
  std::map<std::string, spec::RowEstimate> row_estimates;
};

// Reads the current schema the spec's `schema:` names; nullopt after reporting why in
// `diags` (exit 2) or throws core::Error for the environment (a database out of reach).
// plan/ reads a dump itself (read_schema_file); a folder of migrations or a live database
// needs lint/'s file discovery or db/, which plan/ must not depend on, so whoever runs a
// plan (cli/schema_source.hpp) hands in a source that knows them.
using SchemaSource = std::function<std::optional<CurrentSchema>(const spec::ChangeSpec&, core::Diagnostics&)>;

// `schema:` as a `pg_dump --schema-only` file (or hand-written DDL).
std::optional<CurrentSchema> read_schema_file(const spec::ChangeSpec& spec, core::Diagnostics& diags);

// Loads the spec and its schema, checks every operation against the evolving schema and
// plans it. All problems are collected in `diags`; returns nullopt if there was an error.
// `default_schema`: the service's, for a spec without `schema:` (spec::read_change_spec).
std::optional<Plan> build_plan(const std::string& spec_path, core::Diagnostics& diags,
                               const SchemaSource& source = read_schema_file,
                               const spec::SchemaRef* default_schema = nullptr);
// Same, for a spec already read (tests).
std::optional<Plan> build_plan(spec::ChangeSpec spec, core::Diagnostics& diags,
                               const SchemaSource& source = read_schema_file);

}  // namespace schemashift::plan
