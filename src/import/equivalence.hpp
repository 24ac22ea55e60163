#pragma once
// Whether a statement the planner rendered does what the source statement did: the same
// parse tree, ignoring positions and IF [NOT] EXISTS (the operations' statements are
// re-runnable; on a database the history built, the object is there or not exactly as the
// source expects); for CREATE TABLE, whose columns and constraints the operation writes in
// its own form (constraints at table level, named), the same table in the schema model.
#include <string>

#include "model/schema.hpp"
#include "sql/parser.hpp"

namespace schemashift::import {

// `source` is a statement of `source_script`; `rendered` one statement's SQL text.
bool equivalent(const sql::Statement& source, const std::string& source_script, const std::string& rendered,
                const model::Schema& before);

// The tree without positions and IF [NOT] EXISTS, as text (for tests and messages).
std::string canonical_tree(const sql::tree::json& tree);

}  // namespace schemashift::import
