// The operations a user can write are listed in four places: the registry (what the code
// accepts), the JSON Schema (what editors complete and check), the spec reference and the
// README. This test keeps the three lists equal to the registry, so none can drift.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "ops/operation.hpp"

using namespace schemashift;

namespace {

std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(SCHEMASHIFT_SOURCE_DIR) + "/" + relative);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "in the registry but not in <where>: a, b; in <where> but not in the registry: c"
std::string difference(const std::set<std::string>& registry, const std::set<std::string>& listed,
                       const std::string& where) {
  std::vector<std::string> missing, extra;
  std::set_difference(registry.begin(), registry.end(), listed.begin(), listed.end(), std::back_inserter(missing));
  std::set_difference(listed.begin(), listed.end(), registry.begin(), registry.end(), std::back_inserter(extra));
  std::string out;
  if (!missing.empty()) out += "registered but missing from " + where + ": " + core::join(missing, ", ") + "\n";
  if (!extra.empty()) out += "listed in " + where + " but not registered: " + core::join(extra, ", ") + "\n";
  return out;
}

std::set<std::string> registered() {
  const auto names = ops::operation_names();
  return {names.begin(), names.end()};
}

}  // namespace

TEST_CASE("the JSON Schema lists exactly the registered operations", "[ops][registry]") {
  const auto schema = nlohmann::json::parse(read_source_file("schemas/change.schema.json"));
  std::set<std::string> listed;
  for (const auto& alternative : schema.at("definitions").at("operation").at("oneOf")) {
    for (const auto& name : alternative.at("required")) listed.insert(name.get<std::string>());
  }
  for (const auto& [key, value] : schema.at("definitions").items()) {
    if (core::starts_with(key, "op_")) CHECK(listed.count(key.substr(3)));
  }
  const std::string diff = difference(registered(), listed, "schemas/change.schema.json");
  INFO(diff);
  CHECK(diff.empty());
}

TEST_CASE("docs/spec-format.md's operation table lists exactly the registered operations", "[ops][registry]") {
  const std::string doc = read_source_file("docs/spec-format.md");
  const auto section = doc.find("## Operations");
  REQUIRE(section != std::string::npos);
  const auto end = doc.find("\n## ", section + 1);
  const std::string table = doc.substr(section, end == std::string::npos ? std::string::npos : end - section);
  std::set<std::string> listed;
  const std::regex row(R"(\n\| `([a-z_]+)` \|)");
  for (std::sregex_iterator it(table.begin(), table.end(), row), stop; it != stop; ++it) listed.insert((*it)[1]);
  const std::string diff = difference(registered(), listed, "docs/spec-format.md (## Operations table)");
  INFO(diff);
  CHECK(diff.empty());
}

TEST_CASE("README.md's 'All N operations' line lists exactly the registered operations", "[ops][registry]") {
  const std::string readme = read_source_file("README.md");
  std::smatch m;
  REQUIRE(std::regex_search(readme, m, std::regex(R"(All (\d+) operations:([^.]*)\.)")));
  std::set<std::string> listed;
  const std::string list = m[2];
  const std::regex name("`([a-z_]+)`");
  for (std::sregex_iterator it(list.begin(), list.end(), name), stop; it != stop; ++it) listed.insert((*it)[1]);
  const std::string diff = difference(registered(), listed, "README.md ('All N operations')");
  INFO(diff);
  CHECK(diff.empty());
  CHECK(std::stoul(m[1]) == registered().size());
}
