#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "sql/parser.hpp"
#include "sql/source_text.hpp"
#include "sql/tree_json.hpp"

using namespace schemashift;
using namespace schemashift::sql;
using nlohmann::json;

namespace {

// The tree as the nlohmann::json value it stands for, number types kept apart.
json as_nlohmann(const tree::Node& node) {
  switch (node.type()) {
    case tree::Node::Type::Null: return nullptr;
    case tree::Node::Type::Boolean: return node.get<bool>();
    case tree::Node::Type::Integer: return node.get<json::number_integer_t>();
    case tree::Node::Type::Unsigned: return node.get<json::number_unsigned_t>();
    case tree::Node::Type::Float: return node.get<double>();
    case tree::Node::Type::String: return node.get<std::string>();
    case tree::Node::Type::Array: {
      json out = json::array();
      for (const auto& element : node) out.push_back(as_nlohmann(element));
      return out;
    }
    case tree::Node::Type::Object: {
      json out = json::object();
      for (const auto& [key, value] : node.items()) out[std::string(key)] = as_nlohmann(value);
      return out;
    }
  }
  return nullptr;
}

// Same value and the same number types as nlohmann's own parser.
void check_same(const std::string& text) {
  INFO(text);
  const json expected = json::parse(text);
  const json actual = as_nlohmann(read_tree_json(text));
  CHECK(actual == expected);
  CHECK(actual.dump() == expected.dump());
  CHECK(actual.type() == expected.type());
}

}  // namespace

TEST_CASE("read_tree_json reads what nlohmann::json::parse reads") {
  check_same(R"({"stmts":[{"stmt":{"SelectStmt":{"targetList":[{"ResTarget":{"val":{"A_Const":{"ival":{"ival":1},"location":7}},"location":7}}],"limit":"LIMIT_OPTION_DEFAULT","op":"SETOP_NONE"}}}],"version":150001})");
  check_same(R"({"a":{},"b":[],"c":[[],{}],"d":[{"e":[1,2,{"f":null}]}]})");
  check_same(R"({"t":true,"f":false,"n":null})");
  check_same(R"( { "spaced" : [ 1 , 2 ] , "x" : "y" } )");
  check_same(R"({"dup":1,"dup":2})");
  check_same("[]");
  check_same("\"alone\"");
  check_same("42");
}

TEST_CASE("read_tree_json keeps nlohmann's number types") {
  for (const char* n : {"0", "-0", "7", "-7", "18446744073709551615", "18446744073709551616", "9223372036854775807",
                        "-9223372036854775808", "-9223372036854775809", "1.5", "-2.5e3", "1E2", "3e-1"}) {
    check_same(std::string("{\"n\":") + n + "}");
    check_same(std::string("[") + n + "]");
  }
}

TEST_CASE("read_tree_json decodes escapes") {
  check_same(R"(["q\"b\\s\/", "\b\f\n\r\t", "\u0001\u001f", "\u00e9\u20ac", "\ud83d\ude00", "a\u0000b", "plain é"])");
}

TEST_CASE("read_tree_json rejects malformed text") {
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "tru", "01", "-", "1.", "1e", "\"x",
                          "\"\\x\"", "\"\\ud800\"", "[1] 2", "\"a\nb\""}) {
    INFO(bad);
    CHECK_THROWS_AS(read_tree_json(bad), core::Error);
  }
}

TEST_CASE("read_tree_json reads deeply nested trees without recursion") {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "{\"a\":[";
  for (int i = 0; i < 100000; ++i) deep += "]}";
  const tree::Document tree = read_tree_json(deep);
  CHECK(tree.contains("a"));
}

TEST_CASE("a statement's part of the script's scan is what scanning its text finds") {
  // The meta-command makes parse_script scan the script (without one, statements are
  // scanned when asked for).
  const std::string sql =
      "\\set ON_ERROR_STOP on\n"
      "CREATE TABLE t (a int DEFAULT 1 /* c */ REFERENCES u ON DELETE CASCADE, b text CHECK (b <> ';'));\n"
      "-- between\n"
      "ALTER TABLE t ADD COLUMN c int DEFAULT $$x$$ -- trailing\n;\n"
      "SELECT U&'d\\0061t' ;";
  const Script script = parse_script(sql);
  REQUIRE(script.statements.size() == 3);
  for (const Statement& st : script.statements) {
    INFO(st.text);
    REQUIRE(st.scan);
    const SourceText shared = source_of(st);
    const SourceText scanned(st.text, st.offset);
    REQUIRE(shared.size() == scanned.size());
    for (std::size_t i = 0; i < shared.size(); ++i) {
      CHECK(shared[i].kind == scanned[i].kind);
      CHECK(shared[i].begin == scanned[i].begin);
      CHECK(shared[i].end == scanned[i].end);
    }
    REQUIRE(shared.comments().size() == scanned.comments().size());
    for (std::size_t i = 0; i < shared.comments().size(); ++i) {
      CHECK(shared.comments()[i].begin == scanned.comments()[i].begin);
      CHECK(shared.comments()[i].end == scanned.comments()[i].end);
    }
  }
}
