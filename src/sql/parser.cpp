#include "sql/parser.hpp"

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

// psql meta-commands (\connect, \restrict from pg_dump 15.14+) are not SQL. Blank them
// with spaces so byte offsets of everything else stay exact.
static std::string blank_psql_meta_commands(std::string_view sql) {
  std::string out(sql);
  bool at_line_start = true;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (at_line_start && out[i] == '\\') {
      while (i < out.size() && out[i] != '\n') out[i++] = ' ';
    }
    at_line_start = (i < out.size() && out[i] == '\n');
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
