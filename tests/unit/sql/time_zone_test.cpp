// Which TimeZone settings let PostgreSQL 12+ change timestamp <-> timestamptz without a
// rewrite (sql/time_zone.hpp). Every spelling here was checked on PostgreSQL 15 by the
// relfilenode of a table before and after the ALTER (tests/e2e/timezone_rewrite.sh runs a
// sample of them live).
#include <catch2/catch.hpp>

#include "sql/parser.hpp"
#include "sql/time_zone.hpp"
#include "sql/tree.hpp"

using namespace schemashift::sql;

namespace {

// The first argument of a SET statement, as the linter sees it.
bool set_is_utc(const std::string& set_statement) {
  const Script script = parse_script(set_statement);
  INFO(set_statement);
  REQUIRE(!script.error);
  REQUIRE(!script.statements.empty());
  const Statement& st = script.statements.back();
  const auto& args = tree::items(tree::member(tree::body(st.tree, "VariableSetStmt"), "args"));
  REQUIRE(!args.empty());
  return sets_fixed_utc_zone(args[0], st);
}

}  // namespace

TEST_CASE("time zone: names of UTC in the tz database, in any case") {
  for (const char* zone : {"UTC", "utc", "Etc/UTC", "GMT", "Etc/GMT", "Zulu", "UCT", "Universal", "Greenwich",
                           "GMT0", "Etc/GMT+0", "Etc/GMT-0", " UTC "}) {
    INFO(zone);
    CHECK(is_fixed_utc_zone(zone));
  }
}

TEST_CASE("time zone: zero hours and POSIX zones without a daylight rule at offset zero") {
  for (const char* zone : {"0", "+0", "0.0", "UTC0", "XYZ0", "<+00>0", "UTC+0", "GMT-00:00"}) {
    INFO(zone);
    CHECK(is_fixed_utc_zone(zone));
  }
}

TEST_CASE("time zone: zones at UTC only part of the year or once elsewhere are not UTC") {
  for (const char* zone : {"Europe/London", "Africa/Abidjan", "UTC0UDT", "UTC+1", "1", "America/New_York", "", "Z",
                           "DEFAULT", "LOCAL", "EST5EDT", "<+00>"}) {
    INFO(zone);
    CHECK_FALSE(is_fixed_utc_zone(zone));
  }
}

TEST_CASE("time zone: the argument of SET TIME ZONE / SET timezone, as the parser gives it") {
  CHECK(set_is_utc("SET timezone = 'UTC'"));
  CHECK(set_is_utc("SET TIME ZONE 'Etc/UTC'"));
  CHECK(set_is_utc("SET LOCAL TIME ZONE 'utc'"));
  CHECK(set_is_utc("SET TIME ZONE 0"));
  CHECK(set_is_utc("SET TIME ZONE -0"));
  CHECK(set_is_utc("SELECT 1;\n  SET TIME ZONE 0"));
  CHECK(set_is_utc("SET TIME ZONE 0.0"));
  CHECK(set_is_utc("SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE"));
  CHECK_FALSE(set_is_utc("SET TIME ZONE 1"));
  CHECK_FALSE(set_is_utc("SET TIME ZONE -5"));  // libpg_query 15 writes -5 like 0: an empty "ival"
  CHECK_FALSE(set_is_utc("SELECT 1;\n  SET TIME ZONE - 5"));
  CHECK_FALSE(set_is_utc("SET TIME ZONE INTERVAL '-08:00' HOUR TO MINUTE"));
  CHECK_FALSE(set_is_utc("SET timezone = 'Europe/London'"));
}
