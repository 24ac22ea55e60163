// ADD COLUMN ... NOT NULL (or PRIMARY KEY) without a default on an existing table (seed
// anti-pattern): the statement fails as soon as the table holds a row.
#include "analyze/filled_tables.hpp"
#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "adding-not-nullable-field";
  r.severity = Severity::Error;
  r.impact = Impact::Fails;
  r.summary = "ADD COLUMN ... NOT NULL (or PRIMARY KEY) without a non-NULL DEFAULT on an existing table (or one "
              "filled earlier in the file)";
  r.rationale =
      "A column added without a DEFAULT is NULL in every existing row. With NOT NULL (PRIMARY KEY implies it) "
      "PostgreSQL verifies the existing rows with a scan while holding ACCESS EXCLUSIVE on the table "
      "(postgres-facts.md §2, §3.1), and the statement fails with 'column ... contains null values' as soon "
      "as the table holds a single row. A table created in the same file counts once a query filled it "
      "(CREATE TABLE ... AS SELECT, INSERT ... SELECT). Identity, serial and GENERATED columns are not flagged: "
      "they fill every existing row themselves (and rewrite the table, see adding-field-with-volatile-default).";
  r.safe_alternative =
      "Add the column nullable, or with a constant DEFAULT (catalog-only on PostgreSQL 11+: ADD COLUMN c "
      "boolean NOT NULL DEFAULT false). Without a sensible default: add it nullable, backfill existing rows "
      "in batches, then add NOT NULL with ADD CONSTRAINT ... CHECK (c IS NOT NULL) NOT VALID, VALIDATE "
      "CONSTRAINT, SET NOT NULL (PostgreSQL 12+ skips the scan), DROP CONSTRAINT.";
  r.bad = {{"ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL;"},
           {"ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT NULL;", true},
           {"ALTER TABLE users ADD COLUMN uid uuid PRIMARY KEY;"},
           {"CREATE TABLE users_copy AS SELECT id, email FROM users;\n"
            "ALTER TABLE users_copy ADD COLUMN tenant_id bigint NOT NULL;", true}};
  r.good = {{"ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;"},
            {"ALTER TABLE users ADD COLUMN email_verified boolean;"},
            {"CREATE TABLE users (id bigint);\nALTER TABLE users ADD COLUMN email text NOT NULL;", true},
            {"ALTER TABLE users ADD COLUMN id2 bigint GENERATED ALWAYS AS IDENTITY;"},
            {"ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;"},
            {"ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();"}};
  return r;
}

bool is_null_constant(const json& expr) { return flag(body(expr, "A_Const"), "isnull"); }

bool is_serial_type(const json& column_def) {
  static const std::set<std::string> serials = {"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"};
  const auto names = string_list(member(member(column_def, "typeName"), "names"));
  return names.size() == 1 && serials.count(names.front());
}

// What the column definition says about the values existing rows get.
struct ColumnFill {
  bool not_null = false;       // NOT NULL or PRIMARY KEY
  bool primary_key = false;
  bool fills_rows = false;     // a non-NULL default, identity, serial or generated expression
};

ColumnFill column_fill(const json& column_def) {
  ColumnFill fill;
  fill.fills_rows = is_serial_type(column_def);
  for (const auto& item : items(member(column_def, "constraints"))) {
    const json& c = body(item, "Constraint");
    const std::string contype = text(c, "contype");
    if (contype == "CONSTR_NOTNULL") fill.not_null = true;
    if (contype == "CONSTR_PRIMARY") fill.not_null = fill.primary_key = true;
    if (contype == "CONSTR_DEFAULT" && !is_null_constant(member(c, "raw_expr"))) fill.fills_rows = true;
    if (contype == "CONSTR_IDENTITY" || contype == "CONSTR_GENERATED") fill.fills_rows = true;
  }
  return fill;
}

// ADD COLUMN IF NOT EXISTS of a column the schema already has does nothing.
bool is_noop(const json& cmd, const json& column_def, const LintState& state, const model::QualifiedName& table) {
  if (!flag(cmd, "missing_ok") || !state.schema) return false;
  const model::Table* t = state.schema->find_table(table);
  return t && t->find_column(text(column_def, "colname"));
}

// A table created in this file is empty unless a query filled it (with rows, as far as known).
bool may_have_rows(const RelationLock& lock, const LintState& state) {
  if (is_existing(lock)) return true;
  if (!lock.filled) return false;
  const FilledTable* fill = find_fill(state, lock.relation);
  return !fill || !fill->rows || *fill->rows > 0;
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "AlterTableStmt") return;
  const std::string table = written_relation(member(s.node, "relation"));
  const RelationLock* lock = lock_on(s.analysis, table);
  if (!lock || !may_have_rows(*lock, state)) return;
  const std::string which = lock->filled ? "table " + table + " (filled earlier in this file)" : "existing table " + table;
  for (const json* cmd : alter_commands(s.node)) {
    if (text(*cmd, "subtype") != "AT_AddColumn") continue;
    const json& col = body(member(*cmd, "def"), "ColumnDef");
    const ColumnFill fill = column_fill(col);
    if (!fill.not_null || fill.fills_rows || is_noop(*cmd, col, state, model::relation_name(member(s.node, "relation")))) {
      continue;
    }
    const std::string column = text(col, "colname");
    RuleHit hit;
    hit.message = "ADD COLUMN " + column + (fill.primary_key ? " PRIMARY KEY" : " NOT NULL") +
                  " without a DEFAULT on " + which + " fails (column \"" + column + "\" of relation \"" +
                  table + "\" contains null values) as soon as the table has a row; checked under ACCESS EXCLUSIVE";
    hit.help = "add " + column + " nullable (or with a constant DEFAULT), backfill existing rows in batches, then "
               "ADD CONSTRAINT ... CHECK (" + column + " IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, "
               "ALTER COLUMN " + column + " SET NOT NULL";
    if (fill.primary_key) {
      hit.help += "; then CREATE UNIQUE INDEX CONCURRENTLY and ADD PRIMARY KEY USING INDEX";
    }
    hit.location = location(col);
    hit.relation = table;
    out.push_back(hit);
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(adding_not_nullable_field, schemashift::analyze::info(), schemashift::analyze::check)
