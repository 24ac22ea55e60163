#include <catch2/catch.hpp>

#include "render/template_context.hpp"

using namespace schemashift;
using nlohmann::json;

namespace {

json context() {
  return {{"issue", 7},
          {"title", "change"},
          {"phase", "change-level"},
          {"table", {{"name", "t"}, {"schema", "s"}}},
          {"migrations",
           {{{"version", "1"},
             {"phase", "expand"},
             {"table", {{"name", "m1"}}},
             {"steps",
              {{{"up_statements",
                 {{{"sql", "ALTER TABLE a ADD COLUMN b int"},
                   {"native", {{"kind", "add_column"}, {"column", {{"name", "b"}}}}}},
                  {{"sql", "SELECT 1"}, {"native", nullptr}}}}}}}},
            {{"version", "2"}, {"phase", "contract"}, {"steps", json::array()}}}}};
}

render::NativeRules rules(std::vector<std::string> kinds) {
  render::NativeRules r;
  r.kinds = std::move(kinds);
  return r;
}

}  // namespace

TEST_CASE("a migration's fields sit over the change's, the migration under `migration`", "[render][context]") {
  const render::TemplateContext ctx(context());
  const render::BackendView view(ctx, {{"format", "x"}}, {}, rules({}));
  CHECK(view.render("{{issue}} {{phase}} {{version}} {{migration.phase}} {{format}}", "t", "none", 0) ==
        "7 expand 1 expand x");
  CHECK(view.render("{{phase}} {{#migrations}}{{version}}:{{phase}};{{/migrations}}", "t", "none") ==
        "change-level 1:expand;2:contract;");
  // As in one merged object: the migration's `table` hides the change's, even for a name it
  // lacks (table.schema), at the bottom of the stack ...
  CHECK(view.render("[{{table.name}}][{{table.schema}}]", "t", "none", 0) == "[m1][]");
  CHECK(view.render("[{{table.name}}][{{table.schema}}]", "t", "none", 1) == "[t][s]");
  // ... while a section's item falls through to what is below it.
  CHECK(view.render("{{#migrations}}[{{table.schema}}]{{/migrations}}", "t", "none") == "[s][s]");
}

TEST_CASE("native actions are the backend's: resolved per view, the shared data untouched", "[render][context]") {
  const render::TemplateContext ctx(context());
  const std::string tmpl =
      "{{#migrations}}{{#steps}}{{#up_statements}}{{#has_native}}N:{{native.column.name}}{{#is_add_column}}+{{/is_add_column}}"
      "{{/has_native}}{{^has_native}}S:{{sql}}|{{#sql_lines}}{{value}}{{/sql_lines}}{{/has_native}};{{/up_statements}}"
      "{{/steps}}{{/migrations}}";
  const render::BackendView native(ctx, json::object(), {}, rules({"add_column"}));
  const render::BackendView plain(ctx, json::object(), {}, rules({}));
  CHECK(native.render(tmpl, "t", "none") == "N:b+;S:SELECT 1|SELECT 1;");
  CHECK(plain.render(tmpl, "t", "none") == "S:ALTER TABLE a ADD COLUMN b int|ALTER TABLE a ADD COLUMN b int;S:SELECT 1|SELECT 1;");
  CHECK(native.render(tmpl, "t", "none") == "N:b+;S:SELECT 1|SELECT 1;");
  // The JSON stays the plan's: natives unresolved.
  CHECK(ctx.json()["migrations"][0]["steps"][0]["up_statements"][0]["native"]["kind"] == "add_column");
}

TEST_CASE("partials render the same spliced or left to kainjow", "[render][context]") {
  const render::TemplateContext ctx(context());
  const std::map<std::string, std::string> partials{{"_item", "\n  - {{version}}{{#steps}} +{{/steps}}"},
                                                    {"_self", "{{> _self}}"}};
  const render::BackendView view(ctx, json::object(), partials, rules({}));
  const std::string out = view.render("{{#migrations}}{{> _item}}{{/migrations}}\nend\n", "t", "none");
  CHECK(out == "  - 1 +\n  - 2\nend\n");  // the section tag's line is standalone: dropped
  // `{{=` keeps kainjow's own partials (a delimiter change must not leak): same bytes.
  CHECK(view.render("{{=<% %>=}}<%#migrations%><%> _item%><%/migrations%>\nend\n", "t", "none") == out);
  // A partial that includes itself is left to kainjow at some depth rather than spliced forever.
  CHECK(view.render("{{#nothing}}{{> _self}}{{/nothing}}ok", "t", "none") == "ok");
}

TEST_CASE("truthy: change level with the backend's keys, or the migration's own fields", "[render][context]") {
  render::TemplateContext ctx(context());
  ctx.set("flag", true);
  const render::BackendView view(ctx, {{"format", "x"}, {"on", false}}, {}, rules({}));
  CHECK(view.truthy(""));
  CHECK(view.truthy("flag"));
  CHECK(view.truthy("format"));
  CHECK_FALSE(view.truthy("on"));
  CHECK_FALSE(view.truthy("missing"));
  CHECK(view.truthy("version", 0));
  CHECK_FALSE(view.truthy("flag", 0));  // a migration rule's `when:` reads the migration only
  CHECK(ctx.migration_count() == 2);
  CHECK(ctx.json()["flag"] == true);
}

TEST_CASE("copies of a migration in other lists render as the migration; a changed copy as itself", "[render][context]") {
  json c = context();
  c["migrations"][0]["name"] = "m1";
  c["migrations"][1]["name"] = "m2";
  c["migrations_reversed"] = {c["migrations"][1], c["migrations"][0]};
  json changed = c["migrations"][0];
  changed["version"] = "changed";
  c["phases"] = {{{"name", "expand"}, {"migrations", {changed}}}, {{"name", "contract"}, {"migrations", {c["migrations"][1]}}}};
  const render::TemplateContext ctx(c);
  const render::BackendView view(ctx, json::object(), {}, rules({"add_column"}));
  const std::string stmts = "{{#steps}}{{#up_statements}}{{#has_native}}N:{{native.column.name}}{{/has_native}}"
                            "{{^has_native}}S:{{sql}}{{/has_native}};{{/up_statements}}{{/steps}}";
  CHECK(view.render("{{#migrations_reversed}}{{name}}/{{version}}[" + stmts + "]{{/migrations_reversed}}", "t", "none") ==
        "m2/2[]m1/1[N:b;S:SELECT 1;]");
  CHECK(view.render("{{#phases}}{{name}}:{{#migrations}}{{version}}[" + stmts + "]{{/migrations}}|{{/phases}}", "t", "none") ==
        "expand:changed[N:b;S:SELECT 1;]|contract:2[]|");
  // Looked up first, before `migrations` itself: the same.
  const render::TemplateContext fresh(c);
  const render::BackendView first(fresh, json::object(), {}, rules({}));
  CHECK(first.render("{{#migrations_reversed}}{{version}}{{/migrations_reversed}}{{#migrations}}{{version}}{{/migrations}}",
                     "t", "none") == "2112");
}

TEST_CASE("references to a migration in other lists render as the migration", "[render][context]") {
  json c = context();
  const auto ref = [](std::size_t i) { return json{{"$migration", i}}; };
  c["migrations_reversed"] = {ref(1), ref(0)};
  c["phases"] = {{{"name", "expand"}, {"migrations", {ref(0)}}}, {{"name", "contract"}, {"migrations", {ref(1)}}}};
  const std::string stmts = "{{#steps}}{{#up_statements}}{{#has_native}}N:{{native.column.name}}{{/has_native}}"
                            "{{^has_native}}S:{{sql}}{{/has_native}};{{/up_statements}}{{/steps}}";
  for (const bool migrations_first : {true, false}) {
    const render::TemplateContext ctx(c);
    const render::BackendView view(ctx, json::object(), {}, rules({"add_column"}));
    if (migrations_first) CHECK(view.render("{{#migrations}}{{version}}{{/migrations}}", "t", "none") == "12");
    CHECK(view.render("{{#migrations_reversed}}{{version}}[" + stmts + "]{{/migrations_reversed}}", "t", "none") ==
          "2[]1[N:b;S:SELECT 1;]");
    CHECK(view.render("{{#phases}}{{name}}:{{#migrations}}{{version}}{{table.name}}{{/migrations}}|{{/phases}}", "t",
                      "none") == "expand:1m1|contract:2t|");
  }
  // Not a reference: an index out of range, or an object with more keys, renders as itself.
  c["migrations_reversed"] = {ref(5), {{"$migration", 0}, {"version", "x"}}};
  const render::TemplateContext ctx(c);
  const render::BackendView view(ctx, json::object(), {}, rules({}));
  CHECK(view.render("{{#migrations_reversed}}<{{version}}>{{/migrations_reversed}}", "t", "none") == "<><x>");
}
