#pragma once
// The comments of a script found without PostgreSQL's scanner, for parse_script: running
// pg_query_scan over every script (its tokens packed into a protobuf and read back) cost
// as much as parsing it, while a statement's tokens are asked for only now and then
// (sql::source_of scans them then). Internal to src/sql.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "sql/source_text.hpp"

namespace schemashift::sql {

// Every comment of `text` ("-- ..." without its newline, "/* ... */" nested), as
// PostgreSQL's scanner finds them: what lies in quotes, quoted identifiers, dollar quotes
// and escape strings (also strings continued on the next line) is not a comment. nullopt when the text needs the real scanner: a backslash outside
// quotes (a psql meta-command), a NUL byte, or a quote or comment left open.
std::optional<std::vector<Range>> find_comments(std::string_view text);

// The first offset at or after `from` that is neither blank nor in one of `comments`
// (sorted): where the statement starting after `from` begins. text.size() if none.
std::size_t skip_blanks_and_comments(std::string_view text, const std::vector<Range>& comments, std::size_t from);

}  // namespace schemashift::sql
