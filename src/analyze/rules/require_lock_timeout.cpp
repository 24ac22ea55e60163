// A lock that blocks reads or writes of an existing relation is requested without a
// (short enough) lock_timeout. Reported once per transaction: one SET LOCAL fixes them all.
#include <string>

#include "core/duration.hpp"
#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

RuleInfo info() {
  RuleInfo r;
  r.id = "require-lock-timeout";
  r.severity = Severity::Warning;
  r.impact = Impact::Risk;
  r.summary = "A lock that blocks reads or writes of an existing table is requested without a short lock_timeout";
  r.rationale =
      "A lock request that conflicts with a lock another session holds waits, and PostgreSQL queues every later "
      "request that conflicts with the waiting one behind it (postgres-facts.md §5.2). So an ALTER TABLE that "
      "waits for ACCESS EXCLUSIVE behind one long-running transaction, or pg_dump, or autovacuum, stops every "
      "SELECT on the table for as long as it waits, although it would hold the lock for a millisecond. "
      "lock_timeout (0 = wait forever, the default) bounds that wait (§5.1); a long one still lets the queue "
      "grow for that long.";
  r.safe_alternative =
      "SET lock_timeout = '500ms'; before the statement (SET LOCAL lock_timeout inside a transaction, so it "
      "ends with it), and retry the migration with backoff when it fails with SQLSTATE 55P03 "
      "(lock_not_available) (§5.3).";
  r.bad = {{"ALTER TABLE users ADD COLUMN nickname text;"},
           {"SET LOCAL lock_timeout = '30s';\nCREATE TRIGGER users_audit AFTER UPDATE ON users "
            "FOR EACH ROW EXECUTE FUNCTION audit();",
            true},
           {"BEGIN;\nSET LOCAL lock_timeout = '1s';\nALTER TABLE users ADD COLUMN a text;\nCOMMIT;\n"
            "ALTER TABLE users ADD COLUMN b text;"}};
  r.good = {{"SET lock_timeout = '500ms';\nALTER TABLE users ADD COLUMN nickname text;"},
            {"SET LOCAL lock_timeout = '2s';\nALTER TABLE users ADD COLUMN nickname text;", true},
            {"CREATE TABLE plans (id bigint);\nALTER TABLE plans ADD COLUMN name text;", true},
            {"CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);"}};
  return r;
}

// The strongest lock of the statement that blocks reads or writes of an existing relation.
const RelationLock* blocking_lock(const StatementAnalysis& a) {
  for (const auto& l : a.locks) {  // strongest first
    if (is_existing(l) && (blocks_reads(l.mode) || blocks_writes(l.mode))) return &l;
  }
  return nullptr;
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  const RelationLock* lock = blocking_lock(s.analysis);
  if (!lock) return;
  if (state.in_transaction() && state.blocking_locks_without_timeout > 0) return;  // reported for this transaction
  const bool none = !state.lock_timeout_ms || *state.lock_timeout_ms <= 0;
  if (!none && *state.lock_timeout_ms <= state.max_lock_timeout_ms) return;
  const std::string blocks = blocks_reads(lock->mode) ? "reads and writes" : "writes";
  const std::string takes = s.analysis.summary + " takes " + lock_mode_sql(lock->mode) + " on " + lock->relation +
                            " (blocks " + blocks + ")";
  RuleHit hit;
  if (none) {
    hit.message = takes + " with no lock_timeout: while it waits for the lock, every later query on " +
                  lock->relation + " that conflicts queues behind it";
  } else {
    hit.message = "lock_timeout is " + core::format_duration(*state.lock_timeout_ms) + " (over " +
                  core::format_duration(state.max_lock_timeout_ms) + "): " + takes + " and may wait that long while queries on " +
                  lock->relation + " queue behind it";
  }
  hit.help = std::string(state.in_transaction() ? "SET LOCAL lock_timeout = '500ms';" : "SET lock_timeout = '500ms';") +
             " before it, and retry on SQLSTATE 55P03";
  hit.relation = lock->relation;
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(require_lock_timeout, schemashift::analyze::info(), schemashift::analyze::check)
