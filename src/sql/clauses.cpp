#include "sql/clauses.hpp"

#include <algorithm>
#include <string>

#include "sql/source_text.hpp"

namespace schemashift::sql {

namespace {

// Keywords that start the next constraint of a column or table definition. None of them
// can appear inside a REFERENCES clause, except DEFAULT and NULL after SET in a
// referential action ("ON UPDATE SET DEFAULT"), which is_clause_start excludes.
bool is_clause_start(const SourceText& s, std::size_t i) {
  for (const char* word : {"constraint", "check", "unique", "primary", "references", "generated", "collate", "not"}) {
    if (s.is_word(i, word)) return true;
  }
  return s.is_word(i, "default") && !s.is_word(i - 1, "set");
}

}  // namespace

bool foreign_key_says_on_delete(const SourceText& s, std::size_t from, std::size_t limit) {
  const std::size_t end = std::min(limit, s.end());
  if (from < s.base() || from >= end) return false;
  // The clause's tokens: [first, last).
  const std::size_t first = s.token_at(from);
  std::size_t last = first;
  while (last < s.size() && s[last].begin < end) ++last;
  std::size_t references = first;
  while (references < last && !s.is_word(references, "references")) ++references;
  int depth = 0;
  for (std::size_t i = references + 1; i < last; ++i) {
    if (s.is_symbol(i, '(')) ++depth;
    if (s.is_symbol(i, ')') && --depth < 0) return false;  // ) closing the table's list
    if (depth != 0) continue;
    if (s.is_symbol(i, ',') || s.is_symbol(i, ';')) return false;
    if (is_clause_start(s, i)) return false;
    if (s.is_word(i, "delete") && s.is_word(i - 1, "on")) return true;
  }
  return false;
}

}  // namespace schemashift::sql
