#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sql/comments.hpp"
#include "sql/parser.hpp"
#include "sql/source_text.hpp"

using namespace schemashift::sql;
namespace fs = std::filesystem;

namespace {

// find_comments agrees with PostgreSQL's scanner, or leaves the text to it.
void check_comments(const std::string& text, bool expect_found = true) {
  INFO(text);
  const auto found = find_comments(text);
  CHECK(found.has_value() == expect_found);
  if (!found) return;
  const SourceText scanned(text);
  REQUIRE_FALSE(scanned.error());
  REQUIRE(found->size() == scanned.comments().size());
  for (std::size_t i = 0; i < found->size(); ++i) {
    CHECK((*found)[i].begin == scanned.comments()[i].begin);
    CHECK((*found)[i].end == scanned.comments()[i].end);
  }
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

TEST_CASE("find_comments finds the comments PostgreSQL's scanner finds") {
  check_comments("");
  check_comments("SELECT 1; -- trailing");
  check_comments("-- a\r\n/* b /* nested */ still */ SELECT 1 /**/;/*x*/");
  check_comments("SELECT '-- not' || 'a''--b' || \"q--\"\"/*\" -- yes\n");
  check_comments("SELECT E'\\' -- still string', e'\\\\' -- comment\n");
  check_comments("SELECT xE'a\\' -- comment\n, 'b'");
  check_comments("SELECT $$ -- body $$, $tag$ /* $$ */ $tag$ -- after\n, $1 -- p\n");
  check_comments("SELECT a$b$c -- ident with dollars\n");
  check_comments("SELECT $a$ x $ab$ y $a$ -- c\n");
  check_comments("SELECT 1--2\n, 3/*4*/+5, 6+--7\n 8");
  check_comments("SELECT **/ 1 */* comment */");
  // A string continues on the next line across blanks only (with a comment between the
  // parts the text does not parse, but it scans).
  check_comments("SELECT 'a' -- inside\n  -- also\n 'b', 'c' -- out\n");
  check_comments("SELECT E'a\\\\'\n  'b\\' -- c' -- d\n");
  check_comments("SELECT 'a'\n-- not continued\n, 'b'");
  check_comments("SELECT 'a'   \t\n\n  'b' /* c */");
  check_comments("SELECT U&'d\\0061t' -- c\n, B'01', X'ff' -- d\n, N'n' /* e */");
  check_comments("COMMENT ON TABLE t IS 'it''s -- here'; -- there");
  check_comments("SELECT 'caf\xc3\xa9' -- \xc3\xa9t\xc3\xa9\n");
  // Left to the scanner: meta-commands, unterminated quotes and comments.
  check_comments("\\set ON_ERROR_STOP on\nSELECT 1;", false);
  check_comments("SELECT 1 \\gexec", false);
  check_comments("SELECT 'open", false);
  check_comments("SELECT E'open\\'", false);
  check_comments("SELECT \"open", false);
  check_comments("SELECT $x$ open", false);
  check_comments("SELECT 1 /* open /* */", false);
  check_comments(std::string("SELECT 1;\0SELECT 2;", 19), false);
}

TEST_CASE("find_comments agrees with the scanner on every SQL file of the repository") {
  std::size_t files = 0;
  for (const char* dir : {"tests", "samples"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(SCHEMASHIFT_SOURCE_DIR) / dir)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
      const std::string text = read(entry.path());
      INFO(entry.path().string());
      const auto found = find_comments(text);
      if (!found) continue;  // meta-commands and the like: scanned as before
      const SourceText scanned(text);
      if (scanned.error()) continue;
      ++files;
      REQUIRE(found->size() == scanned.comments().size());
      for (std::size_t i = 0; i < found->size(); ++i) {
        CHECK((*found)[i].begin == scanned.comments()[i].begin);
        CHECK((*found)[i].end == scanned.comments()[i].end);
      }
      // Statements begin at their first token, whose tokens are scanned when asked for.
      const Script script = parse_script(text);
      for (const Statement& st : script.statements) {
        const SourceText tokens = source_of(st);
        if (tokens.size() > 0) CHECK(tokens[0].begin == st.offset);
      }
    }
  }
  CHECK(files > 300);
}

TEST_CASE("skip_blanks_and_comments finds where a statement begins") {
  const std::string text = "; -- c\n /* d */\t SELECT 1";
  const auto comments = find_comments(text);
  REQUIRE(comments);
  CHECK(skip_blanks_and_comments(text, *comments, 1) == text.find("SELECT"));
  CHECK(skip_blanks_and_comments(text, *comments, text.size()) == text.size());
  CHECK(skip_blanks_and_comments("  -- only", *find_comments("  -- only"), 0) == 9);
}
