// RENAME COLUMN on an existing table: code that is running uses the old name.
// Not flagged: the swap that ends an online type change or rename (DROP COLUMN x; RENAME
// x_new TO x), where running code uses x throughout and nobody uses the shadow column.
#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "renaming-column";
  r.severity = Severity::Error;
  r.impact = Impact::Breaking;
  r.summary = "ALTER TABLE ... RENAME COLUMN on an existing table";
  r.rationale =
      "The rename is instant (ACCESS EXCLUSIVE, catalog only, postgres-facts.md §2), which is exactly the "
      "problem: from the moment it commits, every query of the application version that is still running "
      "that names the old column fails with \"column does not exist\", and there is no moment at which old "
      "and new code can both run. Views and functions that use the column follow the rename; "
      "application SQL does not.";
  r.safe_alternative =
      "Expand/contract, as `schemashift scaffold` generates for rename_column: add the new column, keep both "
      "in sync with a trigger (dual write), backfill it in batches, switch reads to the new column, deploy, "
      "then drop the old column in a contract migration. For read-mostly uses, a view that exposes the "
      "new name can bridge the deploy instead.";
  r.bad = {{"ALTER TABLE users RENAME COLUMN email TO email_address;"},
           {"ALTER TABLE app.users RENAME full_name TO display_name;", true}};
  r.good = {{"CREATE TABLE drafts (id bigint, titel text);\nALTER TABLE drafts RENAME COLUMN titel TO title;", true},
            {"ALTER TABLE users ADD COLUMN email_address text;"},
            {"ALTER TABLE users RENAME CONSTRAINT users_email_check TO users_email_format;"},
            {"BEGIN;\nALTER TABLE users DROP COLUMN age;\nALTER TABLE users RENAME COLUMN age_new TO age;\nCOMMIT;",
             false, true}};
  return r;
}

// An earlier statement of the file drops `column` from `table`.
bool dropped_earlier(const LintState& state, const model::QualifiedName& table, const std::string& column) {
  if (!state.statements) return false;
  for (std::size_t i = 0; i < state.statement_index && i < state.statements->size(); ++i) {
    const json& alter = member((*state.statements)[i].tree, "AlterTableStmt");
    if (!alter.is_object() || model::relation_name(member(alter, "relation")).key() != table.key()) continue;
    for (const json* cmd : alter_commands(alter)) {
      if (text(*cmd, "subtype") == "AT_DropColumn" && text(*cmd, "name") == column) return true;
    }
  }
  return false;
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "RenameStmt" || text(s.node, "renameType") != "OBJECT_COLUMN") return;
  const json& relation = member(s.node, "relation");
  const std::string table = written_relation(relation);
  const RelationLock* lock = lock_on(s.analysis, table);
  if (!lock || !is_existing(*lock)) return;
  const std::string column = text(s.node, "subname");
  const std::string renamed = text(s.node, "newname");
  if (dropped_earlier(state, model::relation_name(relation), renamed)) return;  // the swap: code keeps using `renamed`
  RuleHit hit;
  hit.message = "renaming column " + table + "." + column + " to " + renamed +
                " breaks running code that still uses " + column;
  hit.help = "add " + renamed + " alongside " + column + ", dual-write and backfill it, move reads, deploy, then drop " +
             column + " in a contract migration (schemashift scaffold's rename_column does this)";
  hit.relation = table;
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(renaming_column, schemashift::analyze::info(), schemashift::analyze::check)
