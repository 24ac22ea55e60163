#include <catch2/catch.hpp>

#include <climits>
#include <regex>
#include <string>
#include <vector>

#include "core/text.hpp"

using namespace schemashift::core;

TEST_CASE("slugify lower-cases and joins words with single underscores", "[core][text][slugify]") {
  CHECK(slugify("Advanced Contact Enrichment!") == "advanced_contact_enrichment");
  CHECK(slugify("Rename posts.created to created_at") == "rename_posts_created_to_created_at");
  CHECK(slugify("  --Leading and trailing--  ") == "leading_and_trailing");
  CHECK(slugify("a   b\t\nc") == "a_b_c");
  CHECK(slugify("Issue #234: fix") == "issue_234_fix");
  CHECK(slugify("already_a_slug") == "already_a_slug");
  CHECK(slugify("__double__underscores__") == "double_underscores");
  CHECK(slugify("") == "");
  CHECK(slugify("!!!") == "");
  // Non-ASCII bytes are separators: the slug stays plain ASCII for file names.
  CHECK(slugify("Café Menü") == "caf_men");
}

TEST_CASE("slugify cuts at a word boundary", "[core][text][slugify]") {
  CHECK(slugify("alpha beta gamma", 12) == "alpha_beta");
  CHECK(slugify("alpha beta gamma", 16) == "alpha_beta_gamma");  // exactly fits
  CHECK(slugify("alpha beta gamma", 15) == "alpha_beta");
  CHECK(slugify("abc def ghi", 7) == "abc_def");  // the boundary falls on the limit
  CHECK(slugify("alpha beta", 5) == "alpha");
  // One long word: a hard cut, never empty.
  CHECK(slugify("abcdefghij", 4) == "abcd");
  CHECK(slugify("abcdefghij klm", 4) == "abcd");

  const std::string long_title =
      "Store third party enrichment data per contact and track enrichment status for sales";
  const std::string s = slugify(long_title);
  CHECK(s.size() <= 48);
  CHECK(s == "store_third_party_enrichment_data_per_contact");
  CHECK(s.back() != '_');
  for (std::size_t max : {1u, 2u, 5u, 10u, 20u, 33u, 47u, 48u, 63u}) {
    const std::string cut = slugify(long_title, max);
    INFO(max << " -> " << cut);
    CHECK(cut.size() <= max);
    CHECK_FALSE(cut.empty());
    CHECK(cut.back() != '_');
    CHECK(cut.front() != '_');
  }
}

TEST_CASE("camelize turns snake_case into Rails class names", "[core][text]") {
  CHECK(camelize("add_column_users") == "AddColumnUsers");
  CHECK(camelize("issue_234_expand") == "Issue234Expand");
  CHECK(camelize("x") == "X");
  CHECK(camelize("") == "");
  CHECK(camelize("__a__b") == "AB");
  CHECK(camelize("already") == "Already");
  CHECK(camelize("keepsCase_inside") == "KeepsCaseInside");
}

TEST_CASE("thousands groups digits by three", "[core][text]") {
  CHECK(thousands(0) == "0");
  CHECK(thousands(7) == "7");
  CHECK(thousands(999) == "999");
  CHECK(thousands(1000) == "1,000");
  CHECK(thousands(50000) == "50,000");
  CHECK(thousands(123456) == "123,456");
  CHECK(thousands(1234567) == "1,234,567");
  CHECK(thousands(-1) == "-1");
  CHECK(thousands(-1234) == "-1,234");
  CHECK(thousands(-123456) == "-123,456");
  CHECK(thousands(LLONG_MAX) == "9,223,372,036,854,775,807");
}

// Regression: `-n` overflowed for LLONG_MIN (undefined behaviour; -O2 printed "-0").
TEST_CASE("thousands handles the most negative value", "[core][text]") {
  CHECK(thousands(LLONG_MIN) == "-9,223,372,036,854,775,808");
  CHECK(thousands(LLONG_MIN + 1) == "-9,223,372,036,854,775,807");
}

TEST_CASE("human_millis picks a unit and rounds up below a second", "[core][text]") {
  CHECK(human_millis(0) == "~0 ms");
  CHECK(human_millis(0.2) == "~1 ms");  // rounded up: an estimate never claims zero work
  CHECK(human_millis(5) == "~5 ms");
  CHECK(human_millis(12.3) == "~13 ms");
  CHECK(human_millis(999) == "~999 ms");
  CHECK(human_millis(1000) == "~1.0 s");
  CHECK(human_millis(4200) == "~4.2 s");
  CHECK(human_millis(48000) == "~48.0 s");
  CHECK(human_millis(60'000) == "~1.0 min");
  CHECK(human_millis(190'000) == "~3.2 min");
  CHECK(human_millis(3'600'000) == "~1.0 h");
  CHECK(human_millis(5'400'000) == "~1.5 h");
}

// Regression: values just below a unit boundary were rounded into the next unit's
// magnitude but kept the smaller unit ("~1000 ms", "~60.0 s", "~60.0 min").
TEST_CASE("human_millis never prints a value that belongs to the next unit", "[core][text]") {
  CHECK(human_millis(999.5) != "~1000 ms");
  CHECK(human_millis(59'999) != "~60.0 s");
  CHECK(human_millis(3'599'999) != "~60.0 min");
  // ... they move to the next unit instead.
  CHECK(human_millis(999.5) == "~1.0 s");
  CHECK(human_millis(999.01) == "~1.0 s");
  CHECK(human_millis(59'949) == "~59.9 s");  // still below the boundary once rounded
  CHECK(human_millis(59'999) == "~1.0 min");
  CHECK(human_millis(3'599'999) == "~1.0 h");
  CHECK(human_millis(3'500'000) == "~58.3 min");
}

TEST_CASE("edit_distance is the Levenshtein distance", "[core][text]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("column", "colum") == 1);
  CHECK(edit_distance("nullable", "nulable") == 1);
  CHECK(edit_distance("table", "tabel") == 2);  // a transposition costs two edits
  CHECK(edit_distance("same", "same") == 0);
}

TEST_CASE("closest_match suggests likely typos only", "[core][text]") {
  const std::vector<std::string> keys = {"table", "column", "nullable", "default", "default_expr"};
  CHECK(closest_match("colum", keys) == "column");
  CHECK(closest_match("nulable", keys) == "nullable");
  CHECK(closest_match("defualt_expr", keys) == "default_expr");
  CHECK(closest_match("COLUMN", keys) == "column");  // case-insensitive
  CHECK(closest_match("Column", {"Column"}) == "Column");
  CHECK(closest_match("zzzzzz", keys) == "");
  CHECK(closest_match("tbl", keys) == "");  // two edits on a three-letter word is not a typo
  CHECK(closest_match("anything", {}) == "");
  // The limit is a third of the word, at least one edit.
  CHECK(closest_match("usrs", {"users"}) == "users");
  CHECK(closest_match("ab", {"abc"}) == "abc");
  CHECK(closest_match("customer", {"customer_id"}) == "");  // three edits > 8/3
  // Ties keep the first candidate.
  CHECK(closest_match("cat", {"bat", "car"}) == "bat");
}

TEST_CASE("lower, trim, join, starts_with, ends_with", "[core][text]") {
  CHECK(lower("MiXeD 123") == "mixed 123");
  CHECK(trim("  a b \t\n") == "a b");
  CHECK(trim("   ") == "");
  CHECK(trim("") == "");
  CHECK(join({}, ", ") == "");
  CHECK(join({"a"}, ", ") == "a");
  CHECK(join({"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(starts_with("schemashift", "schema"));
  CHECK_FALSE(starts_with("sch", "schema"));
  CHECK(starts_with("x", ""));
  CHECK(ends_with("file.yaml", ".yaml"));
  CHECK_FALSE(ends_with("yaml", ".yaml"));
  CHECK(ends_with("x", ""));
}

TEST_CASE("split_lines and indent", "[core][text]") {
  CHECK(split_lines("") == std::vector<std::string>{});
  CHECK(split_lines("a") == std::vector<std::string>{"a"});
  CHECK(split_lines("a\n") == std::vector<std::string>{"a"});
  CHECK(split_lines("a\n\nb") == std::vector<std::string>{"a", "", "b"});
  CHECK(split_lines("a\nb\n") == std::vector<std::string>{"a", "b"});
  CHECK(split_lines("\n") == std::vector<std::string>{""});
  CHECK(indent("a\n\nb", 2) == "  a\n\n  b\n");
  CHECK(indent("x\n", 4) == "    x\n");
  CHECK(indent("", 2) == "");
}

TEST_CASE("invalid_utf8_offset finds the first byte that is not well-formed UTF-8") {
  using schemashift::core::invalid_utf8_offset;
  constexpr auto none = std::string_view::npos;
  CHECK(invalid_utf8_offset("") == none);
  CHECK(invalid_utf8_offset("plain ascii\n") == none);
  CHECK(invalid_utf8_offset("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == none);  // é € 😀
  CHECK(invalid_utf8_offset("caf\xE9 au lait") == 3);       // Latin-1 é
  CHECK(invalid_utf8_offset("ab\xC3") == 2);                 // cut short at the end
  CHECK(invalid_utf8_offset("\xC0\xAF") == 0);              // overlong '/'
  CHECK(invalid_utf8_offset("\xE0\x80\xAF") == 0);          // overlong, three bytes
  CHECK(invalid_utf8_offset("x\xED\xA0\x80") == 1);         // UTF-16 surrogate
  CHECK(invalid_utf8_offset("\xF4\x90\x80\x80") == 0);      // above U+10FFFF
  CHECK(invalid_utf8_offset("\xE2\x82x") == 0);             // continuation byte missing
  CHECK(invalid_utf8_offset("\x80") == 0);                  // lone continuation byte
  CHECK(invalid_utf8_offset(std::string_view("a\0b", 3)) == none);  // NUL is valid UTF-8
}

TEST_CASE("escape_control shows control characters and malformed bytes as \\xNN") {
  CHECK(escape_control("name") == "name");
  CHECK(escape_control(std::string_view("a\0b", 3)) == "a\\x00b");
  CHECK(escape_control("tab\there\n") == "tab\\x09here\\x0A");
  CHECK(escape_control("caf\xE9 \xC3\xA9") == "caf\\xE9 \xC3\xA9");
  CHECK(escape_control("\x1B[31m") == "\\x1B[31m");
  CHECK(escape_control("a\tb\nc\x1B", true) == "a\tb\nc\\x1B");  // a whole message keeps its layout
  CHECK(byte_hex(0xE9) == "0xE9");
}

TEST_CASE("invalid_text_offset also stops at a NUL byte") {
  CHECK(invalid_text_offset("plain") == std::string_view::npos);
  CHECK(invalid_text_offset(std::string_view("ab\0c\xE9", 5)) == 2);
  CHECK(invalid_text_offset(std::string_view("a\xE9\0", 3)) == 1);
}

TEST_CASE("the fixed name forms agree with the regular expressions they replaced") {
  const std::regex env(R"(^[A-Za-z_][A-Za-z0-9_]*$)");
  const std::regex issue_folder(R"(^issue-([0-9]{1,9})$)");
  const std::string alphabet = "aZ_09-i";
  std::vector<std::string> all{""};
  for (std::size_t begin = 0, len = 1; len <= 5; ++len) {
    const std::size_t end = all.size();
    for (std::size_t i = begin; i < end; ++i) {
      for (char c : alphabet) all.push_back(all[i] + c);
    }
    begin = end;
  }
  for (const std::string s : {"issue-1", "issue-123456789", "issue-1234567890", "issue-", "issue-12a", "Issue-1",
                              "issue-007", "issue--1", "issue-1 "}) {
    all.push_back(s);
  }
  for (const auto& s : all) {
    INFO("'" << s << "'");
    CHECK(is_env_name(s) == std::regex_match(s, env));
    CHECK(is_digits(s) == (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos));
    std::smatch m;
    const bool folder = std::regex_match(s, m, issue_folder);
    REQUIRE(issue_folder_number(s).has_value() == folder);
    if (folder) CHECK(*issue_folder_number(s) == std::stoi(m[1].str()));
  }
}
