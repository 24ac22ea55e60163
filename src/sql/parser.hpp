#pragma once
// The one door to libpg_query (the real PostgreSQL 15 grammar). Nothing outside src/sql
// includes pg_query.h; callers get parse trees (sql/tree_node.hpp) and plain value types.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source_location.hpp"
#include "sql/line_index.hpp"
#include "sql/source_text.hpp"
#include "sql/tree_node.hpp"

namespace schemashift::sql {

// A script's text whose tokens are scanned when one of its statements first asks for them
// (source_of), once for all of them; shared by the statements. Not for concurrent use:
// a script's statements are read by one thread.
class DeferredScan {
 public:
  explicit DeferredScan(std::string text) : text_(std::move(text)) {}
  DeferredScan(const DeferredScan&) = delete;
  DeferredScan& operator=(const DeferredScan&) = delete;

  // What the script's scan found in `r` (null if the script does not scan).
  std::shared_ptr<const Scan> part(Range r) const;

 private:
  std::string text_;
  mutable std::optional<SourceText> source_;  // views text_
};

// One top-level statement of a script.
struct Statement {
  std::string text;             // exact source text of the statement, without the trailing ';'
  std::size_t offset = 0;       // byte offset of the statement's first character in the script
  int line = 1;                 // 1-based line of the first character (after leading comments/blanks)
  int column = 1;               // 1-based column (bytes) of the first character
  tree::Document tree;          // {"SomeStmt": {...}} — the "stmt" member of pg_query's output
  // What the script's scan found in `text`, when parse_script scanned the script (one with
  // psql meta-commands). Else `deferred` scans the script when source_of() first asks; for
  // a statement built by hand both are null and source_of() scans `text`.
  std::shared_ptr<const Scan> scan;
  std::shared_ptr<const DeferredScan> deferred;
};

// The statement's source text, at its offset in the script. Views `st.text`.
SourceText source_of(const Statement& st);

struct ParseError {
  std::string message;          // PostgreSQL's message, e.g. syntax error at or near "FROM"
  std::size_t offset = 0;       // byte offset in the script
  int line = 1;
  int column = 1;
};

struct Script {
  std::vector<Statement> statements;
  std::optional<ParseError> error;  // set when the script does not parse; statements then empty
  LineIndex lines;                   // positions in the script, for anything else found in it
  std::vector<Range> comments;       // every comment, in order (as the scanner sees them)
};

// Splits and parses a whole script (comments, dollar-quoted bodies, psql-style files).
// psql backslash meta-commands (\connect, \restrict, \gexec after a query ...) are blanked
// before parsing so that pg_dump output parses (see SourceText::server_text); positions
// are unaffected.
Script parse_script(std::string_view sql);

// Parses a single statement or expression fragment. Returns the first statement's tree.
std::optional<tree::Document> parse_statement(std::string_view sql, std::string* error = nullptr);

// The PostgreSQL major version whose grammar libpg_query carries (15 for Debian 12's
// libpg_query): what parse_script and parse_statement understand, whatever --pg-version
// says. Syntax added in a later release is a ParseError here.
int grammar_version();

}  // namespace schemashift::sql
