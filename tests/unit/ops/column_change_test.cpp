// set_not_null, drop_not_null, set_default, drop_default.
#include <catch2/catch.hpp>

#include "ops_test_support.hpp"

using namespace schemashift;
using ops::Phase;
using ops::StepKind;
using ops_test::any_contains;

TEST_CASE("set_not_null with fill: batched fill, CHECK NOT VALID, VALIDATE, SET NOT NULL", "[ops][set_not_null]") {
  auto c = ops_test::run("  - set_not_null:\n      table: users\n      column: phone\n      fill: \"\"\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 4);
  for (const auto& s : steps) CHECK(s.phase == Phase::Migrate);
  CHECK(steps[0].kind == StepKind::Backfill);
  CHECK_FALSE(steps[0].transactional);
  CHECK(steps[0].up[0].sql.find("phone = ''") != std::string::npos);
  CHECK(steps[0].up[0].sql.find("phone IS NULL") != std::string::npos);
  CHECK_FALSE(steps[0].down_note.empty());
  CHECK(any_contains(steps[1].up, "CHECK (phone IS NOT NULL) NOT VALID"));
  CHECK(steps[2].kind == StepKind::Validate);
  CHECK(steps[3].up[0] == "ALTER TABLE users ALTER COLUMN phone SET NOT NULL");
  CHECK_FALSE(c->schema.find_table({"", "users"})->find_column("phone")->nullable);
}

TEST_CASE("set_not_null without fill skips the backfill", "[ops][set_not_null]") {
  auto c = ops_test::run("  - set_not_null:\n      table: users\n      column: phone\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].kind == StepKind::Ddl);
  CHECK(steps[1].kind == StepKind::Validate);
}

TEST_CASE("set_not_null fill_expr is written as SQL", "[ops][set_not_null]") {
  auto c = ops_test::run("  - set_not_null:\n      table: users\n      column: name\n      fill_expr: split_part(email, '@', 1)\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(c->steps()[0].up[0].sql.find("name = split_part(email, '@', 1)") != std::string::npos);
}

TEST_CASE("set_not_null validation errors", "[ops][set_not_null][validation]") {
  SECTION("already NOT NULL") {
    auto c = ops_test::run("  - set_not_null:\n      table: users\n      column: email\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("already-not-null"));
  }
  SECTION("fill needs a primary key") {
    auto c = ops_test::run("  - set_not_null:\n      table: audit_log\n      column: message\n      fill: x\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("backfill-needs-primary-key"));
  }
  SECTION("fill_expr that is not SQL") {
    auto c = ops_test::run("  - set_not_null:\n      table: users\n      column: phone\n      fill_expr: \"no sql here (\"\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("invalid-value"));
  }
}

TEST_CASE("drop_not_null is one expand step whose down re-tightens", "[ops][drop_not_null]") {
  auto c = ops_test::run("  - drop_not_null:\n      table: users\n      column: email\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[0].up == std::vector<std::string>{"ALTER TABLE users ALTER COLUMN email DROP NOT NULL"});
  CHECK(steps[0].down == std::vector<std::string>{"ALTER TABLE users ALTER COLUMN email SET NOT NULL"});
  CHECK_FALSE(steps[0].down_note.empty());
}

TEST_CASE("drop_not_null validation errors", "[ops][drop_not_null][validation]") {
  SECTION("already nullable") {
    auto c = ops_test::run("  - drop_not_null:\n      table: users\n      column: phone\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("already-nullable"));
  }
  SECTION("primary key column") {
    auto c = ops_test::run("  - drop_not_null:\n      table: users\n      column: id\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("primary-key-column"));
  }
}

TEST_CASE("set_default and drop_default are expand steps that undo each other", "[ops][set_default]") {
  auto c = ops_test::run(
      "  - set_default:\n      table: users\n      column: nickname\n      default: anon\n"
      "  - set_default:\n      table: orders\n      column: total\n      default_expr: 1 + 1\n"
      "  - drop_default:\n      table: users\n      column: created_at\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto a = c->steps(0), b = c->steps(1), d = c->steps(2);
  REQUIRE(a.size() == 1);
  CHECK(a[0].phase == Phase::Expand);
  CHECK(a[0].up == std::vector<std::string>{"ALTER TABLE users ALTER COLUMN nickname SET DEFAULT 'anon'"});
  CHECK(a[0].down == std::vector<std::string>{"ALTER TABLE users ALTER COLUMN nickname DROP DEFAULT"});
  REQUIRE(b.size() == 1);
  CHECK(b[0].up == std::vector<std::string>{"ALTER TABLE orders ALTER COLUMN total SET DEFAULT 1 + 1"});
  CHECK(b[0].down == std::vector<std::string>{"ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0"});
  REQUIRE(d.size() == 1);
  CHECK(d[0].up == std::vector<std::string>{"ALTER TABLE users ALTER COLUMN created_at DROP DEFAULT"});
  CHECK(d[0].down == std::vector<std::string>{"ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now()"});
}

TEST_CASE("set_default / drop_default validation errors", "[ops][set_default][validation]") {
  SECTION("set_default without a value") {
    auto c = ops_test::run("  - set_default:\n      table: users\n      column: nickname\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("invalid-value"));
  }
  SECTION("drop_default without a default") {
    auto c = ops_test::run("  - drop_default:\n      table: users\n      column: nickname\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("no-default"));
  }
}
