#pragma once
// Tables created earlier in a file and filled there by a query: "new" means new and empty.
// A foreign key added to such a table validates its rows while holding SHARE ROW EXCLUSIVE
// on the existing referenced table; an index, SET NOT NULL or type change on it takes time
// in proportion to its rows. The linter records each fill after its statement, and
// estimates and rules treat the table as having the rows of what filled it.
//
// Only query-sourced fills count: CREATE TABLE AS / CREATE MATERIALIZED VIEW AS (not WITH
// NO DATA), SELECT ... INTO, and INSERT ... SELECT into a table created earlier in the file.
// INSERT ... VALUES and COPY ... FROM STDIN carry their rows in the file (seed data, a
// pg_dump restore of an initial schema): no table scan there is worth a finding, but the
// table is not empty either (LintState::seeded_tables). A query that
// reads no table fills only if it calls a function (generate_series ...: rows unknown).
#include <string>

#include "analyze/linter.hpp"
#include "analyze/rule.hpp"

namespace schemashift::analyze {

// Updates state.filled_tables after statement `v`: a fill adds the rows of what its query
// reads (the largest source: a join along a foreign key has about as many rows as its
// largest table; unknown if any source's size is unknown), a later INSERT ... SELECT adds
// to them; creating the table again or TRUNCATE empties it.
void record_fill(const StatementView& v, const TableStatsMap& stats, LintState& state);

// The fill of a relation as an analysis writes it ("orders_copy", "app.t"), or nullptr.
const FilledTable* find_fill(const LintState& state, const std::string& relation);

}  // namespace schemashift::analyze
