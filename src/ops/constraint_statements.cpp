#include "ops/constraint_statements.hpp"

#include "ops/names.hpp"
#include "ops/native.hpp"
#include "ops/sql_fragments.hpp"

namespace schemashift::ops {

Statement add_constraint_statement(const model::QualifiedName& table, const model::Constraint& c, bool not_valid) {
  return {add_constraint_sql(table, c, not_valid), native::add_constraint(table, c, not_valid)};
}

Statement drop_constraint_statement(const model::QualifiedName& table, const std::string& name,
                                    model::ConstraintKind kind) {
  return {drop_constraint_sql(table, name), native::drop_constraint(table, name, kind, true)};
}

Statement not_null_check_statement(const model::QualifiedName& table, const std::string& check,
                                   const std::string& column) {
  model::Constraint c;
  c.kind = model::ConstraintKind::Check;
  c.name = check;
  c.columns = {column};
  c.check_sql = ident(column) + " IS NOT NULL";
  return add_constraint_statement(table, c, true);
}

}  // namespace schemashift::ops
