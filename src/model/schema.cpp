#include "model/schema.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "sql/parser.hpp"
#include "sql/quote.hpp"

namespace schemashift::model {

namespace {

using nlohmann::json;

// Schema-less built-in types whose preferred spelling differs from the catalog name.
const std::map<std::string, std::string>& builtin_spellings() {
  static const std::map<std::string, std::string> spellings = {
      {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"},
      {"float4", "real"},   {"float8", "double precision"}, {"bool", "boolean"},
  };
  return spellings;
}

// Catalog types that are written bare: quoting "interval" or "time" would still work but
// reads oddly, and quote_ident would quote them because they are (non-reserved) keywords.
const std::set<std::string>& bare_builtin_names() {
  static const std::set<std::string> names = {
      "varchar", "bpchar", "numeric", "text", "uuid", "json", "jsonb", "bytea", "date",
      "time", "timetz", "timestamp", "timestamptz", "interval", "bit", "varbit", "money",
      "inet", "cidr", "macaddr", "macaddr8", "xml", "tsvector", "tsquery", "point", "line",
      "lseg", "box", "path", "polygon", "circle", "oid", "regclass", "pg_lsn", "name",
      "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
  };
  return names;
}

std::string join_modifiers(const std::vector<long>& mods) {
  std::string out;
  for (std::size_t i = 0; i < mods.size(); ++i) {
    if (i) out += ",";
    out += std::to_string(mods[i]);
  }
  return out;
}

// interval typmods are {range mask[, precision]}; the mask bits are PostgreSQL's
// INTERVAL_MASK(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND).
std::string interval_sql(const std::vector<long>& mods) {
  static const std::map<long, const char*> ranges = {
      {4, "year"}, {2, "month"}, {8, "day"}, {1024, "hour"}, {2048, "minute"}, {4096, "second"},
      {6, "year to month"}, {1032, "day to hour"}, {3080, "day to minute"},
      {7176, "day to second"}, {3072, "hour to minute"}, {7168, "hour to second"},
      {6144, "minute to second"},
  };
  std::string out = "interval";
  if (mods.empty()) return out;
  const auto range = ranges.find(mods[0]);
  if (range != ranges.end()) out += std::string(" ") + range->second;
  if (mods.size() > 1) out += "(" + std::to_string(mods[1]) + ")";
  return out;
}

std::string builtin_or_user_type_sql(const TypeRef& t) {
  if (t.schema.empty()) {
    if (t.name == "interval") return interval_sql(t.modifiers);
    const std::string mods = t.modifiers.empty() ? "" : "(" + join_modifiers(t.modifiers) + ")";
    // bpchar without a length is the unlimited blank-padded type; with one it is char(n).
    if (t.name == "bpchar") return t.modifiers.empty() ? "bpchar" : "char" + mods;
    const auto spelled = builtin_spellings().find(t.name);
    if (spelled != builtin_spellings().end()) return spelled->second + mods;
    if (bare_builtin_names().count(t.name)) return t.name + mods;
    return sql::quote_ident(t.name) + mods;
  }
  std::string out = sql::quote_ident(t.schema) + "." + sql::quote_ident(t.name);
  if (!t.modifiers.empty()) out += "(" + join_modifiers(t.modifiers) + ")";
  return out;
}

bool same_schema(const QualifiedName& a, const QualifiedName& b) {
  return (a.schema.empty() ? "public" : a.schema) == (b.schema.empty() ? "public" : b.schema);
}

// node[key] by reference, or a null value (iterates as empty) when the key is absent.
// Unlike json::value(key, default) this neither copies the subtree nor dangles.
const json& member(const json& node, const char* key) {
  static const json absent;
  if (!node.is_object()) return absent;
  const auto it = node.find(key);
  return it == node.end() ? absent : *it;
}

// Column names an SQL expression refers to, via PostgreSQL's grammar. nullopt when the
// text does not parse as an expression.
std::optional<std::set<std::string>> expression_columns(const std::string& expr) {
  const auto tree = sql::parse_statement("SELECT " + expr);
  if (!tree) return std::nullopt;
  std::set<std::string> columns;
  std::vector<const json*> pending = {&*tree};
  while (!pending.empty()) {
    const json* node = pending.back();
    pending.pop_back();
    if (node->is_object()) {
      if (node->contains("ColumnRef")) {
        const json& fields = member((*node)["ColumnRef"], "fields");
        if (!fields.empty() && fields.back().contains("String")) {
          columns.insert(fields.back()["String"].value("sval", std::string{}));
        }
      }
      for (const auto& item : node->items()) pending.push_back(&item.value());
    } else if (node->is_array()) {
      for (const auto& element : *node) pending.push_back(&element);
    }
  }
  return columns;
}

bool expression_mentions(const std::string& expr, const std::string& column) {
  if (expr.empty()) return false;
  const auto columns = expression_columns(expr);
  // Unparseable text: assume it does mention the column (the cautious answer).
  if (!columns) return true;
  return columns->count(column) > 0;
}

}  // namespace

std::string QualifiedName::key() const { return (schema.empty() ? "public" : schema) + "." + name; }

std::string TypeRef::sql() const {
  std::string out = builtin_or_user_type_sql(*this);
  for (int i = 0; i < array_dims; ++i) out += "[]";
  return out;
}

bool Index::mentions_column(const std::string& column) const {
  for (const auto& element : elements) {
    if (element.column == column) return true;
    if (expression_mentions(element.expression, column)) return true;
  }
  if (std::find(include.begin(), include.end(), column) != include.end()) return true;
  return expression_mentions(where_sql, column);
}

const Column* Table::find_column(const std::string& n) const {
  for (const auto& c : columns) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

Column* Table::find_column(const std::string& n) {
  return const_cast<Column*>(static_cast<const Table*>(this)->find_column(n));
}

const Constraint* Table::find_constraint(const std::string& n) const {
  for (const auto& c : constraints) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

const Constraint* Table::primary_key() const {
  for (const auto& c : constraints) {
    if (c.kind == ConstraintKind::PrimaryKey) return &c;
  }
  return nullptr;
}

const Table* Schema::find_table(const QualifiedName& n) const {
  const auto it = tables.find(n.key());
  return it == tables.end() ? nullptr : &it->second;
}

Table* Schema::find_table(const QualifiedName& n) {
  const auto it = tables.find(n.key());
  return it == tables.end() ? nullptr : &it->second;
}

const Index* Schema::find_index(const QualifiedName& n) const {
  const auto it = indexes.find(n.key());
  return it == indexes.end() ? nullptr : &it->second;
}

std::vector<const Index*> Schema::indexes_of(const QualifiedName& table) const {
  std::vector<const Index*> out;
  for (const auto& [key, index] : indexes) {
    if (index.table == table) out.push_back(&index);
  }
  return out;
}

std::vector<const Trigger*> Schema::triggers_of(const QualifiedName& table) const {
  std::vector<const Trigger*> out;
  for (const auto& trigger : triggers) {
    if (trigger.table == table) out.push_back(&trigger);
  }
  return out;
}

std::string Trigger::create_sql_on(const std::string& table_sql) const {
  if (create_sql.empty()) return {};
  if (table_begin >= table_end || table_end > create_sql.size()) return create_sql;
  return create_sql.substr(0, table_begin) + table_sql + create_sql.substr(table_end);
}

bool Schema::relation_name_taken(const QualifiedName& n) const {
  const std::string key = n.key();
  if (tables.count(key) || indexes.count(key) || other_relations.count(key)) return true;
  // PostgreSQL also refuses a new index-backed constraint whose name another constraint in
  // the schema already uses, so constraint names count too.
  for (const auto& [table_key, table] : tables) {
    if (same_schema(table.name, n) && table.find_constraint(n.name)) return true;
  }
  return false;
}

bool Schema::constraint_name_taken(const QualifiedName& table, const std::string& name) const {
  const Table* t = find_table(table);
  return t && t->find_constraint(name);
}

std::vector<std::pair<const Table*, const Constraint*>> Schema::referencing(const QualifiedName& table,
                                                                             const std::string& column) const {
  std::vector<std::pair<const Table*, const Constraint*>> out;
  for (const auto& [key, t] : tables) {
    for (const auto& c : t.constraints) {
      if (c.kind != ConstraintKind::ForeignKey || !c.references || !(c.references->table == table)) continue;
      const auto& cols = c.references->columns;
      if (column.empty() || std::find(cols.begin(), cols.end(), column) != cols.end()) out.emplace_back(&t, &c);
    }
  }
  return out;
}

const char* fk_action_sql(FkAction a) {
  switch (a) {
    case FkAction::NoAction: return "NO ACTION";
    case FkAction::Restrict: return "RESTRICT";
    case FkAction::Cascade: return "CASCADE";
    case FkAction::SetNull: return "SET NULL";
    case FkAction::SetDefault: return "SET DEFAULT";
  }
  return "NO ACTION";
}

}  // namespace schemashift::model
