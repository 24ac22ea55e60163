// Incremental mode (the linter following a migration folder): statements that change or
// remove what earlier statements defined keep the model in step, and tables the model has
// not seen are assumed to exist.
#include "model/schema_loader.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "model/names_from_tree.hpp"
#include "sql/parser.hpp"
#include "sql/source_text.hpp"
#include "sql/types.hpp"

namespace schemashift::model::loader {

using sql::tree::json;
using namespace sql::tree;

namespace {

// Whether a CHECK expression refers to `column` (parsed, so strings and other identifiers
// that merely contain the name do not count).
bool check_mentions(const std::string& check_sql, const std::string& column) {
  const auto tree = sql::parse_statement("SELECT " + check_sql);
  if (!tree) return false;
  std::vector<std::string> referenced;
  collect_column_refs(*tree, referenced);
  return std::find(referenced.begin(), referenced.end(), column) != referenced.end();
}

// A name as SQL spells it: quoted unless it is a plain lower-case identifier.
std::string identifier_sql(const std::string& name) {
  const auto plain_char = [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  };
  const bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                     std::all_of(name.begin(), name.end(), plain_char);
  return plain ? name : "\"" + name + "\"";
}

// `expr` with every reference to identifier `from` spelled `to` (a CHECK expression after
// RENAME COLUMN). Working on tokens keeps string literals and comments untouched.
std::string rename_identifier(const std::string& expr, const std::string& from, const std::string& to) {
  std::string out = expr;
  const sql::SourceText source(expr);
  for (std::size_t i = source.size(); i-- > 0;) {
    const sql::Token& t = source[i];
    const bool quoted = t.kind == sql::TokenKind::QuotedIdentifier && source.text_of(t) == "\"" + from + "\"";
    if (source.is_word(i, from) || quoted) out.replace(t.begin, t.end - t.begin, identifier_sql(to));
  }
  return out;
}

}  // namespace

// A table a migration alters without having created it, and the model has not seen: it
// exists in the database with columns nobody told us about. Only what statements say
// about it from here on is known (created_in_change stays false: it may hold rows).
Table& SchemaLoader::placeholder_table(const QualifiedName& name) {
  Table table;
  table.name = name;
  table.defined_at = statement_location();
  return schema_.tables[name.key()] = std::move(table);
}

// ALTER COLUMN ... TYPE: the column has the new type from now on. A column the model did
// not know (on a placeholder table) is recorded: at least its type is known now.
void SchemaLoader::apply_alter_column_type(Table& table, const json& cmd) {
  const std::string name = cmd.value("name", std::string{});
  TypeRef type = sql::type_from_tree(member(cmd, "def", "ColumnDef", "typeName"));
  type.spelled = type.sql();
  if (Column* column = table.find_column(name)) {
    column->type = std::move(type);
    return;
  }
  Column column;
  column.name = name;
  column.type = std::move(type);
  table.columns.push_back(std::move(column));
}

void SchemaLoader::apply_rename(const json& rename) {
  static const std::set<std::string> relation_types = {"OBJECT_TABLE",   "OBJECT_INDEX",    "OBJECT_VIEW",
                                                       "OBJECT_MATVIEW", "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE"};
  const std::string type = rename.value("renameType", std::string{});
  const QualifiedName relation = relation_name(member(rename, "relation"));
  const std::string from = rename.value("subname", std::string{});
  const std::string to = rename.value("newname", std::string{});
  if (relation_types.count(type)) return rename_relation(relation, to);
  Table* table = schema_.find_table(relation);
  if (!table) return;
  if (type == "OBJECT_COLUMN") rename_column(*table, from, to);
  if (type == "OBJECT_TABCONSTRAINT") rename_constraint(*table, from, to);
}

// ALTER TABLE / INDEX / VIEW ... RENAME TO: PostgreSQL accepts any of these spellings for
// any relation, so the old name is looked up among tables, indexes and other relations.
// The new name stays in the old one's schema.
void SchemaLoader::rename_relation(const QualifiedName& from, const std::string& to) {
  invalidate_index();  // table keys, and the constraint of a renamed index
  if (const auto t = schema_.tables.find(from.key()); t != schema_.tables.end()) {
    Table table = std::move(t->second);
    schema_.tables.erase(t);
    const QualifiedName renamed{table.name.schema, to};
    table.name = renamed;
    schema_.tables[renamed.key()] = std::move(table);
    for (auto& [key, index] : schema_.indexes) {
      if (index.table == from) index.table = renamed;
    }
    for (auto& trigger : schema_.triggers) {
      if (trigger.table == from) trigger.table = renamed;
    }
    for (auto& [key, other] : schema_.tables) {
      for (auto& c : other.constraints) {
        if (c.references && c.references->table == from) c.references->table = renamed;
      }
    }
    return;
  }
  if (const auto i = schema_.indexes.find(from.key()); i != schema_.indexes.end()) {
    Index index = std::move(i->second);
    schema_.indexes.erase(i);
    // Renaming the index of a PRIMARY KEY / UNIQUE / EXCLUDE constraint renames the constraint.
    if (Table* owner = index.backs_constraint ? schema_.find_table(index.table) : nullptr) {
      for (auto& c : owner->constraints) {
        if (c.index_name != index.name) continue;
        if (c.name == index.name) c.name = to;
        c.index_name = to;
      }
    }
    index.name = to;
    schema_.indexes[QualifiedName{index.table.schema, to}.key()] = std::move(index);
    return;
  }
  if (const auto o = schema_.other_relations.find(from.key()); o != schema_.other_relations.end()) {
    const std::string kind = o->second;
    schema_.other_relations.erase(o);
    schema_.other_relations[QualifiedName{from.schema, to}.key()] = kind;
  }
}

// RENAME COLUMN: constraints, indexes, CHECK expressions and other tables' foreign keys
// follow the column, as they do in PostgreSQL (they reference it by number, not name).
void SchemaLoader::rename_column(Table& table, const std::string& from, const std::string& to) {
  if (Column* column = table.find_column(from)) column->name = to;
  for (auto& c : table.constraints) {
    std::replace(c.columns.begin(), c.columns.end(), from, to);
    if (c.kind == ConstraintKind::Check) c.check_sql = rename_identifier(c.check_sql, from, to);
  }
  for (auto& [key, index] : schema_.indexes) {
    if (!(index.table == table.name)) continue;
    for (auto& element : index.elements) {
      if (element.column == from) element.column = to;
    }
    std::replace(index.include.begin(), index.include.end(), from, to);
  }
  for (auto& [key, other] : schema_.tables) {
    for (auto& c : other.constraints) {
      if (c.references && c.references->table == table.name) {
        std::replace(c.references->columns.begin(), c.references->columns.end(), from, to);
      }
    }
  }
}

// RENAME CONSTRAINT of an index-backed constraint renames its index too.
void SchemaLoader::rename_constraint(Table& table, const std::string& from, const std::string& to) {
  invalidate_index();
  for (auto& c : table.constraints) {
    if (c.name != from) continue;
    c.name = to;
    if (c.index_name.empty()) continue;
    const auto i = schema_.indexes.find(QualifiedName{table.name.schema, c.index_name}.key());
    if (i != schema_.indexes.end()) {
      Index index = std::move(i->second);
      schema_.indexes.erase(i);
      index.name = to;
      schema_.indexes[QualifiedName{table.name.schema, to}.key()] = std::move(index);
    }
    c.index_name = to;
  }
}

void SchemaLoader::apply_drop(const json& drop) {
  static const std::set<std::string> other_types = {"OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_SEQUENCE",
                                                    "OBJECT_FOREIGN_TABLE"};
  const std::string type = drop.value("removeType", std::string{});
  const bool cascade = drop.value("behavior", std::string{}) == "DROP_CASCADE";
  for (const auto& object : member(drop, "objects")) {
    const QualifiedName name = name_from_list(string_list(object));
    if (type == "OBJECT_TABLE") drop_table(name, cascade);
    if (type == "OBJECT_INDEX") drop_index(name);
    if (other_types.count(type)) schema_.other_relations.erase(name.key());
  }
}

// DROP TABLE takes its indexes and triggers with it; other tables' foreign keys to it go
// only with CASCADE (without it the statement fails).
void SchemaLoader::drop_table(const QualifiedName& name, bool cascade) {
  if (!schema_.tables.erase(name.key())) return;
  invalidate_index();
  for (auto i = schema_.indexes.begin(); i != schema_.indexes.end();) {
    i = i->second.table == name ? schema_.indexes.erase(i) : std::next(i);
  }
  auto& triggers = schema_.triggers;
  triggers.erase(std::remove_if(triggers.begin(), triggers.end(), [&](const Trigger& t) { return t.table == name; }),
                 triggers.end());
  if (!cascade) return;
  for (auto& [key, other] : schema_.tables) {
    auto& constraints = other.constraints;
    constraints.erase(std::remove_if(constraints.begin(), constraints.end(),
                                     [&](const Constraint& c) { return c.references && c.references->table == name; }),
                      constraints.end());
  }
}

// DROP COLUMN takes the indexes and constraints that use the column with it; other tables'
// foreign keys to it go only with CASCADE.
void SchemaLoader::drop_column(Table& table, const std::string& column, bool cascade) {
  invalidate_index();  // constraints on the column, and with CASCADE other tables' foreign keys
  auto& columns = table.columns;
  columns.erase(std::remove_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == column; }),
                columns.end());
  const auto uses_column = [&](const Constraint& c) {
    if (std::find(c.columns.begin(), c.columns.end(), column) != c.columns.end()) return true;
    return c.kind == ConstraintKind::Check && check_mentions(c.check_sql, column);
  };
  auto& constraints = table.constraints;
  constraints.erase(std::remove_if(constraints.begin(), constraints.end(), uses_column), constraints.end());
  for (auto i = schema_.indexes.begin(); i != schema_.indexes.end();) {
    const bool dropped = i->second.table == table.name && i->second.mentions_column(column);
    i = dropped ? schema_.indexes.erase(i) : std::next(i);
  }
  if (!cascade) return;
  const QualifiedName owner = table.name;
  for (auto& [key, other] : schema_.tables) {
    auto& fks = other.constraints;
    fks.erase(std::remove_if(fks.begin(), fks.end(),
                             [&](const Constraint& c) {
                               const auto& ref = c.references;
                               return ref && ref->table == owner &&
                                      std::find(ref->columns.begin(), ref->columns.end(), column) != ref->columns.end();
                             }),
              fks.end());
  }
}

// DROP CONSTRAINT of a PRIMARY KEY / UNIQUE / EXCLUDE drops its index too.
void SchemaLoader::drop_constraint(Table& table, const std::string& name) {
  auto& constraints = table.constraints;
  const auto it =
      std::find_if(constraints.begin(), constraints.end(), [&](const Constraint& c) { return c.name == name; });
  if (it == constraints.end()) return;
  invalidate_index();
  if (!it->index_name.empty()) schema_.indexes.erase(QualifiedName{table.name.schema, it->index_name}.key());
  constraints.erase(it);
}

// DROP INDEX of a constraint's index fails in PostgreSQL, so such an index stays.
void SchemaLoader::drop_index(const QualifiedName& name) {
  const auto it = schema_.indexes.find(name.key());
  if (it != schema_.indexes.end() && !it->second.backs_constraint) schema_.indexes.erase(it);
}

}  // namespace schemashift::model::loader
