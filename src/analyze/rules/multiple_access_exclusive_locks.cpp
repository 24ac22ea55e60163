// A transaction that already holds ACCESS EXCLUSIVE on one existing relation takes it on
// another, or does long work (scan, rewrite, index build, data change) while holding it.
#include <algorithm>

#include "analyze/rule.hpp"
#include "sql/tree.hpp"
#include "core/text.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "multiple-access-exclusive-locks";
  r.severity = Severity::Warning;
  r.impact = Impact::Risk;
  r.summary = "ACCESS EXCLUSIVE on a second existing relation, or long work, while a transaction holds ACCESS "
              "EXCLUSIVE on another";
  r.rationale =
      "Locks are held until the transaction ends (postgres-facts.md §1, §5.3). Once a transaction holds ACCESS "
      "EXCLUSIVE on a table, nobody can read or write it until COMMIT; every further statement of the "
      "transaction extends that outage. Taking ACCESS EXCLUSIVE on a second table makes both unavailable "
      "while the second lock is waited for, and sessions that lock the same tables in the other order "
      "deadlock (§5.3 item 5). A scan, rewrite, index build or data change in the same transaction keeps the "
      "first table locked for its whole duration (§5.3 item 3).";
  r.safe_alternative =
      "One ACCESS EXCLUSIVE step per transaction: COMMIT after each short ALTER, each preceded by SET LOCAL "
      "lock_timeout; run backfills, VALIDATE CONSTRAINT and index builds in transactions (or migrations) of "
      "their own. schemashift scaffold groups steps this way.";
  r.bad = {{"BEGIN;\nALTER TABLE users ADD COLUMN plan text;\nALTER TABLE accounts ADD COLUMN plan text;\nCOMMIT;"},
           {"ALTER TABLE users ADD COLUMN plan text;\nUPDATE accounts SET plan = 'free';", true}};
  r.good = {{"ALTER TABLE users ADD COLUMN plan text;\nALTER TABLE accounts ADD COLUMN plan text;"},
            {"BEGIN;\nALTER TABLE users ADD COLUMN plan text;\nALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free';\n"
             "COMMIT;"},
            {"BEGIN;\nCREATE TABLE plans (id bigint PRIMARY KEY);\nALTER TABLE plans ADD COLUMN name text;\n"
             "ALTER TABLE users ADD COLUMN plan_name text;\nCOMMIT;"},
            {"ALTER TABLE users ADD COLUMN plan text;\nINSERT INTO settings (key, value) VALUES ('plans', 'on');",
             true},
            {"CREATE INDEX CONCURRENTLY IF NOT EXISTS users_plan_idx ON users (id);\nBEGIN;\n"
             "ALTER TABLE users ADD COLUMN plan text;\nDROP INDEX users_plan_idx;\nCOMMIT;"}};
  return r;
}

model::QualifiedName name_of(const std::string& written) {
  const auto dot = written.rfind('.');
  if (dot == std::string::npos) return {"", written};
  return {written.substr(0, dot), written.substr(dot + 1)};
}

// The relation whose availability a lock decides: an index's table (locking an index of a
// table the transaction already holds makes nothing else unavailable), else the relation.
std::string owner_key(const LintState& state, const std::string& written) {
  const model::QualifiedName name = name_of(written);
  if (state.schema) {
    if (const model::Index* index = state.schema->find_index(name)) return index->table.key();
  }
  return name.key();
}

bool is_long_work(Work w) {
  return w == Work::Scan || w == Work::Rewrite || w == Work::IndexBuild || w == Work::DataChange;
}

// INSERT ... VALUES writes the rows it lists: brief, whatever the table's size.
bool inserts_values_only(const StatementView& s) {
  return s.kind == "InsertStmt" && member(body(member(s.node, "selectStmt"), "SelectStmt"), "valuesLists").is_array();
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (!state.in_transaction() || state.access_exclusive_held.empty()) return;
  std::vector<std::string> held_keys;
  for (const auto& h : state.access_exclusive_held) held_keys.push_back(owner_key(state, h));
  const auto is_held = [&](const std::string& relation) {
    return std::find(held_keys.begin(), held_keys.end(), owner_key(state, relation)) != held_keys.end();
  };
  std::vector<std::string> newly_locked;  // ACCESS EXCLUSIVE on relations not held yet
  std::vector<std::string> worked_on;     // long work on relations other than the held ones
  for (const auto& l : s.analysis.locks) {
    if (!is_existing(l) || is_held(l.relation)) continue;
    if (l.mode == LockMode::AccessExclusive) newly_locked.push_back(l.relation);
    if (is_long_work(l.work) && !inserts_values_only(s)) worked_on.push_back(l.relation);
  }
  const std::string held = core::join(state.access_exclusive_held, ", ");
  RuleHit hit;
  if (!newly_locked.empty()) {
    hit.message = s.analysis.summary + " takes ACCESS EXCLUSIVE on " + core::join(newly_locked, ", ") +
                  " while this transaction already holds it on " + held +
                  ": all stay unavailable until COMMIT, and other lock orders can deadlock";
    hit.relation = newly_locked.front();
  } else if (!worked_on.empty()) {
    const RelationLock* lock = lock_on(s.analysis, worked_on.front());
    hit.message = s.analysis.summary + " (" + work_name(lock ? lock->work : Work::Scan) + " of " +
                  core::join(worked_on, ", ") + ") runs while this transaction holds ACCESS EXCLUSIVE on " + held +
                  (state.access_exclusive_held.size() > 1 ? ", which stay" : ", which stays") +
                  " unavailable for the whole duration";
    hit.relation = worked_on.front();
  } else {
    return;
  }
  hit.help = "COMMIT after the ACCESS EXCLUSIVE step on " + held + " and run this statement in its own transaction";
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(multiple_access_exclusive_locks, schemashift::analyze::info(), schemashift::analyze::check)
