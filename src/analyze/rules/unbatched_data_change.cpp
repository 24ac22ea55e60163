// UPDATE or DELETE of every row of an existing table in one statement (no WHERE).
#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "unbatched-data-change";
  r.severity = Severity::Warning;
  r.impact = Impact::Blocking;
  r.summary = "UPDATE or DELETE without a WHERE clause on an existing table (one huge transaction)";
  r.rationale =
      "One statement is one transaction. An UPDATE or DELETE without WHERE row-locks every row of the table "
      "until it commits, so concurrent writes to any row wait for the whole statement (ROW EXCLUSIVE on the "
      "table, postgres-facts.md §1, plus a row lock on each row). It writes a new version (or a deletion mark) "
      "of every row in one burst: a WAL spike that makes replicas lag, dead tuples that vacuum can only "
      "remove after the commit, and, inside a migration transaction, every lock taken earlier in the file "
      "is held for the whole run.";
  r.safe_alternative =
      "Backfill or purge in batches by primary key range (WHERE id >= $lo AND id < $hi, or WHERE id IN "
      "(SELECT id ... LIMIT 1000)), committing after each batch, outside the schema-change transaction; for "
      "emptying a table that nobody else uses, TRUNCATE.";
  r.bad = {{"UPDATE users SET email_verified = false;"},
           {"DELETE FROM sessions;", true},
           {"UPDATE orders SET total = o.amount FROM order_totals o;"}};
  r.good = {{"UPDATE users SET email_verified = false WHERE id >= 1 AND id < 10001;"},
            {"DELETE FROM sessions WHERE expires_at < now();", true},
            {"CREATE TABLE staging (id bigint, done boolean);\nUPDATE staging SET done = true;"},
            {"INSERT INTO users (id) VALUES (1);"}};
  return r;
}

void check(const StatementView& s, const LintState&, std::vector<RuleHit>& out) {
  if (s.kind != "UpdateStmt" && s.kind != "DeleteStmt") return;
  if (!member(s.node, "whereClause").is_null()) return;
  const json& target = member(s.node, "relation");
  const std::string table = written_relation(target);
  const RelationLock* lock = lock_on(s.analysis, table);
  if (!lock || !is_existing(*lock)) return;
  const bool update = s.kind == "UpdateStmt";
  RuleHit hit;
  hit.message = std::string(update ? "UPDATE" : "DELETE") + " without WHERE " + (update ? "rewrites" : "deletes") +
                " every row of existing table " + table +
                " in one transaction: each row stays locked until it commits, with one large WAL burst";
  hit.help = std::string(update ? "update" : "delete") + " in batches by primary key range (e.g. WHERE id >= $lo AND "
             "id < $hi), committing after each batch, outside the schema-change transaction";
  hit.location = location(target);
  hit.relation = table;
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(unbatched_data_change, schemashift::analyze::info(), schemashift::analyze::check)
