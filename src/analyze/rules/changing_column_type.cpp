// ALTER COLUMN ... TYPE that rewrites (or may rewrite) an existing table (seed anti-pattern).
// Binary-coercible changes (varchar(50) -> varchar(100), varchar -> text, numeric precision
// increase) are catalog-only and not flagged: the statement analyser decides, from the
// column's current type as the schema knows it.
#include "analyze/rule.hpp"
#include "sql/tree.hpp"
#include "sql/types.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "changing-column-type";
  r.severity = Severity::Error;
  r.impact = Impact::Blocking;
  r.summary = "ALTER COLUMN ... TYPE that rewrites an existing table (not binary-coercible changes)";
  r.rationale =
      "ALTER COLUMN TYPE holds ACCESS EXCLUSIVE for its whole duration (postgres-facts.md §2): no reads, no "
      "writes. Unless the old type is binary-coercible to the new one and USING does not change the contents, "
      "PostgreSQL rewrites the whole table and rebuilds its indexes (§3.2): minutes to hours on a large "
      "table, and up to twice the disk space. varchar(n) -> varchar(m >= n), varchar -> text and numeric "
      "precision increases are catalog-only and not flagged, but only when the current type is known: lint "
      "the migration folder in order (earlier files define it) or give the schema. timestamp <-> timestamptz "
      "is catalog-only on PostgreSQL 12+ when the session TimeZone is UTC (SET timezone = 'UTC' earlier in "
      "the file or transaction; PostgreSQL's TimestampTimestampTzRequiresRewrite): only the indexes on the "
      "column are rebuilt, still under ACCESS EXCLUSIVE, so that is flagged when the column has indexes. "
      "Narrowing casts also fail on, or silently round, existing values.";
  r.safe_alternative =
      "Expand/contract: add a new column with the new type, write to both (trigger or application), backfill "
      "in batches, switch reads, then drop the old column in a contract migration. For a length limit, "
      "prefer text plus a CHECK (length(c) <= n) NOT VALID constraint validated separately.";
  r.bad = {{"ALTER TABLE users ALTER COLUMN id TYPE bigint;"},
           {"ALTER TABLE users ADD COLUMN code varchar(20);\nALTER TABLE users ALTER COLUMN code TYPE varchar(10);"},
           {"ALTER TABLE users ADD COLUMN name varchar(50);\n"
            "ALTER TABLE users ALTER COLUMN name TYPE varchar(100) USING upper(name);", true},
           {"ALTER TABLE events ADD COLUMN at timestamp;\nALTER TABLE events ALTER COLUMN at TYPE timestamptz;", true},
           {"ALTER TABLE events ADD COLUMN at timestamp;\nSET timezone = 'UTC';\n"
            "ALTER TABLE events ALTER COLUMN at TYPE timestamptz;", true, false, 11},
           {"ALTER TABLE events ADD COLUMN at timestamptz;\nCREATE INDEX events_at_idx ON events (at);\n"
            "SET LOCAL TIME ZONE 'Etc/UTC';\nALTER TABLE events ALTER COLUMN at TYPE timestamp;", true}};
  r.good = {{"ALTER TABLE users ADD COLUMN name varchar(50);\n"
             "ALTER TABLE users ALTER COLUMN name TYPE varchar(100);"},
            {"ALTER TABLE users ADD COLUMN bio varchar(200);\nALTER TABLE users ALTER COLUMN bio TYPE text;"},
            {"ALTER TABLE prices ADD COLUMN amount numeric(10,2);\n"
             "ALTER TABLE prices ALTER COLUMN amount TYPE numeric(12,2);"},
            {"CREATE TABLE users (id integer);\nALTER TABLE users ALTER COLUMN id TYPE bigint;", true},
            {"ALTER TABLE events ADD COLUMN at timestamp;\nSET timezone = 'UTC';\n"
             "ALTER TABLE events ALTER COLUMN at TYPE timestamptz;", true},
            {"ALTER TABLE events ADD COLUMN at timestamptz(3);\nSELECT set_config('timezone', 'GMT', true);\n"
             "ALTER TABLE events ALTER COLUMN at TYPE timestamp;", true}};
  return r;
}

bool has_note(const StatementAnalysis& a, const std::string& text) {
  for (const auto& n : a.notes) {
    if (n.find(text) != std::string::npos) return true;
  }
  return false;
}

std::optional<model::TypeRef> current_type(const LintState& state, const model::QualifiedName& table,
                                           const std::string& column) {
  const model::Table* t = state.schema ? state.schema->find_table(table) : nullptr;
  const model::Column* c = t ? t->find_column(column) : nullptr;
  if (!c) return std::nullopt;
  return c->type;
}

bool is_integer(const std::string& t) { return t == "int2" || t == "int4" || t == "int8"; }
int integer_width(const std::string& t) { return t == "int2" ? 2 : t == "int4" ? 4 : 8; }
bool is_text_like(const std::string& t) { return t == "text" || t == "varchar" || t == "bpchar"; }

// What existing values risk when the conversion narrows the type ("" when nothing obvious).
std::string narrowing_risk(const model::TypeRef& from, const model::TypeRef& to) {
  if (from.array_dims != 0 || to.array_dims != 0) return {};
  if (is_text_like(from.name) && (to.name == "varchar" || to.name == "bpchar") && !to.modifiers.empty()) {
    const long limit = to.modifiers.front();
    const bool wider = (from.name == "varchar" || from.name == "bpchar") && !from.modifiers.empty() &&
                       from.modifiers.front() <= limit;
    if (!wider) return "fails if any existing value is longer than " + std::to_string(limit) + " characters";
  }
  if (is_integer(from.name) && is_integer(to.name) && integer_width(to.name) < integer_width(from.name)) {
    return "fails if any existing value is out of range for " + to.sql();
  }
  if (from.name == "numeric" && is_integer(to.name)) return "rounds away the fraction of existing values (data loss)";
  if (from.name == "numeric" && to.name == "numeric" && to.modifiers.size() == 2 &&
      (from.modifiers.size() < 2 || to.modifiers[1] < from.modifiers[1])) {
    return "rounds existing values to " + std::to_string(to.modifiers[1]) + " decimal places (data loss)";
  }
  if ((from.name == "float8" || from.name == "numeric") && to.name == "float4") return "loses precision (data loss)";
  if ((from.name == "timestamp" || from.name == "timestamptz") && to.name == "date") {
    return "drops the time of day of existing values (data loss)";
  }
  return {};
}

RuleHit hit_for(const json& cmd, const std::string& table, const std::optional<model::TypeRef>& old_type,
                const model::TypeRef& new_type, const StatementAnalysis& a, int pg_version) {
  const std::string column = text(cmd, "name");
  RuleHit hit;
  hit.relation = table;
  hit.location = location(body(member(cmd, "def"), "ColumnDef"));
  const std::string change = "ALTER COLUMN " + column + " TYPE " + new_type.sql();
  if (!old_type) {
    hit.message = change + " on existing table " + table + ": the current type of " + column +
                  " is unknown, so a full table rewrite under ACCESS EXCLUSIVE is assumed (reads and writes wait)";
    hit.help = "if the change is binary-coercible (varchar(n) -> varchar(m >= n), varchar -> text, numeric precision "
               "increase) it is catalog-only: lint the whole migration folder in order, or give the current schema "
               "(--schema), so the current type is known; otherwise add a new column, backfill it in batches and "
               "switch over (expand/contract)";
    return hit;
  }
  const bool using_rewrites = has_note(a, "USING expression changes the column contents");
  hit.message = change + " rewrites existing table " + table + " and its indexes under ACCESS EXCLUSIVE (" +
                old_type->sql() + " -> " + new_type.sql() +
                (using_rewrites ? ", USING computes new contents" : ", not binary-coercible") +
                "): reads and writes wait";
  const std::string risk = narrowing_risk(*old_type, new_type);
  if (!risk.empty()) hit.message += "; the conversion " + risk;
  hit.help = "add a new " + new_type.sql() + " column, keep it in step (trigger or application), backfill in batches, "
             "switch reads, then drop " + column + " in a contract migration";
  if (!using_rewrites && sql::is_time_zone_conversion(*old_type, new_type) && pg_version >= 12) {
    hit.help = "if the stored values are UTC times, SET LOCAL timezone = 'UTC' earlier in the transaction: PostgreSQL "
               "12+ then converts without a rewrite and only rebuilds the indexes on " + column +
               " (the conversion reads timestamp values in the session TimeZone, so this also decides their "
               "meaning); otherwise " + hit.help;
  }
  return hit;
}

// timestamp <-> timestamptz with the session TimeZone at UTC (PostgreSQL 12+), or a
// binary-coercible change of a column with an expression or partial index: the rows stay,
// the indexes on the column are rebuilt, still under ACCESS EXCLUSIVE.
RuleHit index_rebuild_hit(const json& cmd, const std::string& table, const model::TypeRef& old_type,
                          const model::TypeRef& new_type) {
  const std::string column = text(cmd, "name");
  RuleHit hit;
  hit.relation = table;
  hit.location = location(body(member(cmd, "def"), "ColumnDef"));
  // The rows stay either because the session TimeZone is UTC (timestamp <-> timestamptz)
  // or because the change is binary-coercible; an index with an expression or a predicate
  // on the column is rebuilt all the same (statements/alter_column.cpp).
  const std::string why = sql::is_time_zone_conversion(old_type, new_type) ? "session TimeZone UTC" : "binary-coercible";
  hit.message = "ALTER COLUMN " + column + " TYPE " + new_type.sql() + " on existing table " + table + " (" +
                old_type.sql() + " -> " + new_type.sql() + ", " + why + ": no table rewrite) rebuilds the indexes on " +
                column + " under ACCESS EXCLUSIVE: reads and writes wait";
  hit.help = "on a large table: add a new " + new_type.sql() + " column, backfill it in batches and build its indexes "
             "CONCURRENTLY, then switch over (expand/contract)";
  return hit;
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "AlterTableStmt") return;
  const std::string table = written_relation(member(s.node, "relation"));
  for (const json* cmd : alter_commands(s.node)) {
    if (text(*cmd, "subtype") != "AT_AlterColumnType") continue;
    const StatementAnalysis alone = analyze_alone(s, *cmd, state);
    const RelationLock* lock = lock_on(alone, table);
    if (!lock || !is_existing(*lock) || lock->work == Work::Catalog) continue;
    const auto old_type = current_type(state, model::relation_name(member(s.node, "relation")), text(*cmd, "name"));
    const model::TypeRef new_type = sql::type_from_tree(member(body(member(*cmd, "def"), "ColumnDef"), "typeName"));
    if (lock->work == Work::IndexBuild && old_type) {
      out.push_back(index_rebuild_hit(*cmd, table, *old_type, new_type));
    } else {
      out.push_back(hit_for(*cmd, table, old_type, new_type, alone, state.pg_version));
    }
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(changing_column_type, schemashift::analyze::info(), schemashift::analyze::check)
