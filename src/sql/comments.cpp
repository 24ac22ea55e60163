#include "sql/comments.hpp"

#include <algorithm>

namespace schemashift::sql {

namespace {

// Character classes of PostgreSQL 15's scanner (src/backend/parser/scan.l).
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_horiz_space(char c) { return c == ' ' || c == '\t' || c == '\f'; }
bool is_newline(char c) { return c == '\n' || c == '\r'; }
bool is_ident_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || u == '_' || u >= 0x80;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_dollar_tag_char(char c) { return is_ident_start(c) || is_digit(c); }
bool is_ident_char(char c) { return is_dollar_tag_char(c) || c == '$'; }

class CommentFinder {
 public:
  explicit CommentFinder(std::string_view text) : t_(text), n_(text.size()) {}

  bool run() {
    while (i_ < n_) {
      const char c = t_[i_];
      if (c == '-' && next_is('-')) {
        line_comment();
      } else if (c == '/' && next_is('*')) {
        if (!block_comment()) return false;
      } else if (c == '\'') {
        if (!quoted_string(false)) return false;
      } else if (c == '"') {
        if (!quoted_identifier()) return false;
      } else if (c == '$') {
        if (!dollar()) return false;
      } else if (is_ident_start(c)) {
        if (!identifier()) return false;
      } else if (c == '\\' || c == '\0') {
        return false;  // a psql meta-command, or text the C API would cut short
      } else {
        ++i_;
      }
    }
    return true;
  }

  std::vector<Range> comments;

 private:
  bool next_is(char c) const { return i_ + 1 < n_ && t_[i_ + 1] == c; }

  // "--" up to the newline, which is not part of it.
  void line_comment() {
    std::size_t j = i_ + 2;
    while (j < n_ && !is_newline(t_[j])) ++j;
    comments.push_back({i_, j});
    i_ = j;
  }

  // "/*" ... "*/", nested.
  bool block_comment() {
    std::size_t j = i_ + 2;
    int depth = 1;
    while (depth > 0) {
      if (j + 1 >= n_) return false;
      if (t_[j] == '/' && t_[j + 1] == '*') {
        ++depth;
        j += 2;
      } else if (t_[j] == '*' && t_[j + 1] == '/') {
        --depth;
        j += 2;
      } else {
        ++j;
      }
    }
    comments.push_back({i_, j});
    i_ = j;
    return true;
  }

  // At the opening quote of '...', E'...' (backslash escapes), B'', X'', N'', U&''.
  // A quote doubled stays in the string; so do blanks with a newline between this quote
  // and the next (the SQL standard's continued string).
  bool quoted_string(bool backslash_escapes) {
    std::size_t j = i_ + 1;
    for (;;) {
      if (j >= n_) return false;
      const char c = t_[j];
      if (backslash_escapes && c == '\\') {
        j += 2;
        continue;
      }
      if (c != '\'') {
        ++j;
        continue;
      }
      if (j + 1 < n_ && t_[j + 1] == '\'') {
        j += 2;
        continue;
      }
      const std::size_t continued = continuation(j + 1);
      if (continued == 0) {
        i_ = j + 1;
        return true;
      }
      j = continued;
    }
  }

  // After a string's closing quote at `from - 1`: the offset after the quote that
  // continues it, or 0. libpg_query's scanner continues a string only across blanks that
  // hold a newline (a comment there ends it: 'a' -- c <newline> 'b' does not parse).
  std::size_t continuation(std::size_t from) const {
    std::size_t k = from;
    while (k < n_ && is_horiz_space(t_[k])) ++k;
    if (k >= n_ || !is_newline(t_[k])) return 0;
    while (k < n_ && is_space(t_[k])) ++k;
    return k < n_ && t_[k] == '\'' ? k + 1 : 0;
  }

  // "..." with "" inside.
  bool quoted_identifier() {
    std::size_t j = i_ + 1;
    for (;;) {
      if (j >= n_) return false;
      if (t_[j] != '"') {
        ++j;
        continue;
      }
      if (j + 1 < n_ && t_[j + 1] == '"') {
        j += 2;
        continue;
      }
      i_ = j + 1;
      return true;
    }
  }

  // $1 (a parameter), $tag$ ... $tag$ (a dollar quote), or a lone '$'.
  bool dollar() {
    std::size_t j = i_ + 1;
    if (j < n_ && is_ident_start(t_[j])) {
      ++j;
      while (j < n_ && is_dollar_tag_char(t_[j])) ++j;
    }
    if (j >= n_ || t_[j] != '$') {
      ++i_;
      return true;
    }
    const std::string_view delimiter = t_.substr(i_, j + 1 - i_);
    const std::size_t close = t_.find(delimiter, j + 1);
    if (close == std::string_view::npos) return false;
    i_ = close + delimiter.size();
    return true;
  }

  // A name (letters, digits, '_', '$', bytes >= 0x80); "E" or "e" right before a quote
  // opens an escape string.
  bool identifier() {
    std::size_t j = i_ + 1;
    while (j < n_ && is_ident_char(t_[j])) ++j;
    const bool escape_string = j == i_ + 1 && (t_[i_] == 'E' || t_[i_] == 'e') && j < n_ && t_[j] == '\'';
    i_ = j;
    return escape_string ? quoted_string(true) : true;
  }

  std::string_view t_;
  std::size_t n_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<std::vector<Range>> find_comments(std::string_view text) {
  CommentFinder finder(text);
  if (!finder.run()) return std::nullopt;
  return std::move(finder.comments);
}

std::size_t skip_blanks_and_comments(std::string_view text, const std::vector<Range>& comments, std::size_t from) {
  auto comment = std::lower_bound(comments.begin(), comments.end(), from,
                                  [](const Range& r, std::size_t at) { return r.end <= at; });
  std::size_t i = from;
  while (i < text.size()) {
    if (comment != comments.end() && comment->begin <= i) {
      i = std::max(i, comment->end);
      ++comment;
      continue;
    }
    if (!is_space(text[i])) return i;
    ++i;
  }
  return text.size();
}

}  // namespace schemashift::sql
