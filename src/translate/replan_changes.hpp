#pragma once
// `translate --safe`: what re-planning a faithful (offline) spec with the default online
// strategy changed, per native operation, in words a reviewer reads in the report, e.g.
//   add_index users_email_idx: CREATE INDEX users_email_idx ON users (email)
//     -> expand: CREATE INDEX CONCURRENTLY ... (its own migration, outside a transaction)
// Raw `sql` operations are never re-planned (the planner keeps them as written).
#include <string>
#include <vector>

#include "plan/plan.hpp"

namespace schemashift::translate {

// One line per operation whose statements, phases or transactions differ between the
// two plans of the same spec; empty when re-planning changed nothing.
std::vector<std::string> replan_changes(const plan::Plan& faithful, const plan::Plan& safe);

}  // namespace schemashift::translate
