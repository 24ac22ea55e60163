// Operations that interact within one change: work on a column after its online type
// change, names reused after a drop, shadow names that shorten alike, index names through
// a column rename. Each either works (the later operation waits for the contract phase)
// or is refused at the operation.
#include <catch2/catch.hpp>

#include "ops_test_support.hpp"

using namespace schemashift;
using ops::Phase;
using ops_test::any_contains;

namespace {

bool all_in(const std::vector<ops::Step>& steps, Phase p) {
  return !steps.empty() &&
         std::all_of(steps.begin(), steps.end(), [&](const ops::Step& s) { return s.phase == p; });
}

const std::string kRetypeAge = "  - change_column_type:\n      table: users\n      column: age\n      type: text\n";

}  // namespace

TEST_CASE("an index or CHECK on a column after its online type change is built after the swap",
          "[ops][interactions]") {
  auto c = ops_test::run(kRetypeAge +
                         "  - add_index:\n      table: users\n      name: users_age_text_idx\n      columns: [age]\n"
                         "  - add_check:\n      table: users\n      name: users_age_short\n      expr: length(age) < 4\n"
                         "  - add_unique:\n      table: users\n      columns: [age]\n"
                         "  - add_index:\n      table: users\n      name: users_email_lower_idx\n"
                         "      columns: [{expr: lower(email)}]\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(all_in(c->steps(1), Phase::Contract));
  CHECK(all_in(c->steps(2), Phase::Contract));
  CHECK(all_in(c->steps(3), Phase::Contract));
  CHECK(c->steps(1).front().why.find("Contract phase: age gets its new type there") != std::string::npos);
  // Not on the retyped column: planned as usual.
  CHECK(c->steps(4).front().phase == Phase::Expand);
  // The model has them on the column, as the database will at the end.
  CHECK(c->schema.find_index({"", "users_age_text_idx"}));
}

TEST_CASE("other work on a column whose type changes online is refused at the operation", "[ops][interactions]") {
  for (const std::string op : {"set_not_null", "drop_not_null", "drop_column"}) {
    auto c = ops_test::run(kRetypeAge + "  - " + op + ":\n      table: users\n      column: age\n");
    INFO(op << "\n" << c->report());
    REQUIRE(c->has_error("column-type-changing"));
    CHECK(c->first("column-type-changing")->where.line > 0);
  }
  // A default waits for the swap (which first carries the old default over).
  auto d = ops_test::run(kRetypeAge + "  - set_default:\n      table: users\n      column: age\n      default: \"0\"\n");
  INFO(d->report());
  REQUIRE(d->applied);
  CHECK(all_in(d->steps(1), Phase::Contract));
  // A cheap (binary-coercible) change swaps nothing: later work is fine.
  auto cheap = ops_test::run("  - change_column_type:\n      table: users\n      column: nickname\n      type: text\n"
                             "  - set_not_null:\n      table: users\n      column: nickname\n      fill: x\n");
  INFO(cheap->report());
  CHECK(cheap->applied);
}

TEST_CASE("a type change keeps the column's comment, and its down restores it", "[ops][interactions]") {
  auto c = ops_test::run(kRetypeAge, "", std::string(ops_test::kSchemaSql) +
                                             "COMMENT ON COLUMN users.age IS 'years, it''s approximate';\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  CHECK(any_contains(steps.front().up, "COMMENT ON COLUMN users.age_new IS 'years, it''s approximate'"));
  CHECK(any_contains(steps.back().down, "COMMENT ON COLUMN users.age IS 'years, it''s approximate'"));
}

TEST_CASE("a name dropped in the contract phase is reused only after the drop", "[ops][interactions]") {
  auto c = ops_test::run(
      "  - add_check:\n      table: orders\n      name: orders_total_positive\n      expr: total > 0\n"
      "  - drop_constraint:\n      table: orders\n      name: orders_total_positive\n"
      "  - add_check:\n      table: orders\n      name: orders_total_positive\n      expr: total >= 0\n"
      "  - drop_index:\n      name: orders_customer_id_idx\n"
      "  - add_index:\n      table: orders\n      name: orders_customer_id_idx\n      columns: [customer_id, id]\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(c->steps(0).front().phase == Phase::Expand);  // nothing dropped before it
  CHECK(all_in(c->steps(2), Phase::Contract));
  CHECK(all_in(c->steps(4), Phase::Contract));
  CHECK(c->steps(2).front().why.find("the name orders_total_positive is freed there") != std::string::npos);
}

TEST_CASE("a column name dropped in the contract phase cannot be added again in the same change",
          "[ops][interactions]") {
  auto c = ops_test::run("  - drop_column:\n      table: users\n      column: phone\n"
                         "  - add_column:\n      table: users\n      column: {name: phone, type: bigint}\n");
  INFO(c->report());
  CHECK(c->has_error("name-freed-at-contract"));
  auto r = ops_test::run("  - drop_column:\n      table: users\n      column: phone\n"
                         "  - rename_column:\n      table: users\n      column: nickname\n      to: phone\n");
  CHECK(r->has_error("name-freed-at-contract"));
}

TEST_CASE("rename_column keeps a user-named index's name", "[ops][interactions]") {
  auto c = ops_test::run("  - add_index:\n      table: users\n      name: select\n      columns: [name]\n"
                         "  - rename_column:\n      table: users\n      column: name\n      to: having\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  CHECK(any_contains(steps.back().up, "ALTER INDEX select_new RENAME TO \"select\""));
  for (const auto& s : steps) {
    for (const auto& st : s.up) CHECK(st.sql.find("INDEX CONCURRENTLY IF NOT EXISTS having") == std::string::npos);
  }
}

TEST_CASE("foreign keys between types PostgreSQL cannot compare are refused", "[ops][interactions]") {
  auto bad = ops_test::run("  - add_column:\n      table: orders\n      column:\n        name: buyer\n        type: text\n"
                           "        references: {table: customers, column: id, on_delete: restrict}\n");
  CHECK(bad->has_error("fk-type-incompatible"));
  // integer -> bigint has a cross-type operator: a warning, as before.
  auto ok = ops_test::run("  - add_column:\n      table: orders\n      column:\n        name: buyer\n        type: integer\n"
                          "        references: {table: customers, column: id, on_delete: restrict}\n");
  INFO(ok->report());
  CHECK(ok->applied);
}
