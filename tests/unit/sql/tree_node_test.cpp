#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sql/parser.hpp"
#include "sql/tree.hpp"
#include "sql/tree_json.hpp"

using namespace schemashift::sql;
using tree::Node;

TEST_CASE("tree nodes answer as nlohmann::json did") {
  const tree::Document doc = read_tree_json(R"({"b":[1,-2,"x"],"a":{"k":true},"c":null,"s":"t"})");
  CHECK(doc.is_object());
  CHECK(doc.size() == 4);
  // Members iterate sorted by key, as a std::map-based json iterated them.
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"a", "b", "c", "s"});
  CHECK(std::string(doc.begin().key()) == "a");
  CHECK(doc.contains("c"));
  CHECK(doc["c"].is_null());
  CHECK_FALSE(doc.contains("z"));
  CHECK(doc["z"].is_null());
  CHECK(doc.find("z") == doc.end());
  CHECK(doc["b"].size() == 3);
  CHECK(doc["b"][0].is_number_unsigned());
  CHECK(doc["b"][1].get<long long>() == -2);
  CHECK(doc["b"].back().get<std::string>() == "x");
  CHECK(doc["b"][7].is_null());
  CHECK(doc["a"]["k"].get<bool>());
  CHECK(doc.value("s", std::string("none")) == "t");
  CHECK(doc.value("missing", 5) == 5);
  CHECK(doc["s"].size() == 1);  // a scalar holds itself
  CHECK(doc["c"].empty());
  CHECK_THROWS_AS(doc["s"].get<long long>(), Node::exception);
  CHECK_THROWS_AS(doc["b"].value("x", 1), Node::exception);
  // Many members: looked up by binary search.
  std::string wide = "{";
  for (int i = 0; i < 40; ++i) wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  const tree::Document many = read_tree_json(wide + "}");
  for (int i = 0; i < 40; ++i) CHECK(many["k" + std::to_string(i)].get<int>() == i);
  CHECK_FALSE(many.contains("k40"));
}

TEST_CASE("a tree built from parts of another outlives it") {
  tree::Document copy;
  {
    const tree::Document doc = read_tree_json(R"({"AlterTableStmt":{"cmds":[1,2],"relation":{"relname":"t"}}})");
    const Node& body = doc["AlterTableStmt"];
    tree::Builder b;
    std::vector<tree::Member> members;
    for (const auto& m : body.items()) {
      if (m.key() != "cmds") members.push_back({b.key(m.key()), b.copy(m.value())});
    }
    members.push_back({b.key("cmds"), b.array({b.string("only")})});
    members.push_back({b.key("relation"), b.integer(-1)});  // a later duplicate key wins
    const Node root = b.object({{b.key("AlterTableStmt"), b.object(members.data(), members.size())}});
    copy = std::move(b).finish(root);
  }
  const Node& body = copy["AlterTableStmt"];
  CHECK(body.size() == 2);
  CHECK(body["cmds"][0].get<std::string>() == "only");
  CHECK(body["relation"].get<int>() == -1);
}

TEST_CASE("statements share their script's tree") {
  tree::Document first;
  {
    const Script script = parse_script("CREATE TABLE t (a int); DROP TABLE t;");
    REQUIRE(script.statements.size() == 2);
    first = script.statements[0].tree;
  }
  CHECK(tree::text(tree::member(first, "CreateStmt", "relation"), "relname") == "t");
}
