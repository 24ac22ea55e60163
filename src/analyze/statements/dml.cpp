// Data changes and queries (§1: DML takes ROW EXCLUSIVE, reads ACCESS SHARE), COPY, and
// SELECT set_config(...) setting a timeout.
#include "analyze/statements/analyzer.hpp"

namespace schemashift::analyze::statements {

namespace {

// SELECT set_config('lock_timeout', '5s', true) is how some tools set a timeout.
void detect_set_config(const json& select, Analyzer& a) {
  for (const auto& target : items(member(select, "targetList"))) {
    const json& call = body(member(body(target, "ResTarget"), "val"), "FuncCall");
    const auto name = string_list(member(call, "funcname"));
    const json& args = member(call, "args");
    if (name.empty() || name.back() != "set_config" || !args.is_array() || args.size() < 2) continue;
    const std::string setting = text(member(body(args[0], "A_Const"), "sval"), "sval");
    const std::string value = text(member(body(args[1], "A_Const"), "sval"), "sval");
    if (is_zero_setting(value)) continue;
    if (setting == "lock_timeout") a.result.sets_lock_timeout = true;
    if (setting == "statement_timeout") a.result.sets_statement_timeout = true;
  }
}

// A data-modifying WITH (WITH d AS (DELETE FROM t ... RETURNING *) INSERT INTO archive
// SELECT * FROM d) changes rows of its target like the statement on its own: ROW
// EXCLUSIVE, whatever statement carries the WITH. The target is an unwrapped member,
// which read_relations does not see. (PostgreSQL allows such a WITH only at the top level.)
void lock_data_modifying_ctes(const json& s, Analyzer& a) {
  for (const auto& cte : items(member(member(s, "withClause"), "ctes"))) {
    const json& query = member(body(cte, "CommonTableExpr"), "ctequery");
    for (const char* kind : {"UpdateStmt", "DeleteStmt", "InsertStmt", "MergeStmt"}) {
      const json& dml = body(query, kind);
      if (!dml.is_null()) a.lock(range_var(member(dml, "relation")), M::RowExclusive, Work::DataChange);
    }
  }
}

}  // namespace

void analyze_dml(const json& s, Analyzer& a, const std::string& verb) {
  const RelationRef target = range_var(member(s, "relation"));
  a.lock(target, M::RowExclusive, Work::DataChange);
  // The relations the statement's queries read: everything but its own target.
  std::vector<sql::tree::Member> rest;
  for (const auto& m : s.items()) {
    if (m.key() != "relation") rest.push_back(m);
  }
  lock_read_relations(a, json::object_over(rest.data(), rest.size()), M::AccessShare, Work::Scan);
  lock_data_modifying_ctes(s, a);
  a.result.summary = verb + " " + target.written;
}

void analyze_update(const json& s, Analyzer& a) { analyze_dml(s, a, "UPDATE"); }
void analyze_delete(const json& s, Analyzer& a) { analyze_dml(s, a, "DELETE FROM"); }
void analyze_insert(const json& s, Analyzer& a) { analyze_dml(s, a, "INSERT INTO"); }
void analyze_merge(const json& s, Analyzer& a) { analyze_dml(s, a, "MERGE INTO"); }

void analyze_copy(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  if (flag(s, "is_from")) {
    a.lock(rel, M::RowExclusive, Work::DataChange);
    a.result.summary = "COPY " + rel.written + " FROM";
    return;
  }
  a.lock(rel, M::AccessShare, Work::Scan);
  lock_read_relations(a, member(s, "query"), M::AccessShare, Work::Scan);
  a.result.summary = rel.written.empty() ? "COPY (query) TO" : "COPY " + rel.written + " TO";
}

void analyze_select(const json& s, Analyzer& a) {
  detect_set_config(s, a);
  const json& into = member(s, "intoClause");
  if (!into.is_null()) {  // SELECT ... INTO new_table
    const RelationRef created = range_var(member(into, "rel"));
    a.lock(created, M::AccessExclusive, Work::NewRelation, true);
    lock_read_relations(a, s, M::AccessShare, Work::Scan);
    a.result.summary = "SELECT INTO " + created.written;
    return;
  }
  // §1: SELECT ... FOR UPDATE/SHARE takes ROW SHARE.
  const bool locking = !member(s, "lockingClause").is_null();
  const auto rels = read_relations(s);
  for (const auto& rel : rels) a.lock(rel, locking ? M::RowShare : M::AccessShare, Work::Scan);
  lock_data_modifying_ctes(s, a);
  if (a.result.sets_lock_timeout || a.result.sets_statement_timeout) {
    a.result.summary = "SELECT set_config";
  } else {
    a.result.summary = std::string("SELECT") + (rels.empty() ? "" : " FROM " + join_written(rels)) +
                       (locking ? " FOR UPDATE/SHARE" : "");
  }
}

}  // namespace schemashift::analyze::statements
