#pragma once
// The step model the planner is named after: what an operation produces, as data rather
// than executed in place, so `plan` (a dry run), `scaffold` (files) and a future runner all
// share one path. plan/ owns this vocabulary; ops/ implements operations in it
// (docs/design.md, "Layers").
#include <algorithm>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/schema.hpp"

namespace schemashift::plan {

// Expand: additive, backward compatible — old code keeps working.
// Migrate: data movement and constraint tightening (batched backfills, VALIDATE).
// Contract: destructive — deployed only after application code stops using the old shape.
enum class Phase { Expand = 0, Migrate = 1, Contract = 2 };
const char* phase_name(Phase p);         // "expand"
const char* phase_description(Phase p);  // one line for headers and the README

enum class StepKind {
  Ddl,              // schema change in a short transaction
  ConcurrentIndex,  // CREATE/DROP INDEX CONCURRENTLY: outside any transaction
  Backfill,         // batched data change, one transaction per batch
  Validate,         // VALIDATE CONSTRAINT: long scan under a weak lock
  Raw,              // user SQL
};

// One SQL statement (no trailing ';') and, where a framework has a first-class change for
// it, the same statement as a framework-neutral action ("native"): {"kind": "add_column",
// ...}. Backends with native change types (Liquibase <addColumn>, Alembic op.add_column,
// Rails add_column) render the action; the others, or a statement without one (triggers,
// DO blocks), render `sql`. The action must be exactly equivalent to `sql`: the end-to-end
// tests compare the catalogs both produce. The kinds and fields are listed in
// docs/native-actions.md. No conversion to or from std::string: a statement built from
// text alone says so (Statement{sql}, statements()), so a native action is never dropped
// on the way.
struct Statement {
  std::string sql;
  nlohmann::json native;  // null: no native form

  Statement() = default;
  explicit Statement(std::string text) : sql(std::move(text)) {}
  Statement(std::string text, nlohmann::json action) : sql(std::move(text)), native(std::move(action)) {}
  bool has_native() const { return !native.is_null(); }
  friend bool operator==(const Statement& a, const std::string& b) { return a.sql == b; }
  friend bool operator==(const std::string& a, const Statement& b) { return a == b.sql; }
  friend bool operator==(const Statement& a, const char* b) { return a.sql == b; }
  friend bool operator!=(const Statement& a, const std::string& b) { return a.sql != b; }
};

inline bool operator==(const std::vector<Statement>& a, const std::vector<std::string>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Statement& x, const std::string& y) { return x.sql == y; });
}
inline std::ostream& operator<<(std::ostream& os, const Statement& s) { return os << s.sql; }
// Statements that have no native form (triggers, DO blocks ...).
inline std::vector<Statement> statements(const std::vector<std::string>& sql) {
  std::vector<Statement> out;
  for (const auto& s : sql) out.emplace_back(s);
  return out;
}

struct Step {
  Phase phase = Phase::Expand;
  StepKind kind = StepKind::Ddl;
  std::string title;               // "Add column contacts.enrichment_status"
  std::string why;                 // the reason this step has this shape
  std::vector<Statement> up;     // statements without trailing ';'
  std::vector<Statement> down;   // statements that undo `up`, in the order to run them
  bool transactional = true;       // false: must run outside a transaction block
  bool long_running = false;       // scans or backfills: gets its own migration, no statement_timeout
  bool rerunnable = false;         // `up` may be applied twice (IF NOT EXISTS, idempotent backfill)
  bool offline = false;            // naive form chosen by `strategy: offline`
  std::string down_note;           // "data in the dropped column cannot come back"
  model::QualifiedName table;      // main table touched
  // Set on a VALIDATE of a `col IS NOT NULL` CHECK: from then on the column is proven
  // non-null, so a later SET NOT NULL skips its scan (the analyser must know this).
  std::string proves_not_null;
  std::string proving_constraint;
  // Columns the step creates under a name the author never wrote, and the column of the
  // spec each stands for (a type change's shadow column: {"age_new", "age"}). Lint findings
  // on the step speak of the author's column, the one whose `type:` they can change.
  std::vector<std::pair<std::string, std::string>> shown_as;
};

}  // namespace schemashift::plan
