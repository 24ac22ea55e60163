#include "sql/parser.hpp"

#include <cctype>
#include <string>

#include <pg_query.h>

namespace schemashift::sql {

void offset_to_line_col(std::string_view text, std::size_t offset, int& line, int& column) {
  line = 1;
  column = 1;
  const std::size_t end = std::min(offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
}

// End of a quoted token starting at `i` ('...', E'...', "...", $tag$...$tag$), or npos
// when `i` does not start one. psql and the server agree on these boundaries.
static std::size_t quoted_end(const std::string& s, std::size_t i) {
  const char c = s[i];
  if (c == '\'' || c == '"') {
    const bool escapes = c == '\'' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e');
    for (std::size_t j = i + 1; j < s.size(); ++j) {
      if (escapes && s[j] == '\\') { ++j; continue; }
      if (s[j] != c) continue;
      if (j + 1 < s.size() && s[j + 1] == c) { ++j; continue; }  // '' or "" inside
      return j + 1;
    }
    return s.size();
  }
  if (c == '$') {
    const bool after_word = i > 0 && (std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_');
    std::size_t j = i + 1;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
    if (after_word || j >= s.size() || s[j] != '$' || std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      return std::string::npos;  // $1 parameter or part of an identifier
    }
    const std::string tag = s.substr(i, j - i + 1);
    const std::size_t close = s.find(tag, j + 1);
    return close == std::string::npos ? s.size() : close + tag.size();
  }
  return std::string::npos;
}

// psql meta-commands (\set, \connect, \gexec after a query, \restrict from pg_dump
// 15.14+) are not SQL: as in psql, a backslash outside quotes and comments starts one
// that runs to the end of the line. Blank them with spaces so byte offsets stay exact.
static std::string blank_psql_meta_commands(std::string_view sql) {
  std::string out(sql);
  std::size_t i = 0;
  while (i < out.size()) {
    if (out.compare(i, 2, "--") == 0) {
      i = std::min(out.find('\n', i), out.size());
    } else if (out.compare(i, 2, "/*") == 0) {
      int depth = 0;  // PostgreSQL block comments nest
      do {
        if (out.compare(i, 2, "/*") == 0) { ++depth; i += 2; }
        else if (out.compare(i, 2, "*/") == 0) { --depth; i += 2; }
        else ++i;
      } while (i < out.size() && depth > 0);
    } else if (const std::size_t end = quoted_end(out, i); end != std::string::npos) {
      i = end;
    } else if (out[i] == '\\') {
      // \g, \gexec, \gset, \gx, \gdesc, \watch, \crosstabview send the query buffer: they
      // end the statement, so they become its ';'.
      std::size_t n = i + 1;
      while (n < out.size() && std::isalpha(static_cast<unsigned char>(out[n]))) ++n;
      const std::string name = out.substr(i + 1, n - i - 1);
      const bool ends_query = (!name.empty() && name[0] == 'g') || name == "watch" || name == "crosstabview";
      out[i++] = ends_query ? ';' : ' ';
      while (i < out.size() && out[i] != '\n') out[i++] = ' ';
    } else {
      ++i;
    }
  }
  return out;
}

// The split result's stmt_location points at the end of the previous statement; skip
// whitespace and comments so a statement's position is where its first token starts.
static std::size_t skip_blanks_and_comments(std::string_view s, std::size_t i, std::size_t end) {
  while (i < end) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (s.compare(i, 2, "--") == 0) {
      while (i < end && s[i] != '\n') ++i;
    } else if (s.compare(i, 2, "/*") == 0) {
      int depth = 0;  // PostgreSQL block comments nest
      do {
        if (s.compare(i, 2, "/*") == 0) { ++depth; i += 2; }
        else if (s.compare(i, 2, "*/") == 0) { --depth; i += 2; }
        else ++i;
      } while (i < end && depth > 0);
    } else {
      break;
    }
  }
  return i;
}

Script parse_script(std::string_view sql) {
  Script script;
  const std::string text = blank_psql_meta_commands(sql);

  PgQueryParseResult parsed = pg_query_parse(text.c_str());
  if (parsed.error) {
    ParseError e;
    e.message = parsed.error->message ? parsed.error->message : "syntax error";
    e.offset = parsed.error->cursorpos > 0 ? static_cast<std::size_t>(parsed.error->cursorpos - 1) : 0;
    offset_to_line_col(text, e.offset, e.line, e.column);
    script.error = e;
    pg_query_free_parse_result(parsed);
    return script;
  }
  nlohmann::json tree = nlohmann::json::parse(parsed.parse_tree);
  pg_query_free_parse_result(parsed);

  if (!tree.contains("stmts")) return script;
  for (auto& raw : tree["stmts"]) {
    Statement st;
    const std::size_t loc = raw.value("stmt_location", 0);
    // stmt_len 0 means "to the end of the input".
    const std::size_t len = raw.contains("stmt_len") ? raw["stmt_len"].get<std::size_t>() : text.size() - loc;
    const std::size_t end = std::min(text.size(), loc + (len ? len : text.size() - loc));
    const std::size_t begin = skip_blanks_and_comments(text, loc, end);
    st.offset = begin;
    st.text = std::string(sql.substr(begin, end - begin));
    offset_to_line_col(text, begin, st.line, st.column);
    // Moved, not copied: a deep copy of every tree was a measurable share of lint time.
    st.tree = raw.contains("stmt") ? std::move(raw["stmt"]) : nlohmann::json::object();
    script.statements.push_back(std::move(st));
  }
  return script;
}

std::optional<nlohmann::json> parse_statement(std::string_view sql, std::string* error) {
  Script s = parse_script(sql);
  if (s.error) {
    if (error) *error = s.error->message;
    return std::nullopt;
  }
  if (s.statements.empty()) {
    if (error) *error = "empty statement";
    return std::nullopt;
  }
  return s.statements.front().tree;
}

}  // namespace schemashift::sql
