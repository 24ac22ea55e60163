// DROP TABLE of a table the file did not create, outside a contract phase (seed anti-pattern).
#include "analyze/rule.hpp"
#include "model/names_from_tree.hpp"
#include "sql/tree.hpp"
#include "core/text.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "ban-drop-table";
  r.severity = Severity::Error;
  r.impact = Impact::Breaking;
  r.summary = "DROP TABLE of an existing table outside a contract-phase migration";
  r.rationale =
      "DROP TABLE takes ACCESS EXCLUSIVE on the table and on every table it references by foreign key "
      "(postgres-facts.md §2), and removes the data for good: no down migration can restore it. Any "
      "application version still deployed that queries the table fails with \"relation does not exist\".";
  r.safe_alternative =
      "Expand/contract: remove every use of the table from the application and deploy that first (keep a "
      "backup, or rename the table aside and drop it later); then drop it in a contract-phase migration "
      "(a file with a `-- schemashift:contract` line).";
  r.bad = {{"DROP TABLE legacy_sessions;"}, {"DROP TABLE IF EXISTS app.audit_log CASCADE;", true}};
  r.good = {{"DROP TABLE legacy_sessions;", false, true},
            {"-- schemashift:contract\nDROP TABLE legacy_sessions;"},
            {"CREATE TABLE tmp_import (id bigint);\nDROP TABLE tmp_import;", true}};
  return r;
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "DropStmt" || text(s.node, "removeType") != "OBJECT_TABLE" || state.contract_phase) return;
  std::vector<std::string> dropped;
  for (const auto& object : items(member(s.node, "objects"))) {
    const std::string table = model::name_from_list(string_list(object)).display();
    const RelationLock* lock = lock_on(s.analysis, table);
    if (lock && is_existing(*lock)) dropped.push_back(table);
  }
  if (dropped.empty()) return;
  RuleHit hit;
  hit.message = "DROP TABLE " + core::join(dropped, ", ") +
                " outside a contract phase: the data is lost and running code that uses " +
                (dropped.size() == 1 ? "it" : "them") + " fails";
  hit.help = "remove every use of " + core::join(dropped, ", ") +
             " from the application and deploy first; drop in a contract migration (`-- schemashift:contract`)";
  hit.relation = dropped.front();
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(ban_drop_table, schemashift::analyze::info(), schemashift::analyze::check)
