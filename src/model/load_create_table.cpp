// CREATE TABLE and the column definitions it shares with ALTER TABLE ADD COLUMN: types,
// serial and identity columns, defaults, NOT NULL.
#include "model/schema_loader.hpp"

#include "model/names_from_tree.hpp"
#include "model/object_names.hpp"
#include "sql/types.hpp"

namespace schemashift::model::loader {

using sql::tree::json;
using namespace sql::tree;

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
  if (create.contains("inhRelations") && !create.contains("partbound")) {
    warn_unsupported("inheritance of " + name.key() + " (INHERITS)");
  }

  Table table;
  table.name = name;
  table.defined_at = statement_location();
  if (create.contains("partspec")) {
    table.partition_key = statement_text_from(member(create, "partspec"), SIZE_MAX);
    if (table.partition_key.empty()) table.partition_key = "PARTITION BY";  // text not recoverable
  }
  if (create.contains("partbound")) load_partition_of(table, create);
  std::vector<PendingConstraint> pending;
  for (const auto& element : member(create, "tableElts")) {
    // A partition's column options name columns it already has from its parent.
    if (element.contains("ColumnDef") && table.find_column(member(element, "ColumnDef").value("colname", std::string{}))) {
      continue;
    }
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

// CREATE TABLE ... PARTITION OF parent <bound>: the parent, the bound as written, and the
// parent's columns, which every partition has.
void SchemaLoader::load_partition_of(Table& table, const json& create) {
  const auto parents = member(create, "inhRelations");
  if (!parents.is_array() || parents.empty()) return;
  table.partition_of = relation_name(member(parents[0], "RangeVar"));
  const json& bound = member(create, "partbound");
  table.default_partition = bound.value("is_default", false);
  // The bound runs to a sub-partition's PARTITION BY, or to the statement's end.
  const json& sub_key = member(create, "partspec");
  table.partition_bound = partition_bound_text(bound, sub_key.is_null() ? SIZE_MAX : sub_key.value("location", SIZE_MAX));
  if (const Table* parent = schema_.find_table(*table.partition_of)) {
    for (Column column : parent->columns) table.columns.push_back(std::move(column));
  }
}

// A bound's location is that of its FROM / IN / WITH (or DEFAULT), after FOR VALUES.
std::string SchemaLoader::partition_bound_text(const json& bound, std::size_t end) const {
  const std::string text = statement_text_from(bound, end);
  return bound.value("is_default", false) || text.empty() ? text : "FOR VALUES " + text;
}

// The statement's text from a node's location to `end` (a script offset; SIZE_MAX: the
// statement's end), trimmed. "" for a node without a location in this statement.
std::string SchemaLoader::statement_text_from(const json& node, std::size_t end) const {
  if (!node.is_object()) return {};
  const long long at = node.value("location", -1LL);
  if (!statement_ || at < static_cast<long long>(statement_->offset)) return {};
  const std::size_t begin = static_cast<std::size_t>(at) - statement_->offset;
  if (begin >= statement_->text.size()) return {};
  const std::size_t stop = end == SIZE_MAX || end < statement_->offset ? statement_->text.size()
                                                                        : std::min(end - statement_->offset, statement_->text.size());
  std::string text = stop > begin ? statement_->text.substr(begin, stop - begin) : std::string{};
  const auto last = text.find_last_not_of(" \t\r\n;");
  return last == std::string::npos ? std::string{} : text.substr(0, last + 1);
}

Column SchemaLoader::make_column(const Table& table, const json& column_def, std::vector<PendingConstraint>& pending) {
  Column column;
  column.name = column_def.value("colname", std::string{});
  column.type = sql::type_from_tree(member(column_def, "typeName"));
  if (const auto base = sql::serial_base_type(column.type)) {
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
