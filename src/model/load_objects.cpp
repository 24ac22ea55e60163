// Objects other than tables and indexes: extensions, types, sequences, views, comments,
// functions and triggers (some recorded by name only).
#include "model/schema_loader.hpp"

#include <algorithm>
#include <map>

#include "model/names_from_tree.hpp"
#include "sql/node_text.hpp"
#include "sql/types.hpp"

namespace schemashift::model::loader {

using sql::tree::json;
using namespace sql::tree;

// Objects recorded by name only: extensions, user types, and relations whose names a new
// table or index may not reuse.
void SchemaLoader::load_named_object(const std::string& kind, const json& body) {
  if (kind == "CreateExtensionStmt") {
    const std::string name = body.value("extname", std::string{});
    auto& ext = schema_.extensions;
    if (std::find(ext.begin(), ext.end(), name) == ext.end()) ext.push_back(name);
  } else if (kind == "CreateEnumStmt") {
    const QualifiedName name = name_from_list(string_list(member(body, "typeName")));
    load_type_name(name);
    schema_.enum_labels[name.key()] = string_list(member(body, "vals"));
  } else if (kind == "AlterEnumStmt") {
    load_enum_change(body);
  } else if (kind == "CreateRangeStmt") {
    load_type_name(name_from_list(string_list(member(body, "typeName"))));
  } else if (kind == "CreateDomainStmt") {
    load_type_name(name_from_list(string_list(member(body, "domainname"))));
  } else if (kind == "CompositeTypeStmt") {
    load_type_name(relation_name(member(body, "typevar")));
  } else if (kind == "CreateSeqStmt") {
    schema_.other_relations[relation_name(member(body, "sequence")).key()] = "sequence";
  } else if (kind == "ViewStmt") {
    schema_.other_relations[relation_name(member(body, "view")).key()] = "view";
  } else if (kind == "CreateForeignTableStmt") {
    schema_.other_relations[relation_name(member(body, "base", "relation")).key()] = "foreign table";
  }
}

// A schema file normally describes the end state; a RENAME or DROP of a table, column,
// constraint or index in it would leave the model out of step, so say so.
void SchemaLoader::warn_if_table_changed(const std::string& kind, const json& body) {
  static const std::map<std::string, std::string> table_objects = {
      {"OBJECT_TABLE", "table"}, {"OBJECT_COLUMN", "column"}, {"OBJECT_TABCONSTRAINT", "constraint"},
      {"OBJECT_INDEX", "index"}};
  const bool rename = kind == "RenameStmt";
  const auto object = table_objects.find(body.value(rename ? "renameType" : "removeType", std::string{}));
  if (object != table_objects.end()) warn_unsupported((rename ? "RENAME of a " : "DROP of a ") + object->second);
}

// ALTER TYPE ... ADD VALUE / RENAME VALUE: the labels a literal may take change with it.
void SchemaLoader::load_enum_change(const json& body) {
  const auto labels = schema_.enum_labels.find(name_from_list(string_list(member(body, "typeName"))).key());
  if (labels == schema_.enum_labels.end()) return;
  auto& values = labels->second;
  const std::string old_value = body.value("oldVal", std::string{});
  const std::string new_value = body.value("newVal", std::string{});
  if (!old_value.empty()) {
    std::replace(values.begin(), values.end(), old_value, new_value);
  } else if (std::find(values.begin(), values.end(), new_value) == values.end()) {
    values.push_back(new_value);
  }
}

void SchemaLoader::load_type_name(const QualifiedName& name) {
  const std::string key = name.key();
  auto& types = schema_.types;
  if (std::find(types.begin(), types.end(), key) == types.end()) types.push_back(key);
}

void SchemaLoader::load_create_table_as(const json& create) {
  const QualifiedName name = relation_name(member(create, "into", "rel"));
  if (create.value("objtype", std::string{}) == "OBJECT_MATVIEW") {
    schema_.other_relations[name.key()] = "materialized view";
  } else {
    warn_unsupported("CREATE TABLE " + name.key() + " AS");
  }
}

void SchemaLoader::load_comment(const json& stmt) {
  const std::string type = stmt.value("objtype", std::string{});
  if (type != "OBJECT_TABLE" && type != "OBJECT_COLUMN") return;
  std::vector<std::string> names = string_list(member(stmt, "object"));
  std::optional<std::string> text;
  if (stmt.contains("comment")) text = stmt.value("comment", std::string{});

  std::string column_name;
  if (type == "OBJECT_COLUMN" && !names.empty()) {
    column_name = names.back();
    names.pop_back();
  }
  const QualifiedName table_name = name_from_list(names);
  Table* table = schema_.find_table(table_name);
  if (!table) {
    if (!schema_.other_relations.count(table_name.key())) {  // comments on views are fine
      diags_.warning("unknown-table", statement_location(),
                     "comment on " + table_name.key() + ", which is not defined");
    }
    return;
  }
  if (type == "OBJECT_TABLE") {
    table->comment = text;
    return;
  }
  Column* column = table->find_column(column_name);
  if (!column) {
    diags_.warning("unknown-column", statement_location(),
                   "comment on column " + column_name + " of " + table_name.key() + ", which is not defined");
    return;
  }
  column->comment = text;
}

void SchemaLoader::load_function(const json& stmt) {
  Function function;
  function.name = name_from_list(string_list(member(stmt, "funcname")));
  for (const auto& param : member(stmt, "parameters")) {
    const json& p = member(param, "FunctionParameter");
    const std::string mode = p.value("mode", std::string{});
    // DROP FUNCTION identifies a function by its input arguments only.
    if (mode == "FUNC_PARAM_OUT" || mode == "FUNC_PARAM_TABLE") continue;
    if (!function.signature.empty()) function.signature += ", ";
    function.signature += sql::type_from_tree(member(p, "argType")).sql();
  }
  schema_.functions[function.name.key() + "(" + function.signature + ")"] = std::move(function);
}

void SchemaLoader::load_trigger(const json& stmt) {
  Trigger trigger;
  trigger.name = stmt.value("trigname", std::string{});
  trigger.table = relation_name(member(stmt, "relation"));
  // Keep the statement text (drop_table's down replays it) and where the table name sits
  // in it: the RangeVar's location is its first token; the name runs over `ident(.ident)*`.
  trigger.create_sql = statement_->text;
  const long location = member(stmt, "relation").value("location", -1L);
  if (location >= 0 && static_cast<std::size_t>(location) >= statement_->offset) {
    const sql::Range name = sql::qualified_name_range(source(), static_cast<std::size_t>(location));
    if (name.end > name.begin) {
      trigger.table_begin = name.begin - statement_->offset;
      trigger.table_end = name.end - statement_->offset;
    }
  }
  auto& triggers = schema_.triggers;
  const bool known = std::any_of(triggers.begin(), triggers.end(), [&](const Trigger& t) {
    return t.name == trigger.name && t.table == trigger.table;
  });
  if (!known) triggers.push_back(std::move(trigger));
}

}  // namespace schemashift::model::loader
