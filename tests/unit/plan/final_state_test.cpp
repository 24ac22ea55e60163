// The planner's rules across operations: verify.sql describes the state after the whole
// change, and an operation whose later steps would meet a rename's compatibility view is
// refused at the operation.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/text.hpp"
#include "plan/plan.hpp"
#include "spec/change_spec.hpp"

using namespace schemashift;

namespace {

const std::string kSchema = std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples/schema.sql";

std::optional<plan::Plan> plan_ops(const std::string& operations, core::Diagnostics& diags) {
  const std::string text = "issue: 78\ntitle: Final state\npurpose: test\nauthor: T <t@example.com>\n"
                           "created: 2024-12-31T23:59:58Z\nschema: " + kSchema + "\noperations:\n" + operations;
  auto spec = spec::parse_change_spec(text, "final.yaml", diags);
  if (!spec) return std::nullopt;
  return plan::build_plan(std::move(*spec), diags);
}

std::vector<std::string> titles(const plan::Plan& p) {
  std::vector<std::string> out;
  for (const auto& c : p.verify) out.push_back(c.title);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("verify.sql states the final schema, not each operation's own result", "[plan][verify]") {
  core::Diagnostics diags;
  auto p = plan_ops(
      "  - add_column: {table: users, column: {name: flagged, type: boolean}}\n"
      "  - set_not_null: {table: users, column: flagged, fill: false}\n"
      "  - add_column: {table: users, column: {name: scratch, type: text}}\n"
      "  - drop_column: {table: users, column: scratch}\n"
      "  - create_table:\n      table: drafts\n      columns:\n        - {name: id, type: bigint, primary_key: true}\n"
      "  - add_column: {table: drafts, column: {name: title, type: text}}\n"
      "  - rename_table: {table: drafts, to: notes}\n",
      diags);
  INFO(diags.error_count());
  REQUIRE(p);
  const auto v = titles(*p);
  INFO(core::join(v, "\n"));
  CHECK(has(v, "column users.flagged is boolean NOT NULL"));
  CHECK_FALSE(has(v, "column users.flagged is boolean"));  // superseded by SET NOT NULL
  CHECK(has(v, "column users.scratch is gone"));
  CHECK_FALSE(has(v, "column users.scratch is text"));
  CHECK(has(v, "table notes exists"));
  CHECK_FALSE(has(v, "table drafts exists"));           // renamed later
  CHECK_FALSE(has(v, "column drafts.title is text"));   // names the table by its final name:
  CHECK(has(v, "column notes.title is text"));
}

TEST_CASE("verify.sql checks work done before a rename_table on the renamed table", "[plan][verify][rename]") {
  core::Diagnostics diags;
  auto p = plan_ops("  - drop_constraint: {table: posts, name: posts_user_id_fkey}\n"
                    "  - drop_index: {name: posts_user_id_idx}\n"
                    "  - add_check: {table: posts, name: posts_title_short, expr: length(title) < 500}\n"
                    "  - rename_table: {table: posts, to: entries}\n",
                    diags);
  INFO(diags.error_count());
  REQUIRE(p);
  const auto v = titles(*p);
  INFO(core::join(v, "\n"));
  CHECK(has(v, "constraint posts_user_id_fkey is gone from entries"));
  CHECK(has(v, "index public.posts_user_id_idx is gone"));
  CHECK(has(v, "constraint posts_title_short on entries exists and is validated"));
  CHECK(has(v, "table entries exists"));
  for (const auto& c : p->verify) CHECK(c.sql.find("posts'") == std::string::npos);
}

TEST_CASE("work on a table before its online rename_table is refused at an operation that cannot follow it", "[plan][rename]") {
  core::Diagnostics diags;
  // (add_check, add_foreign_key, add_unique and set_not_null learn of the later rename and
  // name the new table in their later steps; drop_column's contract step does not.)
  auto p = plan_ops("  - drop_column: {table: customers, column: name}\n"
                    "  - rename_table: {table: customers, to: clients}\n",
                    diags);
  CHECK_FALSE(p);
  const auto it = std::find_if(diags.items().begin(), diags.items().end(),
                               [](const core::Diagnostic& d) { return d.code == "work-before-rename"; });
  REQUIRE(it != diags.items().end());
  CHECK(it->where.line == 8);
  // The same work after the rename, on the new name, plans.
  core::Diagnostics after;
  CHECK(plan_ops("  - rename_table: {table: customers, to: clients}\n"
                 "  - add_check: {table: clients, name: clients_name_short, expr: length(name) < 300}\n",
                 after));
}

TEST_CASE("drop_constraint and drop_index before an online rename_table name the renamed table", "[plan][rename]") {
  core::Diagnostics diags;
  auto p = plan_ops("  - drop_constraint: {table: posts, name: posts_user_id_fkey}\n"
                    "  - drop_index: {name: posts_user_id_idx}\n"
                    "  - rename_table: {table: posts, to: articles}\n"
                    "  - rename_table: {table: users, to: members}\n",
                    diags);
  INFO(diags.error_count());
  REQUIRE(p);
  std::vector<std::string> contract_up, contract_down;
  for (const auto& m : p->migrations) {
    for (const auto& ps : m.steps) {
      if (ps.step.phase != plan::Phase::Contract || ps.operation > 1) continue;
      CHECK(ps.step.table.name == "articles");
      for (const auto& st : ps.step.up) contract_up.push_back(st.sql);
      for (const auto& st : ps.step.down) contract_down.push_back(st.sql);
    }
  }
  INFO(core::join(contract_up, "\n") << "\n--\n" << core::join(contract_down, "\n"));
  CHECK(std::any_of(contract_up.begin(), contract_up.end(), [](const std::string& s) {
    return s.find("ALTER TABLE articles DROP CONSTRAINT IF EXISTS posts_user_id_fkey") != std::string::npos;
  }));
  // The down re-adds the foreign key on the renamed table, referencing the renamed table:
  // under the old names both are views by then.
  CHECK(std::any_of(contract_down.begin(), contract_down.end(), [](const std::string& s) {
    return s.find("ALTER TABLE articles ADD CONSTRAINT posts_user_id_fkey") != std::string::npos &&
           s.find("REFERENCES members") != std::string::npos;
  }));
  CHECK(std::any_of(contract_down.begin(), contract_down.end(), [](const std::string& s) {
    return s.find("posts_user_id_idx ON articles") != std::string::npos;
  }));
}

TEST_CASE("work on a table before its offline rename_table is refused as well", "[plan][rename]") {
  core::Diagnostics diags;
  auto p = plan_ops("  - drop_column: {table: customers, column: name, strategy: offline}\n"
                    "  - rename_table: {table: customers, to: clients, strategy: offline}\n",
                    diags);
  CHECK_FALSE(p);
  const auto it = std::find_if(diags.items().begin(), diags.items().end(),
                               [](const core::Diagnostic& d) { return d.code == "work-before-rename"; });
  REQUIRE(it != diags.items().end());
  CHECK(it->message.find("renames the table first") != std::string::npos);
}
