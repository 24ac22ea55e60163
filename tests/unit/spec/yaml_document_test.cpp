#include <catch2/catch.hpp>

#include "spec/yaml_document.hpp"

using namespace schemashift;
using core::Node;

namespace {

Node parse_ok(const std::string& text) {
  core::Diagnostics diags;
  auto n = spec::parse_yaml(text, "doc.yaml", diags);
  REQUIRE(n);
  INFO((diags.items().empty() ? std::string() : diags.items().front().message));
  REQUIRE(diags.items().empty());
  return *n;
}

}  // namespace

TEST_CASE("parse_yaml builds maps, lists and scalars in document order", "[spec][yaml]") {
  const Node n = parse_ok("zeta: 1\nalpha:\n  - a\n  - {b: c}\nmid: text\n");
  REQUIRE(n.is_map());
  REQUIRE(n.entries.size() == 3);
  CHECK(n.entries[0].key == "zeta");  // not sorted
  CHECK(n.entries[1].key == "alpha");
  CHECK(n.entries[2].key == "mid");
  const Node* alpha = n.find("alpha");
  REQUIRE(alpha);
  REQUIRE(alpha->is_sequence());
  REQUIRE(alpha->items.size() == 2);
  CHECK(alpha->items[0].is_scalar());
  CHECK(alpha->items[0].scalar == "a");
  CHECK(alpha->items[1].is_map());
  CHECK(alpha->items[1].find("b")->scalar == "c");
  CHECK(n.find("zeta")->scalar == "1");
}

TEST_CASE("parse_yaml positions are 1-based line:column of keys and values", "[spec][yaml]") {
  const Node n = parse_ok("# comment\nissue: 234\nops:\n  - add_column:\n      table: users\n");
  CHECK(n.where.line == 2);
  CHECK(n.where.column == 1);
  CHECK(n.where.file == "doc.yaml");
  const core::MapEntry* issue = n.find_entry("issue");
  REQUIRE(issue);
  CHECK(issue->key_where.line == 2);
  CHECK(issue->key_where.column == 1);
  CHECK(issue->value.where.line == 2);
  CHECK(issue->value.where.column == 8);
  const Node& item = n.find("ops")->items.at(0);
  CHECK(item.where.line == 4);
  CHECK(item.where.column == 5);
  CHECK(item.entries.at(0).key == "add_column");
  const Node& table = *item.entries.at(0).value.find("table");
  CHECK(table.where.line == 5);
  CHECK(table.where.column == 14);
}

TEST_CASE("parse_yaml tells quoted scalars from plain ones", "[spec][yaml]") {
  const Node n = parse_ok(
      "plain: 42\n"
      "double: \"42\"\n"
      "single: '42'\n"
      "text: pending\n"
      "block: |\n  line one\n  line two\n"
      "folded: >\n  a\n  b\n"
      "flow: [1, \"1\"]\n");
  CHECK_FALSE(n.find("plain")->quoted);
  CHECK(n.find("double")->quoted);
  CHECK(n.find("double")->scalar == "42");
  CHECK(n.find("single")->quoted);
  CHECK_FALSE(n.find("text")->quoted);
  CHECK(n.find("block")->quoted);
  CHECK(n.find("block")->scalar == "line one\nline two\n");
  CHECK(n.find("folded")->scalar == "a b\n");
  CHECK_FALSE(n.find("flow")->items[0].quoted);
  CHECK(n.find("flow")->items[1].quoted);
}

// Regression: `quoted` was `Tag() == "!"`, so an explicit string tag (`!!str 42`, tag
// "tag:yaml.org,2002:str") was a plain scalar and `default: !!str 42` rendered as the
// number 42 instead of the text '42'.
TEST_CASE("parse_yaml treats an explicit !!str tag as text", "[spec][yaml]") {
  const Node n = parse_ok("a: !!str 42\nb: !<tag:yaml.org,2002:str> true\nc: !!int 42\nd: 42\n");
  CHECK(n.find("a")->quoted);
  CHECK(n.find("a")->scalar == "42");
  CHECK(n.find("b")->quoted);  // the verbatim spelling of the same tag
  CHECK_FALSE(n.find("c")->quoted);
  CHECK_FALSE(n.find("d")->quoted);
  // `!!str ~` is the one-character text "~", not null.
  const Node t = parse_ok("e: !!str ~\n");
  REQUIRE(t.find("e")->is_scalar());
  CHECK(t.find("e")->quoted);
  CHECK(t.find("e")->scalar == "~");
}

TEST_CASE("parse_yaml null values", "[spec][yaml]") {
  const Node n = parse_ok("a:\nb: ~\nc: null\nd: \"null\"\ne: ''\n");
  CHECK(n.find("a")->is_null());
  CHECK(n.find("b")->is_null());
  CHECK(n.find("c")->is_null());
  CHECK(n.find("d")->is_scalar());
  CHECK(n.find("d")->scalar == "null");
  CHECK(n.find("e")->is_scalar());
  CHECK(n.find("e")->scalar.empty());
}

TEST_CASE("parse_yaml of an empty document is null", "[spec][yaml]") {
  CHECK(parse_ok("").is_null());
  CHECK(parse_ok("# only a comment\n").is_null());
}

TEST_CASE("parse_yaml rejects duplicate keys at the second occurrence", "[spec][yaml]") {
  core::Diagnostics diags;
  auto n = spec::parse_yaml("table: users\ncolumn: a\ntable: orders\n", "doc.yaml", diags);
  REQUIRE(n);  // still a document: every other problem can be reported too
  REQUIRE(diags.items().size() == 1);
  const core::Diagnostic& d = diags.items()[0];
  CHECK(d.severity == core::Severity::Error);
  CHECK(d.code == "duplicate-key");
  CHECK(d.message == "duplicate key 'table'");
  CHECK(d.where.str() == "doc.yaml:3:1");
  REQUIRE(n->entries.size() == 2);
  CHECK(n->find("table")->scalar == "users");  // the first one stays
}

TEST_CASE("parse_yaml finds duplicate keys in nested and flow maps", "[spec][yaml]") {
  core::Diagnostics diags;
  auto n = spec::parse_yaml("ops:\n  - add_column:\n      table: a\n      table: b\nflow: {x: 1, y: 2, x: 3}\n",
                            "doc.yaml", diags);
  REQUIRE(n);
  REQUIRE(diags.items().size() == 2);
  CHECK(diags.items()[0].where.line == 4);
  CHECK(diags.items()[0].where.column == 7);
  CHECK(diags.items()[1].where.line == 5);
  CHECK(diags.items()[1].where.column == 20);
  CHECK(diags.items()[1].message == "duplicate key 'x'");
}

TEST_CASE("parse_yaml reports syntax errors with a position", "[spec][yaml]") {
  SECTION("unclosed flow sequence") {
    core::Diagnostics diags;
    CHECK_FALSE(spec::parse_yaml("a: [1, 2\nb: 3\n", "doc.yaml", diags));
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == "yaml-syntax");
    CHECK(diags.items()[0].message.find("invalid YAML: ") == 0);
    CHECK(diags.items()[0].where.file == "doc.yaml");
    CHECK(diags.items()[0].where.known());
  }
  SECTION("tab indentation") {
    core::Diagnostics diags;
    CHECK_FALSE(spec::parse_yaml("a: 1\n\tb: 2\n", "doc.yaml", diags));
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].where.line == 2);
    CHECK(diags.items()[0].hint.find("tabs") != std::string::npos);
  }
  SECTION("bad indentation") {
    core::Diagnostics diags;
    CHECK_FALSE(spec::parse_yaml("a:\n  b: 1\n c: 2\n", "doc.yaml", diags));
    CHECK(diags.items().size() == 1);
  }
}

TEST_CASE("parse_yaml resolves anchors and aliases", "[spec][yaml]") {
  const Node n = parse_ok("base: &b {type: text}\ncopy: *b\n");
  REQUIRE(n.find("copy")->is_map());
  CHECK(n.find("copy")->find("type")->scalar == "text");
}

namespace {

core::Diagnostic only_error(const std::string& text) {
  core::Diagnostics diags;
  CHECK_FALSE(spec::parse_yaml(text, "doc.yaml", diags));
  REQUIRE(diags.items().size() == 1);
  return diags.items().front();
}

}  // namespace

TEST_CASE("parse_yaml reports an unclosed [ or { where it opened", "[spec][yaml]") {
  // yaml-cpp notices on a later line; the bracket to close is on line 3.
  auto d = only_error("issue: 1\ntitle: x\nlist: [a, b\nother: 1\n");
  CHECK(d.where.line == 3);
  CHECK(d.where.column == 7);
  CHECK(d.message == "invalid YAML: this `[` is never closed (no `]` before doc.yaml:4:6)");

  d = only_error("ops:\n  - add_index:\n      columns: [email, {a: 'x]'\n      where: x\n");
  CHECK(d.where.line == 3);
  CHECK(d.where.column == 24);  // the innermost: the map inside the list
  CHECK(d.message.find("this `{` is never closed") != std::string::npos);

  // Brackets inside plain and quoted scalars and comments open nothing.
  d = only_error("title: fix [draft] # a [ in a comment\nnote: 'it''s [x'\nok: [it's, \"]\"]\nlist: [a\n");
  CHECK(d.where.line == 4);
  CHECK(d.where.column == 7);
}

TEST_CASE("parse_yaml refuses bytes that are not UTF-8 text, at their line and column", "[spec][yaml]") {
  auto d = only_error("issue: 1\ntitle: Caf\xe9\n");
  CHECK(d.code == "invalid-utf8");
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 11);
  CHECK(d.message == "byte 0xE9 is not valid UTF-8");
  d = only_error(std::string("issue: 1\n\x7f" "ELF\0\0\0", 14));
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 5);
  CHECK(d.message == "a NUL byte (0x00): YAML files are text");
}
