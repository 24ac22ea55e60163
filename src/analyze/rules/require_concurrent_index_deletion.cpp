// DROP INDEX without CONCURRENTLY on an index that was not created earlier in the file.
#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "require-concurrent-index-deletion";
  r.severity = Severity::Warning;
  r.impact = Impact::Risk;
  r.summary = "DROP INDEX without CONCURRENTLY on an existing index";
  r.rationale =
      "A plain DROP INDEX takes ACCESS EXCLUSIVE on the index's table as well as the index "
      "(postgres-facts.md §2). The drop itself is brief, but the request waits for every running query on "
      "the table, and every later query, reads included, queues behind it (§5.2): a long report or an idle "
      "transaction turns a millisecond drop into an outage. DROP INDEX CONCURRENTLY takes SHARE UPDATE "
      "EXCLUSIVE, which lets reads and writes continue while it waits.";
  r.safe_alternative =
      "DROP INDEX CONCURRENTLY IF EXISTS name, one index per statement, outside a transaction block (Flyway: "
      "executeInTransaction=false; sqlx: -- no-transaction; Rails: disable_ddl_transaction!). It cannot drop "
      "the index of a UNIQUE or PRIMARY KEY constraint (drop the constraint instead, with a short "
      "lock_timeout) and cannot run inside a transaction.";
  r.bad = {{"DROP INDEX users_email_idx;"},
           {"DROP INDEX IF EXISTS users_email_idx, users_name_idx;", true},
           {"DROP INDEX app.orders_created_idx;"}};
  r.good = {{"DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;"},
            {"CREATE INDEX users_email_idx ON users (email);\nDROP INDEX users_email_idx;", true},
            {"CREATE TABLE users (id bigint, email text);\nCREATE INDEX users_email_idx ON users (email);\n"
             "DROP INDEX users_email_idx;"}};
  return r;
}

model::QualifiedName name_from_parts(const std::vector<std::string>& parts) {
  model::QualifiedName n;
  n.name = parts.back();
  if (parts.size() >= 2) n.schema = parts[parts.size() - 2];
  return n;
}

std::string written(const std::vector<std::string>& parts) {
  return parts.size() >= 2 ? parts[parts.size() - 2] + "." + parts.back() : parts.back();
}

// The index's table, when the schema knows the index.
const model::Index* known_index(const LintState& state, const model::QualifiedName& index) {
  return state.schema ? state.schema->find_index(index) : nullptr;
}

std::string table_written(const model::QualifiedName& t) { return t.schema.empty() ? t.name : t.schema + "." + t.name; }

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "DropStmt" || text(s.node, "removeType") != "OBJECT_INDEX" || flag(s.node, "concurrent")) return;
  for (const auto& object : items(member(s.node, "objects"))) {
    const std::vector<std::string> parts = string_list(object);
    if (parts.empty()) continue;
    const model::QualifiedName index = name_from_parts(parts);
    if (state.new_indexes.count(index.key())) continue;  // created earlier in this file: nobody uses it yet
    const model::Index* known = known_index(state, index);
    const RelationLock* table_lock = known ? lock_on(s.analysis, table_written(known->table)) : nullptr;
    if (table_lock && table_lock->is_new) continue;
    RuleHit hit;
    const std::string on = known ? "table " + table_written(known->table) : "its table";
    hit.message = "DROP INDEX " + written(parts) + " takes ACCESS EXCLUSIVE on " + on +
                  ": it waits behind running queries and every later read and write queues behind it";
    hit.help = "DROP INDEX CONCURRENTLY IF EXISTS " + written(parts) +
               " in its own statement, outside a transaction block";
    if (known && known->backs_constraint) {
      hit.help = written(parts) + " backs a constraint: neither form of DROP INDEX can drop it; use ALTER TABLE " +
                 table_written(known->table) + " DROP CONSTRAINT " + known->name + " with a short lock_timeout";
    } else {
      hit.help += " (it cannot drop the index of a UNIQUE/PRIMARY KEY constraint, nor run in a transaction)";
    }
    if (known) hit.relation = table_written(known->table);
    out.push_back(hit);
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(require_concurrent_index_deletion, schemashift::analyze::info(), schemashift::analyze::check)
