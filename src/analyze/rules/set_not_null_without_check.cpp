// ALTER COLUMN ... SET NOT NULL that scans an existing table under ACCESS EXCLUSIVE, i.e.
// without a validated CHECK (col IS NOT NULL) that lets PostgreSQL 12+ skip the scan. The
// statement analyser decides from the schema (constraints added and validated by earlier
// statements and files count).
#include <cctype>

#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "set-not-null-without-check";
  r.severity = Severity::Error;
  r.impact = Impact::Blocking;
  r.summary = "ALTER COLUMN ... SET NOT NULL on an existing table without a validated CHECK (col IS NOT NULL)";
  r.rationale =
      "SET NOT NULL takes ACCESS EXCLUSIVE and scans the whole table to prove there is no NULL "
      "(postgres-facts.md §2, §3.3): reads and writes wait for the scan. From PostgreSQL 12 the scan is "
      "skipped when a validated CHECK constraint proves the column has no NULLs; that CHECK can be added NOT "
      "VALID (brief lock) and validated under SHARE UPDATE EXCLUSIVE, which lets reads and writes continue. "
      "PostgreSQL 11 always scans, CHECK or not.";
  r.safe_alternative =
      "PostgreSQL 12+: ALTER TABLE t ADD CONSTRAINT t_c_not_null CHECK (c IS NOT NULL) NOT VALID; then, in a "
      "separate transaction, ALTER TABLE t VALIDATE CONSTRAINT t_c_not_null; then ALTER TABLE t ALTER COLUMN c "
      "SET NOT NULL (no scan); then ALTER TABLE t DROP CONSTRAINT t_c_not_null. PostgreSQL 11: keep the "
      "validated CHECK instead of SET NOT NULL, or run SET NOT NULL in a maintenance window.";
  r.bad = {{"ALTER TABLE users ALTER COLUMN email SET NOT NULL;"},
           {"ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"},
           {"ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
            "ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\n"
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
            false, false, 11}};
  r.good = {{"ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
             "ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\n"
             "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
             "ALTER TABLE users DROP CONSTRAINT users_email_nn;"},
            {"CREATE TABLE users (id bigint, email text);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;", true},
            {"ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT '';\n"
             "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"}};
  return r;
}

// Whether `word` occurs in `sql` as a whole identifier.
bool mentions_identifier(const std::string& sql, const std::string& word) {
  const auto is_ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (auto at = sql.find(word); at != std::string::npos; at = sql.find(word, at + 1)) {
    const bool starts = at == 0 || !is_ident(sql[at - 1]);
    const bool ends = at + word.size() == sql.size() || !is_ident(sql[at + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

// A CHECK on this column that is still NOT VALID: the usual half-done recipe.
const model::Constraint* unvalidated_check_on(const LintState& state, const model::QualifiedName& table,
                                              const std::string& column) {
  const model::Table* t = state.schema ? state.schema->find_table(table) : nullptr;
  if (!t) return nullptr;
  for (const auto& c : t->constraints) {
    if (c.kind == model::ConstraintKind::Check && !c.validated && mentions_identifier(c.check_sql, column)) return &c;
  }
  return nullptr;
}

std::string recipe(const std::string& table, const model::QualifiedName& name, const std::string& column) {
  const std::string alter = "ALTER TABLE " + table + " ";
  const std::string check = name.name + "_" + column + "_not_null";
  return alter + "ADD CONSTRAINT " + check + " CHECK (" + column + " IS NOT NULL) NOT VALID; then, in a separate "
         "transaction, " + alter + "VALIDATE CONSTRAINT " + check + "; then " + alter + "ALTER COLUMN " + column +
         " SET NOT NULL (no scan); then " + alter + "DROP CONSTRAINT " + check;
}

RuleHit hit_for(const std::string& table, const model::QualifiedName& name, const std::string& column,
                const model::Constraint* pending, int pg_version) {
  RuleHit hit;
  hit.relation = table;
  hit.message = "SET NOT NULL on " + table + "." + column +
                " scans the whole existing table under ACCESS EXCLUSIVE: reads and writes wait";
  if (pg_version < 12) {
    hit.message += "; PostgreSQL " + std::to_string(pg_version) + " scans even when a validated CHECK proves it";
    hit.help = "PostgreSQL " + std::to_string(pg_version) + " cannot skip the scan: keep a validated CHECK (" + column +
               " IS NOT NULL) (added NOT VALID, then VALIDATE CONSTRAINT) instead of SET NOT NULL, or run SET NOT "
               "NULL in a maintenance window; on PostgreSQL 12+ the CHECK makes SET NOT NULL catalog-only";
    return hit;
  }
  if (pending) {
    hit.message += " (CHECK " + pending->name + " is still NOT VALID, so it does not prove anything yet)";
    hit.help = "run ALTER TABLE " + table + " VALIDATE CONSTRAINT " + pending->name +
               " first, in its own transaction; SET NOT NULL then skips the scan";
    return hit;
  }
  hit.help = recipe(table, name, column);
  return hit;
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "AlterTableStmt") return;
  const std::string table = written_relation(member(s.node, "relation"));
  for (const json* cmd : alter_commands(s.node)) {
    if (text(*cmd, "subtype") != "AT_SetNotNull") continue;
    const StatementAnalysis alone = analyze_alone(s, *cmd, state);
    const RelationLock* lock = lock_on(alone, table);
    if (!lock || !is_existing(*lock) || lock->work != Work::Scan) continue;
    const std::string column = text(*cmd, "name");
    const model::QualifiedName name = model::relation_name(member(s.node, "relation"));
    const auto* pending = unvalidated_check_on(state, name, column);
    out.push_back(hit_for(table, name, column, pending, state.pg_version));  // the sub-command has no location
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(set_not_null_without_check, schemashift::analyze::info(), schemashift::analyze::check)
