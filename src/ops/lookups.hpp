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
