#include "sql/parser.hpp"

#include <string>

#include <pg_query.h>

#include "core/text.hpp"
#include "sql/comments.hpp"
#include "sql/tree_json.hpp"


namespace schemashift::sql {

namespace {

// libpg_query 15-4.0 (Debian's) writes a negative Integer constant as it writes 0,
// `"A_Const":{"ival":{},"location":N}` (pganalyze/libpg_query#243, fixed upstream by #249),
// so `numeric(5,-2)` or `DEFAULT -1` would read as 0. The grammar folds the minus sign into
// the constant and puts its location on the sign: where the text there is '-', the value is
// minus the digits after it. A fixed library writes the value, and this changes nothing.
std::string with_negative_integers(const char* json, const std::string& text) {
  static constexpr std::string_view kEmpty = "\"A_Const\":{\"ival\":{},\"location\":";
  std::string out;
  const std::string_view in(json);
  std::size_t from = 0;
  for (std::size_t at = in.find(kEmpty); at != std::string_view::npos; at = in.find(kEmpty, from)) {
    std::size_t p = at + kEmpty.size(), location = 0;
    while (p < in.size() && in[p] >= '0' && in[p] <= '9') location = location * 10 + static_cast<std::size_t>(in[p++] - '0');
    std::size_t d = location + 1;
    while (d < text.size() && (text[d] == ' ' || text[d] == '\t' || text[d] == '\n' || text[d] == '\r')) ++d;
    const std::size_t digits = d;
    while (d < text.size() && text[d] >= '0' && text[d] <= '9') ++d;
    if (location < text.size() && text[location] == '-' && d > digits && text.find_first_not_of('0', digits) < d) {
      out.append(in.substr(from, at - from));
      out += "\"A_Const\":{\"ival\":{\"ival\":-" + text.substr(digits, d - digits) + "},\"location\":";
      from = at + kEmpty.size();
    } else {
      out.append(in.substr(from, p - from));
      from = p;
    }
  }
  out.append(in.substr(from));
  return out;
}

// pg_query_parse over `text` (the script `sql` as the server gets it, same offsets) into
// script.statements. `start_of(offset)`: where the statement whose pg_query location is
// `offset` begins (its first token); `scan_of(range)`: its tokens, or null to scan them
// when asked for. False, with script.error set, when the text does not parse.
template <typename StartOf, typename ScanOf>
bool read_statements(std::string_view sql, const std::string& text, Script& script, StartOf start_of, ScanOf scan_of) {
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
    return false;
  }
  tree::Document tree;
  try {
    tree = read_tree_json(with_negative_integers(parsed.parse_tree, text));
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
    const std::size_t first = start_of(loc);
    const std::size_t begin = first < text.size() ? std::min(first, end) : end;
    st.offset = begin;
    st.text = std::string(sql.substr(begin, end - begin));
    const Position at = script.lines.position(begin);
    st.line = at.line;
    st.column = at.column;
    // Shares the script's tree (and its arena), no copy.
    st.tree = raw.contains("stmt") ? tree.part(raw["stmt"]) : tree::Document(tree::Node::object(), nullptr);
    st.scan = scan_of(Range{begin, end});
    script.statements.push_back(std::move(st));
  }
  return true;
}

// A script with psql meta-commands, or one the comment finder leaves to PostgreSQL's
// scanner: scanned once, its statements take their tokens from that scan.
Script parse_scanned(std::string_view sql) {
  Script script;
  // psql meta-commands (\set, \connect, \gexec after a query, \restrict from pg_dump
  // 15.14+) are not SQL: the server gets the text without them.
  const SourceText source(sql);
  const std::string text = source.server_text();
  script.lines = LineIndex(sql);
  script.comments = source.comments();
  read_statements(
      sql, text, script,
      [&](std::size_t loc) {
        const std::size_t first = source.token_at(loc);
        return first < source.size() ? source[first].begin : text.size();
      },
      [&](Range r) { return source.error() ? nullptr : source.part(r); });
  return script;
}

// PostgreSQL checks every byte it receives against the client encoding (UTF-8 here) and
// refuses the statement; libpg_query does not, and hands the bytes on into its parse tree.
// A script with a byte that is not UTF-8 is refused here, at that byte, as the server would.
std::optional<ParseError> invalid_encoding(std::string_view sql) {
  const std::size_t bad = core::invalid_text_offset(sql);
  if (bad == std::string_view::npos) return std::nullopt;
  ParseError e;
  e.offset = bad;
  const Position at = LineIndex(sql).position(bad);
  e.line = at.line;
  e.column = at.column;
  const auto byte = static_cast<unsigned char>(sql[bad]);
  // A declared client_encoding (pg_dump of a LATIN1 database writes one) is not followed:
  // the message says so rather than leaving the user to wonder why it was ignored.
  const bool declared = core::lower(sql.substr(0, bad)).find("client_encoding") != std::string::npos;
  e.message = "invalid byte sequence for encoding \"UTF8\": " + core::byte_hex(byte) +
              (byte == 0 ? " (a NUL byte: is this a binary file?)"
                         : std::string(" (schemashift reads SQL files as UTF-8") +
                               (declared ? ", whatever their SET client_encoding says" : "") +
                               "; convert the file, e.g. `iconv -f LATIN1 -t UTF-8`)");
  return e;
}

}  // namespace

Script parse_script(std::string_view sql) {
  if (std::optional<ParseError> e = invalid_encoding(sql)) {
    Script script;
    script.lines = LineIndex(sql);
    script.error = std::move(e);
    return script;
  }
  // Most scripts have no meta-command: the comment finder gives their comments and where
  // their statements begin, and the script is scanned only when a statement asks for its
  // tokens (source_of), which few do: scanning every script cost as much as parsing it. A
  // script that does not parse is scanned all the same, as before.
  if (std::optional<std::vector<Range>> comments = find_comments(sql)) {
    Script script;
    script.lines = LineIndex(sql);
    script.comments = std::move(*comments);
    auto deferred = std::make_shared<DeferredScan>(std::string(sql));
    const bool parsed = read_statements(
        sql, std::string(sql), script,
        [&](std::size_t loc) { return skip_blanks_and_comments(sql, script.comments, loc); },
        [](Range) { return std::shared_ptr<const Scan>(); });
    if (parsed) {
      for (Statement& st : script.statements) st.deferred = deferred;
      return script;
    }
  }
  return parse_scanned(sql);
}

std::shared_ptr<const Scan> DeferredScan::part(Range r) const {
  if (!source_) source_.emplace(text_);
  return source_->error() ? nullptr : source_->part(r);
}

SourceText source_of(const Statement& st) {
  if (st.scan) return SourceText(st.text, st.offset, st.scan);
  if (st.deferred) {
    if (auto scan = st.deferred->part(Range{st.offset, st.offset + st.text.size()})) {
      return SourceText(st.text, st.offset, std::move(scan));
    }
  }
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

int grammar_version() { return PG_VERSION_NUM / 10000; }

}  // namespace schemashift::sql
