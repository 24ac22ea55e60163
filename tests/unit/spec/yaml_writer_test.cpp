#include <catch2/catch.hpp>

#include <string>

#include "spec/yaml_document.hpp"
#include "spec/yaml_writer.hpp"

using schemashift::spec::YamlValue;
using schemashift::spec::write_yaml;

namespace {

// The scalar yaml-cpp reads back for `value` written under a key.
std::string read_back(const std::string& value) {
  YamlValue root;
  root.set("k", YamlValue::string(value));
  const std::string text = write_yaml(root);
  schemashift::core::Diagnostics diags;
  auto node = schemashift::spec::parse_yaml(text, "t.yaml", diags);
  REQUIRE(node);
  REQUIRE_FALSE(diags.has_errors());
  const auto* k = node->find("k");
  REQUIRE(k);
  REQUIRE(k->is_scalar());
  return k->scalar;
}

}  // namespace

TEST_CASE("yaml_writer: every string reads back exactly") {
  const std::vector<std::string> samples = {
      "users", "Order Items", "yes", "No", "null", "~", "123", "1e3", "-1", ".5", "2024-01-01", "a: b", "a #b",
      "#c", "- x", "trailing ", " leading", "\"quoted\"", "it's", "back\\slash", "tab\there", "ümlaut", "[x]",
      "{y}", "*alias", "&anchor", "!tag", "%d", "@at", "`tick`", "a,b", "?q", "|pipe", ">fold", "",
      "CREATE TABLE t (\n  id int\n);", "SELECT 1;\n", "two\n\n", "\n\nleading newlines", "  indented\nsecond",
      "line\n  \nblank-ish", "crlf\r\nline", "ctrl\x01char", "ends with tab\t\nx", "\tstarts with tab\nx",
      "$$ BEGIN\n  RAISE NOTICE 'x';\nEND $$", "-- comment\nSELECT 1"};
  for (const auto& s : samples) {
    INFO(s);
    CHECK(read_back(s) == s);
  }
}

TEST_CASE("yaml_writer: multi-line SQL is a literal block, simple names stay plain") {
  YamlValue root;
  root.set("title", YamlValue::string("Add users"));
  root.set("issue", YamlValue::literal("7"));
  YamlValue ops = YamlValue::seq();
  YamlValue item;
  YamlValue body;
  body.set("up", YamlValue::string("CREATE TABLE t (\n  id int\n)"));
  item.set("sql", body);
  item.comments.push_back("irreversible");
  ops.push(item);
  root.set("operations", ops);
  CHECK(write_yaml(root) ==
        "title: Add users\n"
        "issue: 7\n"
        "operations:\n"
        "# irreversible\n"
        "- sql:\n"
        "    up: |-\n"
        "      CREATE TABLE t (\n"
        "        id int\n"
        "      )\n");
}

TEST_CASE("yaml_writer: keys that need quotes are quoted, nested maps and lists indent") {
  YamlValue root;
  YamlValue cols = YamlValue::seq();
  cols.push(YamlValue::string("a"));
  YamlValue m;
  m.set("expr", YamlValue::string("lower(email)"));
  cols.push(m);
  root.set("odd key: x", YamlValue::string("v"));
  root.set("columns", cols);
  root.set("empty", YamlValue::seq());
  const std::string text = write_yaml(root);
  CHECK(text == "\"odd key: x\": v\ncolumns:\n- a\n- expr: lower(email)\nempty: []\n");
  schemashift::core::Diagnostics diags;
  auto node = schemashift::spec::parse_yaml(text, "t.yaml", diags);
  REQUIRE(node);
  CHECK(node->find("odd key: x")->scalar == "v");
  CHECK(node->find("columns")->items.size() == 2);
}

TEST_CASE("yaml_writer: a comment quoting a multi-line statement stays a comment on every line") {
  YamlValue root;
  root.set("issue", YamlValue::literal("23"));
  YamlValue title = YamlValue::string("Drop");
  title.comments.push_back("note: derived down `CREATE TABLE t (\n  id int   \n\n)` is not in the down file");
  title.comments.push_back("crlf\r\nline");
  root.set("title", title);
  const std::string text = write_yaml(root);
  CHECK(text ==
        "issue: 23\n"
        "# note: derived down `CREATE TABLE t (\n"
        "#   id int\n"
        "#\n"
        "# )` is not in the down file\n"
        "# crlf\n"
        "# line\n"
        "title: Drop\n");
  schemashift::core::Diagnostics diags;
  auto node = schemashift::spec::parse_yaml(text, "t.yaml", diags);
  REQUIRE(node);
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(node->find("title"));
  CHECK(node->find("title")->scalar == "Drop");
}
