#include <catch2/catch.hpp>

#include "ops_test_support.hpp"

using namespace schemashift;
using ops::Phase;
using ops::StepKind;
using ops_test::any_contains;

TEST_CASE("add_index on an existing table builds concurrently outside a transaction", "[ops][add_index]") {
  auto c = ops_test::run("  - add_index:\n      table: users\n      columns: [email]\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  const auto& s = steps[0];
  CHECK(s.phase == Phase::Expand);
  CHECK(s.kind == StepKind::ConcurrentIndex);
  CHECK_FALSE(s.transactional);
  CHECK(s.long_running);
  CHECK(s.rerunnable);
  CHECK(s.up == std::vector<std::string>{"CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email)"});
  CHECK(s.down == std::vector<std::string>{"DROP INDEX CONCURRENTLY IF EXISTS users_email_idx"});
  CHECK(c->schema.find_index({"", "users_email_idx"}));
}

TEST_CASE("add_index options: name, unique, method, where, include, element maps", "[ops][add_index]") {
  auto c = ops_test::run(
      "  - add_index:\n      table: users\n      name: idx_users_lower_email\n      unique: true\n"
      "      columns: [{expr: \"lower(email)\"}]\n      where: name IS NOT NULL\n      include: [id]\n"
      "  - add_index:\n      table: users\n      name: idx_users_created\n"
      "      columns: [{column: created_at, order: desc, nulls: last}]\n"
      "  - add_index:\n      table: orders\n      name: idx_orders_note\n      method: hash\n      columns: [note]\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(c->steps(0)[0].up[0] ==
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_users_lower_email ON users ((lower(email))) INCLUDE (id) "
        "WHERE name IS NOT NULL");
  CHECK(c->steps(1)[0].up[0] ==
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_created ON users (created_at DESC NULLS LAST)");
  CHECK(c->steps(2)[0].up[0] == "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_note ON orders USING hash (note)");
}

TEST_CASE("add_index on a table created earlier in the same change is a plain CREATE INDEX", "[ops][add_index]") {
  auto c = ops_test::run(
      "  - create_table:\n      table: tags\n      columns:\n        - {name: id, type: bigint, primary_key: true}\n"
      "        - {name: label, type: text}\n"
      "  - add_index:\n      table: tags\n      columns: [label]\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[0].kind == StepKind::Ddl);
  CHECK(steps[0].transactional);
  CHECK_FALSE(steps[0].offline);
  CHECK(steps[0].up == std::vector<std::string>{"CREATE INDEX IF NOT EXISTS tags_label_idx ON tags (label)"});
  CHECK(steps[0].up[0].sql.find("CONCURRENTLY") == std::string::npos);
}

TEST_CASE("add_index validation errors", "[ops][add_index][validation]") {
  SECTION("unknown column with did-you-mean") {
    auto c = ops_test::run("  - add_index:\n      table: users\n      columns: [emal]\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-column"));
    CHECK(c->first("unknown-column")->hint == "did you mean 'email'?");
  }
  SECTION("name already used by an index") {
    auto c = ops_test::run("  - add_index:\n      table: users\n      name: users_age_idx\n      columns: [age]\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("duplicate-name"));
    CHECK(c->first("duplicate-name")->where.line == 10);
  }
  SECTION("default name collides with an existing index") {
    auto c = ops_test::run("  - add_index:\n      table: users\n      columns: [age]\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-name"));
  }
  SECTION("name already used by a table") {
    auto c = ops_test::run("  - add_index:\n      table: users\n      name: orders\n      columns: [age]\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-name"));
  }
  SECTION("two operations with the same index name") {
    auto c = ops_test::run(
        "  - add_index:\n      table: users\n      name: idx_x\n      columns: [email]\n"
        "  - add_index:\n      table: users\n      name: idx_x\n      columns: [name]\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-name"));
  }
  SECTION("name longer than 63 bytes") {
    auto c = ops_test::run("  - add_index:\n      table: users\n      name: " + std::string(64, 'i') +
                           "\n      columns: [email]\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("name-too-long"));
  }
  SECTION("empty columns") {
    auto c = ops_test::run("  - add_index:\n      table: users\n      columns: []\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("wrong-type"));
  }
  SECTION("element with both column and expr") {
    auto c = ops_test::run("  - add_index:\n      table: users\n      columns: [{column: email, expr: \"lower(email)\"}]\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("invalid-value"));
  }
  SECTION("unknown method with a hint") {
    auto c = ops_test::run("  - add_index:\n      table: users\n      columns: [email]\n      method: btre\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("invalid-value"));
    CHECK(c->first("invalid-value")->hint == "did you mean 'btree'?");
  }
}

TEST_CASE("drop_index is a concurrent contract step whose down rebuilds the index", "[ops][drop_index]") {
  auto c = ops_test::run("  - drop_index:\n      name: users_age_idx\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Contract);
  CHECK(steps[0].kind == StepKind::ConcurrentIndex);
  CHECK_FALSE(steps[0].transactional);
  CHECK(steps[0].up == std::vector<std::string>{"DROP INDEX CONCURRENTLY IF EXISTS users_age_idx"});
  CHECK(steps[0].down == std::vector<std::string>{"CREATE INDEX CONCURRENTLY IF NOT EXISTS users_age_idx ON users (age)"});
  CHECK_FALSE(c->schema.find_index({"", "users_age_idx"}));
}

TEST_CASE("drop_index validation errors", "[ops][drop_index][validation]") {
  SECTION("unknown index") {
    auto c = ops_test::run("  - drop_index:\n      name: users_nope_idx\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("unknown-index"));
  }
  SECTION("index backing a constraint") {
    auto c = ops_test::run("  - drop_index:\n      name: users_pkey\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("index-backs-constraint"));
  }
}

TEST_CASE("drop_index after an online rename_column of its column: the index keeps its name", "[ops][drop_index]") {
  SECTION("dropped at contract, after the rename gave the copy on the new column the index's name") {
    auto c = ops_test::run("  - rename_column:\n      table: users\n      column: age\n      to: years\n"
                           "  - drop_index:\n      name: users_age_idx\n");
    INFO(c->report());
    REQUIRE(c->applied);
    const auto drop = c->steps(1);
    REQUIRE(drop.size() == 1);
    CHECK(drop[0].phase == Phase::Contract);
    CHECK(drop[0].up == std::vector<std::string>{"DROP INDEX CONCURRENTLY IF EXISTS users_age_idx"});
    CHECK(drop[0].down == std::vector<std::string>{"CREATE INDEX CONCURRENTLY IF NOT EXISTS users_age_idx ON users (years)"});
    CHECK(any_contains(c->steps(0).back().up, "ALTER INDEX users_age_idx_new RENAME TO users_age_idx"));
    CHECK_FALSE(c->schema.find_index({"", "users_age_idx"}));
  }
  SECTION("offline the rename is a RENAME COLUMN: the index keeps its name") {
    auto c = ops_test::run("  - rename_column:\n      table: users\n      column: age\n      to: years\n"
                           "  - drop_index:\n      name: users_age_idx\n",
                           "strategy: offline\n");
    INFO(c->report());
    REQUIRE(c->applied);
    CHECK(c->steps(1)[0].down == std::vector<std::string>{"CREATE INDEX IF NOT EXISTS users_age_idx ON users (years)"});
  }
}
