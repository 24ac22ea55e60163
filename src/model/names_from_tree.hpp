#pragma once
// Relation and object names read from libpg_query parse trees, as QualifiedName. The one
// place that turns a RangeVar or a name list into a name; the analyser and the lint rules
// derive their display strings ("app.users") from it with QualifiedName::display().
#include <string>
#include <vector>

#include "sql/tree_node.hpp"

#include "model/schema.hpp"

namespace schemashift::model {

// An unwrapped RangeVar body (the "relation" member of most statements); empty when the
// node is not one.
QualifiedName relation_name(const sql::tree::json& range_var);

// [schema.]name from a name list such as funcname, typeName or a DROP object: the last
// two parts (a database name before them is ignored).
QualifiedName name_from_list(const std::vector<std::string>& names);

}  // namespace schemashift::model
