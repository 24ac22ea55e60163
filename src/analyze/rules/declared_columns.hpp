#pragma once
// Columns whose declared type the type-hygiene rules judge (prefer-bigint-over-int,
// prefer-identity, prefer-timestamptz, prefer-text-field, prefer-jsonb): the columns of
// CREATE TABLE, ALTER TABLE ... ADD COLUMN, and the new type of ALTER COLUMN ... TYPE.
// New tables are included on purpose: a type is cheapest to fix before the table has rows.
#include <memory>
#include <string>
#include <vector>

#include "analyze/rule.hpp"
#include "sql/tree.hpp"
#include "sql/types.hpp"

namespace schemashift::analyze {

struct DeclaredColumn {
  std::string table;        // as written
  std::string column;
  model::TypeRef type;      // canonical: "integer" and "int" are both int4; "serial" stays serial
  long long location = -1;  // of the type name in the script
};

inline void add_declared_column(const std::string& table, const sql::tree::json& column_def,
                                std::vector<DeclaredColumn>& out) {
  const sql::tree::json& type_name = sql::tree::member(column_def, "typeName");
  if (!type_name.is_object()) return;
  out.push_back({table, sql::tree::text(column_def, "colname"), sql::type_from_tree(type_name), sql::tree::location(type_name)});
}

inline std::vector<DeclaredColumn> read_declared_columns(const StatementView& s) {
  std::vector<DeclaredColumn> out;
  if (s.kind != "CreateStmt" && s.kind != "AlterTableStmt") return out;
  const std::string table = written_relation(sql::tree::member(s.node, "relation"));
  if (s.kind == "CreateStmt") {
    for (const auto& element : sql::tree::items(sql::tree::member(s.node, "tableElts"))) {
      add_declared_column(table, sql::tree::body(element, "ColumnDef"), out);
    }
  } else if (s.kind == "AlterTableStmt") {
    for (const sql::tree::json* cmd : alter_commands(s.node)) {
      const std::string subtype = sql::tree::text(*cmd, "subtype");
      const sql::tree::json& def = sql::tree::body(sql::tree::member(*cmd, "def"), "ColumnDef");
      if (subtype == "AT_AddColumn") add_declared_column(table, def, out);
      if (subtype == "AT_AlterColumnType") {
        // The ColumnDef of ALTER COLUMN TYPE carries no name: it is the command's.
        const std::size_t before = out.size();
        add_declared_column(table, def, out);
        if (out.size() > before) out.back().column = sql::tree::text(*cmd, "name");
      }
    }
  }
  return out;
}

inline const std::vector<DeclaredColumn>& declared_columns(const StatementView& s) {
  if (!s.declared_columns) s.declared_columns = std::make_shared<const std::vector<DeclaredColumn>>(read_declared_columns(s));
  return *s.declared_columns;
}

// True for a type from pg_catalog (no schema) named `name`, or an array of it.
inline bool is_builtin(const model::TypeRef& type, const char* name) {
  return type.schema.empty() && type.name == name;
}

}  // namespace schemashift::analyze
