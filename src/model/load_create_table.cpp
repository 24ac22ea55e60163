// CREATE TABLE and the column definitions it shares with ALTER TABLE ADD COLUMN: types,
// serial and identity columns, defaults, NOT NULL.
#include "model/schema_loader.hpp"

#include "model/names_from_tree.hpp"
#include "model/object_names.hpp"
#include "sql/types.hpp"

namespace schemashift::model::loader {

using sql::tree::json;
using namespace sql::tree;

namespace {

// serial types are not types: integer columns owning a sequence (CREATE TABLE, ADD COLUMN).
std::optional<std::string> serial_base_type(const TypeRef& t) {
  if (!t.schema.empty() || !t.modifiers.empty() || t.array_dims != 0) return std::nullopt;
  if (t.name == "serial" || t.name == "serial4") return "int4";
  if (t.name == "bigserial" || t.name == "serial8") return "int8";
  if (t.name == "smallserial" || t.name == "serial2") return "int2";
  return std::nullopt;
}

}  // namespace

void SchemaLoader::load_create_table(const json& create) {
  const QualifiedName name = relation_name(member(create, "relation"));
  if (schema_.find_table(name)) {
    if (!create.value("if_not_exists", false)) {
      diags_.error("duplicate-table", statement_location(), "table " + name.key() + " is created twice");
    }
    return;
  }
  if (relation_exists(schema_, name)) {
    const std::string existing = schema_.indexes.count(name.key()) ? "index" : schema_.other_relations.at(name.key());
    diags_.error("duplicate-relation", statement_location(),
                 "table " + name.key() + " uses the name of an existing " + existing);
    return;
  }
  if (create.contains("inhRelations")) {
    warn_unsupported(create.contains("partbound") ? "partition " + name.key() + " (PARTITION OF)"
                                                  : "inheritance of " + name.key() + " (INHERITS)");
  }
  if (create.contains("partspec")) warn_unsupported("partitioning of " + name.key() + " (PARTITION BY)");

  Table table;
  table.name = name;
  table.defined_at = statement_location();
  std::vector<PendingConstraint> pending;
  for (const auto& element : member(create, "tableElts")) {
    if (element.contains("ColumnDef")) {
      table.columns.push_back(make_column(table, member(element, "ColumnDef"), pending));
    } else if (element.contains("Constraint")) {
      pending.push_back({&member(element, "Constraint"), {}, SIZE_MAX});
    } else if (element.contains("TableLikeClause")) {
      warn_unsupported("LIKE in table " + name.key());
    }
  }
  Table& stored = schema_.tables[name.key()] = std::move(table);
  add_constraints(stored, pending);
}

Column SchemaLoader::make_column(const Table& table, const json& column_def, std::vector<PendingConstraint>& pending) {
  Column column;
  column.name = column_def.value("colname", std::string{});
  column.type = sql::type_from_tree(member(column_def, "typeName"));
  if (const auto base = serial_base_type(column.type)) {
    column.type.name = *base;
    column.nullable = false;
    const std::string sequence = choose_name(schema_, table.name, column.name, "seq", NameSpace::Relation);
    const std::string qualified = table.name.schema.empty() ? sequence : table.name.schema + "." + sequence;
    column.default_sql = "nextval('" + qualified + "'::regclass)";
    register_sequence(table.name, sequence);
  }
  column.type.spelled = column.type.sql();

  const json& constraints = member(column_def, "constraints");
  for (std::size_t i = 0; i < constraints.size(); ++i) {
    const json& con = member(constraints[i], "Constraint");
    const std::size_t next_clause =
        i + 1 < constraints.size() ? member(constraints[i + 1], "Constraint").value("location", SIZE_MAX) : SIZE_MAX;
    const std::string type = con.value("contype", std::string{});
    if (type == "CONSTR_NOTNULL") {
      column.nullable = false;
    } else if (type == "CONSTR_NULL") {
      column.nullable = true;
    } else if (type == "CONSTR_DEFAULT") {
      column.default_sql = default_text(con, next_clause);
    } else if (type == "CONSTR_IDENTITY") {
      set_identity(table.name, column, con);
    } else if (type == "CONSTR_GENERATED") {
      warn_unsupported("generated column " + table.name.key() + "." + column.name);
    } else if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE" || type == "CONSTR_CHECK" ||
               type == "CONSTR_FOREIGN" || type == "CONSTR_EXCLUSION") {
      pending.push_back({&con, column.name, next_clause});
    }
    // DEFERRABLE / INITIALLY ... attach to the previous constraint; nothing to model.
  }
  return column;
}

// GENERATED ... AS IDENTITY: NOT NULL, and an owned sequence named in the options
// (pg_dump writes SEQUENCE NAME) or table_column_seq.
void SchemaLoader::set_identity(const QualifiedName& table, Column& column, const json& con) {
  column.identity = con.value("generated_when", std::string{}) == "a" ? Identity::Always : Identity::ByDefault;
  column.nullable = false;
  for (const auto& option : member(con, "options")) {
    const json& def = member(option, "DefElem");
    if (def.value("defname", std::string{}) != "sequence_name") continue;
    const QualifiedName sequence = name_from_list(string_list(member(def, "arg")));
    schema_.other_relations[sequence.key()] = "sequence";
    return;
  }
  register_sequence(table, choose_name(schema_, table, column.name, "seq", NameSpace::Relation));
}

void SchemaLoader::register_sequence(const QualifiedName& table, const std::string& sequence) {
  schema_.other_relations[QualifiedName{table.schema, sequence}.key()] = "sequence";
}

}  // namespace schemashift::model::loader
