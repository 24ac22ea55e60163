// Operations of one spec that change what another operation's steps must say: a table
// renamed after a constraint was added to it, a column made NOT NULL before it is renamed,
// steps on different tables, findings on columns the author never named.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "plan/plan.hpp"
#include "spec/change_spec.hpp"

using namespace schemashift;

namespace {

const std::string kSamples = std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples/";

plan::Plan plan_of(const std::string& operations) {
  core::Diagnostics diags;
  const std::string text = "issue: 78\ntitle: Interplay\npurpose: test\nauthor: T <t@example.com>\n"
                           "created: 2024-12-31T23:59:58Z\nschema: " +
                           kSamples + "schema.sql\noperations:\n" + operations;
  auto s = spec::parse_change_spec(text, "changes/78.yaml", diags);
  REQUIRE(s);
  auto p = plan::build_plan(std::move(*s), diags);
  std::string report;
  for (const auto& d : diags.sorted()) report += core::format_diagnostic(d, false);
  INFO(report);
  REQUIRE(p);
  REQUIRE_FALSE(diags.has_errors());
  return std::move(*p);
}

// Every up (or down) statement of the plan's steps of `phase`, in order.
std::vector<std::string> statements_of(const plan::Plan& p, plan::Phase phase, bool down = false) {
  std::vector<std::string> out;
  for (const auto& m : p.migrations) {
    if (m.phase != phase) continue;
    for (const auto& ps : m.steps) {
      for (const auto& s : down ? ps.step.down : ps.step.up) out.push_back(s.sql);
    }
  }
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& needle) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.find(needle) != std::string::npos; });
}

}  // namespace

TEST_CASE("a constraint added before a rename_table of its table is validated under the new name",
          "[plan][interplay][rename_table]") {
  const auto p = plan_of("  - add_foreign_key:\n      table: orders\n      columns: [customer_id]\n"
                         "      references: {table: customers, columns: [id]}\n      on_delete: restrict\n"
                         "  - add_check:\n      table: orders\n      name: orders_total_small\n      expr: total < 1000000\n"
                         "  - rename_table:\n      table: orders\n      to: purchases\n");
  const auto expand = statements_of(p, plan::Phase::Expand);
  CHECK(contains(expand, "ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY"));
  CHECK(contains(expand, "ALTER TABLE orders RENAME TO purchases"));
  // In the migrate phase `orders` is the compatibility view: VALIDATE would fail on it.
  const auto migrate = statements_of(p, plan::Phase::Migrate);
  CHECK(migrate == std::vector<std::string>{"ALTER TABLE purchases VALIDATE CONSTRAINT orders_customer_id_fkey",
                                            "ALTER TABLE purchases VALIDATE CONSTRAINT orders_total_small"});
}

TEST_CASE("set_not_null and add_unique before a rename_table work on the renamed table after expand",
          "[plan][interplay][rename_table]") {
  const auto p = plan_of("  - set_not_null:\n      table: users\n      column: phone\n"
                         "  - add_unique:\n      table: users\n      columns: [phone]\n"
                         "  - rename_table:\n      table: users\n      to: members\n");
  const auto migrate = statements_of(p, plan::Phase::Migrate);
  CHECK(contains(migrate, "ALTER TABLE members ADD CONSTRAINT users_phone_not_null CHECK (phone IS NOT NULL) NOT VALID"));
  CHECK(contains(migrate, "ALTER TABLE members ALTER COLUMN phone SET NOT NULL"));
  CHECK(contains(migrate, "ALTER TABLE members ADD CONSTRAINT users_phone_key UNIQUE USING INDEX users_phone_key"));
  CHECK_FALSE(contains(migrate, "ALTER TABLE users "));
}

TEST_CASE("set_not_null then rename_column: a full rollback leaves the column nullable, as it was",
          "[plan][interplay][rename_column]") {
  const auto p = plan_of("  - set_not_null:\n      table: users\n      column: phone\n"
                         "  - rename_column:\n      table: users\n      column: phone\n      to: mobile\n");
  // The rename's expand down runs after set_not_null's migrate down dropped NOT NULL again.
  const auto expand_down = statements_of(p, plan::Phase::Expand, true);
  CHECK_FALSE(contains(expand_down, "ALTER TABLE users ALTER COLUMN phone SET NOT NULL"));
  // The new column still ends NOT NULL.
  CHECK(contains(statements_of(p, plan::Phase::Migrate), "ALTER TABLE users ALTER COLUMN mobile SET NOT NULL"));
}

TEST_CASE("rename_column of a column NOT NULL before the change still restores NOT NULL in its expand down",
          "[plan][interplay][rename_column]") {
  const auto p = plan_of("  - rename_column:\n      table: users\n      column: email\n      to: email_address\n");
  CHECK(contains(statements_of(p, plan::Phase::Expand, true), "ALTER TABLE users ALTER COLUMN email SET NOT NULL"));
}

TEST_CASE("brief changes of different existing tables get a transaction each", "[plan][interplay][grouping]") {
  const auto p = plan_of("  - add_column:\n      table: orders\n      column: {name: flag, type: boolean}\n"
                         "  - set_default:\n      table: orders\n      column: customer_id\n      default: 0\n"
                         "  - add_column:\n      table: customers\n      column: {name: flag, type: boolean}\n"
                         "  - create_table:\n      table: labels\n      columns:\n"
                         "        - {name: id, type: bigint, primary_key: true}\n");
  REQUIRE(p.migrations.size() == 2);
  // orders' two steps share one transaction; customers' step, and the new table (which
  // blocks nobody), another.
  CHECK(p.migrations[0].steps.size() == 2);
  CHECK(p.migrations[1].steps.size() == 2);
  for (const auto& m : p.migrations) {
    for (const auto& f : m.findings) CHECK(f.rule != "multiple-access-exclusive-locks");
  }
}

TEST_CASE("lint findings on a type change's shadow column name the author's column", "[plan][interplay][hints]") {
  const auto p = plan_of("  - change_column_type:\n      table: users\n      column: phone\n      type: varchar(20)\n"
                         "      using: left(phone, 20)\n");
  bool found = false;
  for (const auto& m : p.migrations) {
    for (const auto& f : m.findings) {
      CHECK(f.message.find("phone_new") == std::string::npos);
      if (f.rule == "prefer-text-field") {
        found = true;
        CHECK(f.message.find("column users.phone is varchar(20)") != std::string::npos);
      }
    }
    for (const auto& ps : m.steps) {
      for (const auto& st : ps.statements) {
        for (const auto& f : st.findings) CHECK(f.message.find("phone_new") == std::string::npos);
      }
    }
  }
  CHECK(found);
}
