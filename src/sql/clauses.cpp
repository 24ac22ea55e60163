#include "sql/clauses.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

namespace schemashift::sql {

namespace {

// The tokens of `text`, from PostgreSQL's scanner (comments and whitespace dropped).
// Empty when the text does not scan (an unterminated quote).
std::vector<PgQuery__Token> scan_tokens(const std::string& text) {
  std::vector<PgQuery__Token> tokens;
  PgQueryScanResult r = pg_query_scan(text.c_str());
  if (!r.error) {
    PgQuery__ScanResult* s =
        pg_query__scan_result__unpack(nullptr, r.pbuf.len, reinterpret_cast<const uint8_t*>(r.pbuf.data));
    if (s) {
      for (std::size_t i = 0; i < s->n_tokens; ++i) tokens.push_back(s->tokens[i]->token);
      pg_query__scan_result__free_unpacked(s, nullptr);
    }
  }
  pg_query_free_scan_result(r);
  return tokens;
}

// Keywords that start the next constraint of a column or table definition. None of them
// can appear inside a REFERENCES clause, except DEFAULT and NULL after SET in a
// referential action ("ON UPDATE SET DEFAULT"), which is_clause_start excludes.
bool is_clause_start(PgQuery__Token token, PgQuery__Token previous) {
  switch (token) {
    case PG_QUERY__TOKEN__CONSTRAINT:
    case PG_QUERY__TOKEN__CHECK:
    case PG_QUERY__TOKEN__UNIQUE:
    case PG_QUERY__TOKEN__PRIMARY:
    case PG_QUERY__TOKEN__REFERENCES:
    case PG_QUERY__TOKEN__GENERATED:
    case PG_QUERY__TOKEN__COLLATE:
    case PG_QUERY__TOKEN__NOT:
      return true;
    case PG_QUERY__TOKEN__DEFAULT:
      return previous != PG_QUERY__TOKEN__SET;
    default:
      return false;
  }
}

}  // namespace

bool foreign_key_says_on_delete(std::string_view text, std::size_t from, std::size_t limit) {
  if (from >= text.size()) return false;
  const std::size_t end = std::min(limit, text.size());
  if (end <= from) return false;
  const std::vector<PgQuery__Token> tokens = scan_tokens(std::string(text.substr(from, end - from)));
  const auto references = std::find(tokens.begin(), tokens.end(), PG_QUERY__TOKEN__REFERENCES);
  if (references == tokens.end()) return false;
  int depth = 0;
  PgQuery__Token previous = PG_QUERY__TOKEN__REFERENCES;
  for (auto it = references + 1; it != tokens.end(); previous = *it, ++it) {
    const PgQuery__Token token = *it;
    if (token == PG_QUERY__TOKEN__ASCII_40) ++depth;                      // (
    if (token == PG_QUERY__TOKEN__ASCII_41 && --depth < 0) return false;  // ) closing the table's list
    if (depth != 0) continue;
    if (token == PG_QUERY__TOKEN__ASCII_44 || token == PG_QUERY__TOKEN__ASCII_59) return false;  // , ;
    if (is_clause_start(token, previous)) return false;
    if (token == PG_QUERY__TOKEN__DELETE_P && previous == PG_QUERY__TOKEN__ON) return true;
  }
  return false;
}

bool is_comment_at(std::string_view text, std::size_t offset) {
  const std::string source(text);
  PgQueryScanResult r = pg_query_scan(source.c_str());
  bool in_comment = true;
  if (!r.error) {
    PgQuery__ScanResult* s =
        pg_query__scan_result__unpack(nullptr, r.pbuf.len, reinterpret_cast<const uint8_t*>(r.pbuf.data));
    if (s) {
      in_comment = false;
      for (std::size_t i = 0; i < s->n_tokens; ++i) {
        const PgQuery__ScanToken* t = s->tokens[i];
        const bool comment = t->token == PG_QUERY__TOKEN__SQL_COMMENT || t->token == PG_QUERY__TOKEN__C_COMMENT;
        if (comment && static_cast<std::size_t>(t->start) <= offset && offset < static_cast<std::size_t>(t->end)) {
          in_comment = true;
          break;
        }
      }
      pg_query__scan_result__free_unpacked(s, nullptr);
    }
  }
  pg_query_free_scan_result(r);
  return in_comment;
}

}  // namespace schemashift::sql
