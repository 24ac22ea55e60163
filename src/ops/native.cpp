#include "ops/native.hpp"

#include <algorithm>

namespace schemashift::ops::native {

namespace {

json action(const char* kind, json fields) {
  fields["kind"] = kind;
  return fields;
}

json optional_text(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json element(const model::IndexElement& e) {
  return {{"column", e.column.empty() ? json(nullptr) : json(e.column)},
          {"expression", e.expression.empty() ? json(nullptr) : json(e.expression)},
          {"descending", e.descending},
          {"opclass", e.opclass.empty() ? json(nullptr) : json(e.opclass)},
          {"nulls", e.nulls.empty() ? json(nullptr) : json(e.nulls)}};
}

json constraint_fields(const model::Constraint& c) {
  json j = {{"name", c.name}, {"columns", c.columns}};
  switch (c.kind) {
    case model::ConstraintKind::Check: j["expression"] = c.check_sql; break;
    case model::ConstraintKind::ForeignKey:
      j["ref_table"] = table_ref(c.references->table);
      j["ref_columns"] = c.references->columns;
      j["on_delete"] = fk_action(c.references->on_delete);
      j["on_update"] = fk_action(c.references->on_update);
      break;
    default: break;
  }
  return j;
}

// CREATE TABLE and ADD COLUMN set no comment: COMMENT ON COLUMN is a statement of its own
// with its own action (set_column_comment), so the column's comment stays null here.
json column_without_comment(const model::Column& c) {
  json j = column(c);
  j["comment"] = nullptr;
  return j;
}

}  // namespace

json table_ref(const model::QualifiedName& t) {
  return {{"schema", t.schema}, {"name", t.name}, {"qualified", t.schema.empty() ? t.name : t.schema + "." + t.name}};
}

json type(const model::TypeRef& t) {
  return {{"sql", t.sql()}, {"name", t.name}, {"modifiers", t.modifiers}, {"array_dims", t.array_dims},
          {"schema", t.schema}};
}

json column(const model::Column& c) {
  const char* identity = c.identity == model::Identity::Always     ? "always"
                         : c.identity == model::Identity::ByDefault ? "by_default"
                                                                    : nullptr;
  return {{"name", c.name},
          {"type", type(c.type)},
          {"nullable", c.nullable},
          {"default", optional_text(c.default_sql)},
          {"identity", identity ? json(identity) : json(nullptr)},
          {"comment", optional_text(c.comment)}};
}

const char* constraint_type(model::ConstraintKind k) {
  switch (k) {
    case model::ConstraintKind::PrimaryKey: return "primary_key";
    case model::ConstraintKind::Unique: return "unique";
    case model::ConstraintKind::Check: return "check";
    case model::ConstraintKind::ForeignKey: return "foreign_key";
    case model::ConstraintKind::Exclude: return "exclude";
  }
  return "check";
}

const char* fk_action(model::FkAction a) {
  switch (a) {
    case model::FkAction::NoAction: return "no action";
    case model::FkAction::Restrict: return "restrict";
    case model::FkAction::Cascade: return "cascade";
    case model::FkAction::SetNull: return "set null";
    case model::FkAction::SetDefault: return "set default";
  }
  return "no action";
}

json create_table(const model::Table& t, bool if_not_exists) {
  json columns = json::array();
  for (const auto& c : t.columns) columns.push_back(column_without_comment(c));
  json pk = nullptr;
  json uniques = json::array(), checks = json::array(), fks = json::array();
  for (const auto& c : t.constraints) {
    switch (c.kind) {
      case model::ConstraintKind::PrimaryKey: pk = constraint_fields(c); break;
      case model::ConstraintKind::Unique: uniques.push_back(constraint_fields(c)); break;
      case model::ConstraintKind::Check: checks.push_back(constraint_fields(c)); break;
      case model::ConstraintKind::ForeignKey: fks.push_back(constraint_fields(c)); break;
      case model::ConstraintKind::Exclude: return nullptr;  // no framework has it: SQL only
    }
  }
  return action("create_table", {{"table", table_ref(t.name)},
                                 {"columns", columns},
                                 {"primary_key", pk},
                                 {"uniques", uniques},
                                 {"checks", checks},
                                 {"foreign_keys", fks},
                                 {"if_not_exists", if_not_exists}});
}

json drop_table(const model::QualifiedName& t, bool if_exists) {
  return action("drop_table", {{"table", table_ref(t)}, {"if_exists", if_exists}});
}

json rename_table(const model::QualifiedName& t, const std::string& new_name, bool primary_key_generated,
                  const std::vector<std::string>& index_names) {
  // ActiveRecord's index_name(table, column: ...) with the table as the migration names it.
  const std::string convention = "index_" + table_ref(t)["qualified"].get<std::string>() + "_on_";
  const bool conventional = std::any_of(index_names.begin(), index_names.end(), [&](const std::string& name) {
    return name.compare(0, convention.size(), convention) == 0;
  });
  return action("rename_table", {{"table", table_ref(t)},
                                 {"new_name", new_name},
                                 {"primary_key_generated", primary_key_generated},
                                 {"index_named_by_convention", conventional}});
}

json add_column(const model::QualifiedName& t, const model::Column& c, bool if_not_exists) {
  return action("add_column",
                {{"table", table_ref(t)}, {"column", column_without_comment(c)}, {"if_not_exists", if_not_exists}});
}

json drop_column(const model::QualifiedName& t, const std::string& column, bool if_exists) {
  return action("drop_column", {{"table", table_ref(t)}, {"column", column}, {"if_exists", if_exists}});
}

json rename_column(const model::QualifiedName& t, const std::string& column, const std::string& new_name,
                   const std::vector<model::Index>& indexes) {
  const std::string convention = "index_" + t.name + "_on_";
  const bool conventional = std::any_of(indexes.begin(), indexes.end(), [&](const model::Index& ix) {
    return ix.name.compare(0, convention.size(), convention) == 0;
  });
  return action("rename_column", {{"table", table_ref(t)},
                                  {"column", column},
                                  {"new_name", new_name},
                                  {"index_named_by_convention", conventional}});
}

json alter_column_type(const model::QualifiedName& t, const std::string& column, const model::TypeRef& to,
                       const std::optional<std::string>& using_sql) {
  return action("alter_column_type",
                {{"table", table_ref(t)}, {"column", column}, {"type", type(to)}, {"using", optional_text(using_sql)}});
}

json set_not_null(const model::QualifiedName& t, const std::string& column) {
  return action("set_not_null", {{"table", table_ref(t)}, {"column", column}});
}

json drop_not_null(const model::QualifiedName& t, const std::string& column) {
  return action("drop_not_null", {{"table", table_ref(t)}, {"column", column}});
}

json set_default(const model::QualifiedName& t, const std::string& column, const std::string& default_sql) {
  return action("set_default", {{"table", table_ref(t)}, {"column", column}, {"default", default_sql}});
}

json drop_default(const model::QualifiedName& t, const std::string& column) {
  return action("drop_default", {{"table", table_ref(t)}, {"column", column}});
}

json create_index(const model::Index& ix, bool concurrently, bool if_not_exists) {
  json elements = json::array();
  bool expressions = false;
  for (const auto& e : ix.elements) {
    elements.push_back(element(e));
    expressions |= !e.expression.empty();
  }
  return action("create_index", {{"table", table_ref(ix.table)},
                                 {"name", ix.name},
                                 {"unique", ix.unique},
                                 {"concurrently", concurrently},
                                 {"if_not_exists", if_not_exists},
                                 {"method", ix.method},
                                 {"elements", elements},
                                 {"has_expressions", expressions},
                                 {"include", ix.include},
                                 {"where", ix.where_sql.empty() ? json(nullptr) : json(ix.where_sql)}});
}

json drop_index(const model::QualifiedName& index, const model::QualifiedName& table, bool concurrently,
                bool if_exists) {
  return action("drop_index", {{"index", table_ref(index)},
                               {"name", index.name},
                               {"table", table_ref(table)},
                               {"concurrently", concurrently},
                               {"if_exists", if_exists}});
}

json add_constraint(const model::QualifiedName& t, const model::Constraint& c, bool not_valid) {
  const char* kind = c.kind == model::ConstraintKind::PrimaryKey ? "add_primary_key"
                     : c.kind == model::ConstraintKind::Unique   ? "add_unique"
                     : c.kind == model::ConstraintKind::Check    ? "add_check"
                     : c.kind == model::ConstraintKind::ForeignKey ? "add_foreign_key"
                                                                   : nullptr;
  if (!kind) return nullptr;
  json j = constraint_fields(c);
  j["table"] = table_ref(t);
  j["not_valid"] = not_valid;
  return action(kind, j);
}

json add_unique_using_index(const model::QualifiedName& t, const std::string& name, const std::string& index) {
  return action("add_unique_using_index", {{"table", table_ref(t)}, {"name", name}, {"index", index}});
}

json validate_constraint(const model::QualifiedName& t, const std::string& name, model::ConstraintKind kind) {
  if (kind == model::ConstraintKind::Exclude) return nullptr;  // no framework has EXCLUDE: SQL only
  return action("validate_constraint", {{"table", table_ref(t)}, {"name", name}, {"constraint", constraint_type(kind)}});
}

json drop_constraint(const model::QualifiedName& t, const std::string& name, model::ConstraintKind kind,
                     bool if_exists) {
  if (kind == model::ConstraintKind::Exclude) return nullptr;  // no framework has EXCLUDE: SQL only
  return action("drop_constraint", {{"table", table_ref(t)},
                                    {"name", name},
                                    {"constraint", constraint_type(kind)},
                                    {"if_exists", if_exists}});
}

json set_column_comment(const model::QualifiedName& t, const std::string& column,
                        const std::optional<std::string>& comment) {
  return action("set_column_comment", {{"table", table_ref(t)}, {"column", column}, {"comment", optional_text(comment)}});
}

json set_table_comment(const model::QualifiedName& t, const std::optional<std::string>& comment) {
  return action("set_table_comment", {{"table", table_ref(t)}, {"comment", optional_text(comment)}});
}

}  // namespace schemashift::ops::native
