#pragma once
// ADD/DROP CONSTRAINT as statements with their native actions (docs/native-actions.md),
// shared by every operation that adds, drops or temporarily needs a constraint.
#include <string>

#include "model/schema.hpp"
#include "ops/operation.hpp"

namespace schemashift::ops {

Statement add_constraint_statement(const model::QualifiedName& table, const model::Constraint& c, bool not_valid);
Statement drop_constraint_statement(const model::QualifiedName& table, const std::string& name,
                                    model::ConstraintKind kind);
// ADD CONSTRAINT check CHECK (column IS NOT NULL) NOT VALID
Statement not_null_check_statement(const model::QualifiedName& table, const std::string& check,
                                   const std::string& column);

}  // namespace schemashift::ops
