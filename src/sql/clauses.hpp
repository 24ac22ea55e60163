#pragma once
// Facts about a clause that the parse tree does not keep, read from the source text with
// PostgreSQL's own scanner (so strings, quoted identifiers and comments never confuse it).
#include <cstddef>
#include <string_view>

#include "sql/source_text.hpp"

namespace schemashift::sql {

// Whether the foreign-key constraint written at offset `from` of `statement` (the
// constraint's "location": CONSTRAINT, FOREIGN KEY or REFERENCES) spells out an ON DELETE
// clause. libpg_query reports fk_del_action 'a' (NO ACTION) both for "ON DELETE NO ACTION"
// and for no clause at all; only the text tells them apart. The REFERENCES clause ends at
// a top-level ',', an unbalanced ')', the next constraint's keyword or offset `limit` (a
// token's start). Offsets are the statement's (its base included), like its tree's.
bool foreign_key_says_on_delete(const SourceText& statement, std::size_t from,
                                std::size_t limit = std::string_view::npos);

}  // namespace schemashift::sql
