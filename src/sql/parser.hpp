#pragma once
// The one door to libpg_query (the real PostgreSQL 15 grammar). Nothing outside src/sql
// includes pg_query.h; callers get nlohmann::json parse trees and plain value types.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/source_location.hpp"

namespace schemashift::sql {

// One top-level statement of a script.
struct Statement {
  std::string text;             // exact source text of the statement, without the trailing ';'
  std::size_t offset = 0;       // byte offset of the statement's first character in the script
  int line = 1;                 // 1-based line of the first character (after leading comments/blanks)
  int column = 1;               // 1-based column (bytes) of the first character
  nlohmann::json tree;          // {"SomeStmt": {...}} — the "stmt" member of pg_query's output
};

struct ParseError {
  std::string message;          // PostgreSQL's message, e.g. syntax error at or near "FROM"
  std::size_t offset = 0;       // byte offset in the script
  int line = 1;
  int column = 1;
};

struct Script {
  std::vector<Statement> statements;
  std::optional<ParseError> error;  // set when the script does not parse; statements then empty
};

// Splits and parses a whole script (comments, dollar-quoted bodies, psql-style files).
// Lines starting with a psql backslash meta-command (\connect, \restrict ...) are blanked
// before parsing so that pg_dump output parses; positions are unaffected.
Script parse_script(std::string_view sql);

// Parses a single statement or expression fragment. Returns the first statement's tree.
std::optional<nlohmann::json> parse_statement(std::string_view sql, std::string* error = nullptr);

// Byte offset -> 1-based line/column in `text`.
void offset_to_line_col(std::string_view text, std::size_t offset, int& line, int& column);

}  // namespace schemashift::sql
