#include "sql/node_text.hpp"

#include <algorithm>

#include "sql/tree.hpp"

namespace schemashift::sql {

namespace {

// Words that begin the next clause of a column definition, ending a DEFAULT expression.
bool starts_column_clause(const SourceText& s, std::size_t i, std::size_t first) {
  static const char* const words[] = {"not",        "null",      "check",    "references", "unique",     "primary",
                                      "constraint", "collate",   "generated", "default",   "deferrable", "initially"};
  if (i == first || std::none_of(std::begin(words), std::end(words), [&](const char* w) { return s.is_word(i, w); })) {
    return false;
  }
  // "x IS NOT DISTINCT FROM y", "x IS NULL", "x IS NOT NULL" stay inside the expression.
  if ((s.is_word(i, "not") || s.is_word(i, "null")) && s.is_word(i - 1, "is")) return false;
  if (s.is_word(i, "null") && s.is_word(i - 1, "not") && i >= 2 && s.is_word(i - 2, "is")) return false;
  return true;
}

}  // namespace

std::size_t expression_end(const SourceText& s, std::size_t first, std::size_t limit, bool column_clause) {
  int depth = 0;
  std::size_t i = first;
  for (; i < s.size() && s[i].begin < limit; ++i) {
    if (s.is_symbol(i, '(') || s.is_symbol(i, '[')) {
      ++depth;
    } else if (s.is_symbol(i, ')') || s.is_symbol(i, ']')) {
      if (--depth < 0) break;
    } else if (depth == 0 && s.is_symbol(i, ',')) {
      break;
    } else if (depth == 0 && column_clause && starts_column_clause(s, i, first)) {
      break;
    }
  }
  return i;
}

std::string column_default_text(const SourceText& s, std::size_t constraint_location, std::size_t limit) {
  const std::size_t first = s.find_word(s.token_at(constraint_location), "default") + 1;
  return s.slice(first, expression_end(s, first, limit, true));
}

std::string set_default_text(const SourceText& s, const sql::tree::json& expr) {
  const std::size_t leftmost = s.token_at(tree::min_location(expr));
  std::size_t first = leftmost;
  for (std::size_t i = leftmost; i-- > 0;) {
    if (s.is_word(i, "default")) {
      first = i + 1;
      break;
    }
  }
  return s.slice(first, expression_end(s, first, SIZE_MAX, false));
}

std::string check_text(const SourceText& s, std::size_t constraint_location) {
  const std::size_t keyword = s.find_word(s.token_at(constraint_location), "check");
  if (!s.is_symbol(keyword + 1, '(')) return {};
  return s.slice(keyword + 2, s.matching_close(keyword + 1));
}

std::vector<std::string> index_element_texts(const SourceText& s, const sql::tree::json& index) {
  const long long relation = tree::location(tree::member(index, "relation"));
  std::size_t open = s.token_at(relation < 0 ? 0 : static_cast<std::size_t>(relation));
  while (open < s.size() && !s.is_symbol(open, '(')) ++open;
  const std::size_t close = s.matching_close(open);

  // Token ranges of the elements, split at top-level commas.
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  std::size_t first = open + 1;
  int depth = 0;
  for (std::size_t i = open + 1; i <= close && i < s.size(); ++i) {
    if (s.is_symbol(i, '(')) ++depth;
    if (s.is_symbol(i, ')') && i != close) --depth;
    if (i == close || (depth == 0 && s.is_symbol(i, ','))) {
      ranges.emplace_back(first, i);
      first = i + 1;
    }
  }

  std::vector<std::string> texts;
  const auto& params = tree::items(tree::member(index, "indexParams"));
  for (std::size_t n = 0; n < params.size(); ++n) {
    std::string text;
    if (tree::member(params[n], "IndexElem").contains("expr") && n < ranges.size()) {
      const auto [begin, end] = ranges[n];
      if (s.is_symbol(begin, '(')) {
        text = s.slice(begin + 1, s.matching_close(begin));
      } else {
        std::size_t call_open = begin;
        while (call_open < end && !s.is_symbol(call_open, '(')) ++call_open;
        text = call_open < end ? s.slice(begin, s.matching_close(call_open) + 1) : s.slice(begin, end);
      }
    }
    texts.push_back(std::move(text));
  }
  return texts;
}

std::string index_where_text(const SourceText& s, const sql::tree::json& where_clause) {
  const std::size_t leftmost = s.token_at(tree::min_location(where_clause));
  for (std::size_t i = leftmost; i-- > 0;) {
    if (s.is_word(i, "where")) return s.slice(i + 1, s.size());
  }
  return s.slice(leftmost, s.size());
}

Range qualified_name_range(const SourceText& s, std::size_t location) {
  const std::size_t first = s.token_at(location);
  std::size_t last = first;
  if (s.is_name(last)) {
    ++last;
    while (s.is_symbol(last, '.') && s.is_name(last + 1)) last += 2;
  }
  if (last == first) return {};
  return {s[first].begin, s[last - 1].end};
}

}  // namespace schemashift::sql
