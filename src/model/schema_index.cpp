#include "model/schema_index.hpp"

namespace schemashift::model {

namespace {

bool unresolved_foreign_key(const Constraint& c) {
  return c.kind == ConstraintKind::ForeignKey && c.references && c.references->columns.empty();
}

}  // namespace

void SchemaIndex::build_names(const Schema& schema) {
  constraint_names_.clear();
  names_built_ = true;
  ++name_builds_;
  for (const auto& [key, table] : schema.tables) {
    for (const auto& c : table.constraints) ++constraint_names_[QualifiedName{table.name.schema, c.name}.key()];
  }
}

void SchemaIndex::build_fks(const Schema& schema) {
  unresolved_fk_tables_.clear();
  fks_built_ = true;
  ++fk_builds_;
  for (const auto& [key, table] : schema.tables) {
    for (const auto& c : table.constraints) {
      if (unresolved_foreign_key(c)) {
        unresolved_fk_tables_.insert(table.name.key());
        break;
      }
    }
  }
}

bool SchemaIndex::constraint_name_used(const Schema& schema, const QualifiedName& name) {
  if (!names_built_) build_names(schema);
  const auto it = constraint_names_.find(name.key());
  return it != constraint_names_.end() && it->second > 0;
}

std::set<std::string>& SchemaIndex::tables_with_unresolved_foreign_keys(const Schema& schema) {
  if (!fks_built_) build_fks(schema);
  return unresolved_fk_tables_;
}

void SchemaIndex::constraint_added(const QualifiedName& table, const Constraint& c) {
  // A part not read yet reads it from the schema at its first lookup.
  if (names_built_) ++constraint_names_[QualifiedName{table.schema, c.name}.key()];
  if (fks_built_ && unresolved_foreign_key(c)) unresolved_fk_tables_.insert(table.key());
}

}  // namespace schemashift::model
