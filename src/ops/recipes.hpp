#pragma once
// The safe shapes of a constraint on an existing table, as steps: NOT VALID then VALIDATE,
// a unique index built concurrently then attached, NOT NULL through a CHECK.
#include <optional>
#include <string>
#include <vector>

#include "model/schema.hpp"
#include "ops/operation.hpp"

namespace schemashift::ops {

// CHECK or FOREIGN KEY on an existing table: ADD ... NOT VALID in expand (brief lock, no
// scan), VALIDATE CONSTRAINT in migrate (weak lock). `what` is "check" or "foreign key".
// Each takes the operation's Context: a step after the expand phase names the table as a
// later rename_table of the change left it (Context::table_in).
std::vector<Step> not_valid_then_validate(const Context& ctx, const model::QualifiedName& table, const model::Constraint& c,
                                          const std::string& what, const std::string& add_why,
                                          const std::string& validate_why);
// UNIQUE on an existing table: CREATE UNIQUE INDEX CONCURRENTLY in expand, then
// ADD CONSTRAINT ... UNIQUE USING INDEX in migrate (no second build).
std::vector<Step> unique_via_concurrent_index(const Context& ctx, const model::QualifiedName& table, const model::Constraint& unique,
                                              const std::string& index_why, const std::string& attach_why);
// Steps that make `column` NOT NULL without a long ACCESS EXCLUSIVE scan:
// CHECK (col IS NOT NULL) NOT VALID -> VALIDATE -> SET NOT NULL -> DROP CHECK.
// `table_in_phase` is the table's name when the steps run (after a later rename_table);
// the helper CHECK is named after `table`, as written.
std::vector<Step> not_null_steps(const model::QualifiedName& table, const std::string& column, Phase phase,
                                 int pg_version, const std::optional<model::QualifiedName>& table_in_phase = std::nullopt);
std::vector<Step> not_null_steps(const Context& ctx, const model::QualifiedName& table, const std::string& column,
                                 Phase phase);

// Steps that must wait for something the contract phase does earlier in the same change
// (a column swapped in, a name freed): all of them move to the contract phase, keeping
// their order, which follows the operations' order. `why` is appended to each step's.
std::vector<Step> in_contract_phase(std::vector<Step> steps, const std::string& why);

}  // namespace schemashift::ops
