#include <catch2/catch.hpp>

#include "core/text.hpp"
#include "ops_test_support.hpp"

using namespace schemashift;
using ops::Phase;
using ops_test::any_contains;

TEST_CASE("drop_column is contract only with a DATA LOSS down note", "[ops][drop_column]") {
  auto c = ops_test::run("  - drop_column:\n      table: users\n      column: phone\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Contract);
  CHECK(steps[0].up == std::vector<std::string>{"ALTER TABLE users DROP COLUMN IF EXISTS phone"});
  CHECK(steps[0].down == std::vector<std::string>{"ALTER TABLE users ADD COLUMN IF NOT EXISTS phone text"});
  CHECK(core::starts_with(steps[0].down_note, "DATA LOSS"));
  CHECK_FALSE(c->schema.find_table({"", "users"})->find_column("phone"));
}

TEST_CASE("drop_column down recreates indexes and comes back nullable", "[ops][drop_column]") {
  auto c = ops_test::run("  - set_not_null:\n      table: users\n      column: age\n"
                         "  - drop_column:\n      table: users\n      column: age\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Contract);
  CHECK(steps[0].down[0] == "ALTER TABLE users ADD COLUMN IF NOT EXISTS age integer");
  CHECK(any_contains(steps[0].down, "CREATE INDEX IF NOT EXISTS users_age_idx ON users (age)"));
  CHECK(core::starts_with(steps[0].down_note, "DATA LOSS"));
  CHECK(steps[0].down_note.find("nullable") != std::string::npos);
  CHECK_FALSE(c->schema.find_index({"", "users_age_idx"}));
}

TEST_CASE("drop_column keeps NOT NULL in the down when there is a default", "[ops][drop_column]") {
  auto c = ops_test::run("  - drop_column:\n      table: users\n      column: created_at\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(c->steps()[0].down[0] == "ALTER TABLE users ADD COLUMN IF NOT EXISTS created_at timestamptz DEFAULT now() NOT NULL");
}

TEST_CASE("drop_column down restores the column comment", "[ops][drop_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n      column: {name: bio, type: text, comment: \"Short bio, user's own\"}\n"
      "  - drop_column:\n      table: users\n      column: bio\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(any_contains(steps[0].down, "COMMENT ON COLUMN users.bio IS 'Short bio, user''s own'"));
}

TEST_CASE("drop_column validation errors", "[ops][drop_column][validation]") {
  SECTION("unknown column") {
    auto c = ops_test::run("  - drop_column:\n      table: users\n      column: phnoe\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("unknown-column"));
  }
  SECTION("referenced by a foreign key") {
    auto c = ops_test::run("  - drop_column:\n      table: orders\n      column: id\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("column-referenced"));
    CHECK(c->first("column-referenced")->message.find("invoices_order_id_fkey") != std::string::npos);
  }
  SECTION("dropped twice") {
    auto c = ops_test::run("  - drop_column:\n      table: users\n      column: phone\n"
                           "  - drop_column:\n      table: users\n      column: phone\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-column"));
    CHECK(c->first("unknown-column")->where.line == 13);
  }
}

TEST_CASE("drop_table is contract only with a DATA LOSS down note", "[ops][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: archive\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Contract);
  CHECK(steps[0].up == std::vector<std::string>{"DROP TABLE IF EXISTS archive"});
  REQUIRE(steps[0].down.size() == 1);
  CHECK(core::starts_with(steps[0].down[0], "CREATE TABLE IF NOT EXISTS archive ("));
  CHECK(steps[0].down[0].find("id integer NOT NULL") != std::string::npos);
  CHECK(steps[0].down[0].find("PRIMARY KEY (id)") != std::string::npos);
  CHECK(core::starts_with(steps[0].down_note, "DATA LOSS"));
  CHECK_FALSE(c->schema.find_table({"", "archive"}));
}

TEST_CASE("drop_table down recreates plain indexes", "[ops][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: invoices\n  - drop_table:\n      table: orders\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(any_contains(steps[0].down, "CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id)"));
  CHECK_FALSE(c->schema.find_index({"", "orders_customer_id_idx"}));
}

TEST_CASE("drop_table validation errors", "[ops][drop_table][validation]") {
  SECTION("referenced by another table") {
    auto c = ops_test::run("  - drop_table:\n      table: orders\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("table-referenced"));
  }
  SECTION("unknown table with did-you-mean") {
    auto c = ops_test::run("  - drop_table:\n      table: archiv\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-table"));
    CHECK(c->first("unknown-table")->hint == "did you mean 'archive'?");
  }
  SECTION("later operations cannot use a dropped table") {
    auto c = ops_test::run("  - drop_table:\n      table: archive\n"
                           "  - add_column:\n      table: archive\n      column: {name: x, type: text}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("unknown-table"));
  }
}
