#pragma once
// The source text of parse-tree nodes. libpg_query's trees carry the byte offset where
// most nodes start but not where they end, so expressions (DEFAULT, CHECK, index
// expressions, WHERE) are cut from the source between the scanner's tokens: strings,
// quoted identifiers, dollar quotes and comments are never mistaken for ',', '(' or ')'.
// Offsets are script offsets, as in the trees' "location" fields; `source` is the
// statement's SourceText (built with the statement's offset as its base).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sql/tree_node.hpp"

#include "sql/source_text.hpp"

namespace schemashift::sql {

// One past the last token of an expression that starts at token `first`: it ends at a
// top-level ',', an unbalanced ')' or ']', the end of the source, byte offset `limit`
// (where the next known clause starts) or, with `column_clause`, a word that begins the
// next clause of a column definition (NOT NULL, CHECK, REFERENCES, COLLATE, DEFAULT ...).
std::size_t expression_end(const SourceText& source, std::size_t first, std::size_t limit, bool column_clause);

// DEFAULT <expr> of the column constraint written at `constraint_location` (its DEFAULT
// keyword or the CONSTRAINT before it); `limit` is where the column's next clause starts.
std::string column_default_text(const SourceText& source, std::size_t constraint_location,
                                std::size_t limit = SIZE_MAX);

// ALTER COLUMN ... SET DEFAULT <expr>: the sub-command has no location, so the text runs
// from the last DEFAULT keyword before the expression tree's leftmost node.
std::string set_default_text(const SourceText& source, const sql::tree::json& expr);

// CHECK ( <expr> ) of the constraint written at `constraint_location`: the text between
// the parentheses.
std::string check_text(const SourceText& source, std::size_t constraint_location);

// The text of each element of CREATE INDEX ... ( elements ), in order, "" for a plain
// column: an expression element "( expr )" without its parentheses, or a function call.
std::vector<std::string> index_element_texts(const SourceText& source, const sql::tree::json& index_stmt);

// WHERE <predicate> of a partial index: from the WHERE keyword to the statement end.
std::string index_where_text(const SourceText& source, const sql::tree::json& where_clause);

// The [schema.]name written at `location` (a RangeVar's): `ident(.ident)*`. Empty range
// when no name starts there.
Range qualified_name_range(const SourceText& source, std::size_t location);

}  // namespace schemashift::sql
