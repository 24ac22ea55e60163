#pragma once
// What an operation produces: steps as data, not executed in place, so `plan` (a dry
// run), `scaffold` (files) and a future runner all share one path.
#include <string>
#include <vector>

#include "model/schema.hpp"

namespace schemashift::ops {

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

struct Step {
  Phase phase = Phase::Expand;
  StepKind kind = StepKind::Ddl;
  std::string title;               // "Add column contacts.enrichment_status"
  std::string why;                 // the reason this step has this shape
  std::vector<std::string> up;     // statements without trailing ';'
  std::vector<std::string> down;   // statements that undo `up`, in the order to run them
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
};

}  // namespace schemashift::ops
