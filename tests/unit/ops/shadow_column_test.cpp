// rename_column and change_column_type: the shadow-column shape, and the cheap paths.
#include <catch2/catch.hpp>

#include "ops_test_support.hpp"

using namespace schemashift;
using ops::Phase;
using ops::StepKind;
using ops_test::any_contains;
using ops_test::joined;

namespace {

std::vector<ops::Step> in_phase(const std::vector<ops::Step>& steps, Phase p) {
  std::vector<ops::Step> out;
  for (const auto& s : steps)
    if (s.phase == p) out.push_back(s);
  return out;
}

bool phases_ordered(const std::vector<ops::Step>& steps) {
  for (std::size_t i = 1; i < steps.size(); ++i) {
    if (static_cast<int>(steps[i].phase) < static_cast<int>(steps[i - 1].phase)) return false;
  }
  return true;
}

}  // namespace

// ---- rename_column -------------------------------------------------------------------

TEST_CASE("rename_column: expand adds the new column and a sync trigger, contract drops the old", "[ops][rename_column]") {
  auto c = ops_test::run("  - rename_column:\n      table: users\n      column: name\n      to: full_name\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  CHECK(phases_ordered(steps));

  const auto expand = in_phase(steps, Phase::Expand);
  REQUIRE(expand.size() == 1);
  INFO(joined(expand[0].up));
  CHECK(expand[0].up[0] == "ALTER TABLE users ADD COLUMN IF NOT EXISTS full_name text");
  CHECK(any_contains(expand[0].up, "CREATE OR REPLACE FUNCTION"));
  CHECK(any_contains(expand[0].up, "CREATE TRIGGER"));
  CHECK(any_contains(expand[0].down, "DROP TRIGGER IF EXISTS"));
  CHECK(any_contains(expand[0].down, "DROP COLUMN IF EXISTS full_name"));

  const auto migrate = in_phase(steps, Phase::Migrate);
  REQUIRE(migrate.size() == 1);  // nullable, unindexed: just the backfill
  CHECK(migrate[0].kind == StepKind::Backfill);
  CHECK_FALSE(migrate[0].transactional);
  CHECK(migrate[0].up[0].sql.find("full_name = name") != std::string::npos);
  CHECK_FALSE(migrate[0].down.empty());  // copies the data back after a rolled-back contract

  const auto contract = in_phase(steps, Phase::Contract);
  REQUIRE(contract.size() == 1);
  CHECK(any_contains(contract[0].up, "DROP TRIGGER IF EXISTS"));
  CHECK(any_contains(contract[0].up, "ALTER TABLE users DROP COLUMN name"));
  CHECK_FALSE(any_contains(contract[0].up, "RENAME COLUMN"));
  CHECK(any_contains(contract[0].down, "ADD COLUMN IF NOT EXISTS name text"));
  CHECK(any_contains(contract[0].down, "CREATE TRIGGER"));

  // The evolved schema has the new name only.
  const model::Table* users = c->schema.find_table({"", "users"});
  CHECK(users->find_column("full_name"));
  CHECK_FALSE(users->find_column("name"));
}

TEST_CASE("rename_column of a NOT NULL, indexed column adds the NOT NULL recipe and index copies",
          "[ops][rename_column]") {
  auto c = ops_test::run(
      "  - set_not_null:\n      table: users\n      column: age\n"
      "  - rename_column:\n      table: users\n      column: age\n      to: age_years\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  CHECK(phases_ordered(steps));
  const auto migrate = in_phase(steps, Phase::Migrate);
  REQUIRE(migrate.size() == 5);
  CHECK(migrate[0].kind == StepKind::Backfill);
  CHECK(any_contains(migrate[1].up, "CHECK (age_years IS NOT NULL) NOT VALID"));
  CHECK(migrate[2].kind == StepKind::Validate);
  CHECK(any_contains(migrate[3].up, "ALTER COLUMN age_years SET NOT NULL"));
  CHECK(migrate[4].kind == StepKind::ConcurrentIndex);
  // The copy is built under a temporary name; the contract phase gives it the index's own
  // name once the old index is gone with the old column (an index name is never rewritten
  // from the column's: RENAME COLUMN keeps it too).
  CHECK(migrate[4].up ==
        std::vector<std::string>{"CREATE INDEX CONCURRENTLY IF NOT EXISTS users_age_idx_new ON users (age_years)"});
  const auto contract = in_phase(steps, Phase::Contract);
  REQUIRE(contract.size() == 1);
  CHECK(any_contains(contract[0].up, "ALTER INDEX users_age_idx_new RENAME TO users_age_idx"));
  CHECK(any_contains(contract[0].down, "ALTER INDEX users_age_idx RENAME TO users_age_idx_new"));
  const auto expand = in_phase(steps, Phase::Expand);
  REQUIRE(expand.size() == 1);
  CHECK(any_contains(expand[0].down, "ALTER COLUMN age SET NOT NULL"));
}

TEST_CASE("rename_column on a new table is a plain RENAME", "[ops][rename_column]") {
  auto c = ops_test::run(
      "  - create_table:\n      table: tags\n      columns:\n        - {name: id, type: bigint, primary_key: true}\n"
      "        - {name: lbl, type: text}\n"
      "  - rename_column:\n      table: tags\n      column: lbl\n      to: label\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[0].up == std::vector<std::string>{"ALTER TABLE tags RENAME COLUMN lbl TO label"});
  CHECK(steps[0].down == std::vector<std::string>{"ALTER TABLE tags RENAME COLUMN label TO lbl"});
  CHECK_FALSE(steps[0].offline);
}

TEST_CASE("rename_column validation errors", "[ops][rename_column][validation]") {
  SECTION("unknown column with did-you-mean") {
    auto c = ops_test::run("  - rename_column:\n      table: users\n      column: nme\n      to: full_name\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-column"));
    CHECK(c->first("unknown-column")->hint == "did you mean 'name'?");
    CHECK(c->first("unknown-column")->where.line == 10);
  }
  SECTION("target exists") {
    auto c = ops_test::run("  - rename_column:\n      table: users\n      column: name\n      to: email\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-column"));
  }
  SECTION("target longer than 63 bytes") {
    auto c = ops_test::run("  - rename_column:\n      table: users\n      column: name\n      to: " + std::string(64, 'x') + "\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("name-too-long"));
  }
  SECTION("column in a constraint cannot be renamed online") {
    auto c = ops_test::run("  - rename_column:\n      table: invoices\n      column: order_id\n      to: order_ref\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("column-has-constraint"));
  }
  SECTION("primary-key column cannot be renamed online") {
    auto c = ops_test::run("  - rename_column:\n      table: orders\n      column: id\n      to: order_id\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("column-has-constraint"));  // orders_pkey (and invoices references it)
  }
}

// ---- change_column_type ----------------------------------------------------------------

TEST_CASE("change_column_type varchar(20) -> varchar(50) is one cheap ALTER", "[ops][change_column_type]") {
  auto c = ops_test::run("  - change_column_type:\n      table: users\n      column: nickname\n      type: varchar(50)\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[0].kind == StepKind::Ddl);
  CHECK_FALSE(steps[0].offline);
  CHECK(steps[0].up == std::vector<std::string>{"ALTER TABLE users ALTER COLUMN nickname TYPE varchar(50)"});
  CHECK(steps[0].down == std::vector<std::string>{"ALTER TABLE users ALTER COLUMN nickname TYPE varchar(20)"});
  CHECK_FALSE(steps[0].down_note.empty());
}

TEST_CASE("change_column_type varchar -> text is binary coercible too", "[ops][change_column_type]") {
  auto c = ops_test::run("  - change_column_type:\n      table: users\n      column: nickname\n      type: text\n");
  INFO(c->report());
  REQUIRE(c->applied);
  REQUIRE(c->steps().size() == 1);
}

TEST_CASE("change_column_type integer -> bigint uses a shadow column swapped in at contract",
          "[ops][change_column_type]") {
  auto c = ops_test::run("  - change_column_type:\n      table: users\n      column: age\n      type: bigint\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  CHECK(phases_ordered(steps));

  const auto expand = in_phase(steps, Phase::Expand);
  REQUIRE(expand.size() == 1);
  CHECK(expand[0].up[0] == "ALTER TABLE users ADD COLUMN IF NOT EXISTS age_new bigint");
  CHECK(any_contains(expand[0].up, "CREATE TRIGGER"));
  CHECK(any_contains(expand[0].up, "age::bigint"));

  const auto migrate = in_phase(steps, Phase::Migrate);
  REQUIRE(migrate.size() == 2);  // backfill + the copy of users_age_idx
  CHECK(migrate[0].kind == StepKind::Backfill);
  CHECK(migrate[0].up[0].sql.find("age_new = age::bigint") != std::string::npos);
  CHECK(migrate[1].kind == StepKind::ConcurrentIndex);
  CHECK(migrate[1].up ==
        std::vector<std::string>{"CREATE INDEX CONCURRENTLY IF NOT EXISTS users_age_idx_new ON users (age_new)"});

  const auto contract = in_phase(steps, Phase::Contract);
  REQUIRE(contract.size() == 1);
  INFO(joined(contract[0].up));
  CHECK(any_contains(contract[0].up, "DROP TRIGGER IF EXISTS"));
  CHECK(any_contains(contract[0].up, "ALTER TABLE users DROP COLUMN age"));
  CHECK(any_contains(contract[0].up, "ALTER TABLE users RENAME COLUMN age_new TO age"));
  CHECK(any_contains(contract[0].up, "ALTER INDEX users_age_idx_new RENAME TO users_age_idx"));
  CHECK(any_contains(contract[0].down, "RENAME COLUMN age TO age_new"));

  // The schema keeps the name, with the new type.
  CHECK(c->schema.find_table({"", "users"})->find_column("age")->type.sql() == "bigint");
}

TEST_CASE("change_column_type with using / reverse_using", "[ops][change_column_type]") {
  auto c = ops_test::run(
      "  - change_column_type:\n      table: orders\n      column: note\n      type: jsonb\n"
      "      using: to_jsonb(note)\n      reverse_using: note #>> '{}'\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  const auto migrate = in_phase(steps, Phase::Migrate);
  REQUIRE_FALSE(migrate.empty());
  CHECK(migrate[0].up[0].sql.find("note_new = to_jsonb(note)") != std::string::npos);
  CHECK(in_phase(steps, Phase::Contract).size() == 1);
}

TEST_CASE("change_column_type validation errors", "[ops][change_column_type][validation]") {
  SECTION("same type") {
    auto c = ops_test::run("  - change_column_type:\n      table: users\n      column: age\n      type: int4\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("same-type"));
  }
  SECTION("invalid type") {
    auto c = ops_test::run("  - change_column_type:\n      table: users\n      column: age\n      type: \"big int(\"\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("invalid-type"));
  }
  SECTION("no primary key for the backfill") {
    auto c = ops_test::run("  - change_column_type:\n      table: audit_log\n      column: message\n      type: jsonb\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("backfill-needs-primary-key"));
  }
  SECTION("unknown table") {
    auto c = ops_test::run("  - change_column_type:\n      table: oders\n      column: total\n      type: bigint\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-table"));
    CHECK(c->first("unknown-table")->hint == "did you mean 'orders'?");
  }
}
