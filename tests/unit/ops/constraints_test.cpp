#include <catch2/catch.hpp>

#include "ops_test_support.hpp"

using namespace schemashift;
using ops::Phase;
using ops::StepKind;
using ops_test::any_contains;

// ---- add_foreign_key -----------------------------------------------------------------

TEST_CASE("add_foreign_key: NOT VALID in expand, VALIDATE in migrate", "[ops][add_foreign_key]") {
  auto c = ops_test::run(
      "  - add_foreign_key:\n      table: orders\n      columns: [customer_id]\n"
      "      references: {table: customers, columns: [id]}\n      on_delete: restrict\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[0].kind == StepKind::Ddl);
  CHECK(steps[0].up == std::vector<std::string>{
                           "ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) "
                           "REFERENCES customers (id) ON DELETE RESTRICT NOT VALID"});
  CHECK(steps[0].down == std::vector<std::string>{"ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_customer_id_fkey"});
  CHECK(steps[1].phase == Phase::Migrate);
  CHECK(steps[1].kind == StepKind::Validate);
  CHECK(steps[1].long_running);
  CHECK(steps[1].up == std::vector<std::string>{"ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey"});
  // An index on orders(customer_id) exists: no warning.
  CHECK_FALSE(c->first("fk-without-index"));
  REQUIRE(c->schema.find_table({"", "orders"})->find_constraint("orders_customer_id_fkey"));
}

TEST_CASE("add_foreign_key: name, on_update and the missing-index warning", "[ops][add_foreign_key]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n      column: {name: customer_id, type: bigint}\n"
      "  - add_foreign_key:\n      table: users\n      name: users_customer_fk\n      columns: [customer_id]\n"
      "      references: {table: customers, columns: [id]}\n      on_delete: set_null\n      on_update: cascade\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(c->steps(1)[0].up[0] ==
        "ALTER TABLE users ADD CONSTRAINT users_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) "
        "ON DELETE SET NULL ON UPDATE CASCADE NOT VALID");
  const core::Diagnostic* w = c->first("fk-without-index");
  REQUIRE(w);
  CHECK(w->severity == core::Severity::Warning);
}

TEST_CASE("add_foreign_key on a table created in the same change is one validated step", "[ops][add_foreign_key]") {
  auto c = ops_test::run(
      "  - create_table:\n      table: notes\n      columns:\n        - {name: id, type: bigint, primary_key: true}\n"
      "        - {name: customer_id, type: bigint}\n"
      "  - add_foreign_key:\n      table: notes\n      columns: [customer_id]\n"
      "      references: {table: customers, columns: [id]}\n      on_delete: cascade\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK_FALSE(any_contains(steps[0].up, "NOT VALID"));
  CHECK_FALSE(steps[0].offline);
}

TEST_CASE("add_foreign_key validation errors", "[ops][add_foreign_key][validation]") {
  SECTION("missing on_delete") {
    auto c = ops_test::run(
        "  - add_foreign_key:\n      table: orders\n      columns: [customer_id]\n"
        "      references: {table: customers, columns: [id]}\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("missing-key"));
    CHECK(c->first("missing-key")->message == "add_foreign_key needs `on_delete`");
    CHECK(c->first("missing-key")->where.line == 9);
  }
  SECTION("invalid on_delete with a hint") {
    auto c = ops_test::run(
        "  - add_foreign_key:\n      table: orders\n      columns: [customer_id]\n"
        "      references: {table: customers, columns: [id]}\n      on_delete: cascde\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("invalid-value"));
    CHECK(c->first("invalid-value")->hint == "did you mean 'cascade'?");
  }
  SECTION("unknown referenced table") {
    auto c = ops_test::run(
        "  - add_foreign_key:\n      table: orders\n      columns: [customer_id]\n"
        "      references: {table: customer, columns: [id]}\n      on_delete: restrict\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-table"));
    CHECK(c->first("unknown-table")->hint == "did you mean 'customers'?");
  }
  SECTION("unknown local column") {
    auto c = ops_test::run(
        "  - add_foreign_key:\n      table: orders\n      columns: [custmer_id]\n"
        "      references: {table: customers, columns: [id]}\n      on_delete: restrict\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-column"));
    CHECK(c->first("unknown-column")->hint == "did you mean 'customer_id'?");
  }
  SECTION("referenced columns not unique") {
    auto c = ops_test::run(
        "  - add_foreign_key:\n      table: orders\n      columns: [note]\n"
        "      references: {table: customers, columns: [name]}\n      on_delete: restrict\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("fk-target-not-unique"));
  }
  SECTION("column count mismatch") {
    auto c = ops_test::run(
        "  - add_foreign_key:\n      table: orders\n      columns: [customer_id, id]\n"
        "      references: {table: customers, columns: [id]}\n      on_delete: restrict\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("fk-column-count"));
  }
  SECTION("constraint name already taken") {
    auto c = ops_test::run(
        "  - add_foreign_key:\n      table: invoices\n      columns: [order_id]\n      name: invoices_pkey\n"
        "      references: {table: orders, columns: [id]}\n      on_delete: restrict\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-name"));
  }
  SECTION("name longer than 63 bytes") {
    auto c = ops_test::run(
        "  - add_foreign_key:\n      table: orders\n      columns: [customer_id]\n      name: " + std::string(70, 'f') +
        "\n      references: {table: customers, columns: [id]}\n      on_delete: restrict\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("name-too-long"));
  }
}

// ---- add_unique ----------------------------------------------------------------------

TEST_CASE("add_unique: concurrent unique index, then UNIQUE USING INDEX", "[ops][add_unique]") {
  auto c = ops_test::run("  - add_unique:\n      table: users\n      columns: [email]\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[0].kind == StepKind::ConcurrentIndex);
  CHECK_FALSE(steps[0].transactional);
  CHECK(steps[0].up ==
        std::vector<std::string>{"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email)"});
  CHECK(steps[0].down == std::vector<std::string>{"DROP INDEX CONCURRENTLY IF EXISTS users_email_key"});
  CHECK(steps[1].phase == Phase::Migrate);
  CHECK(steps[1].transactional);
  CHECK(steps[1].up == std::vector<std::string>{
                           "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key"});
  CHECK(steps[1].down == std::vector<std::string>{"ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_key"});
}

TEST_CASE("add_unique on a new table is a plain constraint", "[ops][add_unique]") {
  auto c = ops_test::run(
      "  - create_table:\n      table: tags\n      columns:\n        - {name: id, type: bigint, primary_key: true}\n"
      "        - {name: label, type: text}\n"
      "  - add_unique:\n      table: tags\n      name: tags_label_uniq\n      columns: [label]\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].up == std::vector<std::string>{"ALTER TABLE tags ADD CONSTRAINT tags_label_uniq UNIQUE (label)"});
}

TEST_CASE("add_unique validation errors", "[ops][add_unique][validation]") {
  SECTION("unknown column") {
    auto c = ops_test::run("  - add_unique:\n      table: users\n      columns: [emails]\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-column"));
    CHECK(c->first("unknown-column")->hint == "did you mean 'email'?");
  }
  SECTION("name taken by an index") {
    auto c = ops_test::run("  - add_unique:\n      table: users\n      name: users_age_idx\n      columns: [age]\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-name"));
  }
  SECTION("columns must be a list") {
    auto c = ops_test::run("  - add_unique:\n      table: users\n      columns: email\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("invalid-value"));
  }
}

// ---- add_check / drop_constraint -----------------------------------------------------

TEST_CASE("add_check: NOT VALID then VALIDATE", "[ops][add_check]") {
  auto c = ops_test::run("  - add_check:\n      table: orders\n      name: orders_note_len\n      expr: length(note) < 500\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].phase == Phase::Expand);
  CHECK(steps[0].up ==
        std::vector<std::string>{"ALTER TABLE orders ADD CONSTRAINT orders_note_len CHECK (length(note) < 500) NOT VALID"});
  CHECK(steps[1].phase == Phase::Migrate);
  CHECK(steps[1].kind == StepKind::Validate);
}

TEST_CASE("add_check validation errors", "[ops][add_check][validation]") {
  SECTION("not a condition") {
    auto c = ops_test::run("  - add_check:\n      table: orders\n      expr: \"total >\"\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("invalid-value"));
  }
  SECTION("duplicate constraint name") {
    auto c = ops_test::run("  - add_check:\n      table: orders\n      name: orders_pkey\n      expr: total > 0\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("duplicate-name"));
  }
}

TEST_CASE("drop_constraint: contract, down re-adds the constraint safely", "[ops][drop_constraint]") {
  auto c = ops_test::run("  - drop_constraint:\n      table: invoices\n      name: invoices_order_id_fkey\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Contract);
  CHECK(steps[0].up ==
        std::vector<std::string>{"ALTER TABLE invoices DROP CONSTRAINT IF EXISTS invoices_order_id_fkey"});
  REQUIRE(steps[0].down.size() == 2);
  CHECK(steps[0].down[0].sql.find("NOT VALID") != std::string::npos);
  CHECK(steps[0].down[1] == "ALTER TABLE invoices VALIDATE CONSTRAINT invoices_order_id_fkey");
}

TEST_CASE("drop_constraint validation errors", "[ops][drop_constraint][validation]") {
  SECTION("unknown constraint with did-you-mean") {
    auto c = ops_test::run("  - drop_constraint:\n      table: invoices\n      name: invoices_order_id_fk\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-constraint"));
    CHECK(c->first("unknown-constraint")->hint == "did you mean 'invoices_order_id_fkey'?");
  }
  SECTION("primary key still referenced") {
    auto c = ops_test::run("  - drop_constraint:\n      table: orders\n      name: orders_pkey\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("constraint-in-use"));
  }
}
