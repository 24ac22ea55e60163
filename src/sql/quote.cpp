#include "sql/quote.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

namespace schemashift::sql {

// Keyword category of a single word, from PostgreSQL's own scanner.
// 0 = not a keyword, 1 = unreserved, 2 = column name, 3 = type/function name, 4 = reserved.
static int keyword_kind(std::string_view word) {
  const std::string text(word);
  PgQueryScanResult r = pg_query_scan(text.c_str());
  int kind = 0;
  if (!r.error) {
    PgQuery__ScanResult* s = pg_query__scan_result__unpack(
        nullptr, r.pbuf.len, reinterpret_cast<const uint8_t*>(r.pbuf.data));
    if (s && s->n_tokens == 1 && s->tokens[0]->start == 0 &&
        static_cast<std::size_t>(s->tokens[0]->end) == text.size()) {
      kind = s->tokens[0]->keyword_kind;
    }
    if (s) pg_query__scan_result__free_unpacked(s, nullptr);
  }
  pg_query_free_scan_result(r);
  return kind;
}

bool needs_quoting(std::string_view ident) {
  if (ident.empty()) return true;
  const unsigned char first = static_cast<unsigned char>(ident[0]);
  if (!((first >= 'a' && first <= 'z') || first == '_')) return true;
  for (unsigned char c : ident) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return true;
  }
  const int kind = keyword_kind(ident);
  return kind != 0 && kind != 1;  // only unreserved keywords may stand bare
}

std::string quote_ident(std::string_view ident) {
  if (!needs_quoting(ident)) return std::string(ident);
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string quote_literal(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string dollar_quote(std::string_view body, std::string_view base) {
  std::string tag = "$" + std::string(base) + "$";
  for (int i = 1; body.find(tag) != std::string_view::npos; ++i) {
    tag = "$" + std::string(base) + "_" + std::to_string(i) + "$";
  }
  return tag;
}

}  // namespace schemashift::sql
