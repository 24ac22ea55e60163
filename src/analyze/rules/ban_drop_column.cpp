// ALTER TABLE ... DROP COLUMN on an existing table outside a contract phase (seed anti-pattern).
#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "ban-drop-column";
  r.severity = Severity::Error;
  r.impact = Impact::Breaking;
  r.summary = "ALTER TABLE ... DROP COLUMN on an existing table outside a contract-phase migration";
  r.rationale =
      "DROP COLUMN itself is quick (ACCESS EXCLUSIVE, catalog only: the column is only marked dropped, "
      "postgres-facts.md §2), but the application version that is running while the migration is applied "
      "still reads and writes the column: its SELECT lists, INSERTs and ORMs that cache the column list "
      "(Rails, Hibernate) fail with \"column does not exist\" until the new code is deployed everywhere. "
      "Indexes, constraints and (with CASCADE) views on the column disappear with it, and there is no "
      "rollback that brings the data back.";
  r.safe_alternative =
      "Expand/contract: first stop reading and writing the column in the application (Rails: "
      "self.ignored_columns += [\"col\"]; other ORMs: remove it from the model) and deploy that; then drop "
      "the column in a later, contract-phase migration. Mark a hand-written contract file with a "
      "`-- schemashift:contract` line (schemashift scaffold puts drops in the contract phase itself).";
  r.bad = {{"ALTER TABLE users DROP COLUMN legacy_name;"},
           {"ALTER TABLE app.users DROP COLUMN IF EXISTS legacy_name, ADD COLUMN nickname text;", true}};
  r.good = {{"ALTER TABLE users DROP COLUMN legacy_name;", false, true},
            {"-- schemashift:contract\nALTER TABLE users DROP COLUMN legacy_name;"},
            {"CREATE TABLE imports (id bigint, tmp text);\nALTER TABLE imports DROP COLUMN tmp;", true}};
  return r;
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "AlterTableStmt" || state.contract_phase) return;
  const std::string table = written_relation(member(s.node, "relation"));
  const RelationLock* lock = lock_on(s.analysis, table);
  if (!lock || !is_existing(*lock)) return;
  for (const json* cmd : alter_commands(s.node)) {
    if (text(*cmd, "subtype") != "AT_DropColumn") continue;
    const std::string column = text(*cmd, "name");
    RuleHit hit;
    hit.message = "DROP COLUMN " + table + "." + column +
                  " outside a contract phase: the running application still uses the column";
    hit.help = "stop using " + column + " in the application (e.g. Rails ignored_columns), deploy, then drop it "
               "in a contract migration (a file with a `-- schemashift:contract` line)";
    hit.relation = table;
    out.push_back(hit);
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(ban_drop_column, schemashift::analyze::info(), schemashift::analyze::check)
