// CREATE INDEX without CONCURRENTLY on a table that already exists (seed anti-pattern).
#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "require-concurrent-index-creation";
  r.severity = Severity::Error;
  r.impact = Impact::Blocking;
  r.summary = "CREATE INDEX without CONCURRENTLY on an existing table";
  r.rationale =
      "A plain CREATE INDEX takes a SHARE lock on the table for the whole build (postgres-facts.md §2): "
      "reads continue, but every INSERT, UPDATE and DELETE waits until the index is built, which takes "
      "seconds to hours on a large table. CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE, which "
      "does not block writes, at the price of two table scans (§4.2).";
  r.safe_alternative =
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS ... in its own migration that runs outside a transaction "
      "(Flyway: executeInTransaction=false; sqlx: -- no-transaction; Rails: disable_ddl_transaction!). "
      "If it fails, drop the INVALID index it leaves behind before retrying.";
  r.bad = {{"CREATE INDEX users_email_idx ON users (email);"},
           {"CREATE UNIQUE INDEX users_email_key ON users (email);", true}};
  r.good = {{"CREATE INDEX CONCURRENTLY users_email_idx ON users (email);"},
            {"CREATE TABLE users (id bigint, email text);\nCREATE INDEX users_email_idx ON users (email);", true}};
  return r;
}

void check(const StatementView& s, const LintState&, std::vector<RuleHit>& out) {
  if (s.kind != "IndexStmt" || flag(s.node, "concurrent")) return;
  const std::string table = written_relation(member(s.node, "relation"));
  const RelationLock* lock = lock_on(s.analysis, table);
  if (!lock || !is_existing(*lock)) return;
  RuleHit hit;
  hit.message = "CREATE INDEX on existing table " + table + " blocks writes (SHARE lock) while the index builds";
  hit.help = "use CREATE INDEX CONCURRENTLY, outside a transaction block";
  hit.relation = table;
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(require_concurrent_index_creation, schemashift::analyze::info(), schemashift::analyze::check)
