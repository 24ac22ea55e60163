#include <catch2/catch.hpp>

#include "ops_test_support.hpp"

using namespace schemashift;
using ops::Phase;
using ops::StepKind;
using ops_test::any_contains;
using ops_test::joined;

TEST_CASE("add_column nullable without default is one catalog-only expand step", "[ops][add_column]") {
  auto c = ops_test::run("  - add_column:\n      table: users\n      column: {name: bio, type: text}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[0].kind == StepKind::Ddl);
  CHECK(steps[0].transactional);
  CHECK(steps[0].up == std::vector<std::string>{"ALTER TABLE users ADD COLUMN IF NOT EXISTS bio text"});
  CHECK(steps[0].down == std::vector<std::string>{"ALTER TABLE users DROP COLUMN IF EXISTS bio"});
  CHECK(steps[0].rerunnable);
  // The schema evolves for later operations.
  REQUIRE(c->schema.find_table({"", "users"})->find_column("bio"));
}

TEST_CASE("add_column NOT NULL with a constant default is one expand step", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: orders\n"
      "      column: {name: status, type: varchar(50), nullable: false, default: pending}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Expand);
  REQUIRE(steps[0].up.size() == 1);
  INFO(joined(steps[0].up));
  CHECK(steps[0].up[0].sql.find("NOT NULL") != std::string::npos);
  CHECK(steps[0].up[0].sql.find("DEFAULT 'pending'") != std::string::npos);
  CHECK(steps[0].up[0] == "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status varchar(50) DEFAULT 'pending' NOT NULL");
}

TEST_CASE("add_column literal defaults: numbers and booleans bare, text quoted", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: orders\n      column: {name: qty, type: integer, default: 3}\n"
      "  - add_column:\n      table: orders\n      column: {name: paid, type: boolean, default: false}\n"
      "  - add_column:\n      table: orders\n      column: {name: code, type: text, default: \"42\"}\n"
      "  - add_column:\n      table: orders\n      column: {name: quote, type: text, default: \"it's\"}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(any_contains(c->steps(0)[0].up, "qty integer DEFAULT 3"));
  CHECK(any_contains(c->steps(1)[0].up, "paid boolean DEFAULT false"));
  CHECK(any_contains(c->steps(2)[0].up, "code text DEFAULT '42'"));
  CHECK(any_contains(c->steps(3)[0].up, "quote text DEFAULT 'it''s'"));
}

TEST_CASE("add_column with a volatile default: add nullable, backfill, then the NOT NULL recipe", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n"
      "      column: {name: token, type: uuid, nullable: false, default_expr: gen_random_uuid()}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 5);

  // expand: add nullable without the default, then SET DEFAULT for new rows
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[0].kind == StepKind::Ddl);
  REQUIRE(steps[0].up.size() == 2);
  CHECK(steps[0].up[0] == "ALTER TABLE users ADD COLUMN IF NOT EXISTS token uuid");
  CHECK(steps[0].up[1] == "ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid()");

  // migrate: batched backfill outside a transaction
  CHECK(steps[1].phase == Phase::Migrate);
  CHECK(steps[1].kind == StepKind::Backfill);
  CHECK_FALSE(steps[1].transactional);
  CHECK(steps[1].long_running);
  REQUIRE(steps[1].up.size() == 1);
  CHECK(steps[1].up[0].sql.rfind("DO ", 0) == 0);
  CHECK(steps[1].up[0].sql.find("gen_random_uuid()") != std::string::npos);
  CHECK(steps[1].up[0].sql.find("COMMIT") != std::string::npos);
  CHECK(steps[1].up[0].sql.find("token IS NULL") != std::string::npos);

  // migrate: CHECK NOT VALID
  CHECK(steps[2].phase == Phase::Migrate);
  CHECK(steps[2].kind == StepKind::Ddl);
  CHECK(any_contains(steps[2].up, "CHECK (token IS NOT NULL) NOT VALID"));

  // migrate: VALIDATE, long running
  CHECK(steps[3].phase == Phase::Migrate);
  CHECK(steps[3].kind == StepKind::Validate);
  CHECK(steps[3].long_running);
  CHECK(any_contains(steps[3].up, "VALIDATE CONSTRAINT users_token_not_null"));

  // migrate: SET NOT NULL + drop the helper CHECK
  CHECK(steps[4].phase == Phase::Migrate);
  REQUIRE(steps[4].up.size() == 2);
  CHECK(steps[4].up[0] == "ALTER TABLE users ALTER COLUMN token SET NOT NULL");
  CHECK(steps[4].up[1] == "ALTER TABLE users DROP CONSTRAINT users_token_not_null");
}

// Regression: `not_null_later` must check `!c.nullable`; otherwise a *nullable* column
// with a volatile default (or with `backfill:` and no default) gets the
// CHECK/VALIDATE/SET NOT NULL steps and ends up NOT NULL.
TEST_CASE("add_column nullable with a volatile default has no NOT NULL steps", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n      column: {name: seen_at, type: timestamptz, default_expr: clock_timestamp()}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  for (const auto& s : steps) {
    INFO(s.title);
    CHECK_FALSE(any_contains(s.up, "SET NOT NULL"));
  }
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[1].kind == StepKind::Backfill);
  CHECK(steps[1].phase == Phase::Migrate);
}

TEST_CASE("add_column nullable with a backfill stays nullable", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n      column: {name: handle, type: text}\n      backfill: lower(email)\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  for (const auto& s : steps) {
    INFO(s.title);
    CHECK_FALSE(any_contains(s.up, "SET NOT NULL"));
  }
  REQUIRE(steps.size() == 2);
  CHECK(steps[1].kind == StepKind::Backfill);
}

TEST_CASE("add_column volatile-default backfill does not compare with the volatile value", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n"
      "      column: {name: token, type: uuid, nullable: false, default_expr: gen_random_uuid()}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() >= 2);
  REQUIRE(steps[1].kind == StepKind::Backfill);
  const std::string& fill = steps[1].up[0].sql;
  INFO(fill);
  // gen_random_uuid() is new on every call: `token IS DISTINCT FROM (gen_random_uuid())`
  // would never skip a row. `token IS NULL` alone keeps a re-run from touching done rows.
  CHECK(fill.find("IS DISTINCT FROM") == std::string::npos);
  CHECK(fill.find("WHERE id <= end_k1 AND (token IS NULL);") != std::string::npos);
  CHECK(fill.find("WHERE id > last_k1 AND id <= end_k1 AND (token IS NULL);") !=
        std::string::npos);
}

TEST_CASE("add_column backfill with a non-volatile expression keeps the IS DISTINCT FROM guard", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n      column: {name: handle, type: text}\n      backfill: lower(email)\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 2);
  INFO(steps[1].up[0]);
  CHECK(steps[1].up[0].sql.find("WHERE id <= end_k1 AND handle IS DISTINCT FROM (lower(email));") != std::string::npos);
}

TEST_CASE("add_column with a stable default such as now() stays catalog only", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n"
      "      column: {name: joined_at, type: timestamptz, nullable: false, default_expr: now()}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].up[0] == "ALTER TABLE users ADD COLUMN IF NOT EXISTS joined_at timestamptz DEFAULT now() NOT NULL");
}

TEST_CASE("add_column with backfill and a constant default: NOT NULL at once, then the backfill", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n"
      "      column: {name: verified, type: boolean, nullable: false, default: false}\n"
      "      backfill: email IS NOT NULL\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(any_contains(steps[0].up, "DEFAULT false NOT NULL"));
  CHECK(steps[1].kind == StepKind::Backfill);
  CHECK(any_contains(steps[1].up, "email IS NOT NULL"));
}

TEST_CASE("add_column NOT NULL with only a backfill goes through the NOT NULL recipe", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n"
      "      column: {name: handle, type: text, nullable: false}\n"
      "      backfill: lower(email)\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 5);
  CHECK(steps[0].up[0] == "ALTER TABLE users ADD COLUMN IF NOT EXISTS handle text");
  CHECK(steps[1].kind == StepKind::Backfill);
  CHECK(steps[3].kind == StepKind::Validate);
  CHECK(any_contains(steps[4].up, "SET NOT NULL"));
}

TEST_CASE("add_column with references, check and unique on an existing table", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: orders\n"
      "      column:\n"
      "        name: buyer_id\n"
      "        type: bigint\n"
      "        references: {table: customers, column: id, on_delete: set_null}\n"
      "  - add_column:\n      table: orders\n"
      "      column: {name: discount, type: integer, check: discount >= 0}\n"
      "  - add_column:\n      table: orders\n"
      "      column: {name: ref, type: text, unique: true}\n");
  INFO(c->report());
  REQUIRE(c->applied);

  const auto fk = c->steps(0);
  REQUIRE(fk.size() == 3);
  CHECK(any_contains(fk[1].up, "ADD CONSTRAINT orders_buyer_id_fkey FOREIGN KEY (buyer_id) REFERENCES customers (id) "
                               "ON DELETE SET NULL NOT VALID"));
  CHECK(fk[1].phase == Phase::Expand);
  CHECK(fk[2].phase == Phase::Migrate);
  CHECK(fk[2].kind == StepKind::Validate);

  const auto check = c->steps(1);
  REQUIRE(check.size() == 3);
  CHECK(any_contains(check[1].up, "CHECK (discount >= 0) NOT VALID"));
  CHECK(check[2].kind == StepKind::Validate);

  const auto unique = c->steps(2);
  REQUIRE(unique.size() == 3);
  CHECK(unique[1].kind == StepKind::ConcurrentIndex);
  CHECK_FALSE(unique[1].transactional);
  CHECK(any_contains(unique[1].up, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_ref_key ON orders (ref)"));
  CHECK(unique[2].phase == Phase::Migrate);
  CHECK(any_contains(unique[2].up, "UNIQUE USING INDEX orders_ref_key"));
}

TEST_CASE("add_column on a table created in the same change puts constraints inline", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - create_table:\n      table: tags\n      columns:\n        - {name: id, type: bigint, primary_key: true}\n"
      "  - add_column:\n      table: tags\n"
      "      column: {name: label, type: text, nullable: false, unique: true}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(any_contains(steps[0].up, "ADD COLUMN IF NOT EXISTS label text NOT NULL"));
  CHECK(any_contains(steps[0].up, "ADD CONSTRAINT tags_label_key UNIQUE (label)"));
}

TEST_CASE("add_column comment adds COMMENT ON COLUMN", "[ops][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n      column: {name: bio, type: text, comment: \"User's bio\"}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(any_contains(steps[0].up, "COMMENT ON COLUMN users.bio IS 'User''s bio'"));
  CHECK_FALSE(steps[0].rerunnable);
}

TEST_CASE("add_column validation errors", "[ops][add_column][validation]") {
  SECTION("NOT NULL without default on an existing table") {
    auto c = ops_test::run("  - add_column:\n      table: users\n      column: {name: x, type: text, nullable: false}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("not-null-without-default"));
  }
  SECTION("NOT NULL without default is fine on a new table") {
    auto c = ops_test::run(
        "  - create_table:\n      table: tags\n      columns:\n        - {name: id, type: bigint, primary_key: true}\n"
        "  - add_column:\n      table: tags\n      column: {name: x, type: text, nullable: false}\n");
    INFO(c->report());
    CHECK(c->applied);
  }
  SECTION("duplicate column") {
    auto c = ops_test::run("  - add_column:\n      table: users\n      column: {name: email, type: text}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-column"));
  }
  SECTION("unknown table with did-you-mean") {
    auto c = ops_test::run("  - add_column:\n      table: user\n      column: {name: x, type: text}\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-table"));
    CHECK(c->first("unknown-table")->hint == "did you mean 'users'?");
    CHECK(c->first("unknown-table")->where.line == 9);
    CHECK(c->first("unknown-table")->where.column == 14);
  }
  SECTION("column name longer than 63 bytes") {
    const std::string name(64, 'n');
    auto c = ops_test::run("  - add_column:\n      table: users\n      column: {name: " + name + ", type: text}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("name-too-long"));
  }
  SECTION("not a type") {
    auto c = ops_test::run("  - add_column:\n      table: users\n      column: {name: x, type: \"varchar(\"}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("invalid-type"));
  }
  SECTION("both default and default_expr") {
    auto c = ops_test::run(
        "  - add_column:\n      table: users\n      column: {name: x, type: text, default: a, default_expr: now()}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("invalid-value"));
  }
  SECTION("backfill needs a primary key") {
    auto c = ops_test::run(
        "  - add_column:\n      table: audit_log\n      column: {name: x, type: text}\n      backfill: upper(message)\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("backfill-needs-primary-key"));
  }
  SECTION("references without on_delete") {
    auto c = ops_test::run(
        "  - add_column:\n      table: orders\n"
        "      column: {name: b, type: bigint, references: {table: customers, column: id}}\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("missing-key"));
    CHECK(c->first("missing-key")->message.find("on_delete") != std::string::npos);
  }
  SECTION("typo in a column key") {
    auto c = ops_test::run("  - add_column:\n      table: users\n      column: {name: x, type: text, nulable: false}\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-key"));
    CHECK(c->first("unknown-key")->hint == "did you mean `nullable`?");
  }
}

TEST_CASE("add_column default with an explicit !!str tag is text", "[ops][add_column]") {
  auto c = ops_test::run("  - add_column:\n      table: orders\n      column: {name: code, type: text, default: !!str 42}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(any_contains(c->steps()[0].up, "code text DEFAULT '42'"));
}
