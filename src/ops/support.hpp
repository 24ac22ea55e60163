#pragma once
// Pieces several operations share: resolving names against the schema with good errors,
// decoding column definitions, PostgreSQL's default constraint names, and the SQL of the
// safe recipes (batched backfill, NOT NULL through a CHECK, dual-write triggers).
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "model/schema.hpp"
#include "ops/operation.hpp"
#include "spec/field_reader.hpp"

namespace schemashift::ops {

// ---- names ------------------------------------------------------------------
model::QualifiedName parse_table_name(const std::string& text);
std::string table_sql(const model::QualifiedName& t);     // quoted, schema only when written
std::string display(const model::QualifiedName& t);       // unquoted, for messages
std::string ident(const std::string& name);               // sql::quote_ident
std::string idents(const std::vector<std::string>& names);  // "a, b" quoted
bool check_name_length(const std::string& name, const core::SourceLocation& where, core::Diagnostics& diags);
// PostgreSQL's defaults: users_pkey, users_email_key, orders_customer_id_fkey,
// users_age_check, users_email_idx (ChooseConstraintName's shape).
std::string default_name(const model::QualifiedName& table, const std::vector<std::string>& columns,
                         const std::string& suffix);
// A name of a relation (index) in the same schema as `table`.
model::QualifiedName sibling(const model::QualifiedName& table, const std::string& name);

// ---- decoding -----------------------------------------------------------------
std::optional<model::QualifiedName> read_table(spec::FieldReader& r, const std::string& key = "table");
// `default:` (literal) / `default_expr:` (SQL) pair -> SQL expression. `base` is "default" or "fill".
std::optional<std::string> read_value_pair(spec::FieldReader& r, const std::string& base, bool& present);
std::optional<model::FkAction> parse_fk_action(const std::string& s);
// Where the parts of a `references:` map were written, so that an unknown referenced table
// or column is reported at the value itself. Unknown (empty) locations fall back to the
// caller's location.
struct ReferenceLocations {
  core::SourceLocation table;                 // the `table:` value
  std::vector<core::SourceLocation> columns;  // the `column:` value / each `columns:` item
};
std::optional<model::ForeignKeyRef> read_references(const core::Node& n, bool multi_column, core::Diagnostics& diags,
                                                    std::string* name = nullptr, ReferenceLocations* at = nullptr);

// Reads `references: {table, columns}`, `on_delete` (required) and `on_update` from `r`
// (the shape add_foreign_key and create_table.constraints share).
std::optional<model::ForeignKeyRef> read_foreign_key(spec::FieldReader& r, core::Diagnostics& diags,
                                                     ReferenceLocations* at = nullptr);

struct ColumnSpec {
  model::Column column;
  bool primary_key = false;
  bool unique = false;
  std::string check_sql;
  std::optional<model::ForeignKeyRef> references;
  std::string fk_name;
  core::SourceLocation where;
  core::SourceLocation name_where;
  core::SourceLocation type_where;
  core::SourceLocation references_where;
  ReferenceLocations references_at;
};
std::optional<ColumnSpec> read_column(const core::Node& n, core::Diagnostics& diags, bool allow_primary_key);

// ---- lookups with diagnostics --------------------------------------------------
model::Table* require_table(model::Schema& s, const model::QualifiedName& t, const core::SourceLocation& where,
                            core::Diagnostics& diags);
model::Column* require_column(model::Table& t, const std::string& column, const core::SourceLocation& where,
                              core::Diagnostics& diags);
bool require_absent_column(const model::Table& t, const std::string& column, const core::SourceLocation& where,
                           core::Diagnostics& diags);
bool require_new_relation_name(const model::Schema& s, const model::QualifiedName& n,
                               const core::SourceLocation& where, core::Diagnostics& diags);
bool require_new_constraint_name(const model::Schema& s, const model::QualifiedName& table, const std::string& name,
                                 const core::SourceLocation& where, core::Diagnostics& diags);
// FK target must be a primary key or unique constraint of the referenced table, with matching types.
// An unknown table or column is reported at its entry in `at` when given, else at `where`.
bool check_fk_target(const model::Schema& s, const model::Table& from, const std::vector<std::string>& from_cols,
                     const model::ForeignKeyRef& ref, const core::SourceLocation& where, core::Diagnostics& diags,
                     const ReferenceLocations* at = nullptr);
// A column type must be a PostgreSQL built-in (sql::is_builtin_type), a type, domain or
// relation (row type) of the schema, or schema-qualified (trusted as written). Reports
// `invalid-type` with a did-you-mean hint otherwise.
bool require_known_type(const model::Schema& s, const model::TypeRef& type, const core::SourceLocation& where,
                        core::Diagnostics& diags);

// ---- SQL fragments ----------------------------------------------------------------
std::string column_definition_sql(const model::Column& c);  // name type [NOT NULL] [DEFAULT ..] [IDENTITY]
std::string references_sql(const model::ForeignKeyRef& r);  // REFERENCES t (c) ON DELETE ...
std::string constraint_body_sql(const model::Constraint& c);  // PRIMARY KEY (..) / CHECK (..) / FOREIGN KEY ..
std::string index_sql(const model::Index& ix, bool concurrently, bool if_not_exists);
std::string index_elements_sql(const model::Index& ix);

// ---- recipes -------------------------------------------------------------------------
// Batched UPDATE as one DO block: keyset pagination on the primary key, one COMMIT per
// batch, lock_timeout per batch with bounded exponential-backoff retries, progress
// NOTICEs. Must run outside a transaction block. `assignments` are (column, SQL expr).
std::string batched_update_sql(const model::Table& table, const std::vector<std::pair<std::string, std::string>>& assignments,
                               const std::string& where_sql, long long batch_size, const spec::Settings& settings,
                               const std::string& label);
// CHECK or FOREIGN KEY on an existing table: ADD ... NOT VALID in expand (brief lock, no
// scan), VALIDATE CONSTRAINT in migrate (weak lock). `what` is "check" or "foreign key".
std::vector<Step> not_valid_then_validate(const model::QualifiedName& table, const model::Constraint& c,
                                          const std::string& what, const std::string& add_why,
                                          const std::string& validate_why);
// UNIQUE on an existing table: CREATE UNIQUE INDEX CONCURRENTLY in expand, then
// ADD CONSTRAINT ... UNIQUE USING INDEX in migrate (no second build).
std::vector<Step> unique_via_concurrent_index(const model::QualifiedName& table, const model::Constraint& unique,
                                              const std::string& index_why, const std::string& attach_why);
// Steps that make `column` NOT NULL without a long ACCESS EXCLUSIVE scan:
// CHECK (col IS NOT NULL) NOT VALID -> VALIDATE -> SET NOT NULL -> DROP CHECK.
std::vector<Step> not_null_steps(const model::QualifiedName& table, const std::string& column, Phase phase,
                                 int pg_version);
// `expr` over the table's columns, evaluated against a trigger's NEW row.
std::string over_new_row(const std::string& expr);
// A BEFORE INSERT OR UPDATE trigger keeping `old_col` and `new_col` in step while old and
// new application versions run side by side. Conversions are PL/pgSQL expressions,
// e.g. "NEW.age::bigint" or over_new_row("age::bigint").
struct SyncTrigger {
  std::string function_name;
  std::string trigger_name;
  std::vector<std::string> create;  // CREATE FUNCTION, CREATE TRIGGER
  std::vector<std::string> drop;    // DROP TRIGGER, DROP FUNCTION
};
SyncTrigger sync_trigger(const model::QualifiedName& table, const std::string& old_col, const std::string& new_col,
                         const std::string& old_to_new, const std::string& new_to_old);

}  // namespace schemashift::ops

namespace schemashift::ops {
// The type as PostgreSQL's format_type() prints it ("character varying(20)"), for
// verification queries against the catalog.
std::string format_type_name(const model::TypeRef& t);
// Verification: the column exists with this type and nullability.
Check column_check(const model::QualifiedName& table, const model::Column& c);
Check column_absent_check(const model::QualifiedName& table, const std::string& column);
Check constraint_check(const model::QualifiedName& table, const std::string& name, bool must_be_validated);
Check index_check(const model::QualifiedName& index, bool must_exist);
// ALTER TABLE t ADD CONSTRAINT name <body> [NOT VALID]
std::string add_constraint_sql(const model::QualifiedName& table, const model::Constraint& c, bool not_valid);
std::string drop_constraint_sql(const model::QualifiedName& table, const std::string& name);
// The same statements with their native actions (docs/native-actions.md).
Statement add_constraint_statement(const model::QualifiedName& table, const model::Constraint& c, bool not_valid);
Statement drop_constraint_statement(const model::QualifiedName& table, const std::string& name,
                                    model::ConstraintKind kind);
// ADD CONSTRAINT check CHECK (column IS NOT NULL) NOT VALID
Statement not_null_check_statement(const model::QualifiedName& table, const std::string& check,
                                   const std::string& column);
}  // namespace schemashift::ops
