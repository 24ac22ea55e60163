// CREATE INDEX: elements (columns and expressions), INCLUDE, partial-index predicates,
// and PostgreSQL's names for unnamed indexes.
#include "model/schema_loader.hpp"

#include "model/names_from_tree.hpp"
#include "model/object_names.hpp"
#include "sql/node_text.hpp"

namespace schemashift::model::loader {

using sql::tree::json;
using namespace sql::tree;

namespace {

// The column name PostgreSQL derives for an index element (FigureIndexColname): the
// column, the function name of a call, or "expr".
std::string index_column_name(const json& expr) {
  if (expr.contains("ColumnRef")) {
    const json& fields = member(expr, "ColumnRef", "fields");
    if (!fields.empty() && !string_value(fields.back()).empty()) return string_value(fields.back());
  }
  if (expr.contains("FuncCall")) {
    const auto names = string_list(member(member(expr, "FuncCall"), "funcname"));
    if (!names.empty()) return names.back();
  }
  if (expr.contains("TypeCast")) {
    const json& cast = member(expr, "TypeCast");
    const std::string inner = index_column_name(member(cast, "arg"));
    if (inner != "expr") return inner;
    const auto names = string_list(member(member(cast, "typeName"), "names"));
    if (!names.empty()) return names.back();
  }
  return "expr";
}

}  // namespace

std::string index_element_name(const json& elem) {
  if (elem.contains("name")) return elem.value("name", std::string{});
  return index_column_name(member(elem, "expr"));
}

// The elements of CREATE INDEX ... ( elements ), expressions with their text.
std::vector<IndexElement> SchemaLoader::index_elements(const json& index) const {
  const std::vector<std::string> texts = sql::index_element_texts(source(), index);
  std::vector<IndexElement> elements;
  const json& params = member(index, "indexParams");
  for (std::size_t n = 0; n < params.size(); ++n) {
    const json& elem = member(params[n], "IndexElem");
    IndexElement element;
    element.column = elem.value("name", std::string{});
    element.expression = texts[n];
    element.descending = elem.value("ordering", std::string{}) == "SORTBY_DESC";
    const std::string nulls = elem.value("nulls_ordering", std::string{});
    element.nulls = nulls == "SORTBY_NULLS_FIRST" ? "first" : nulls == "SORTBY_NULLS_LAST" ? "last" : "";
    for (const auto& part : string_list(member(elem, "opclass"))) {
      element.opclass += (element.opclass.empty() ? "" : ".") + part;
    }
    elements.push_back(std::move(element));
  }
  return elements;
}

std::string SchemaLoader::index_where_text(const json& index) const {
  return sql::index_where_text(source(), member(index, "whereClause"));
}

void SchemaLoader::load_index(const json& stmt) {
  const QualifiedName table_name = relation_name(member(stmt, "relation"));
  const bool other_relation = schema_.other_relations.count(table_name.key()) > 0;
  if (!schema_.find_table(table_name) && incremental_ && !other_relation) {
    placeholder_table(table_name);  // a migration indexing a table it did not create: it exists
  }
  if (!schema_.find_table(table_name)) {
    if (!other_relation) {  // indexes on materialized views are fine
      diags_.warning("unknown-table", statement_location(), "index on " + table_name.key() + ", which is not defined");
    }
    return;
  }
  Index index;
  index.table = table_name;
  index.unique = stmt.value("unique", false);
  index.method = stmt.value("accessMethod", std::string{"btree"});
  index.elements = index_elements(stmt);
  for (const auto& elem : member(stmt, "indexIncludingParams")) {
    index.include.push_back(member(elem, "IndexElem").value("name", std::string{}));
  }
  if (stmt.contains("whereClause")) index.where_sql = index_where_text(stmt);
  index.name = stmt.value("idxname", std::string{});
  if (index.name.empty()) {
    std::vector<std::string> columns;
    for (const auto& param : member(stmt, "indexParams")) {
      columns.push_back(index_element_name(member(param, "IndexElem")));
    }
    index.name = choose_name(schema_, table_name, name_addition(columns), "idx", NameSpace::Relation);
  }
  const QualifiedName qualified{table_name.schema, index.name};
  if (relation_exists(schema_, qualified)) {
    if (!stmt.value("if_not_exists", false)) {
      diags_.error("duplicate-relation", statement_location(), "relation " + qualified.key() + " already exists");
    }
    return;
  }
  schema_.indexes[qualified.key()] = std::move(index);
}

}  // namespace schemashift::model::loader
