#include "model/names_from_tree.hpp"

#include "sql/tree.hpp"

namespace schemashift::model {

QualifiedName relation_name(const sql::tree::json& range_var) {
  return {sql::tree::text(range_var, "schemaname"), sql::tree::text(range_var, "relname")};
}

QualifiedName name_from_list(const std::vector<std::string>& names) {
  QualifiedName q;
  if (!names.empty()) q.name = names.back();
  if (names.size() > 1) q.schema = names[names.size() - 2];
  return q;
}

}  // namespace schemashift::model
