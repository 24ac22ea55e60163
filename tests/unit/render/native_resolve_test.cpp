#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "render/native_resolve.hpp"

using namespace schemashift;
using nlohmann::json;

namespace {

// A context with one statement carrying `native`, resolved for a backend listing `kind`.
json resolve_one(const json& native, const std::string& kind, std::vector<render::TypeRule> types = {}) {
  json ctx = {{"steps", json::array({{{"up_statements", json::array({{{"sql", "SQL"}, {"native", native}}})}}})}};
  render::NativeRules rules;
  rules.kinds = {kind};
  rules.types = std::move(types);
  render::resolve_natives(ctx, rules);
  return ctx["steps"][0]["up_statements"][0];
}

}  // namespace

TEST_CASE("resolved natives get enum flags for logic-less templates", "[render][native]") {
  const json st = resolve_one({{"kind", "add_foreign_key"},
                               {"columns", {"customer_id"}},
                               {"on_delete", "set null"},
                               {"on_update", "no action"}},
                              "add_foreign_key");
  REQUIRE(st["has_native"] == true);
  const json& n = st["native"];
  CHECK(n["on_delete_set_null"] == true);
  CHECK(n["on_update_no_action"] == true);
  CHECK_FALSE(n.contains("on_delete_cascade"));
  CHECK(n["columns_multiple"] == false);
  CHECK(n["has_columns"] == true);
}

TEST_CASE("resolved natives say which arrays hold several values and what any element has", "[render][native]") {
  const json native = {
      {"kind", "create_table"},
      {"columns", json::array({{{"name", "id"}, {"identity", nullptr}}, {{"name", "n"}, {"identity", "always"}}})},
      {"foreign_keys", json::array({{{"name", "fk"}, {"columns", {"a", "b"}}, {"on_delete", "set default"}}})},
      {"uniques", json::array()}};
  const json st = resolve_one(native, "create_table");
  const json& n = st["native"];
  CHECK(n["columns_any_identity"] == true);
  CHECK(n["columns_any_name"] == true);
  CHECK(n["columns_multiple"] == true);
  CHECK(n["columns"][1]["identity_always"] == true);
  // Nested flags are computed first, so they aggregate too.
  CHECK(n["foreign_keys"][0]["columns_multiple"] == true);
  CHECK(n["foreign_keys_any_columns_multiple"] == true);
  CHECK(n["foreign_keys_any_on_delete_set_default"] == true);
  CHECK(n["foreign_keys_multiple"] == false);
  CHECK(n["has_uniques"] == false);
  CHECK(n["uniques_multiple"] == false);
  // first/last are not aggregated.
  CHECK_FALSE(n.contains("columns_any_first"));
}

TEST_CASE("any-flags are false when no element has the field set", "[render][native]") {
  const json native = {{"kind", "create_index"},
                       {"elements", json::array({{{"column", "a"}, {"descending", false}, {"opclass", nullptr}},
                                                 {{"column", "b"}, {"descending", true}, {"opclass", nullptr}}})}};
  const json n = resolve_one(native, "create_index")["native"];
  CHECK(n["elements_any_descending"] == true);
  CHECK(n["elements_any_opclass"] == false);
}

TEST_CASE("a backend that spells tables as one dotted string renders names with . or \" as SQL",
          "[render][native]") {
  const auto resolve = [](const json& table, const json& ref_table, bool dotted) {
    json ctx = {{"up_statements", json::array({{{"sql", "SQL"},
                                                {"native", {{"kind", "add_foreign_key"},
                                                            {"table", table},
                                                            {"ref_table", ref_table}}}}})}};
    render::NativeRules rules;
    rules.kinds = {"add_foreign_key"};
    rules.dotted_table_names = dotted;
    render::resolve_natives(ctx, rules);
    return ctx["up_statements"][0]["has_native"].get<bool>();
  };
  const json plain = {{"schema", "billing"}, {"name", "Order Items"}, {"qualified", "billing.Order Items"}};
  const json dotted = {{"schema", ""}, {"name", "line.items"}, {"qualified", "line.items"}};
  const json quoted = {{"schema", "say \"hi\""}, {"name", "t"}, {"qualified", "say \"hi\".t"}};
  CHECK(resolve(plain, plain, true));
  CHECK_FALSE(resolve(dotted, plain, true));
  CHECK_FALSE(resolve(plain, quoted, true));  // the referenced table too
  CHECK(resolve(dotted, quoted, false));      // a backend with separate schema and name

  json ctx = {{"up_statements", json::array({{{"sql", "SQL"},
                                              {"native", {{"kind", "rename_table"}, {"table", plain}, {"new_name", "a.b"}}}}})}};
  render::NativeRules rules;
  rules.kinds = {"rename_table"};
  rules.dotted_table_names = true;
  render::resolve_natives(ctx, rules);
  CHECK(ctx["up_statements"][0]["has_native"] == false);  // the new name must be said as "schema.table" too
}
