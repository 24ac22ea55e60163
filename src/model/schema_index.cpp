#include "model/schema_index.hpp"

namespace schemashift::model {

namespace {

bool unresolved_foreign_key(const Constraint& c) {
  return c.kind == ConstraintKind::ForeignKey && c.references && c.references->columns.empty();
}

}  // namespace

void SchemaIndex::build(const Schema& schema) {
  constraint_names_.clear();
  unresolved_fk_tables_.clear();
  built_ = true;
  ++builds_;
  for (const auto& [key, table] : schema.tables) {
    for (const auto& c : table.constraints) constraint_added(table.name, c);
  }
}

bool SchemaIndex::constraint_name_used(const Schema& schema, const QualifiedName& name) {
  if (!built_) build(schema);
  const auto it = constraint_names_.find(name.key());
  return it != constraint_names_.end() && it->second > 0;
}

std::set<std::string>& SchemaIndex::tables_with_unresolved_foreign_keys(const Schema& schema) {
  if (!built_) build(schema);
  return unresolved_fk_tables_;
}

void SchemaIndex::constraint_added(const QualifiedName& table, const Constraint& c) {
  if (!built_) return;  // the first lookup reads it from the schema
  ++constraint_names_[QualifiedName{table.schema, c.name}.key()];
  if (unresolved_foreign_key(c)) unresolved_fk_tables_.insert(table.key());
}

}  // namespace schemashift::model
