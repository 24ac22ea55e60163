// Names schemashift generates for long tables and columns: at most 63 bytes, shortened the
// way PostgreSQL shortens its own (model/object_names), distinct from the names they are
// derived from, and given PostgreSQL's numeric suffix when taken.
#include <catch2/catch.hpp>

#include "model/object_names.hpp"
#include "ops/names.hpp"
#include "ops/recipes.hpp"
#include "ops/sync_trigger.hpp"
#include "ops_test_support.hpp"

using namespace schemashift;

namespace {

const std::string kTable(63, 't');
const std::string kColumn = std::string(59, 'c') + "_new";  // 63 bytes, already ends in _new

std::string long_schema() {
  return "CREATE TABLE " + kTable + " (id bigint PRIMARY KEY, " + kColumn + " integer NOT NULL, other text);\n";
}

void check_all_names_fit(const std::vector<ops::Step>& steps) {
  // Every identifier PostgreSQL would truncate shows up as a run of 64+ name characters.
  for (const auto& s : steps) {
    for (const auto* list : {&s.up, &s.down}) {
      for (const auto& st : *list) {
        std::size_t run = 0;
        for (char ch : st.sql) {
          run = (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') ? run + 1 : 0;
          INFO(st.sql);
          REQUIRE(run <= 63);
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("default_name is PostgreSQL's makeObjectName, 63 bytes at most", "[ops][names]") {
  CHECK(ops::default_name({"", "users"}, {"email"}, "key") == "users_email_key");
  const std::string n = ops::default_name({"", kTable}, {kColumn}, "fkey");
  CHECK(n.size() == 63);
  CHECK(n == model::make_object_name(kTable, kColumn, "fkey"));
  // PostgreSQL shortens the longer of the two names, the second one on a tie.
  CHECK(n == std::string(29, 't') + "_" + std::string(28, 'c') + "_fkey");
}

TEST_CASE("not-null helper checks and sync triggers fit in 63 bytes", "[ops][names]") {
  const auto steps = ops::not_null_steps({"", kTable}, kColumn, ops::Phase::Migrate, 15);
  check_all_names_fit(steps);
  CHECK(steps[1].proving_constraint == model::make_object_name(kTable, kColumn, "not_null"));
  const auto t = ops::sync_trigger({"", kTable}, kColumn, kColumn + "x", "NEW.a", "NEW.b");
  CHECK(t.function_name.size() <= 63);
  CHECK(t.trigger_name.size() <= 63);
  CHECK(t.function_name.rfind("schemashift_sync_", 0) == 0);
  // Short names keep their full form.
  CHECK(ops::sync_trigger({"", "users"}, "age", "age_new", "x", "y").function_name ==
        "schemashift_sync_users_age_age_new");
}

TEST_CASE("a type change of a 63-byte column gets a shadow column of its own", "[ops][names]") {
  auto c = ops_test::run("  - change_column_type:\n      table: " + kTable + "\n      column: " + kColumn +
                             "\n      type: bigint\n",
                         "", long_schema());
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  check_all_names_fit(steps);
  // <column>_new shortened to 63 bytes is the column itself: the next free name is taken.
  const std::string shadow = std::string(58, 'c') + "_new1";
  CHECK(shadow.size() == 63);
  CHECK(ops_test::any_contains(steps[0].up, "ADD COLUMN IF NOT EXISTS " + shadow + " bigint"));
  CHECK(ops_test::any_contains(steps.back().up, "RENAME COLUMN " + shadow + " TO " + kColumn));
}

TEST_CASE("unnamed constraints get PostgreSQL's numeric suffix when the name is taken", "[ops][names]") {
  auto c = ops_test::run(
      "  - add_check:\n      table: orders\n      expr: total > 0\n"
      "  - add_check:\n      table: orders\n      expr: total < 1000000\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(ops_test::any_contains(c->steps(0)[0].up, "ADD CONSTRAINT orders_check CHECK"));
  CHECK(ops_test::any_contains(c->steps(1)[0].up, "ADD CONSTRAINT orders_check1 CHECK"));
}

TEST_CASE("long unnamed constraints and indexes are named within 63 bytes", "[ops][names]") {
  auto c = ops_test::run("  - add_unique:\n      table: " + kTable + "\n      columns: [" + kColumn + "]\n" +
                             "  - add_check:\n      table: " + kTable + "\n      expr: other <> ''\n" +
                             "  - add_index:\n      table: " + kTable + "\n      columns: [other]\n",
                         "", long_schema());
  INFO(c->report());
  REQUIRE(c->applied);
  check_all_names_fit(c->all_steps());
  CHECK(ops_test::any_contains(c->steps(0)[0].up, model::make_object_name(kTable, kColumn, "key")));
  CHECK(ops_test::any_contains(c->steps(1)[0].up, model::make_object_name(kTable, "", "check")));
  CHECK(ops_test::any_contains(c->steps(2)[0].up, model::make_object_name(kTable, "other", "idx")));
}

TEST_CASE("two long columns that shorten alike get distinct shadow columns and sync names", "[ops][names]") {
  const std::string a = std::string(59, 'w') + "_one", b = std::string(59, 'w') + "_two";
  const std::string schema = "CREATE TABLE " + kTable + " (id bigint PRIMARY KEY, " + a + " integer, " + b + " integer);\n";
  auto c = ops_test::run("  - change_column_type:\n      table: " + kTable + "\n      column: " + a + "\n      type: bigint\n" +
                             "  - change_column_type:\n      table: " + kTable + "\n      column: " + b + "\n      type: bigint\n",
                         "", schema);
  INFO(c->report());
  REQUIRE(c->applied);
  check_all_names_fit(c->all_steps());
  const std::string first = ops_test::joined(c->steps(0).front().up), second = ops_test::joined(c->steps(1).front().up);
  CHECK(first.find("ADD COLUMN IF NOT EXISTS " + std::string(59, 'w') + "_new bigint") != std::string::npos);
  CHECK(second.find("ADD COLUMN IF NOT EXISTS " + std::string(58, 'w') + "_new1 bigint") != std::string::npos);
  const auto t1 = ops::sync_trigger({"", kTable}, a, std::string(59, 'w') + "_new", "x", "y");
  const auto t2 = ops::sync_trigger({"", kTable}, b, std::string(58, 'w') + "_new1", "x", "y");
  CHECK(t1.function_name != t2.function_name);
  CHECK(t1.trigger_name != t2.trigger_name);
  CHECK(t1.function_name.size() <= 63);
  // Shortened names end in 8 hex digits hashed from the whole name, so they differ.
  const std::string n1 = model::make_prefixed_name("p", {std::string(70, 'x') + "1"});
  const std::string n2 = model::make_prefixed_name("p", {std::string(70, 'x') + "2"});
  CHECK(n1.size() == 63);
  CHECK(n1 != n2);
  CHECK(n1.substr(0, 54) == n2.substr(0, 54));
}
