#pragma once
// Framework-neutral actions ("native" forms of statements, see plan/step.hpp Statement and
// docs/native-actions.md). Each builder describes exactly what the SQL built next to it
// does, field by field, so a backend can render Liquibase's <addColumn>, Alembic's
// op.add_column or Rails' add_column instead of raw SQL and reach the same catalog.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "model/schema.hpp"
#include "ops/operation.hpp"

namespace schemashift::ops::native {

using nlohmann::json;

json table_ref(const model::QualifiedName& t);  // {schema, name, qualified}
json type(const model::TypeRef& t);             // {sql, name, modifiers, array_dims, schema}
json column(const model::Column& c);            // {name, type, nullable, default, identity, comment}
const char* constraint_type(model::ConstraintKind k);  // "primary_key" | "unique" | "check" | "foreign_key"
const char* fk_action(model::FkAction a);              // "no action" | "restrict" | "cascade" | ...

// A table with its columns and constraints (comments are separate statements: the
// columns' `comment` is null). Null for a table with an EXCLUDE constraint (SQL only).
json create_table(const model::Table& t, bool if_not_exists);
json drop_table(const model::QualifiedName& t, bool if_exists);
// What a framework's own rename helper may rename besides the table, as facts of the table
// when the rename runs: `primary_key_generated` (its primary key's first column draws from a
// sequence or a generator: serial, identity, `nextval(…)`, `uuid_generate…(…)`; ActiveRecord's
// rename_table then renames `<table>_pkey` and `<table>_<pk>_seq` too) and, from
// `index_names`, `index_named_by_convention` (an index named `index_<table>_on_…`, which
// ActiveRecord's rename_table renames as well). The SQL renames only the table.
json rename_table(const model::QualifiedName& t, const std::string& new_name, bool primary_key_generated,
                  const std::vector<std::string>& index_names);
// The column's `comment` is null: COMMENT ON COLUMN is a statement of its own.
json add_column(const model::QualifiedName& t, const model::Column& c, bool if_not_exists);
json drop_column(const model::QualifiedName& t, const std::string& column, bool if_exists);
// `indexes` are the indexes over the column: whether one is named in the
// index_<table>_on_<columns> convention is part of the action (ActiveRecord's rename_column
// renames such an index as well, so a backend that uses it must know).
json rename_column(const model::QualifiedName& t, const std::string& column, const std::string& new_name,
                   const std::vector<model::Index>& indexes);
json alter_column_type(const model::QualifiedName& t, const std::string& column, const model::TypeRef& type,
                       const std::optional<std::string>& using_sql);
json set_not_null(const model::QualifiedName& t, const std::string& column);
json drop_not_null(const model::QualifiedName& t, const std::string& column);
json set_default(const model::QualifiedName& t, const std::string& column, const std::string& default_sql);
json drop_default(const model::QualifiedName& t, const std::string& column);
json create_index(const model::Index& ix, bool concurrently, bool if_not_exists);
json drop_index(const model::QualifiedName& index, const model::QualifiedName& table, bool concurrently,
                bool if_exists);
// ADD CONSTRAINT for a PK / UNIQUE / CHECK / FOREIGN KEY: kind add_primary_key, add_unique,
// add_check or add_foreign_key.
json add_constraint(const model::QualifiedName& t, const model::Constraint& c, bool not_valid);
json add_unique_using_index(const model::QualifiedName& t, const std::string& name, const std::string& index);
// validate_constraint / drop_constraint: null for an EXCLUDE constraint (SQL only).
json validate_constraint(const model::QualifiedName& t, const std::string& name, model::ConstraintKind kind);
json drop_constraint(const model::QualifiedName& t, const std::string& name, model::ConstraintKind kind,
                     bool if_exists);
json set_column_comment(const model::QualifiedName& t, const std::string& column,
                        const std::optional<std::string>& comment);
json set_table_comment(const model::QualifiedName& t, const std::optional<std::string>& comment);

}  // namespace schemashift::ops::native
