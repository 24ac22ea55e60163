// TRUNCATE of an existing table: every row is gone, under ACCESS EXCLUSIVE.
#include <algorithm>

#include "analyze/rule.hpp"
#include "sql/tree.hpp"
#include "core/text.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "ban-truncate";
  r.severity = Severity::Error;
  r.impact = Impact::Breaking;
  r.summary = "TRUNCATE of an existing table";
  r.rationale =
      "TRUNCATE removes every row at once and takes ACCESS EXCLUSIVE on each listed table (postgres-facts.md "
      "§2), so it both blocks all reads and writes and destroys data a down migration cannot restore. It is "
      "not MVCC-safe: concurrent transactions with an older snapshot see the table as empty. With CASCADE it "
      "also empties, and locks, every table that references the listed ones by foreign key, which is easy "
      "to overlook.";
  r.safe_alternative =
      "Data changes do not belong in a schema migration that runs against production. If the rows really "
      "must go, delete them in batches (DELETE ... WHERE id IN (SELECT id ... LIMIT 1000)) from a job, or "
      "keep the TRUNCATE for tables created in the same migration; never use CASCADE without listing what "
      "it reaches.";
  r.bad = {{"TRUNCATE sessions;"}, {"TRUNCATE TABLE app.customers CASCADE;", true}};
  r.good = {{"CREATE TABLE staging_rows (id bigint);\nTRUNCATE staging_rows;", true},
            {"DELETE FROM sessions WHERE expires_at < now() - interval '30 days';"}};
  return r;
}

void check(const StatementView& s, const LintState&, std::vector<RuleHit>& out) {
  if (s.kind != "TruncateStmt") return;
  std::vector<std::string> listed;
  long long location = -1;
  for (const auto& item : items(member(s.node, "relations"))) {
    const json& range_var = body(item, "RangeVar");
    const std::string table = written_relation(range_var);
    const RelationLock* lock = lock_on(s.analysis, table);
    if (!lock || !is_existing(*lock)) continue;
    listed.push_back(table);
    if (location < 0) location = sql::tree::location(range_var);
  }
  if (listed.empty()) return;
  const bool cascade = text(s.node, "behavior") == "DROP_CASCADE";
  RuleHit hit;
  hit.message = "TRUNCATE " + core::join(listed, ", ") + " deletes every row under ACCESS EXCLUSIVE";
  if (cascade) {
    // The analyser adds the referencing tables CASCADE reaches (when the schema knows them).
    std::vector<std::string> reached;
    for (const auto& l : s.analysis.locks) {
      if (is_existing(l) && std::find(listed.begin(), listed.end(), l.relation) == listed.end()) {
        reached.push_back(l.relation);
      }
    }
    hit.message += reached.empty() ? std::string("; CASCADE also empties every table that references ") +
                                         (listed.size() == 1 ? "it" : "them") + " by foreign key"
                                   : "; CASCADE also empties " + core::join(reached, ", ");
  }
  hit.help = "delete the rows in batches from a job instead, or truncate only tables created in this migration";
  hit.location = location;
  hit.relation = listed.front();
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(ban_truncate, schemashift::analyze::info(), schemashift::analyze::check)
