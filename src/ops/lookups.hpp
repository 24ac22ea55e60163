#pragma once
// Resolving what an operation names against the schema, with a "did you mean" when it
// is not there, and the checks on new names and foreign-key targets.
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "model/schema.hpp"
#include "ops/decode.hpp"

namespace schemashift::ops {

model::Table* require_table(model::Schema& s, const model::QualifiedName& t, const core::SourceLocation& where,
                            core::Diagnostics& diags);
model::Column* require_column(model::Table& t, const std::string& column, const core::SourceLocation& where,
                              core::Diagnostics& diags);
bool require_absent_column(const model::Table& t, const std::string& column, const core::SourceLocation& where,
                           core::Diagnostics& diags);
// A name the change frees only in its contract phase (a column dropped or a table renamed
// earlier in the spec: model::Schema::freed_at_contract, key from names.hpp) cannot be
// given to a new column or table before then. `what` names it for the message.
bool require_name_free(const model::Schema& s, const std::string& key, const std::string& what,
                       const core::SourceLocation& where, core::Diagnostics& diags);
// The columns an SQL expression over `t`'s rows names (a backfill's `set` and `where`,
// add_column's `backfill`) must exist: otherwise the backfill fails after the earlier
// migrations ran. An expression with a subquery is left to PostgreSQL (its names may be
// another table's).
bool require_expression_columns(model::Table& t, const std::string& expr, const core::SourceLocation& where,
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

}  // namespace schemashift::ops
