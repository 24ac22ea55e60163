// ALTER TABLE sub-commands on columns: ADD COLUMN (§3.1), ALTER COLUMN TYPE (§3.2), SET
// NOT NULL (§3.3) and SET/DROP DEFAULT, with the schema knowledge they depend on.
#include "analyze/statements/analyzer.hpp"

#include "core/text.hpp"
#include "model/qualified_name.hpp"
#include "sql/node_text.hpp"
#include "sql/parser.hpp"
#include "sql/source_text.hpp"
#include "sql/types.hpp"

namespace schemashift::analyze::statements {

namespace {

std::optional<std::string> default_expression_text(const sql::Statement& st, const json& default_constraint) {
  const long long at = location(default_constraint);
  if (at < static_cast<long long>(st.offset) || at >= static_cast<long long>(st.offset + st.text.size())) {
    return std::nullopt;
  }
  const sql::SourceText source = sql::source_of(st);
  std::string expr = sql::column_default_text(source, static_cast<std::size_t>(at));
  if (expr.empty()) return std::nullopt;
  return expr;
}

bool default_is_volatile(const sql::Statement& st, const json& default_constraint) {
  if (const auto expr = default_expression_text(st, default_constraint)) {
    return sql::is_volatile_expression(*expr);
  }
  // Text not recoverable (statement built without its source): any function call or
  // subquery might be volatile — assume the worst, as PostgreSQL's own check would for
  // an unknown function.
  return contains_node(member(default_constraint, "raw_expr"), {"FuncCall", "SubLink", "NextValueExpr"});
}

// "<column> IS NOT NULL", alone or as an arm of a top-level AND: PostgreSQL splits each
// CHECK into its AND arms before the proof (ConstraintImpliedByRelConstraint calls
// make_ands_implicit), so CHECK (c IS NOT NULL AND n > 0) proves c NOT NULL too.
bool is_not_null_test_of(const json& expr, const std::string& column) {
  const json& conjunction = body(expr, "BoolExpr");
  if (text(conjunction, "boolop") == "AND_EXPR") {
    for (const auto& arm : items(member(conjunction, "args"))) {
      if (is_not_null_test_of(arm, column)) return true;
    }
    return false;
  }
  const json& test = body(expr, "NullTest");
  if (text(test, "nulltesttype") != "IS_NOT_NULL") return false;
  const auto fields = string_list(member(body(member(test, "arg"), "ColumnRef"), "fields"));
  return fields.size() == 1 && fields.front() == column;
}

// A CHECK that proves "<column> IS NOT NULL" (spacing, quoting and parentheses do not
// matter: the comparison is on the parse tree).
bool check_is_not_null_of(const std::string& check_sql, const std::string& column) {
  const auto tree = sql::parse_statement("SELECT " + check_sql);
  if (!tree) return false;
  const json& targets = member(body(*tree, "SelectStmt"), "targetList");
  if (!targets.is_array() || targets.size() != 1) return false;
  return is_not_null_test_of(member(body(targets[0], "ResTarget"), "val"), column);
}

// PG 12+ skips the SET NOT NULL scan when a validated CHECK proves no NULLs (§3.3).
bool validated_check_proves_not_null(const model::Table* table, const std::string& column) {
  if (!table) return false;
  for (const auto& c : table->constraints) {
    if (c.kind == model::ConstraintKind::Check && c.validated && check_is_not_null_of(c.check_sql, column)) {
      return true;
    }
  }
  return false;
}

std::optional<model::TypeRef> column_type(const model::Table* table, const std::string& column) {
  const model::Column* c = table ? table->find_column(column) : nullptr;
  if (!c) return std::nullopt;
  return c->type;
}

bool is_serial_type(const json& column_def) {
  static const std::set<std::string> serials = {"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"};
  const auto names = string_list(member(member(column_def, "typeName"), "names"));
  return names.size() == 1 && serials.count(names.front());
}

bool is_null_constant(const json& expr) { return flag(body(expr, "A_Const"), "isnull"); }

// PostgreSQL skips validating the foreign keys written on added columns (and marks them
// valid) when the statement gives no added column a DEFAULT and adds no table-level
// foreign key: every value of a new column is NULL, and NULL satisfies a foreign key
// (PostgreSQL 15 transformAlterTableStmt, skipValidation).
bool inline_foreign_keys_skip_validation(const Analyzer& a) {
  for (const auto& item : items(member(a.statement.tree, "AlterTableStmt", "cmds"))) {
    const json& cmd = body(item, "AlterTableCmd");
    const std::string subtype = text(cmd, "subtype");
    if (subtype == "AT_AddColumn") {
      for (const auto& c : items(member(body(member(cmd, "def"), "ColumnDef"), "constraints"))) {
        if (text(body(c, "Constraint"), "contype") == "CONSTR_DEFAULT") return false;
      }
    }
    if (subtype == "AT_AddConstraint" && text(body(member(cmd, "def"), "Constraint"), "contype") == "CONSTR_FOREIGN") {
      return false;
    }
  }
  return true;
}

// Work implied by a constraint written on an added column, as for the same ADD CONSTRAINT
// (§2, §3.3): CHECK/FK validate with a scan (an FK also locks the referenced table SRE and
// reads it; both reads are skipped where every new value is NULL, see above),
// UNIQUE/PRIMARY KEY build an index.
Work column_constraint_work(const json& constraint, const AlterTarget& t, Analyzer& a) {
  const std::string contype = text(constraint, "contype");
  if (contype == "CONSTR_FOREIGN") {
    const bool skipped = !flag(constraint, "skip_validation") && inline_foreign_keys_skip_validation(a);
    if (skipped) a.note("the new column is NULL in every row: PostgreSQL does not validate its foreign key");
    const bool validated = !flag(constraint, "skip_validation") && !skipped;
    lock_referenced_table(a, range_var(member(constraint, "pktable")), t.rel, M::ShareRowExclusive, validated);
    return validated ? Work::Scan : Work::Catalog;
  }
  if (contype == "CONSTR_CHECK") return flag(constraint, "skip_validation") ? Work::Catalog : Work::Scan;
  if (contype == "CONSTR_PRIMARY" || contype == "CONSTR_UNIQUE") return Work::IndexBuild;
  return Work::Catalog;
}

bool is_reference_to(const json& expr, const std::string& column) {
  const auto fields = string_list(member(body(expr, "ColumnRef"), "fields"));
  return !fields.empty() && fields.back() == column;
}

// USING that only restates the implicit conversion ("col" or "col::newtype") keeps the
// rewrite decision to the types; anything else computes new contents.
bool using_changes_contents(const json& column_def, const std::string& column, const model::TypeRef& new_type) {
  const json& expr = member(column_def, "raw_default");
  if (expr.is_null() || is_reference_to(expr, column)) return false;
  const json& cast = body(expr, "TypeCast");
  return !(is_reference_to(member(cast, "arg"), column) &&
           sql::type_from_tree(member(cast, "typeName")) == new_type);
}

// The table's indexes that mention the column (as a key, an expression, INCLUDE or predicate).
std::vector<const model::Index*> indexes_on(const AlterTarget& t, const std::string& column, const Analyzer& a) {
  std::vector<const model::Index*> out;
  if (!a.context.schema) return out;
  for (const model::Index* index : a.context.schema->indexes_of(t.rel.name)) {
    if (index->mentions_column(column)) out.push_back(index);
  }
  return out;
}

// timestamp <-> timestamptz (§3.2): PostgreSQL 12+ leaves the rows alone when the session
// TimeZone is UTC, but still rebuilds the indexes on the column (their operator class
// changes); otherwise every value is converted in a rewrite.
Work time_zone_conversion_work(const AlterTarget& t, const std::string& column, Analyzer& a) {
  if (a.context.pg_version < 12) {
    a.note("timestamp <-> timestamptz: PostgreSQL 11 and older rewrite the table whatever the TimeZone");
    return Work::Rewrite;
  }
  if (!a.context.time_zone_utc) {
    a.note("timestamp <-> timestamptz rewrites unless the session TimeZone is UTC: with SET timezone = 'UTC' "
           "earlier in the transaction only the indexes on " + column + " are rebuilt");
    return Work::Rewrite;
  }
  const std::size_t indexes = indexes_on(t, column, a).size();
  const std::string rebuilt = indexes == 0   ? "indexes on " + column + ", if any, are rebuilt"
                              : indexes == 1 ? "its index on " + column + " is rebuilt"
                                             : "its " + std::to_string(indexes) + " indexes on " + column + " are rebuilt";
  a.note("session TimeZone is UTC: no table rewrite; " + rebuilt);
  return indexes ? Work::IndexBuild : Work::Catalog;
}

// A binary-coercible type change keeps the rows and the plain indexes, but PostgreSQL
// rebuilds every index on the column that has an expression or a predicate (PostgreSQL 15
// CheckIndexCompatible: "we don't assess expressions or predicates; assume
// incompatibility"): an index build, reading the whole table under ACCESS EXCLUSIVE.
Work rebuilt_indexes_work(const AlterTarget& t, const std::string& column, Analyzer& a) {
  std::vector<std::string> rebuilt;
  for (const model::Index* index : indexes_on(t, column, a)) {
    const bool expression = std::any_of(index->elements.begin(), index->elements.end(),
                                        [](const model::IndexElement& e) { return !e.expression.empty(); });
    if (expression || !index->where_sql.empty()) rebuilt.push_back(index->name);
  }
  if (rebuilt.empty()) {
    a.note("indexes on the column may be rebuilt");
    return Work::Catalog;
  }
  a.note("binary-coercible: no rewrite, but " + core::join(rebuilt, ", ") + (rebuilt.size() == 1 ? " has" : " have") +
         " an expression or a predicate on " + column + " and " + (rebuilt.size() == 1 ? "is" : "are") + " rebuilt");
  return Work::IndexBuild;
}

// An extension's binary-coercible cast (citext <-> text ...) keeps the rows, but the new
// type has other operator classes, so every index on the column is rebuilt (PostgreSQL 15
// CheckIndexCompatible: the operator family differs).
Work extension_cast_work(const AlterTarget& t, const std::string& column, Analyzer& a) {
  std::vector<std::string> rebuilt;
  for (const model::Index* index : indexes_on(t, column, a)) rebuilt.push_back(index->name);
  if (rebuilt.empty()) {
    a.note("binary-coercible through the extension's cast: no rewrite, and no index on " + column + " to rebuild");
    return Work::Catalog;
  }
  a.note("binary-coercible through the extension's cast: no rewrite, but " + core::join(rebuilt, ", ") +
         (rebuilt.size() == 1 ? " is" : " are") + " rebuilt for the new type's operator class");
  return Work::IndexBuild;
}

// A type change drops and re-adds each foreign key through the column, and dropping a
// foreign key locks the table at its other end ACCESS EXCLUSIVE (PostgreSQL 15
// RemoveConstraintById), whichever side the column is on.
void lock_foreign_key_partners(const AlterTarget& t, const std::string& column, Analyzer& a) {
  if (!a.context.schema) return;
  if (t.table) {
    for (const auto& c : t.table->constraints) {
      if (c.kind != model::ConstraintKind::ForeignKey || !c.references) continue;
      if (std::find(c.columns.begin(), c.columns.end(), column) == c.columns.end()) continue;
      if (c.references->table.key() == t.rel.name.key()) continue;
      a.lock(from_model(c.references->table), M::AccessExclusive, Work::Catalog);
      a.note("foreign key " + c.name + " is re-added: ACCESS EXCLUSIVE on " + display(c.references->table) + " too");
    }
  }
  for (const auto& [referencing, constraint] : a.context.schema->referencing(t.rel.name, column)) {
    if (referencing->name.key() == t.rel.name.key()) continue;
    a.lock(from_model(referencing->name), M::AccessExclusive, Work::Catalog);
    a.note("foreign key " + constraint->name + " is re-added: ACCESS EXCLUSIVE on " + display(referencing->name) + " too");
  }
}

}  // namespace

std::string add_column(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const json& col = body(member(cmd, "def"), "ColumnDef");
  Work work = Work::Catalog;
  bool not_null = false;
  const json* default_constraint = nullptr;
  for (const auto& item : items(member(col, "constraints"))) {
    const json& c = body(item, "Constraint");
    const std::string contype = text(c, "contype");
    if (contype == "CONSTR_NOTNULL" || contype == "CONSTR_PRIMARY") not_null = true;
    if (contype == "CONSTR_DEFAULT" && !is_null_constant(member(c, "raw_expr"))) default_constraint = &c;
    if (contype == "CONSTR_IDENTITY") {
      work = Work::Rewrite;
      a.note("identity column: existing rows get sequence values, table rewrite");
    }
    if (contype == "CONSTR_GENERATED") {
      work = Work::Rewrite;
      a.note("stored generated column: table rewrite");
    }
    work = max_work(work, column_constraint_work(c, t, a));
  }
  if (is_serial_type(col)) {
    work = Work::Rewrite;
    a.note("serial column: nextval() default is volatile, table rewrite");
  }
  if (default_constraint && a.context.pg_version < 11) {
    work = Work::Rewrite;
    a.note("PostgreSQL 10 and older rewrite the table for any non-NULL default");
  } else if (default_constraint && default_is_volatile(a.statement, *default_constraint)) {
    work = Work::Rewrite;
    a.note("volatile (or unknown) function in DEFAULT: every row gets its own value, table rewrite");
  }
  // §3.1: NOT NULL with nothing to fill existing rows is verified by a scan, which fails
  // as soon as it meets a row.
  if (not_null && !default_constraint && work_rank(work) < work_rank(Work::Rewrite)) {
    work = max_work(work, Work::Scan);
    if (!a.is_new(t.rel.name)) a.note("ADD COLUMN NOT NULL without a default fails if the table has rows");
  }
  a.lock(t.rel, M::AccessExclusive, work);
  return "ADD COLUMN " + text(col, "colname");
}

std::string alter_column_type(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const std::string column = text(cmd, "name");
  const json& def = body(member(cmd, "def"), "ColumnDef");
  const model::TypeRef new_type = sql::type_from_tree(member(def, "typeName"));
  const auto old_type = column_type(t.table, column);
  Work work = Work::Rewrite;
  if (using_changes_contents(def, column, new_type)) {
    a.note("USING expression changes the column contents: table rewrite");
  } else if (!old_type) {
    a.note("current type of " + column + " unknown: assuming a table rewrite");
  } else if (*old_type == new_type) {
    work = Work::Catalog;
    a.note(column + " already has this type");
  } else if (sql::binary_coercible(*old_type, new_type)) {
    work = rebuilt_indexes_work(t, column, a);
  } else if (sql::is_time_zone_conversion(*old_type, new_type)) {
    work = time_zone_conversion_work(t, column, a);
  } else if (a.context.schema && sql::extension_binary_coercible(*old_type, new_type, a.context.schema->extensions)) {
    work = extension_cast_work(t, column, a);
  }
  a.lock(t.rel, M::AccessExclusive, work);
  lock_foreign_key_partners(t, column, a);
  return "ALTER COLUMN " + column + " TYPE " + new_type.sql();
}

std::string set_not_null(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const std::string column = text(cmd, "name");
  const model::Column* existing = t.table ? t.table->find_column(column) : nullptr;
  Work work = Work::Scan;
  if (existing && !existing->nullable) {
    work = Work::Catalog;
    a.note(column + " is already NOT NULL: nothing to check");
  } else if (a.context.pg_version >= 12 && validated_check_proves_not_null(t.table, column)) {
    work = Work::Catalog;
    a.note("scan skipped: validated CHECK proves NOT NULL");
  }
  a.lock(t.rel, M::AccessExclusive, work);
  return "ALTER COLUMN " + column + " SET NOT NULL";
}

// §2: "Theoretically, these could be ShareRowExclusiveLock" — but they are AE.
std::string column_default(const json& cmd, const AlterTarget& t, Analyzer& a) {
  a.lock(t.rel, M::AccessExclusive, Work::Catalog);
  const bool sets = !member(cmd, "def").is_null();
  return "ALTER COLUMN " + text(cmd, "name") + (sets ? " SET DEFAULT" : " DROP DEFAULT");
}

}  // namespace schemashift::analyze::statements
