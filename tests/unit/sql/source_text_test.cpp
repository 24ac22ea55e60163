#include <catch2/catch.hpp>

#include <string>

#include "sql/parser.hpp"
#include "sql/source_text.hpp"

using namespace schemashift::sql;

namespace {

std::string token_texts(const SourceText& s) {
  std::string out;
  for (const auto& t : s.tokens()) out += std::string(s.text_of(t)) + "|";
  return out;
}

std::string comment_texts(const SourceText& s) {
  std::string out;
  for (const auto& c : s.comments()) out += std::string(s.text_of(c)) + "|";
  return out;
}

}  // namespace

// The cases where the hand-written tokenizers that came before disagreed with each other.

TEST_CASE("source text: block comments nest") {
  const SourceText s("SELECT /* a /* b */ c */ 1, 2");
  CHECK(token_texts(s) == "SELECT|1|,|2|");
  CHECK(comment_texts(s) == "/* a /* b */ c */|");
  CHECK(s.is_comment_at(std::string("SELECT /* a /* b */ c").size()));  // the "c" after the inner */
  const Script script = parse_script("/* a /* b */ c */ SELECT 1; SELECT 2;");
  REQUIRE_FALSE(script.error);
  REQUIRE(script.statements.size() == 2);
  CHECK(script.statements[0].text == "SELECT 1");
  CHECK(script.statements[0].column == 19);
}

TEST_CASE("source text: a dollar-quoted body holds ';' and '--'") {
  const std::string sql = "SELECT $tag$ a; -- not a comment $tag$, 'x'";
  const SourceText s(sql);
  CHECK(token_texts(s) == "SELECT|$tag$ a; -- not a comment $tag$|,|'x'|");
  CHECK(s.comments().empty());
  CHECK_FALSE(s.is_comment_at(sql.find("--")));
  CHECK(s[1].kind == TokenKind::String);
  const Script script = parse_script("DO $tag$ BEGIN PERFORM 1; -- x\nEND $tag$; SELECT 1;");
  REQUIRE_FALSE(script.error);
  CHECK(script.statements.size() == 2);
}

TEST_CASE("source text: E'' strings escape quotes with a backslash, standard strings do not") {
  const SourceText escaped(R"(SELECT E'it\'s', 'a\', 'b')");
  CHECK(token_texts(escaped) == R"(SELECT|E'it\'s'|,|'a\'|,|'b'|)");
  const Script script = parse_script(R"(SELECT E'it\'s; -- no'; SELECT 'c:\dir\'; SELECT 3)");
  REQUIRE_FALSE(script.error);
  REQUIRE(script.statements.size() == 3);
  CHECK(script.statements[1].text == R"(SELECT 'c:\dir\')");
}

TEST_CASE("source text: psql meta-commands") {
  SECTION("a query-sending command after a query ends the statement") {
    const std::string sql = "select 1 \\gexec\nselect 2";
    const SourceText s(sql);
    REQUIRE(s.meta_commands().size() == 1);
    CHECK(s.meta_commands()[0].name == "gexec");
    CHECK(s.meta_commands()[0].sends_query);
    CHECK(s.text_of(s.meta_commands()[0].range) == "\\gexec");
    CHECK(token_texts(s) == "select|1|select|2|");
    CHECK(s.server_text() == "select 1 ;     \nselect 2");
    const Script script = parse_script(sql);
    REQUIRE_FALSE(script.error);
    REQUIRE(script.statements.size() == 2);
    CHECK(script.statements[0].text == "select 1 ");
    CHECK(script.statements[1].line == 2);
  }
  SECTION("other commands run to the end of their line, quotes included") {
    const std::string sql = "\\set name 'abc\nSELECT 'x';\n\\connect db\n";
    const SourceText s(sql);
    REQUIRE(s.meta_commands().size() == 2);
    CHECK(s.meta_commands()[0].name == "set");
    CHECK_FALSE(s.meta_commands()[0].sends_query);
    CHECK(token_texts(s) == "SELECT|'x'|;|");
    CHECK_FALSE(s.error());
    CHECK(s.server_text() == std::string(14, ' ') + "\nSELECT 'x';\n" + std::string(11, ' ') + "\n");
  }
  SECTION("a backslash inside a string, quoted identifier, body or comment is not one") {
    const SourceText s("SELECT 'a\\b', \"c\\d\", $$ \\e $$ /* \\f */ -- \\g\n");
    CHECK(s.meta_commands().empty());
  }
}

TEST_CASE("source text: comments, token kinds and names") {
  const std::string sql = "-- one\nSELECT \"Quoted\", x::int, $1, 1.5 /* two */ FROM app.t -- three";
  const SourceText s(sql);
  CHECK(comment_texts(s) == "-- one|/* two */|-- three|");
  CHECK(s.is_comment_at(0));
  CHECK_FALSE(s.is_comment_at(sql.find("SELECT")));
  const std::size_t quoted = s.token_at(sql.find('"'));
  CHECK(s[quoted].kind == TokenKind::QuotedIdentifier);
  CHECK(s.is_name(quoted));
  CHECK(s[s.token_at(sql.find("::"))].kind == TokenKind::Operator);
  CHECK(s[s.token_at(sql.find("$1"))].kind == TokenKind::Parameter);
  CHECK(s[s.token_at(sql.find("1.5"))].kind == TokenKind::Number);
  CHECK(s.is_word(0, "select"));
  CHECK(s.is_word(s.token_at(sql.find("FROM")), "from"));
  CHECK(s.find_word(0, "from") == s.token_at(sql.find("FROM")));
}

TEST_CASE("source text: U&\"...\" identifiers end at their closing quote") {
  const SourceText s("SELECT U&\"d\\0061t\" , U&'x' FROM t");
  CHECK(token_texts(s) == "SELECT|U&\"d\\0061t\"|,|U&'x'|FROM|t|");
}

TEST_CASE("source text: offsets are relative to the script with a base") {
  const std::string script = "SELECT 1; CHECK (a > 0)";
  const std::size_t base = script.find("CHECK");
  const SourceText s(std::string_view(script).substr(base), base);
  CHECK(s[0].begin == base);
  CHECK(s.token_at(base + 6) == 1);
  CHECK(s.is_symbol(1, '('));
  CHECK(s.matching_close(1) == 5);
  CHECK(s.slice(2, 5) == "a > 0");
}

TEST_CASE("source text: an unterminated quote is a scan error, tokens stop there") {
  const SourceText s("SELECT 1, 'abc");
  REQUIRE(s.error());
  CHECK(s.error()->offset == 10);
  CHECK(s.error()->message.find("unterminated quoted string") != std::string::npos);
  CHECK(token_texts(s) == "SELECT|1|,|");
  CHECK(s.is_comment_at(12));
}

TEST_CASE("line index: lines and byte columns, multi-byte UTF-8 included") {
  const std::string text = "é1\n  ñandú x\n\nlast";
  const LineIndex lines(text);
  CHECK(lines.position(0).line == 1);
  CHECK(lines.position(2).column == 3);  // "é" is two bytes
  const Position x = lines.position(text.find('x'));
  CHECK(x.line == 2);
  CHECK(x.column == 11);  // two blanks, "ñandú" (7 bytes), a blank
  CHECK(lines.position(text.find("last")).line == 4);
  CHECK(lines.position(text.size() + 10).column == 5);
  int line = 0;
  int column = 0;
  offset_to_line_col(text, text.find('x'), line, column);
  CHECK(line == 2);
  CHECK(column == 11);
}

TEST_CASE("parse_script positions every statement of a large file") {
  std::string sql;
  const int count = 5000;
  for (int i = 0; i < count; ++i) sql += "INSERT INTO t VALUES (" + std::to_string(i) + ", 'é;');\n";
  const Script script = parse_script(sql);
  REQUIRE_FALSE(script.error);
  REQUIRE(script.statements.size() == count);
  CHECK(script.statements.back().line == count);
  CHECK(script.statements.back().column == 1);
  CHECK(script.statements[1234].text == "INSERT INTO t VALUES (1234, 'é;')");
}
