#include "sql/parser.hpp"

#include <string>

#include <pg_query.h>

#include "sql/tree_json.hpp"


namespace schemashift::sql {

Script parse_script(std::string_view sql) {
  Script script;
  // psql meta-commands (\set, \connect, \gexec after a query, \restrict from pg_dump
  // 15.14+) are not SQL: the server gets the text without them.
  const SourceText source(sql);
  const std::string text = source.server_text();
  script.lines = LineIndex(sql);
  script.comments = source.comments();

  PgQueryParseResult parsed = pg_query_parse(text.c_str());
  if (parsed.error) {
    ParseError e;
    e.message = parsed.error->message ? parsed.error->message : "syntax error";
    e.offset = parsed.error->cursorpos > 0 ? static_cast<std::size_t>(parsed.error->cursorpos - 1) : 0;
    const Position at = script.lines.position(e.offset);
    e.line = at.line;
    e.column = at.column;
    script.error = e;
    pg_query_free_parse_result(parsed);
    return script;
  }
  tree::Document tree;
  try {
    tree = read_tree_json(parsed.parse_tree);
  } catch (...) {
    pg_query_free_parse_result(parsed);
    throw;
  }
  pg_query_free_parse_result(parsed);

  for (const tree::Node& raw : tree["stmts"]) {
    Statement st;
    const std::size_t loc = raw.value("stmt_location", std::size_t{0});
    // stmt_len 0 means "to the end of the input".
    const std::size_t len = raw.value("stmt_len", text.size() - loc);
    const std::size_t end = std::min(text.size(), loc + (len ? len : text.size() - loc));
    // stmt_location points just after the previous statement's ';': the statement starts
    // at its first token, after blanks and comments.
    const std::size_t first = source.token_at(loc);
    const std::size_t begin = first < source.size() ? std::min(source[first].begin, end) : end;
    st.offset = begin;
    st.text = std::string(sql.substr(begin, end - begin));
    const Position at = script.lines.position(begin);
    st.line = at.line;
    st.column = at.column;
    // Shares the script's tree (and its arena), no copy.
    st.tree = raw.contains("stmt") ? tree.part(raw["stmt"]) : tree::Document(tree::Node::object(), nullptr);
    // The statement's tokens are the script's between its bounds: no second scan.
    if (!source.error()) st.scan = source.part(Range{begin, end});
    script.statements.push_back(std::move(st));
  }
  return script;
}

SourceText source_of(const Statement& st) {
  if (st.scan) return SourceText(st.text, st.offset, st.scan);
  return SourceText(st.text, st.offset);
}

std::optional<tree::Document> parse_statement(std::string_view sql, std::string* error) {
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
