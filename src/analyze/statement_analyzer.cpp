// analyze_statement(): which relations a statement locks, in which mode, and what work it
// does while holding the lock — read from its libpg_query parse tree.
//
// Every lock level and rewrite/scan rule below comes from docs/postgres-facts.md:
// §1 lock modes, §2 lock per statement and ALTER TABLE sub-command, §3 rewrite vs scan,
// §4.1 statements that cannot run inside a transaction block.
//
// Layout: parse-tree helpers, the Analyzer that collects locks, then one small handler per
// statement kind (and per ALTER TABLE sub-command), dispatched through tables at the end.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyze/analysis.hpp"
#include "sql/tree.hpp"
#include "core/text.hpp"
#include "model/names_from_tree.hpp"
#include "sql/node_text.hpp"
#include "sql/source_text.hpp"
#include "sql/types.hpp"

namespace schemashift::analyze {

namespace {

using nlohmann::json;
using M = LockMode;

using namespace sql::tree;  // member(), text(), flag(), items() ... (analyze/tree.hpp)

// "OBJECT_MATVIEW" -> "MATERIALIZED VIEW", "OBJECT_FOREIGN_TABLE" -> "FOREIGN TABLE".
std::string object_word(const std::string& objtype) {
  static const std::map<std::string, std::string> special = {
      {"OBJECT_MATVIEW", "MATERIALIZED VIEW"},
      {"OBJECT_TABCONSTRAINT", "CONSTRAINT"},
      {"OBJECT_FDW", "FOREIGN DATA WRAPPER"},
  };
  if (const auto it = special.find(objtype); it != special.end()) return it->second;
  std::string word = core::starts_with(objtype, "OBJECT_") ? objtype.substr(7) : objtype;
  std::replace(word.begin(), word.end(), '_', ' ');
  return word;
}

// The statement's opening words, for kinds without a dedicated summary.
std::string leading_words(const std::string& sql) {
  std::string out;
  bool space = false;
  for (const char c : sql) {
    if (c == '(' || c == '\n' || c == ';') break;
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out.size() > 60 ? out.substr(0, 57) + "..." : out;
}

// ---------------------------------------------------------------------------------------
// Relation names.

struct RelationRef {
  std::string written;          // as in the statement: "users", "public.users"
  model::QualifiedName name;    // for schema lookups and identity
};

RelationRef from_model(const model::QualifiedName& n) { return {n.display(), n}; }

RelationRef relation_from_parts(const std::vector<std::string>& parts) { return from_model(model::name_from_list(parts)); }

// An unwrapped RangeVar body (the "relation" member of most statements).
RelationRef range_var(const json& rv) { return from_model(model::relation_name(rv)); }

// An index or constraint name lives in its table's schema.
model::QualifiedName sibling(const RelationRef& table, const std::string& name) { return {table.name.schema, name}; }

// ---------------------------------------------------------------------------------------
// The Analyzer collects locks (one entry per relation, strongest mode and costliest work
// win) and the other facts about one statement.

int work_rank(Work w) {
  switch (w) {
    case Work::Catalog: return 0;
    case Work::Scan: return 1;
    case Work::IndexBuild: return 2;
    case Work::Rewrite: return 3;
    case Work::DataChange: return 4;
    case Work::NewRelation: return 5;  // whatever else happens to a new relation happens to zero rows
  }
  return 0;
}

class Analyzer {
 public:
  Analyzer(const sql::Statement& statement, const Context& context) : statement(statement), context(context) {}

  const sql::Statement& statement;
  const Context& context;
  StatementAnalysis result;

  const model::Table* table(const model::QualifiedName& n) const {
    return context.schema ? context.schema->find_table(n) : nullptr;
  }

  // Created earlier in this change/file: no rows, and no other session can see it yet.
  bool is_new(const model::QualifiedName& n) const {
    if (context.new_tables.count(n.key())) return true;
    const model::Table* t = table(n);
    return t && t->created_in_change;
  }

  void lock(const RelationRef& rel, LockMode mode, Work work, bool created_here = false) {
    if (rel.written.empty()) return;
    const std::string key = rel.name.key();
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != key) continue;
      RelationLock& existing = result.locks[i];
      existing.mode = std::max(existing.mode, mode);
      if (work_rank(work) > work_rank(existing.work)) existing.work = work;
      existing.is_new = existing.is_new || created_here;
      return;
    }
    keys_.push_back(key);
    result.locks.push_back({rel.written, mode, work, created_here || is_new(rel.name)});
  }

  const RelationLock* find_lock(const RelationRef& rel) const {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == rel.name.key()) return &result.locks[i];
    }
    return nullptr;
  }

  void note(const std::string& n) {
    if (std::find(result.notes.begin(), result.notes.end(), n) == result.notes.end()) result.notes.push_back(n);
  }

  void outside_transaction() { result.must_run_outside_transaction = true; }

  // Strongest first; relations nobody else can see go last.
  StatementAnalysis finish() {
    std::stable_sort(result.locks.begin(), result.locks.end(), [](const RelationLock& a, const RelationLock& b) {
      if (a.is_new != b.is_new) return !a.is_new;
      return a.mode > b.mode;
    });
    return std::move(result);
  }

 private:
  std::vector<std::string> keys_;  // QualifiedName keys, parallel to result.locks
};

// ---------------------------------------------------------------------------------------
// Relations read by queries embedded in a statement (FROM, USING, subqueries, CTEs).

void collect_cte_names(const json& node, std::set<std::string>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "CommonTableExpr") out.insert(text(value, "ctename"));
      collect_cte_names(value, out);
    }
  } else if (node.is_array()) {
    for (const auto& element : node) collect_cte_names(element, out);
  }
}

// Wrapped {"RangeVar": ...} nodes only: the statement's own target is an unwrapped member.
void collect_range_vars(const json& node, const std::set<std::string>& ctes, std::vector<RelationRef>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "RangeVar") {
        const bool is_cte = text(value, "schemaname").empty() && ctes.count(text(value, "relname"));
        if (!is_cte) out.push_back(range_var(value));
      } else {
        collect_range_vars(value, ctes, out);
      }
    }
  } else if (node.is_array()) {
    for (const auto& element : node) collect_range_vars(element, ctes, out);
  }
}

std::vector<RelationRef> read_relations(const json& node) {
  std::set<std::string> ctes;
  collect_cte_names(node, ctes);
  std::vector<RelationRef> out;
  collect_range_vars(node, ctes, out);
  return out;
}

void lock_read_relations(Analyzer& a, const json& node, LockMode mode, Work work) {
  for (const auto& rel : read_relations(node)) a.lock(rel, mode, work);
}

std::string join_written(const std::vector<RelationRef>& rels) {
  std::vector<std::string> names;
  for (const auto& r : rels) names.push_back(r.written);
  return core::join(names, ", ");
}


// ---------------------------------------------------------------------------------------
// Source text of a column DEFAULT expression, for sql::is_volatile_expression: from the
// DEFAULT keyword to the column's next clause or the end of the sub-command.

std::optional<std::string> default_expression_text(const sql::Statement& st, const json& default_constraint) {
  const long long at = location(default_constraint);
  if (at < static_cast<long long>(st.offset) || at >= static_cast<long long>(st.offset + st.text.size())) {
    return std::nullopt;
  }
  const sql::SourceText source(st.text, st.offset);
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

// ---------------------------------------------------------------------------------------
// Schema knowledge.

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

const model::Constraint* find_constraint(const model::Table* table, const std::string& name) {
  return table ? table->find_constraint(name) : nullptr;
}

std::optional<model::TypeRef> column_type(const model::Table* table, const std::string& column) {
  const model::Column* c = table ? table->find_column(column) : nullptr;
  if (!c) return std::nullopt;
  return c->type;
}

// ---------------------------------------------------------------------------------------
// ALTER TABLE. Each sub-command adds its locks through the Analyzer and returns a label;
// the statement's lock is the strongest sub-command's (§2: "the strictest one required by
// any subcommand"), and work on one table is the costliest (one shared pass, §3.5).

struct AlterTarget {
  RelationRef rel;
  const model::Table* table = nullptr;
};

using SubcommandHandler = std::string (*)(const json& cmd, const AlterTarget& t, Analyzer& a);

// Sub-commands whose lock and work never depend on their arguments (§2, §3.4, §3.5).
// '%' in the label is replaced by the sub-command's name member (column, trigger ...).
struct SimpleSubcommand {
  LockMode mode;
  Work work;
  const char* label;
};

const std::map<std::string, SimpleSubcommand>& simple_subcommands() {
  static const std::map<std::string, SimpleSubcommand> table = {
      {"AT_DropColumn", {M::AccessExclusive, Work::Catalog, "DROP COLUMN %"}},
      {"AT_DropNotNull", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % DROP NOT NULL"}},
      {"AT_SetStorage", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % SET STORAGE"}},
      {"AT_SetCompression", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % SET COMPRESSION"}},
      {"AT_DropExpression", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % DROP EXPRESSION"}},
      // §3.4: adding identity to an existing NOT NULL column without default is catalog-only.
      {"AT_AddIdentity", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % ADD GENERATED AS IDENTITY"}},
      {"AT_SetIdentity", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % SET identity option"}},
      {"AT_DropIdentity", {M::AccessExclusive, Work::Catalog, "ALTER COLUMN % DROP IDENTITY"}},
      // §2: statistics, per-column options and clustering choice only take SUE.
      {"AT_SetStatistics", {M::ShareUpdateExclusive, Work::Catalog, "ALTER COLUMN % SET STATISTICS"}},
      {"AT_SetOptions", {M::ShareUpdateExclusive, Work::Catalog, "ALTER COLUMN % SET (...)"}},
      {"AT_ResetOptions", {M::ShareUpdateExclusive, Work::Catalog, "ALTER COLUMN % RESET (...)"}},
      {"AT_ClusterOn", {M::ShareUpdateExclusive, Work::Catalog, "CLUSTER ON %"}},
      {"AT_DropCluster", {M::ShareUpdateExclusive, Work::Catalog, "SET WITHOUT CLUSTER"}},
      {"AT_DetachPartitionFinalize", {M::ShareUpdateExclusive, Work::Catalog, "DETACH PARTITION FINALIZE"}},
      // §2: ENABLE/DISABLE TRIGGER affect writes only: SHARE ROW EXCLUSIVE.
      {"AT_EnableTrig", {M::ShareRowExclusive, Work::Catalog, "ENABLE TRIGGER %"}},
      {"AT_EnableAlwaysTrig", {M::ShareRowExclusive, Work::Catalog, "ENABLE ALWAYS TRIGGER %"}},
      {"AT_EnableReplicaTrig", {M::ShareRowExclusive, Work::Catalog, "ENABLE REPLICA TRIGGER %"}},
      {"AT_EnableTrigAll", {M::ShareRowExclusive, Work::Catalog, "ENABLE TRIGGER ALL"}},
      {"AT_EnableTrigUser", {M::ShareRowExclusive, Work::Catalog, "ENABLE TRIGGER USER"}},
      {"AT_DisableTrig", {M::ShareRowExclusive, Work::Catalog, "DISABLE TRIGGER %"}},
      {"AT_DisableTrigAll", {M::ShareRowExclusive, Work::Catalog, "DISABLE TRIGGER ALL"}},
      {"AT_DisableTrigUser", {M::ShareRowExclusive, Work::Catalog, "DISABLE TRIGGER USER"}},
      // §3.5: these copy the whole table.
      {"AT_SetTableSpace", {M::AccessExclusive, Work::Rewrite, "SET TABLESPACE %"}},
      {"AT_SetAccessMethod", {M::AccessExclusive, Work::Rewrite, "SET ACCESS METHOD %"}},
      {"AT_SetLogged", {M::AccessExclusive, Work::Rewrite, "SET LOGGED"}},
      {"AT_SetUnLogged", {M::AccessExclusive, Work::Rewrite, "SET UNLOGGED"}},
      {"AT_ChangeOwner", {M::AccessExclusive, Work::Catalog, "OWNER TO"}},
      {"AT_EnableRowSecurity", {M::AccessExclusive, Work::Catalog, "ENABLE ROW LEVEL SECURITY"}},
      {"AT_DisableRowSecurity", {M::AccessExclusive, Work::Catalog, "DISABLE ROW LEVEL SECURITY"}},
      {"AT_ForceRowSecurity", {M::AccessExclusive, Work::Catalog, "FORCE ROW LEVEL SECURITY"}},
      {"AT_NoForceRowSecurity", {M::AccessExclusive, Work::Catalog, "NO FORCE ROW LEVEL SECURITY"}},
      {"AT_ReplicaIdentity", {M::AccessExclusive, Work::Catalog, "REPLICA IDENTITY"}},
      {"AT_AlterConstraint", {M::AccessExclusive, Work::Catalog, "ALTER CONSTRAINT"}},
      {"AT_AddInherit", {M::AccessExclusive, Work::Catalog, "INHERIT"}},
      {"AT_DropInherit", {M::AccessExclusive, Work::Catalog, "NO INHERIT"}},
      {"AT_AddOf", {M::AccessExclusive, Work::Catalog, "OF"}},
      {"AT_DropOf", {M::AccessExclusive, Work::Catalog, "NOT OF"}},
  };
  return table;
}

std::string fill_label(const std::string& label, const std::string& name) {
  const auto at = label.find('%');
  return at == std::string::npos ? label : label.substr(0, at) + name + label.substr(at + 1);
}

// --- ADD COLUMN (§3.1) -------------------------------------------------------------------

bool is_serial_type(const json& column_def) {
  static const std::set<std::string> serials = {"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"};
  const auto names = string_list(member(member(column_def, "typeName"), "names"));
  return names.size() == 1 && serials.count(names.front());
}

bool is_null_constant(const json& expr) { return flag(body(expr, "A_Const"), "isnull"); }

// Work implied by a constraint written on an added column, as for the same ADD CONSTRAINT
// (§2, §3.3): CHECK/FK validate with a scan (an FK also locks the referenced table SRE),
// UNIQUE/PRIMARY KEY build an index.
Work column_constraint_work(const json& constraint, Analyzer& a) {
  const std::string contype = text(constraint, "contype");
  if (contype == "CONSTR_FOREIGN") {
    a.lock(range_var(member(constraint, "pktable")), M::ShareRowExclusive, Work::Catalog);
    return flag(constraint, "skip_validation") ? Work::Catalog : Work::Scan;
  }
  if (contype == "CONSTR_CHECK") return flag(constraint, "skip_validation") ? Work::Catalog : Work::Scan;
  if (contype == "CONSTR_PRIMARY" || contype == "CONSTR_UNIQUE") return Work::IndexBuild;
  return Work::Catalog;
}

Work max_work(Work a, Work b) { return work_rank(b) > work_rank(a) ? b : a; }

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
    work = max_work(work, column_constraint_work(c, a));
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

// --- ALTER COLUMN TYPE (§3.2) ------------------------------------------------------------

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
    work = Work::Catalog;
    a.note("indexes on the column may be rebuilt");
  }
  a.lock(t.rel, M::AccessExclusive, work);
  return "ALTER COLUMN " + column + " TYPE " + new_type.sql();
}

// --- SET NOT NULL / DEFAULT --------------------------------------------------------------

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

// --- ADD / VALIDATE / DROP CONSTRAINT ----------------------------------------------------

std::string constraint_label(const json& con, const std::string& kind) {
  std::string label = "ADD ";
  if (!text(con, "conname").empty()) label += "CONSTRAINT " + text(con, "conname") + " ";
  label += kind;
  if (!text(con, "indexname").empty()) label += " USING INDEX " + text(con, "indexname");
  if (flag(con, "skip_validation")) label += " NOT VALID";
  return label;
}

std::string add_check(const json& con, const AlterTarget& t, Analyzer& a) {
  a.lock(t.rel, M::AccessExclusive, flag(con, "skip_validation") ? Work::Catalog : Work::Scan);
  return constraint_label(con, "CHECK");
}

// §2: SRE on both tables — "at least as strong as CREATE TRIGGER"; the validation scan
// (unless NOT VALID) blocks writes on both for its duration.
std::string add_foreign_key(const json& con, const AlterTarget& t, Analyzer& a) {
  a.lock(t.rel, M::ShareRowExclusive, flag(con, "skip_validation") ? Work::Catalog : Work::Scan);
  a.lock(range_var(member(con, "pktable")), M::ShareRowExclusive, Work::Catalog);
  return constraint_label(con, "FOREIGN KEY");
}

// §2/§3.3: ADD PRIMARY KEY USING INDEX is brief, except that nullable key columns get a
// SET NOT NULL scan.
Work primary_key_using_index_work(const json& con, const AlterTarget& t, Analyzer& a) {
  const model::Index* index =
      a.context.schema ? a.context.schema->find_index(sibling(t.rel, text(con, "indexname"))) : nullptr;
  if (!index || !t.table) {
    a.note("PRIMARY KEY USING INDEX scans the table if a key column is still nullable");
    return Work::Catalog;
  }
  for (const auto& element : index->elements) {
    const model::Column* c = t.table->find_column(element.column);
    if (c && c->nullable) {
      a.note("PRIMARY KEY on nullable column " + c->name + ": SET NOT NULL scan");
      return Work::Scan;
    }
  }
  return Work::Catalog;
}

std::string add_index_constraint(const json& con, const AlterTarget& t, Analyzer& a, const std::string& kind) {
  if (!text(con, "indexname").empty()) {
    const Work work = kind == "PRIMARY KEY" ? primary_key_using_index_work(con, t, a) : Work::Catalog;
    a.lock(t.rel, M::AccessExclusive, work);
  } else {
    // §2: the index is built under ACCESS EXCLUSIVE ("essentially the same as CREATE INDEX").
    a.lock(t.rel, M::AccessExclusive, Work::IndexBuild);
    a.note("index built under ACCESS EXCLUSIVE: CREATE UNIQUE INDEX CONCURRENTLY + USING INDEX avoids it");
  }
  return constraint_label(con, kind);
}

std::string add_constraint(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const json& con = body(member(cmd, "def"), "Constraint");
  const std::string contype = text(con, "contype");
  if (contype == "CONSTR_CHECK") return add_check(con, t, a);
  if (contype == "CONSTR_FOREIGN") return add_foreign_key(con, t, a);
  if (contype == "CONSTR_PRIMARY") return add_index_constraint(con, t, a, "PRIMARY KEY");
  if (contype == "CONSTR_UNIQUE") return add_index_constraint(con, t, a, "UNIQUE");
  if (contype == "CONSTR_EXCLUSION") return add_index_constraint(con, t, a, "EXCLUDE");
  a.lock(t.rel, M::AccessExclusive, Work::Catalog);
  return constraint_label(con, "CONSTRAINT");
}

// §2: VALIDATE takes only SUE (DML continues), plus ROW SHARE on an FK's referenced table.
std::string validate_constraint(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const std::string name = text(cmd, "name");
  a.lock(t.rel, M::ShareUpdateExclusive, Work::Scan);
  const model::Constraint* c = find_constraint(t.table, name);
  if (c && c->references) {
    a.lock(from_model(c->references->table), M::RowShare, Work::Catalog);
  } else if (!c) {
    a.note("if " + name + " is a foreign key, the referenced table gets ROW SHARE too");
  }
  return "VALIDATE CONSTRAINT " + name;
}

// §2: dropping an FK also takes ACCESS EXCLUSIVE on the referenced table (trigger removal).
std::string drop_constraint(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const std::string name = text(cmd, "name");
  a.lock(t.rel, M::AccessExclusive, Work::Catalog);
  const model::Constraint* c = find_constraint(t.table, name);
  if (c && c->references) {
    a.lock(from_model(c->references->table), M::AccessExclusive, Work::Catalog);
  } else if (!c) {
    a.note("if " + name + " is a foreign key, the referenced table is locked ACCESS EXCLUSIVE too");
  }
  return "DROP CONSTRAINT " + name;
}

// --- storage parameters (§2) -------------------------------------------------------------

// SET (fillfactor, toast.*, autovacuum_*, parallel_workers) takes SUE; any other
// parameter takes ACCESS EXCLUSIVE.
LockMode rel_option_lock(const json& def_elem) {
  const std::string name = text(def_elem, "defname");
  const bool light = text(def_elem, "defnamespace") == "toast" || name == "fillfactor" ||
                     name == "parallel_workers" || core::starts_with(name, "autovacuum_");
  return light ? M::ShareUpdateExclusive : M::AccessExclusive;
}

std::string rel_options(const json& cmd, const AlterTarget& t, Analyzer& a) {
  std::vector<std::string> names;
  LockMode mode = M::ShareUpdateExclusive;
  for (const auto& item : items(member(cmd, "def"))) {
    const json& def_elem = body(item, "DefElem");
    const std::string ns = text(def_elem, "defnamespace");
    names.push_back(ns.empty() ? text(def_elem, "defname") : ns + "." + text(def_elem, "defname"));
    mode = std::max(mode, rel_option_lock(def_elem));
  }
  a.lock(t.rel, mode, Work::Catalog);
  const bool reset = text(cmd, "subtype") == "AT_ResetRelOptions";
  return std::string(reset ? "RESET (" : "SET (") + core::join(names, ", ") + ")";
}

// --- partitions (§2) ---------------------------------------------------------------------

std::string attach_partition(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const RelationRef partition = range_var(member(body(member(cmd, "def"), "PartitionCmd"), "name"));
  // PG 12+ (commit 898e5e32): SUE on the parent; PG 11: AE.
  a.lock(t.rel, a.context.pg_version >= 12 ? M::ShareUpdateExclusive : M::AccessExclusive, Work::Catalog);
  a.lock(partition, M::AccessExclusive, Work::Scan);
  a.note("partition scan is skipped if a valid CHECK implies the partition bound; a DEFAULT partition is "
         "locked ACCESS EXCLUSIVE and scanned too");
  return "ATTACH PARTITION " + partition.written;
}

std::string detach_partition(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const json& pcmd = body(member(cmd, "def"), "PartitionCmd");
  const RelationRef partition = range_var(member(pcmd, "name"));
  if (flag(pcmd, "concurrent")) {
    // PG 14+: two transactions; the second takes AE on the partition only (§2, §4.1).
    a.lock(t.rel, M::ShareUpdateExclusive, Work::Catalog);
    a.lock(partition, M::AccessExclusive, Work::Catalog);
    a.outside_transaction();
    return "DETACH PARTITION " + partition.written + " CONCURRENTLY";
  }
  a.lock(t.rel, M::AccessExclusive, Work::Catalog);
  a.lock(partition, M::AccessExclusive, Work::Catalog);
  return "DETACH PARTITION " + partition.written;
}

const std::map<std::string, SubcommandHandler>& subcommand_handlers() {
  static const std::map<std::string, SubcommandHandler> table = {
      {"AT_AddColumn", add_column},
      {"AT_AlterColumnType", alter_column_type},
      {"AT_SetNotNull", set_not_null},
      {"AT_ColumnDefault", column_default},
      {"AT_AddConstraint", add_constraint},
      {"AT_ValidateConstraint", validate_constraint},
      {"AT_DropConstraint", drop_constraint},
      {"AT_SetRelOptions", rel_options},
      {"AT_ResetRelOptions", rel_options},
      {"AT_AttachPartition", attach_partition},
      {"AT_DetachPartition", detach_partition},
  };
  return table;
}

std::string analyze_subcommand(const json& cmd, const AlterTarget& t, Analyzer& a) {
  const std::string subtype = text(cmd, "subtype");
  if (const auto it = subcommand_handlers().find(subtype); it != subcommand_handlers().end()) {
    return it->second(cmd, t, a);
  }
  if (const auto it = simple_subcommands().find(subtype); it != simple_subcommands().end()) {
    a.lock(t.rel, it->second.mode, it->second.work);
    return fill_label(it->second.label, text(cmd, "name"));
  }
  // §2: "An ACCESS EXCLUSIVE lock is acquired unless explicitly noted."
  a.lock(t.rel, M::AccessExclusive, Work::Catalog);
  return core::starts_with(subtype, "AT_") ? subtype.substr(3) : subtype;
}

void analyze_alter_table(const json& s, Analyzer& a) {
  AlterTarget t;
  t.rel = range_var(member(s, "relation"));
  t.table = a.table(t.rel.name);
  std::vector<std::string> labels;
  bool validates = false;
  for (const auto& item : items(member(s, "cmds"))) {
    const json& cmd = body(item, "AlterTableCmd");
    validates = validates || text(cmd, "subtype") == "AT_ValidateConstraint";
    labels.push_back(analyze_subcommand(cmd, t, a));
  }
  const RelationLock* target = a.find_lock(t.rel);
  if (validates && target && target->mode == M::AccessExclusive) {
    a.note("VALIDATE bundled with an ACCESS EXCLUSIVE sub-command runs under ACCESS EXCLUSIVE");
  }
  a.result.summary = "ALTER " + object_word(text(s, "objtype")) + " " + t.rel.written + " " + core::join(labels, ", ");
}

// ---------------------------------------------------------------------------------------
// Indexes.

// §2: CREATE INDEX takes SHARE (blocks writes); CONCURRENTLY takes SUE and cannot run in a
// transaction block (§4.1).
void analyze_create_index(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  const bool concurrent = flag(s, "concurrent");
  std::string summary = std::string("CREATE ") + (flag(s, "unique") ? "UNIQUE " : "") + "INDEX ";
  if (concurrent) summary += "CONCURRENTLY ";
  if (!text(s, "idxname").empty()) summary += text(s, "idxname") + " ";
  a.result.summary = summary + "ON " + rel.written;
  if (concurrent) {
    a.lock(rel, M::ShareUpdateExclusive, Work::IndexBuild);
    a.outside_transaction();
    // §4.2: a failed CIC leaves an INVALID index that IF NOT EXISTS would then skip.
    a.note("on failure leaves an INVALID index: drop it before retrying");
  } else {
    a.lock(rel, M::Share, Work::IndexBuild);
  }
}

// The table an index belongs to, when the schema knows the index.
std::optional<RelationRef> table_of_index(const Analyzer& a, const RelationRef& index) {
  const model::Index* found = a.context.schema ? a.context.schema->find_index(index.name) : nullptr;
  if (!found) return std::nullopt;
  return from_model(found->table);
}

bool reindex_is_concurrent(const json& s) {
  for (const auto& item : items(member(s, "params"))) {
    if (text(body(item, "DefElem"), "defname") == "concurrently") return true;
  }
  return false;
}

// §2: REINDEX takes SHARE on the table and ACCESS EXCLUSIVE on each index it rebuilds;
// the planner opens every index of a table, so reads planned on the table wait too.
void reindex_table(const RelationRef& table, Analyzer& a) {
  a.lock(table, M::Share, Work::IndexBuild);
  std::size_t indexes = 0;
  if (a.context.schema) {
    for (const model::Index* index : a.context.schema->indexes_of(table.name)) {
      a.lock(relation_from_parts({index->table.schema, index->name}), M::AccessExclusive, Work::IndexBuild);
      ++indexes;
    }
  }
  if (indexes == 0) {
    // Index names unknown: record the effect on the table (reads block) rather than lose it.
    a.lock(table, M::AccessExclusive, Work::IndexBuild);
    a.note("SHARE on the table + ACCESS EXCLUSIVE on each index: reads of the table block too");
  }
}

void analyze_reindex(const json& s, Analyzer& a) {
  const std::string kind = text(s, "kind");
  const bool concurrent = reindex_is_concurrent(s);
  const std::string object = core::starts_with(kind, "REINDEX_OBJECT_") ? kind.substr(15) : "DATABASE";
  const RelationRef rel = range_var(member(s, "relation"));
  const std::string target = rel.written.empty() ? text(s, "name") : rel.written;
  a.result.summary = "REINDEX " + object + (concurrent ? " CONCURRENTLY " : " ") + target;
  // §4.1: CONCURRENTLY and the schema/database/system forms cannot run in a transaction block.
  if (concurrent || rel.written.empty()) a.outside_transaction();
  if (rel.written.empty()) {
    a.note("locks every table of the " + core::lower(object) + " in turn");
    return;
  }
  if (concurrent) {
    a.lock(rel, M::ShareUpdateExclusive, Work::IndexBuild);  // §2: like CIC + swap
    if (object == "INDEX") {
      if (const auto table = table_of_index(a, rel)) a.lock(*table, M::ShareUpdateExclusive, Work::IndexBuild);
    }
    return;
  }
  if (object == "TABLE") {
    reindex_table(rel, a);
    return;
  }
  a.lock(rel, M::AccessExclusive, Work::IndexBuild);
  if (const auto table = table_of_index(a, rel)) a.lock(*table, M::Share, Work::IndexBuild);
}

// ---------------------------------------------------------------------------------------
// DROP.

// §2: DROP TABLE takes AE on every table it references by FK (their triggers are removed);
// with CASCADE, the FKs of referencing tables are dropped too (AE on those tables).
void lock_fk_neighbours_of_dropped_table(const RelationRef& rel, bool cascade, Analyzer& a) {
  const model::Table* table = a.table(rel.name);
  if (!table) return;
  for (const auto& c : table->constraints) {
    if (c.references) a.lock(from_model(c.references->table), M::AccessExclusive, Work::Catalog);
  }
  if (!cascade) return;
  for (const auto& [referencing, constraint] : a.context.schema->referencing(rel.name)) {
    a.lock(from_model(referencing->name), M::AccessExclusive, Work::Catalog);
  }
}

// §2: DROP INDEX locks table and index AE; CONCURRENTLY uses SUE outside a transaction.
void drop_index(const RelationRef& index, bool concurrent, Analyzer& a) {
  const LockMode mode = concurrent ? M::ShareUpdateExclusive : M::AccessExclusive;
  if (const auto table = table_of_index(a, index)) a.lock(*table, mode, Work::Catalog);
  a.lock(index, mode, Work::Catalog);
  if (concurrent) a.outside_transaction();
}

void analyze_drop(const json& s, Analyzer& a) {
  const std::string type = text(s, "removeType");
  const bool concurrent = flag(s, "concurrent");
  const bool cascade = text(s, "behavior") == "DROP_CASCADE";
  static const std::set<std::string> relation_types = {"OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW",
                                                       "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE"};
  // Objects attached to a table ("trg ON users"): the name list ends with the object.
  static const std::set<std::string> table_member_types = {"OBJECT_TRIGGER", "OBJECT_RULE", "OBJECT_POLICY"};
  std::vector<std::string> names;
  for (const auto& object : items(member(s, "objects"))) {
    std::vector<std::string> parts = string_list(object);
    if (parts.empty()) continue;
    if (table_member_types.count(type) && parts.size() >= 2) {
      const std::string member_name = parts.back();
      parts.pop_back();
      const RelationRef table = relation_from_parts(parts);
      names.push_back(member_name + " ON " + table.written);
      a.lock(table, M::AccessExclusive, Work::Catalog);
      continue;
    }
    names.push_back(core::join(parts, "."));
    if (type == "OBJECT_INDEX") {
      drop_index(relation_from_parts(parts), concurrent, a);
    } else if (relation_types.count(type)) {
      const RelationRef rel = relation_from_parts(parts);
      a.lock(rel, M::AccessExclusive, Work::Catalog);
      if (type == "OBJECT_TABLE") lock_fk_neighbours_of_dropped_table(rel, cascade, a);
    }
  }
  // Functions and types are not plain name lists: their opening words say enough.
  a.result.summary = names.empty() ? leading_words(a.statement.text)
                                   : "DROP " + object_word(type) + (concurrent ? " CONCURRENTLY " : " ") +
                                         core::join(names, ", ");
}

// §2: TRUNCATE takes AE on each listed table (and, with CASCADE, on referencing tables).
void analyze_truncate(const json& s, Analyzer& a) {
  std::vector<RelationRef> rels;
  for (const auto& item : items(member(s, "relations"))) rels.push_back(range_var(body(item, "RangeVar")));
  const bool cascade = text(s, "behavior") == "DROP_CASCADE";
  for (const auto& rel : rels) {
    a.lock(rel, M::AccessExclusive, Work::Catalog);
    if (cascade && a.context.schema) {
      for (const auto& [referencing, constraint] : a.context.schema->referencing(rel.name)) {
        a.lock(from_model(referencing->name), M::AccessExclusive, Work::Catalog);
      }
    }
  }
  a.note("removes every row");
  a.result.summary = "TRUNCATE " + join_written(rels);
}

// ---------------------------------------------------------------------------------------
// Data changes and queries (§1: DML takes ROW EXCLUSIVE, reads ACCESS SHARE).

void analyze_dml(const json& s, Analyzer& a, const std::string& verb) {
  const RelationRef target = range_var(member(s, "relation"));
  a.lock(target, M::RowExclusive, Work::DataChange);
  json rest = s;
  rest.erase("relation");
  lock_read_relations(a, rest, M::AccessShare, Work::Scan);
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

// "0", "0s", "0ms": a timeout of zero disables it. Anything that is not a number (an
// expression we cannot evaluate) counts as a real setting.
bool is_zero_setting(const std::string& value) {
  const char* start = value.c_str();
  char* end = nullptr;
  const double number = std::strtod(start, &end);
  return end != start && number == 0.0;
}

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
  if (a.result.sets_lock_timeout || a.result.sets_statement_timeout) {
    a.result.summary = "SELECT set_config";
  } else {
    a.result.summary = std::string("SELECT") + (rels.empty() ? "" : " FROM " + join_written(rels)) +
                       (locking ? " FOR UPDATE/SHARE" : "");
  }
}

// ---------------------------------------------------------------------------------------
// Creating relations (§2 CREATE TABLE row): the new relation is invisible until commit;
// REFERENCES x takes SRE on x, INHERITS x SUE on x, PARTITION OF x AE on x.

void lock_parents(const json& s, Analyzer& a) {
  const bool partition = !member(s, "partbound").is_null();
  for (const auto& item : items(member(s, "inhRelations"))) {
    const RelationRef parent = range_var(body(item, "RangeVar"));
    a.lock(parent, partition ? M::AccessExclusive : M::ShareUpdateExclusive, Work::Catalog);
  }
  if (partition) a.note("a DEFAULT partition of the parent is locked ACCESS EXCLUSIVE and scanned");
}

void lock_referenced_tables(const json& table_elements, Analyzer& a) {
  for (const auto& element : items(table_elements)) {
    const json& column = body(element, "ColumnDef");
    for (const auto& c : items(member(column, "constraints"))) {
      if (text(body(c, "Constraint"), "contype") == "CONSTR_FOREIGN") {
        a.lock(range_var(member(body(c, "Constraint"), "pktable")), M::ShareRowExclusive, Work::Catalog);
      }
    }
    const json& table_constraint = body(element, "Constraint");
    if (text(table_constraint, "contype") == "CONSTR_FOREIGN") {
      a.lock(range_var(member(table_constraint, "pktable")), M::ShareRowExclusive, Work::Catalog);
    }
  }
}

void analyze_create_table(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  a.lock(rel, M::AccessExclusive, Work::NewRelation, true);
  lock_referenced_tables(member(s, "tableElts"), a);
  lock_parents(s, a);
  std::string summary = "CREATE TABLE " + rel.written;
  if (!member(s, "partbound").is_null()) {
    const auto parents = items(member(s, "inhRelations"));
    if (!parents.empty()) summary += " PARTITION OF " + range_var(body(parents[0], "RangeVar")).written;
  }
  a.result.summary = summary;
}

void analyze_create_table_as(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(member(s, "into"), "rel"));
  a.lock(rel, M::AccessExclusive, Work::NewRelation, true);
  lock_read_relations(a, member(s, "query"), M::AccessShare, Work::Scan);
  const bool matview = text(s, "objtype") == "OBJECT_MATVIEW";
  a.result.summary = (matview ? "CREATE MATERIALIZED VIEW " : "CREATE TABLE ") + rel.written + (matview ? "" : " AS");
}

void analyze_create_view(const json& s, Analyzer& a) {
  const RelationRef view = range_var(member(s, "view"));
  const bool replace = flag(s, "replace");
  // CREATE OR REPLACE of an existing view swaps its definition under AE (§2 general rule).
  if (replace && !a.is_new(view.name)) {
    a.lock(view, M::AccessExclusive, Work::Catalog);
  } else {
    a.lock(view, M::AccessExclusive, Work::NewRelation, true);
  }
  lock_read_relations(a, member(s, "query"), M::AccessShare, Work::Catalog);
  a.result.summary = std::string(replace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ") + view.written;
}

void analyze_create_sequence(const json& s, Analyzer& a) {
  const RelationRef seq = range_var(member(s, "sequence"));
  a.lock(seq, M::AccessExclusive, Work::NewRelation, true);
  a.result.summary = "CREATE SEQUENCE " + seq.written;
}

// ---------------------------------------------------------------------------------------
// Other DDL on existing relations.

// §2: CREATE [OR REPLACE] TRIGGER takes SRE: blocks writes, not reads.
void analyze_create_trigger(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  a.lock(rel, M::ShareRowExclusive, Work::Catalog);
  a.result.summary = std::string(flag(s, "replace") ? "CREATE OR REPLACE TRIGGER " : "CREATE TRIGGER ") +
                     text(s, "trigname") + " ON " + rel.written;
}

// §2: COMMENT ON takes SUE on the relation (comment.c), in every version 11-17.
void analyze_comment(const json& s, Analyzer& a) {
  const std::string type = text(s, "objtype");
  const std::vector<std::string> parts = string_list(member(s, "object"));
  static const std::set<std::string> on_relation = {"OBJECT_TABLE",    "OBJECT_VIEW",     "OBJECT_MATVIEW",
                                                    "OBJECT_INDEX",    "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE"};
  // Objects inside a relation: the name list is the relation's name, then the object's.
  static const std::set<std::string> on_member = {"OBJECT_COLUMN", "OBJECT_TABCONSTRAINT", "OBJECT_TRIGGER",
                                                  "OBJECT_POLICY", "OBJECT_RULE"};
  std::string target = core::join(parts, ".");
  if (on_member.count(type) && parts.size() >= 2) {
    const RelationRef rel = relation_from_parts({parts.begin(), parts.end() - 1});
    a.lock(rel, M::ShareUpdateExclusive, Work::Catalog);
    if (type != "OBJECT_COLUMN") target = parts.back() + " ON " + rel.written;  // "CONSTRAINT c ON users"
  } else if (on_relation.count(type)) {
    a.lock(relation_from_parts(parts), M::ShareUpdateExclusive, Work::Catalog);
  }
  a.result.summary = "COMMENT ON " + object_word(type) + (target.empty() ? "" : " " + target);
}

void analyze_create_statistics(const json& s, Analyzer& a) {
  std::vector<RelationRef> rels;
  for (const auto& item : items(member(s, "relations"))) rels.push_back(range_var(body(item, "RangeVar")));
  for (const auto& rel : rels) a.lock(rel, M::ShareUpdateExclusive, Work::Catalog);  // §2
  a.result.summary = "CREATE STATISTICS ON " + join_written(rels);
}

bool has_option(const json& options, const std::string& name) {
  for (const auto& item : items(options)) {
    if (text(body(item, "DefElem"), "defname") == name) return true;
  }
  return false;
}

// §2: VACUUM/ANALYZE take SUE; VACUUM FULL rewrites under AE. §4.1: no VACUUM form can
// run in a transaction block (ANALYZE alone can).
void analyze_vacuum(const json& s, Analyzer& a) {
  const bool vacuum = flag(s, "is_vacuumcmd");
  const bool full = vacuum && has_option(member(s, "options"), "full");
  std::vector<RelationRef> rels;
  for (const auto& item : items(member(s, "rels"))) {
    rels.push_back(range_var(member(body(item, "VacuumRelation"), "relation")));
  }
  for (const auto& rel : rels) {
    if (full) a.lock(rel, M::AccessExclusive, Work::Rewrite);
    else a.lock(rel, M::ShareUpdateExclusive, vacuum ? Work::Scan : Work::Catalog);
  }
  if (vacuum) a.outside_transaction();
  if (!vacuum) a.note("ANALYZE reads a sample of rows");
  if (rels.empty()) a.note("processes every table of the database in turn");
  a.result.summary = std::string(vacuum ? (full ? "VACUUM FULL" : "VACUUM") : "ANALYZE") +
                     (rels.empty() ? "" : " " + join_written(rels));
}

// §2: CLUSTER rewrites under AE; without a table name it cannot run in a transaction (§4.1).
void analyze_cluster(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  if (rel.written.empty()) {
    a.outside_transaction();
    a.note("re-clusters every previously clustered table, each under ACCESS EXCLUSIVE");
    a.result.summary = "CLUSTER";
    return;
  }
  a.lock(rel, M::AccessExclusive, Work::Rewrite);
  a.result.summary = "CLUSTER " + rel.written;
}

// §2: REFRESH MATERIALIZED VIEW takes AE; CONCURRENTLY takes EXCLUSIVE (reads continue).
void analyze_refresh_matview(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  const bool concurrent = flag(s, "concurrent");
  a.lock(rel, concurrent ? M::Exclusive : M::AccessExclusive, Work::Rewrite);
  a.result.summary = std::string("REFRESH MATERIALIZED VIEW ") + (concurrent ? "CONCURRENTLY " : "") + rel.written;
}

// LOCK TABLE's mode number is PostgreSQL's lock mode number, the same order as LockMode.
void analyze_lock(const json& s, Analyzer& a) {
  const json& mode_number = member(s, "mode");
  const int number = mode_number.is_number_integer() ? mode_number.get<int>() : 8;
  const LockMode mode = static_cast<LockMode>(std::clamp(number, 1, 8));
  std::vector<RelationRef> rels;
  for (const auto& item : items(member(s, "relations"))) rels.push_back(range_var(body(item, "RangeVar")));
  for (const auto& rel : rels) a.lock(rel, mode, Work::Catalog);
  a.note("held until the transaction ends");
  a.result.summary = "LOCK TABLE " + join_written(rels) + " IN " + lock_mode_sql(mode) + " MODE";
}

// §2: RENAME of tables, columns and constraints takes AE; ALTER INDEX RENAME takes SUE
// from PG 12 (commit 1b5d797c), AE in PG 11.
void analyze_rename(const json& s, Analyzer& a) {
  const std::string type = text(s, "renameType");
  const RelationRef rel = range_var(member(s, "relation"));
  const std::string newname = text(s, "newname");
  static const std::set<std::string> relation_renames = {"OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW",
                                                         "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE"};
  if (type == "OBJECT_INDEX") {
    a.lock(rel, a.context.pg_version >= 12 ? M::ShareUpdateExclusive : M::AccessExclusive, Work::Catalog);
    a.result.summary = "ALTER INDEX " + rel.written + " RENAME TO " + newname;
  } else if (relation_renames.count(type)) {
    a.lock(rel, M::AccessExclusive, Work::Catalog);
    a.result.summary = "ALTER " + object_word(type) + " " + rel.written + " RENAME TO " + newname;
  } else if (type == "OBJECT_COLUMN" || type == "OBJECT_TABCONSTRAINT") {
    a.lock(rel, M::AccessExclusive, Work::Catalog);
    // relationType is only meaningful for columns (ALTER VIEW v RENAME COLUMN ...).
    const bool column = type == "OBJECT_COLUMN";
    const std::string owner = column ? object_word(text(s, "relationType")) : "TABLE";
    a.result.summary = "ALTER " + owner + " " + rel.written + " RENAME " + (column ? "COLUMN " : "CONSTRAINT ") +
                       text(s, "subname") + " TO " + newname;
  } else if (!rel.written.empty()) {  // trigger, policy, rule: AE on their table
    a.lock(rel, M::AccessExclusive, Work::Catalog);
    a.result.summary = "ALTER " + object_word(type) + " " + text(s, "subname") + " ON " + rel.written +
                       " RENAME TO " + newname;
  } else {  // functions, types, schemas ...: no table lock
    a.result.summary = leading_words(a.statement.text);
  }
}

void analyze_set_schema(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  const std::string type = object_word(text(s, "objectType"));
  if (rel.written.empty()) {
    a.result.summary = "ALTER " + type + " SET SCHEMA " + text(s, "newschema");
    return;
  }
  a.lock(rel, M::AccessExclusive, Work::Catalog);  // §2
  a.result.summary = "ALTER " + type + " " + rel.written + " SET SCHEMA " + text(s, "newschema");
}

// §2 / §4.1: ADD VALUE locks the type, not tables; PG 11 refuses it in a transaction block,
// PG 12+ allows it but the value is unusable until commit.
void analyze_alter_enum(const json& s, Analyzer& a) {
  const std::string type = core::join(string_list(member(s, "typeName")), ".");
  if (!text(s, "oldVal").empty()) {
    a.result.summary = "ALTER TYPE " + type + " RENAME VALUE";
    return;
  }
  a.result.summary = "ALTER TYPE " + type + " ADD VALUE '" + text(s, "newVal") + "'";
  if (a.context.pg_version < 12) {
    a.outside_transaction();
  } else {
    a.note("the new value cannot be used until the transaction commits");
  }
}

// ---------------------------------------------------------------------------------------
// Session and transaction control.

// A timeout of 0 (or DEFAULT / RESET, normally 0) disables it: that does not count as
// setting one.
bool is_zero_constant(const json& arg) {
  const json& c = body(arg, "A_Const");
  if (c.contains("ival")) {
    const json& value = member(member(c, "ival"), "ival");  // omitted when 0
    return value.is_null() || value.get<long long>() == 0;
  }
  if (c.contains("sval")) return is_zero_setting(text(member(c, "sval"), "sval"));
  if (c.contains("fval")) return is_zero_setting(text(member(c, "fval"), "fval"));
  return false;
}

void analyze_set(const json& s, Analyzer& a) {
  const std::string kind = text(s, "kind");
  const std::string name = text(s, "name");
  const bool local = flag(s, "is_local");
  const json& args = member(s, "args");
  const bool sets_value = kind == "VAR_SET_VALUE" && args.is_array() && !args.empty() && !is_zero_constant(args[0]);
  if (name == "lock_timeout") a.result.sets_lock_timeout = sets_value;
  if (name == "statement_timeout") a.result.sets_statement_timeout = sets_value;
  if (sets_value && !local && (name == "lock_timeout" || name == "statement_timeout")) {
    a.note("SET without LOCAL keeps " + name + " for the rest of the session");
  }
  if (kind == "VAR_RESET" || kind == "VAR_RESET_ALL") {
    a.result.summary = name.empty() ? "RESET ALL" : "RESET " + name;
  } else {
    a.result.summary = std::string(local ? "SET LOCAL " : "SET ") + core::lower(name);
  }
}

void analyze_transaction(const json& s, Analyzer& a) {
  static const std::map<std::string, std::string> words = {
      {"TRANS_STMT_BEGIN", "BEGIN"},           {"TRANS_STMT_START", "START TRANSACTION"},
      {"TRANS_STMT_COMMIT", "COMMIT"},         {"TRANS_STMT_ROLLBACK", "ROLLBACK"},
      {"TRANS_STMT_SAVEPOINT", "SAVEPOINT"},   {"TRANS_STMT_RELEASE", "RELEASE SAVEPOINT"},
      {"TRANS_STMT_ROLLBACK_TO", "ROLLBACK TO SAVEPOINT"}, {"TRANS_STMT_PREPARE", "PREPARE TRANSACTION"},
      {"TRANS_STMT_COMMIT_PREPARED", "COMMIT PREPARED"},   {"TRANS_STMT_ROLLBACK_PREPARED", "ROLLBACK PREPARED"},
  };
  const std::string kind = text(s, "kind");
  const auto it = words.find(kind);
  a.result.summary = it == words.end() ? "TRANSACTION" : it->second;
  static const std::set<std::string> control = {"TRANS_STMT_BEGIN", "TRANS_STMT_START", "TRANS_STMT_COMMIT",
                                                "TRANS_STMT_ROLLBACK"};
  a.result.is_transaction_control = control.count(kind) > 0;
  // §4.1: COMMIT/ROLLBACK PREPARED cannot run inside a transaction block.
  if (kind == "TRANS_STMT_COMMIT_PREPARED" || kind == "TRANS_STMT_ROLLBACK_PREPARED") a.outside_transaction();
}

void analyze_do(const json&, Analyzer& a) {
  a.result.summary = "DO block";
  a.note("locks taken inside the block are not analysed");
}

void analyze_call(const json& s, Analyzer& a) {
  a.result.summary = "CALL " + core::join(string_list(member(member(s, "funccall"), "funcname")), ".");
  a.note("locks taken inside the procedure are not analysed");
}

// ---------------------------------------------------------------------------------------
// Statements that lock no table; §4.1 lists those that cannot run in a transaction block.

void analyze_catalog_only(const json&, Analyzer& a) { a.result.summary = leading_words(a.statement.text); }

void analyze_never_in_transaction(const json&, Analyzer& a) {
  a.result.summary = leading_words(a.statement.text);
  a.outside_transaction();
}

void analyze_alter_database(const json& s, Analyzer& a) {
  a.result.summary = leading_words(a.statement.text);
  if (has_option(member(s, "options"), "tablespace")) a.outside_transaction();
}

void analyze_discard(const json& s, Analyzer& a) {
  a.result.summary = leading_words(a.statement.text);
  if (text(s, "target") == "DISCARD_ALL") a.outside_transaction();
}

// CREATE SUBSCRIPTION creates a replication slot unless told not to (connect = false or
// create_slot = false); creating a slot cannot run in a transaction block (§4.1).
void analyze_create_subscription(const json& s, Analyzer& a) {
  a.result.summary = "CREATE SUBSCRIPTION " + text(s, "subname");
  bool creates_slot = true;
  for (const auto& item : items(member(s, "options"))) {
    const json& def = body(item, "DefElem");
    const std::string name = text(def, "defname");
    const std::string value = core::lower(string_value(member(def, "arg")));
    if ((name == "create_slot" || name == "connect") && (value == "false" || value == "off" || value == "0")) {
      creates_slot = false;
    }
  }
  if (creates_slot) a.outside_transaction();
}

void analyze_drop_subscription(const json& s, Analyzer& a) {
  a.result.summary = "DROP SUBSCRIPTION " + text(s, "subname");
  a.outside_transaction();
  a.note("cannot run in a transaction block while the subscription has a replication slot");
}

void analyze_function(const json& s, Analyzer& a) {
  a.result.summary = std::string(flag(s, "replace") ? "CREATE OR REPLACE " : "CREATE ") +
                     (flag(s, "is_procedure") ? "PROCEDURE " : "FUNCTION ") +
                     core::join(string_list(member(s, "funcname")), ".");
}

// ---------------------------------------------------------------------------------------
// Dispatch.

using StatementHandler = void (*)(const json& body, Analyzer& a);

const std::map<std::string, StatementHandler>& statement_handlers() {
  static const std::map<std::string, StatementHandler> table = {
      {"AlterTableStmt", analyze_alter_table},
      {"IndexStmt", analyze_create_index},
      {"ReindexStmt", analyze_reindex},
      {"DropStmt", analyze_drop},
      {"TruncateStmt", analyze_truncate},
      {"UpdateStmt", analyze_update},
      {"DeleteStmt", analyze_delete},
      {"InsertStmt", analyze_insert},
      {"MergeStmt", analyze_merge},
      {"CopyStmt", analyze_copy},
      {"SelectStmt", analyze_select},
      {"CreateStmt", analyze_create_table},
      {"CreateTableAsStmt", analyze_create_table_as},
      {"ViewStmt", analyze_create_view},
      {"CreateSeqStmt", analyze_create_sequence},
      {"CreateTrigStmt", analyze_create_trigger},
      {"CommentStmt", analyze_comment},
      {"CreateStatsStmt", analyze_create_statistics},
      {"VacuumStmt", analyze_vacuum},
      {"ClusterStmt", analyze_cluster},
      {"RefreshMatViewStmt", analyze_refresh_matview},
      {"LockStmt", analyze_lock},
      {"RenameStmt", analyze_rename},
      {"AlterObjectSchemaStmt", analyze_set_schema},
      {"AlterEnumStmt", analyze_alter_enum},
      {"VariableSetStmt", analyze_set},
      {"TransactionStmt", analyze_transaction},
      {"DoStmt", analyze_do},
      {"CallStmt", analyze_call},
      {"CreateFunctionStmt", analyze_function},
      // No table lock: catalog entries other sessions do not wait on.
      {"CreateEnumStmt", analyze_catalog_only},
      {"CreateDomainStmt", analyze_catalog_only},
      {"CompositeTypeStmt", analyze_catalog_only},
      {"CreateExtensionStmt", analyze_catalog_only},
      {"CreateSchemaStmt", analyze_catalog_only},
      {"GrantStmt", analyze_catalog_only},
      {"GrantRoleStmt", analyze_catalog_only},
      {"CreateRoleStmt", analyze_catalog_only},
      {"AlterFunctionStmt", analyze_catalog_only},
      {"VariableShowStmt", analyze_catalog_only},
      {"AlterDatabaseSetStmt", analyze_catalog_only},
      {"AlterRoleSetStmt", analyze_catalog_only},
      // §4.1: cannot run inside a transaction block.
      {"CreatedbStmt", analyze_never_in_transaction},
      {"DropdbStmt", analyze_never_in_transaction},
      {"CreateTableSpaceStmt", analyze_never_in_transaction},
      {"DropTableSpaceStmt", analyze_never_in_transaction},
      {"AlterSystemStmt", analyze_never_in_transaction},
      {"AlterDatabaseStmt", analyze_alter_database},
      {"DiscardStmt", analyze_discard},
      {"CreateSubscriptionStmt", analyze_create_subscription},
      {"DropSubscriptionStmt", analyze_drop_subscription},
  };
  return table;
}

}  // namespace

StatementAnalysis analyze_statement(const sql::Statement& statement, const Context& context) {
  Analyzer a(statement, context);
  if (!statement.tree.is_object() || statement.tree.empty()) {
    a.result.summary = leading_words(statement.text);
    return a.finish();
  }
  const auto first = statement.tree.begin();
  const std::string kind = first.key();
  if (const auto it = statement_handlers().find(kind); it != statement_handlers().end()) {
    it->second(first.value(), a);
  } else {
    a.result.summary = leading_words(statement.text);
    a.note("locks of " + kind + " are not modelled");
  }
  if (a.result.summary.empty()) a.result.summary = leading_words(statement.text);
  return a.finish();
}

}  // namespace schemashift::analyze
