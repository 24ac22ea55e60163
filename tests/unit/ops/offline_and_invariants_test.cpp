// strategy: offline, and properties every operation's steps must have.
#include <catch2/catch.hpp>

#include "ops_test_support.hpp"

using namespace schemashift;
using ops::Phase;
using ops::StepKind;
using ops_test::any_contains;

namespace {

// One spec per operation on an existing table, each valid against the test schema.
struct Case {
  const char* name;
  const char* yaml;
};

const Case kCases[] = {
    {"add_column plain", "  - add_column:\n      table: users\n      column: {name: bio, type: text}\n"},
    {"add_column volatile NOT NULL",
     "  - add_column:\n      table: users\n      column: {name: token, type: uuid, nullable: false, default_expr: gen_random_uuid()}\n"},
    {"add_column backfill",
     "  - add_column:\n      table: users\n      column: {name: v, type: boolean, nullable: false, default: false}\n"
     "      backfill: email IS NOT NULL\n"},
    {"add_column fk+check+unique",
     "  - add_column:\n      table: orders\n      column: {name: b, type: bigint, unique: true, check: b > 0,"
     " references: {table: customers, column: id, on_delete: restrict}}\n"},
    {"create_table", "  - create_table:\n      table: tags\n      columns:\n        - {name: id, type: bigint, primary_key: true}\n"},
    {"drop_table", "  - drop_table:\n      table: archive\n"},
    {"rename_table", "  - rename_table:\n      table: archive\n      to: archived\n"},
    {"drop_column", "  - drop_column:\n      table: users\n      column: phone\n"},
    {"rename_column", "  - rename_column:\n      table: users\n      column: age\n      to: age_years\n"},
    {"change_column_type cheap", "  - change_column_type:\n      table: users\n      column: nickname\n      type: varchar(50)\n"},
    {"change_column_type shadow", "  - change_column_type:\n      table: users\n      column: age\n      type: bigint\n"},
    {"set_not_null", "  - set_not_null:\n      table: users\n      column: phone\n      fill: none\n"},
    {"drop_not_null", "  - drop_not_null:\n      table: users\n      column: email\n"},
    {"set_default", "  - set_default:\n      table: users\n      column: nickname\n      default: x\n"},
    {"drop_default", "  - drop_default:\n      table: users\n      column: created_at\n"},
    {"add_index", "  - add_index:\n      table: users\n      columns: [email]\n"},
    {"drop_index", "  - drop_index:\n      name: users_age_idx\n"},
    {"add_foreign_key",
     "  - add_foreign_key:\n      table: orders\n      columns: [customer_id]\n"
     "      references: {table: customers, columns: [id]}\n      on_delete: restrict\n"},
    {"add_check", "  - add_check:\n      table: orders\n      expr: total < 1000000\n"},
    {"add_unique", "  - add_unique:\n      table: users\n      columns: [email]\n"},
    {"drop_constraint", "  - drop_constraint:\n      table: invoices\n      name: invoices_order_id_fkey\n"},
    {"backfill", "  - backfill:\n      table: users\n      set: {nickname: \"'x'\"}\n"},
    {"sql", "  - sql:\n      up: SELECT 1\n      down: SELECT 2\n"},
};

}  // namespace

TEST_CASE("every step with up statements can be undone, or says why not", "[ops][invariants]") {
  for (const auto& k : kCases) {
    auto c = ops_test::run(k.yaml);
    INFO(k.name << "\n" << c->report());
    REQUIRE(c->applied);
    for (const auto& s : c->steps()) {
      INFO(s.title);
      CHECK_FALSE(s.title.empty());
      CHECK_FALSE(s.why.empty());
      if (s.up.empty()) continue;
      // VALIDATE has nothing to undo: the previous step's down drops the constraint.
      if (s.kind == StepKind::Validate) continue;
      const bool documented = !s.down_note.empty();
      CHECK((!s.down.empty() || documented));
      if (s.kind == StepKind::Backfill && s.down.empty()) CHECK(documented);
    }
  }
}

TEST_CASE("step invariants: non-transactional steps are long running; statements have no trailing ';'",
          "[ops][invariants]") {
  for (const auto& k : kCases) {
    auto c = ops_test::run(k.yaml);
    INFO(k.name);
    REQUIRE(c->applied);
    for (const auto& s : c->steps()) {
      INFO(s.title);
      if (!s.transactional) CHECK(s.long_running);
      if (s.kind == StepKind::ConcurrentIndex || s.kind == StepKind::Backfill) CHECK_FALSE(s.transactional);
      if (s.kind == StepKind::Validate) CHECK(s.long_running);
      CHECK_FALSE(s.offline);
      for (const auto& st : s.up) CHECK(st.sql.back() != ';');
      for (const auto& st : s.down) CHECK(st.sql.back() != ';');
      if (s.kind != StepKind::Raw) CHECK_FALSE(s.table.name.empty());  // raw SQL names no table
    }
  }
}

TEST_CASE("destructive operations are contract only", "[ops][invariants]") {
  for (const char* yaml : {"  - drop_table:\n      table: archive\n",
                           "  - drop_column:\n      table: users\n      column: phone\n",
                           "  - drop_index:\n      name: users_age_idx\n",
                           "  - drop_constraint:\n      table: invoices\n      name: invoices_order_id_fkey\n"}) {
    auto c = ops_test::run(yaml);
    INFO(yaml);
    REQUIRE(c->applied);
    for (const auto& s : c->steps()) CHECK(s.phase == Phase::Contract);
  }
}

TEST_CASE("strategy: offline gives one naive step flagged offline", "[ops][offline]") {
  struct OfflineCase {
    const char* yaml;
    const char* expected_sql;
  };
  const OfflineCase cases[] = {
      {"  - rename_column:\n      table: users\n      column: name\n      to: display_name\n",
       "ALTER TABLE users RENAME COLUMN name TO display_name"},
      {"  - add_index:\n      table: users\n      columns: [email]\n",
       "CREATE INDEX IF NOT EXISTS users_email_idx ON users (email)"},
      {"  - change_column_type:\n      table: users\n      column: age\n      type: bigint\n",
       "ALTER TABLE users ALTER COLUMN age TYPE bigint"},
      {"  - add_foreign_key:\n      table: orders\n      columns: [customer_id]\n"
       "      references: {table: customers, columns: [id]}\n      on_delete: restrict\n",
       "ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) "
       "ON DELETE RESTRICT"},
      {"  - add_unique:\n      table: users\n      columns: [email]\n",
       "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)"},
      {"  - add_check:\n      table: orders\n      name: c1\n      expr: total >= 0\n",
       "ALTER TABLE orders ADD CONSTRAINT c1 CHECK (total >= 0)"},
      {"  - set_not_null:\n      table: users\n      column: phone\n",
       "ALTER TABLE users ALTER COLUMN phone SET NOT NULL"},
      {"  - rename_table:\n      table: archive\n      to: archived\n", "ALTER TABLE archive RENAME TO archived"},
      {"  - add_column:\n      table: users\n      column: {name: token, type: uuid, nullable: false, default_expr: gen_random_uuid()}\n",
       "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid() NOT NULL"},
      {"  - backfill:\n      table: users\n      set: {nickname: \"'x'\"}\n", "UPDATE users SET nickname = 'x'"},
  };
  for (const auto& k : cases) {
    auto c = ops_test::run(k.yaml, "strategy: offline\n");
    INFO(k.yaml << c->report());
    REQUIRE(c->applied);
    const auto steps = c->steps();
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].offline);
    CHECK(steps[0].up.front() == k.expected_sql);
    CHECK_FALSE(any_contains(steps[0].up, "CONCURRENTLY"));
    CHECK_FALSE(any_contains(steps[0].up, "NOT VALID"));
  }
}

TEST_CASE("per-operation strategy overrides the spec's", "[ops][offline]") {
  auto c = ops_test::run(
      "  - rename_column:\n      table: users\n      column: name\n      to: display_name\n      strategy: offline\n"
      "  - add_index:\n      table: users\n      columns: [email]\n");
  INFO(c->report());
  REQUIRE(c->applied);
  REQUIRE(c->ops[0]->strategy_override);
  CHECK(*c->ops[0]->strategy_override == spec::Strategy::Offline);
  CHECK_FALSE(c->ops[1]->strategy_override);
  const auto rename = c->steps(0);
  REQUIRE(rename.size() == 1);
  CHECK(rename[0].offline);
  const auto index = c->steps(1);
  REQUIRE(index.size() == 1);
  CHECK_FALSE(index[0].offline);
  CHECK(index[0].kind == StepKind::ConcurrentIndex);
}

TEST_CASE("offline skips the online-only checks", "[ops][offline]") {
  // A column in a constraint cannot be renamed the online way, but offline it can.
  auto online = ops_test::run("  - rename_column:\n      table: invoices\n      column: order_id\n      to: order_ref\n");
  CHECK_FALSE(online->applied);
  auto offline = ops_test::run("  - rename_column:\n      table: invoices\n      column: order_id\n      to: order_ref\n",
                               "strategy: offline\n");
  INFO(offline->report());
  CHECK(offline->applied);
}
