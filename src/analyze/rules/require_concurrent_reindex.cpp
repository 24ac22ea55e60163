// REINDEX INDEX / TABLE / SCHEMA / DATABASE without CONCURRENTLY.
#include "analyze/rule.hpp"
#include "sql/tree.hpp"
#include "core/text.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "require-concurrent-reindex";
  r.severity = Severity::Error;
  r.impact = Impact::Blocking;
  r.summary = "REINDEX without CONCURRENTLY";
  r.rationale =
      "A plain REINDEX takes SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each index it rebuilds "
      "(postgres-facts.md §2). Because the planner opens every index of a table it plans a query on, reads "
      "of the table wait too, for the whole rebuild. REINDEX ... CONCURRENTLY (PostgreSQL 12+) builds a new "
      "index under SHARE UPDATE EXCLUSIVE and swaps it in: reads and writes continue (§4.1: it cannot run "
      "inside a transaction block). REINDEX SCHEMA / DATABASE do the same to every table in turn.";
  r.safe_alternative =
      "PostgreSQL 12+: REINDEX INDEX CONCURRENTLY name (or TABLE CONCURRENTLY) in its own migration outside a "
      "transaction; if it fails, drop the leftover *_ccnew index. PostgreSQL 11: CREATE INDEX CONCURRENTLY a "
      "new index with the same definition, DROP INDEX CONCURRENTLY the old one, then ALTER INDEX ... RENAME.";
  r.bad = {{"REINDEX INDEX users_email_idx;"},
           {"REINDEX TABLE users;", true},
           {"REINDEX TABLE users;", false, false, 11}};
  r.good = {{"REINDEX INDEX CONCURRENTLY users_email_idx;"},
            {"REINDEX (VERBOSE) TABLE CONCURRENTLY users;"},
            {"CREATE TABLE users (id bigint, email text);\nREINDEX TABLE users;", true},
            {"CREATE TABLE users (id bigint, email text);\nCREATE INDEX users_email_idx ON users (email);\n"
             "REINDEX INDEX users_email_idx;", true}};
  return r;
}

bool is_concurrent(const json& reindex) {
  for (const auto& item : items(member(reindex, "params"))) {
    const json& def = body(item, "DefElem");
    if (text(def, "defname") != "concurrently") continue;
    const std::string value = core::lower(string_value(member(def, "arg")));
    return value != "false" && value != "off" && value != "0";
  }
  return false;
}

// The table whose reads and writes wait: the target of REINDEX TABLE, or the table of the
// index when the schema knows it ("" for SCHEMA/DATABASE or an unknown index).
std::string table_of(const StatementView& s, const LintState& state, const std::string& object) {
  const json& rv = member(s.node, "relation");
  if (object == "TABLE") return written_relation(rv);
  if (object != "INDEX" || !state.schema) return {};
  const model::Index* index = state.schema->find_index(model::relation_name(rv));
  return index ? index->table.display() : std::string{};
}

// A table created earlier in this file has no rows and no readers.
bool on_new_table(const StatementView& s, const std::string& table) {
  const RelationLock* lock = table.empty() ? nullptr : lock_on(s.analysis, table);
  return lock && lock->is_new;
}

std::string help_for(const std::string& object, const std::string& target, int pg_version) {
  if (pg_version >= 12) {
    return "REINDEX " + object + " CONCURRENTLY " + target +
           ", in its own migration outside a transaction block (drop a leftover *_ccnew index before retrying)";
  }
  return "PostgreSQL " + std::to_string(pg_version) +
         " has no REINDEX CONCURRENTLY: CREATE INDEX CONCURRENTLY a new index with the same definition, DROP INDEX "
         "CONCURRENTLY the old one, then ALTER INDEX ... RENAME TO the old name";
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "ReindexStmt" || is_concurrent(s.node)) return;
  const std::string kind = text(s.node, "kind");
  static const std::set<std::string> flagged = {"REINDEX_OBJECT_INDEX", "REINDEX_OBJECT_TABLE",
                                                "REINDEX_OBJECT_SCHEMA", "REINDEX_OBJECT_DATABASE"};
  if (!flagged.count(kind)) return;  // SYSTEM: catalogs cannot be reindexed concurrently
  const std::string object = kind.substr(std::string("REINDEX_OBJECT_").size());
  const std::string table = table_of(s, state, object);
  if (on_new_table(s, table)) return;
  const std::string relation = written_relation(member(s.node, "relation"));
  const std::string target = relation.empty() ? text(s.node, "name") : relation;
  RuleHit hit;
  if (object == "INDEX" || object == "TABLE") {
    hit.message = "REINDEX " + object + " " + target + " rebuilds under SHARE on " +
                  (table.empty() ? std::string("its table") : "table " + table) + " and ACCESS EXCLUSIVE on " +
                  (object == "INDEX" ? std::string("the index") : std::string("each index")) +
                  ": writes, and reads that plan on the table, wait for the whole rebuild";
  } else {
    hit.message = "REINDEX " + object + (target.empty() ? "" : " " + target) +
                  " rebuilds every index of every table in turn, each blocking reads and writes of its table";
  }
  hit.help = help_for(object, target, state.pg_version);
  hit.location = location(member(s.node, "relation"));
  hit.relation = table;
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(require_concurrent_reindex, schemashift::analyze::info(), schemashift::analyze::check)
