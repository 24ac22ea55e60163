// The operation registry: every operation registers itself by name, and the spec's
// operation list is decoded through it.
#include <catch2/catch.hpp>

#include "ops_test_support.hpp"

using namespace schemashift;

TEST_CASE("every documented operation is registered", "[ops][registry]") {
  const std::vector<std::string> expected = {
      "add_check",  "add_column",    "add_foreign_key", "add_index",       "add_unique",   "backfill",
      "change_column_type", "create_table", "drop_column", "drop_constraint", "drop_default", "drop_index",
      "drop_not_null", "drop_table", "rename_column", "rename_table", "set_default", "set_not_null", "sql"};
  CHECK(ops::operation_names() == expected);
}

TEST_CASE("unknown operation names get a did-you-mean hint", "[ops][registry]") {
  auto c = ops_test::run("  - add_colum:\n      table: users\n");
  CHECK_FALSE(c->applied);
  const core::Diagnostic* d = c->first("unknown-operation");
  REQUIRE(d);
  CHECK(d->hint == "did you mean 'add_column'?");
  CHECK(d->where.line == 8);
}

TEST_CASE("unknown keys inside an operation are reported with a hint", "[ops][registry]") {
  auto c = ops_test::run("  - drop_not_null:\n      table: users\n      colum: email\n");
  CHECK_FALSE(c->applied);
  REQUIRE(c->first("unknown-key"));
  CHECK(c->first("unknown-key")->message.find("colum") != std::string::npos);
  CHECK(c->first("unknown-key")->hint == "did you mean `column`?");
}
