// ALTER TABLE ... RENAME TO on an existing table, unless the same file then creates a view
// under the old name (the compatibility-view pattern that schemashift's rename_table emits).
//
// The rule looks ahead through LintState::statements instead of remembering renames and
// reporting them in finish(): the finding then belongs to the RENAME statement itself,
// so a suppression comment above the RENAME works and the finding points at it.
#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "renaming-table";
  r.severity = Severity::Error;
  r.impact = Impact::Breaking;
  r.summary = "ALTER TABLE ... RENAME TO on an existing table without a compatibility view under the old name";
  r.rationale =
      "The rename is instant (ACCESS EXCLUSIVE, catalog only, postgres-facts.md §2); from the moment it "
      "commits, every query of the application version still running that names the old table fails with "
      "\"relation does not exist\". A simple view `CREATE VIEW old AS SELECT * FROM new` created in the "
      "same transaction keeps the old name working: PostgreSQL makes such single-table views automatically "
      "updatable, so old code can keep reading and writing through it while the new code is deployed.";
  r.safe_alternative =
      "In the same migration, right after the rename: CREATE VIEW <old name> AS SELECT * FROM <new name>; "
      "deploy code that uses the new name; then drop the view in a contract migration. This is what "
      "`schemashift scaffold` generates for rename_table.";
  r.bad = {{"ALTER TABLE users RENAME TO accounts;"},
           {"ALTER TABLE app.users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM app.accounts;", true}};
  r.good = {{"ALTER TABLE public.users RENAME TO accounts;\nCREATE VIEW public.users AS SELECT * FROM public.accounts;",
             true},
            {"ALTER TABLE users RENAME TO accounts;\nCREATE OR REPLACE VIEW public.users AS SELECT * FROM accounts;"},
            {"CREATE TABLE staging (id bigint);\nALTER TABLE staging RENAME TO imports;", true}};
  return r;
}

// A CREATE [OR REPLACE] VIEW of `name` after the current statement.
bool view_created_later(const LintState& state, const model::QualifiedName& name) {
  if (!state.statements) return false;
  const auto& statements = *state.statements;
  for (std::size_t i = state.statement_index + 1; i < statements.size(); ++i) {
    const json& view = member(statements[i].tree, "ViewStmt");
    if (view.is_object() && model::relation_name(member(view, "view")).key() == name.key()) return true;
  }
  return false;
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "RenameStmt" || text(s.node, "renameType") != "OBJECT_TABLE") return;
  const json& relation = member(s.node, "relation");
  const std::string table = written_relation(relation);
  const RelationLock* lock = lock_on(s.analysis, table);
  if (!lock || !is_existing(*lock) || view_created_later(state, model::relation_name(relation))) return;
  const std::string renamed = text(s.node, "newname");
  const std::string schema = text(relation, "schemaname");
  const std::string new_table = schema.empty() ? renamed : schema + "." + renamed;  // stays in its schema
  RuleHit hit;
  hit.message = "renaming table " + table + " to " + renamed + " breaks running code that still uses " + table;
  hit.help = "add `CREATE VIEW " + table + " AS SELECT * FROM " + new_table +
             ";` after the rename, and drop the view in a contract migration once no code uses the old name";
  hit.relation = table;
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(renaming_table, schemashift::analyze::info(), schemashift::analyze::check)
