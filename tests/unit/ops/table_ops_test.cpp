// create_table, rename_table, backfill, sql.
#include <catch2/catch.hpp>

#include "core/text.hpp"
#include "ops_test_support.hpp"

using namespace schemashift;
using ops::Phase;
using ops::StepKind;
using ops_test::any_contains;

TEST_CASE("create_table is one expand step with constraints inline", "[ops][create_table]") {
  auto c = ops_test::run(
      "  - create_table:\n      table: notes\n      comment: Free-form notes\n      columns:\n"
      "        - {name: id, type: bigint, primary_key: true, identity: always}\n"
      "        - {name: customer_id, type: bigint, nullable: false,"
      " references: {table: customers, column: id, on_delete: cascade}}\n"
      "        - {name: body, type: text, check: length(body) > 0, comment: The note}\n"
      "        - {name: slug, type: varchar(80), unique: true}\n"
      "      constraints:\n"
      "        - {type: check, name: notes_body_short, expr: length(body) < 10000}\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  const auto& s = steps[0];
  CHECK(s.phase == Phase::Expand);
  CHECK(s.transactional);
  INFO(ops_test::joined(s.up));
  REQUIRE(s.up.size() == 3);
  CHECK(core::starts_with(s.up[0].sql, "CREATE TABLE IF NOT EXISTS notes (\n"));
  CHECK(s.up[0].sql.find("id bigint GENERATED ALWAYS AS IDENTITY NOT NULL") != std::string::npos);
  CHECK(s.up[0].sql.find("CONSTRAINT notes_pkey PRIMARY KEY (id)") != std::string::npos);
  CHECK(s.up[0].sql.find("CONSTRAINT notes_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE") !=
        std::string::npos);
  CHECK(s.up[0].sql.find("CONSTRAINT notes_body_check CHECK (length(body) > 0)") != std::string::npos);
  CHECK(s.up[0].sql.find("CONSTRAINT notes_slug_key UNIQUE (slug)") != std::string::npos);
  CHECK(s.up[0].sql.find("CONSTRAINT notes_body_short CHECK (length(body) < 10000)") != std::string::npos);
  CHECK(s.up[0].sql.find("NOT VALID") == std::string::npos);
  CHECK(s.up[1] == "COMMENT ON TABLE notes IS 'Free-form notes'");
  CHECK(s.up[2] == "COMMENT ON COLUMN notes.body IS 'The note'");
  CHECK(s.down == std::vector<std::string>{"DROP TABLE IF EXISTS notes"});

  const model::Table* t = c->schema.find_table({"", "notes"});
  REQUIRE(t);
  CHECK(t->created_in_change);
  CHECK(c->schema.find_index({"", "notes_slug_key"}));
}

TEST_CASE("create_table validation errors", "[ops][create_table][validation]") {
  SECTION("name already taken") {
    auto c = ops_test::run("  - create_table:\n      table: users\n      columns:\n        - {name: id, type: bigint}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-name"));
  }
  SECTION("column defined twice") {
    auto c = ops_test::run("  - create_table:\n      table: t\n      columns:\n        - {name: id, type: bigint}\n"
                           "        - {name: id, type: text}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-column"));
  }
  SECTION("table name longer than 63 bytes") {
    auto c = ops_test::run("  - create_table:\n      table: " + std::string(64, 't') +
                           "\n      columns:\n        - {name: id, type: bigint}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("name-too-long"));
  }
  SECTION("generated constraint name longer than 63 bytes: shortened as PostgreSQL does") {
    // some_table_<50 c>_key would be 65 bytes; PostgreSQL trims the longer part (the column)
    // until the name fits in 63, and so must the plan, or the down file names a constraint
    // that does not exist.
    const std::string col(50, 'c');
    auto c = ops_test::run("  - create_table:\n      table: some_table\n      columns:\n        - {name: " + col +
                           ", type: text, unique: true}\n      primary_key: [" + col + "]\n"
                           "      constraints:\n        - {type: check, expr: \"length(" + col + ") > 0\"}\n"
                           "        - {type: check, expr: \"length(" + col + ") < 100\"}\n");
    REQUIRE(c->applied);
    const auto* t = c->schema.find_table(schemashift::model::QualifiedName{"", "some_table"});
    REQUIRE(t);
    CHECK(t->find_constraint("some_table_" + std::string(48, 'c') + "_key"));
    CHECK(t->find_constraint("some_table_pkey"));
    CHECK(t->find_constraint("some_table_check"));   // two unnamed checks: PostgreSQL's suffix
    CHECK(t->find_constraint("some_table_check1"));
  }
  SECTION("references without on_delete") {
    auto c = ops_test::run("  - create_table:\n      table: t\n      columns:\n"
                           "        - {name: c, type: bigint, references: {table: customers, column: id}}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("missing-key"));
  }
  SECTION("primary key twice") {
    auto c = ops_test::run("  - create_table:\n      table: t\n      primary_key: [id]\n      columns:\n"
                           "        - {name: id, type: bigint, primary_key: true}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-primary-key"));
  }
  SECTION("empty columns") {
    auto c = ops_test::run("  - create_table:\n      table: t\n      columns: []\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("invalid-value"));
  }
}

TEST_CASE("rename_table: rename plus a compatibility view, dropped at contract", "[ops][rename_table]") {
  auto c = ops_test::run("  - rename_table:\n      table: archive\n      to: archived_items\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[0].up == std::vector<std::string>{"ALTER TABLE archive RENAME TO archived_items",
                                                "CREATE VIEW archive AS SELECT * FROM archived_items"});
  CHECK(steps[0].down == std::vector<std::string>{"DROP VIEW IF EXISTS archive",
                                                  "ALTER TABLE archived_items RENAME TO archive"});
  CHECK(steps[1].phase == Phase::Contract);
  CHECK(steps[1].up == std::vector<std::string>{"DROP VIEW IF EXISTS archive"});
  CHECK(c->schema.find_table({"", "archived_items"}));
  CHECK_FALSE(c->schema.find_table({"", "archive"}));
}

TEST_CASE("rename_table to an existing name is an error", "[ops][rename_table][validation]") {
  auto c = ops_test::run("  - rename_table:\n      table: archive\n      to: users\n");
  CHECK_FALSE(c->applied);
  CHECK(c->has_error("duplicate-name"));
}

TEST_CASE("backfill: keyset batches outside a transaction", "[ops][backfill]") {
  auto c = ops_test::run(
      "  - backfill:\n      table: users\n      set: {nickname: \"left(name, 20)\"}\n      where: nickname IS NULL\n"
      "      batch_size: 250\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  const auto& s = steps[0];
  CHECK(s.phase == Phase::Migrate);
  CHECK(s.kind == StepKind::Backfill);
  CHECK_FALSE(s.transactional);
  CHECK(s.long_running);
  CHECK(s.rerunnable);
  REQUIRE(s.up.size() == 1);
  CHECK(core::starts_with(s.up[0].sql, "DO $"));
  CHECK(s.up[0].sql.find("nickname = left(name, 20)") != std::string::npos);
  CHECK(s.up[0].sql.find("nickname IS NULL") != std::string::npos);
  CHECK(s.up[0].sql.find("250") != std::string::npos);
  CHECK(s.down.empty());
  CHECK_FALSE(s.down_note.empty());
}

TEST_CASE("backfill compares only the non-volatile assignments with the current values", "[ops][backfill]") {
  SECTION("a volatile and a non-volatile assignment") {
    auto c = ops_test::run(
        "  - backfill:\n      table: users\n"
        "      set: {phone: \"md5(random()::text)\", nickname: \"left(name, 20)\"}\n");
    INFO(c->report());
    REQUIRE(c->applied);
    const std::string up = c->steps()[0].up[0].sql;  // a copy: steps() is a temporary
    INFO(up);
    CHECK(up.find("WHERE id <= end_k1 AND nickname IS DISTINCT FROM (left(name, 20));") !=
          std::string::npos);
    CHECK(up.find("random()::text) IS DISTINCT") == std::string::npos);
    CHECK(up.find("phone IS DISTINCT FROM") == std::string::npos);
  }
  SECTION("only volatile assignments and no where: just the batch bounds") {
    auto c = ops_test::run("  - backfill:\n      table: users\n      set: {phone: \"gen_random_uuid()::text\"}\n");
    INFO(c->report());
    REQUIRE(c->applied);
    const std::string up = c->steps()[0].up[0].sql;  // a copy: steps() is a temporary
    INFO(up);
    CHECK(up.find("IS DISTINCT FROM") == std::string::npos);
    CHECK(up.find("UPDATE users SET phone = gen_random_uuid()::text WHERE id <= end_k1;") !=
          std::string::npos);
    CHECK(up.find("WHERE id > last_k1 AND id <= end_k1;") != std::string::npos);
  }
  SECTION("a subquery or an unknown function is not known to be volatile: the guard stays") {
    auto c = ops_test::run(
        "  - backfill:\n      table: users\n      set: {nickname: \"my_nick(name)\"}\n      where: nickname IS NULL\n");
    INFO(c->report());
    REQUIRE(c->applied);
    const std::string up = c->steps()[0].up[0].sql;  // a copy: steps() is a temporary
    INFO(up);
    CHECK(up.find("AND (nickname IS NULL) AND nickname IS DISTINCT FROM (my_nick(name));") != std::string::npos);
  }
}

TEST_CASE("backfill validation errors", "[ops][backfill][validation]") {
  SECTION("unknown column in set") {
    auto c = ops_test::run("  - backfill:\n      table: users\n      set: {nick: \"'x'\"}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("unknown-column"));
  }
  SECTION("no primary key") {
    auto c = ops_test::run("  - backfill:\n      table: audit_log\n      set: {message: \"'x'\"}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("backfill-needs-primary-key"));
  }
  SECTION("not an expression") {
    auto c = ops_test::run("  - backfill:\n      table: users\n      set: {nickname: \"select from\"}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("invalid-expression"));
  }
}

TEST_CASE("sql: raw statements with phase and transactional", "[ops][sql]") {
  auto c = ops_test::run(
      "  - sql:\n      description: Fix totals\n      phase: migrate\n      transactional: false\n"
      "      up: \"VACUUM orders\"\n"
      "  - sql:\n      up: CREATE EXTENSION IF NOT EXISTS pg_trgm\n      down: DROP EXTENSION IF EXISTS pg_trgm\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto a = c->steps(0);
  REQUIRE(a.size() == 1);
  CHECK(a[0].phase == Phase::Migrate);
  CHECK(a[0].kind == StepKind::Raw);
  CHECK_FALSE(a[0].transactional);
  CHECK(a[0].up == std::vector<std::string>{"VACUUM orders"});
  CHECK(a[0].down.empty());
  CHECK_FALSE(a[0].down_note.empty());
  const auto b = c->steps(1);
  CHECK(b[0].phase == Phase::Expand);
  CHECK(b[0].transactional);
  CHECK(b[0].down == std::vector<std::string>{"DROP EXTENSION IF EXISTS pg_trgm"});
  CHECK(b[0].down_note.empty());
}

TEST_CASE("sql that does not parse is reported", "[ops][sql][validation]") {
  auto c = ops_test::run("  - sql:\n      up: ALTER TABLE users ADD COLUM x int\n");
  CHECK_FALSE(c->applied);
  CHECK(c->has_error("sql-syntax"));
}

TEST_CASE("backfill verification: a value from now() or random() is checked for presence, not equality",
          "[ops][backfill][verify]") {
  SECTION("only volatile and clock assignments") {
    auto c = ops_test::run("  - backfill:\n      table: users\n"
                           "      set: {phone: \"gen_random_uuid()::text\", created_at: \"now()\"}\n");
    INFO(c->report());
    REQUIRE(c->applied);
    const auto v = c->verify();
    REQUIRE(v.size() == 1);
    CHECK(v[0].sql == "SELECT NOT EXISTS (SELECT 1 FROM users WHERE (phone IS NULL OR created_at IS NULL))");
    CHECK(v[0].title == "every row of users has a backfilled value");
  }
  SECTION("CURRENT_TIMESTAMP (no parentheses) reads the clock too; a deterministic one is still compared") {
    auto c = ops_test::run("  - backfill:\n      table: users\n"
                           "      set: {created_at: \"CURRENT_TIMESTAMP\", nickname: \"left(name, 20)\"}\n"
                           "      where: nickname IS NULL\n");
    INFO(c->report());
    REQUIRE(c->applied);
    const auto v = c->verify();
    REQUIRE(v.size() == 1);
    CHECK(v[0].sql == "SELECT NOT EXISTS (SELECT 1 FROM users WHERE (nickname IS NULL) AND "
                      "(nickname IS DISTINCT FROM (left(name, 20)) OR created_at IS NULL))");
  }
  SECTION("deterministic assignments only: unchanged") {
    auto c = ops_test::run("  - backfill:\n      table: users\n      set: {nickname: \"left(name, 20)\"}\n");
    REQUIRE(c->applied);
    CHECK(c->verify()[0].sql ==
          "SELECT NOT EXISTS (SELECT 1 FROM users WHERE nickname IS DISTINCT FROM (left(name, 20)))");
  }
}

TEST_CASE("sql: transactional: false holds one statement per `up` and `down`", "[ops][sql][validation]") {
  SECTION("two statements in up: refused at the up key, naming the second's line") {
    auto c = ops_test::run("  - sql:\n      transactional: false\n      up: |\n"
                           "        CREATE INDEX CONCURRENTLY a_idx ON orders (note);\n"
                           "        CREATE INDEX CONCURRENTLY b_idx ON orders (total);\n");
    CHECK_FALSE(c->applied);
    const auto* d = c->first("sql-several-statements-outside-transaction");
    REQUIRE(d);
    CHECK(d->message.find("`up` holds 2 statements") != std::string::npos);
    CHECK(d->hint.find("line 2 of the SQL text") != std::string::npos);
    CHECK(d->where.line > 1);
  }
  SECTION("two statements in down") {
    auto c = ops_test::run("  - sql:\n      transactional: false\n      up: VACUUM orders\n"
                           "      down: \"SELECT 1; SELECT 2\"\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("sql-several-statements-outside-transaction"));
  }
  SECTION("several statements inside a transaction stay one migration") {
    auto c = ops_test::run("  - sql:\n      up: \"UPDATE orders SET note = 'a'; UPDATE orders SET note = 'b'\"\n");
    INFO(c->report());
    CHECK(c->applied);
  }
}
