#include "model/schema.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "sql/tree_node.hpp"

#include "sql/parser.hpp"
#include "sql/tree.hpp"

namespace schemashift::model {

namespace {

using sql::tree::json;

bool same_schema(const QualifiedName& a, const QualifiedName& b) {
  return (a.schema.empty() ? "public" : a.schema) == (b.schema.empty() ? "public" : b.schema);
}

// Column names an SQL expression refers to, via PostgreSQL's grammar. nullopt when the
// text does not parse as an expression.
std::optional<std::set<std::string>> expression_columns(const std::string& expr) {
  const auto tree = sql::parse_statement("SELECT " + expr);
  if (!tree) return std::nullopt;
  std::vector<std::string> columns;
  sql::tree::collect_column_refs(*tree, columns);
  return std::set<std::string>(columns.begin(), columns.end());
}

}  // namespace

bool expression_mentions(const std::string& expr, const std::string& column) {
  if (expr.empty()) return false;
  const auto columns = expression_columns(expr);
  // Unparseable text: assume it does mention the column (the cautious answer).
  if (!columns) return true;
  return columns->count(column) > 0;
}

std::string QualifiedName::key() const { return (schema.empty() ? "public" : schema) + "." + name; }

std::string QualifiedName::display() const { return schema.empty() ? name : schema + "." + name; }


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

std::vector<const Table*> Schema::partitions_of(const QualifiedName& table) const {
  std::vector<const Table*> out;
  for (const auto& [key, t] : tables) {
    if (t.partition_of && *t.partition_of == table) out.push_back(&t);
  }
  return out;
}

const Table* Schema::default_partition_of(const QualifiedName& table) const {
  for (const Table* partition : partitions_of(table)) {
    if (partition->default_partition) return partition;
  }
  return nullptr;
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
