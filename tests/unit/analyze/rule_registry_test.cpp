#include <catch2/catch.hpp>

#include <memory>
#include <set>

#include "analyze/rule.hpp"

using namespace schemashift::analyze;

namespace {

std::unique_ptr<Rule> rule_with_id(const std::string& id) {
  RuleInfo info;
  info.id = id;
  return std::make_unique<FunctionRule>(info, nullptr);
}

}  // namespace

TEST_CASE("rule registry: a second rule with a taken id is rejected") {
  std::vector<std::unique_ptr<Rule>> rules;
  CHECK(add_rule(rules, rule_with_id("ban-drop-table")));
  CHECK(add_rule(rules, rule_with_id("ban-truncate")));
  CHECK_FALSE(add_rule(rules, rule_with_id("ban-drop-table")));
  REQUIRE(rules.size() == 2);
  CHECK(rules[0]->info().id == "ban-drop-table");
}

TEST_CASE("rule registry: every registered rule has its own id") {
  std::set<std::string> ids;
  for (const Rule* rule : all_rules()) CHECK(ids.insert(rule->info().id).second);
  CHECK(ids.size() == all_rules().size());
  CHECK_FALSE(all_rules().empty());
}
