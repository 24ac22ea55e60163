#include <catch2/catch.hpp>

#include "core/timestamp.hpp"

using schemashift::core::Timestamp;

namespace {

std::string iso_after(const std::string& start, long long seconds) {
  auto t = Timestamp::parse(start);
  REQUIRE(t);
  return t->plus_seconds(seconds).iso();
}

}  // namespace

TEST_CASE("Timestamp::parse reads exactly YYYY-MM-DDTHH:MM:SSZ", "[core][timestamp]") {
  auto t = Timestamp::parse("2024-01-15T14:30:22Z");
  REQUIRE(t);
  CHECK(t->year == 2024);
  CHECK(t->month == 1);
  CHECK(t->day == 15);
  CHECK(t->hour == 14);
  CHECK(t->minute == 30);
  CHECK(t->second == 22);
  CHECK(t->version() == "20240115143022");
  CHECK(t->iso() == "2024-01-15T14:30:22Z");
  CHECK(t->human() == "2024-01-15 14:30:22 UTC");

  CHECK(Timestamp::parse("1999-12-31T23:59:59Z"));
  CHECK(Timestamp::parse("2024-01-01T00:00:00Z"));
}

TEST_CASE("Timestamp::parse rejects every other spelling", "[core][timestamp]") {
  for (const char* bad : {
           "",
           "2024-01-15",
           "2024-01-15T14:30:22",        // no zone
           "2024-01-15T14:30:22z",       // lower-case z
           "2024-01-15 14:30:22Z",       // space instead of T
           "2024-01-15t14:30:22Z",
           "2024-01-15T14:30:22+00:00",  // offset instead of Z
           "2024-01-15T14:30:22.123Z",   // fractions
           "2024-01-15T14:30Z",          // no seconds
           "2024-1-15T14:30:22Z",        // one-digit month
           "2024-01-5T14:30:22Z",
           "24-01-15T14:30:22Z",
           " 2024-01-15T14:30:22Z",      // surrounding space
           "2024-01-15T14:30:22Z ",
           "2024-01-15T14:30:22ZZ",
           "2024/01/15T14:30:22Z",
           "20240115T143022Z",
           "2024-01-15T14:30:22Zjunk",
       }) {
    INFO("'" << bad << "'");
    CHECK_FALSE(Timestamp::parse(bad));
  }
}

TEST_CASE("Timestamp::parse rejects impossible dates and times", "[core][timestamp]") {
  for (const char* bad : {
           "2024-02-30T00:00:00Z",
           "2024-02-31T00:00:00Z",
           "2023-02-29T00:00:00Z",  // not a leap year
           "1900-02-29T00:00:00Z",  // century, not a leap year
           "2024-04-31T00:00:00Z",
           "2024-13-01T00:00:00Z",
           "2024-00-10T00:00:00Z",
           "2024-01-00T00:00:00Z",
           "2024-01-32T00:00:00Z",
           "2024-01-15T24:00:00Z",
           "2024-01-15T23:60:00Z",
           "2024-01-15T23:59:60Z",  // no leap seconds
       }) {
    INFO(bad);
    CHECK_FALSE(Timestamp::parse(bad));
  }
  CHECK(Timestamp::parse("2024-02-29T00:00:00Z"));  // leap year
  CHECK(Timestamp::parse("2000-02-29T12:00:00Z"));  // divisible by 400
}

// Regression: sscanf's %d accepts a sign and skips leading blanks inside each field, so
// these 20-character strings used to pass the length/range checks ("2024-01-15T14:30:-2Z"
// was accepted with second == -2 and version() "202401151430-2"). Every field is digits only.
TEST_CASE("Timestamp::parse rejects signs and blanks inside fields", "[core][timestamp]") {
  for (const char* bad : {
           "2024-01-15T14:30:-2Z",
           "2024-01-15T14:30:+2Z",
           "2024- 1-15T14:30:22Z",
           "2024-+1-15T14:30:22Z",
           "+024-01-15T14:30:22Z",
           "2024-01-15T 4:30:22Z",
           "2024-01-15T14:30:2 Z",
           "2024-01-15T14:-0:22Z",
           "2024-01- 5T14:30:22Z",
           "-024-01-15T14:30:22Z",
           "2024-01-15T14:30:0xZ",
       }) {
    INFO(bad);
    CHECK_FALSE(Timestamp::parse(bad));
  }
}

TEST_CASE("Timestamp::plus_seconds crosses midnight, months, years and leap days", "[core][timestamp]") {
  CHECK(iso_after("2024-01-15T14:30:22Z", 0) == "2024-01-15T14:30:22Z");
  CHECK(iso_after("2024-01-15T14:30:22Z", 1) == "2024-01-15T14:30:23Z");
  CHECK(iso_after("2024-01-15T14:30:59Z", 1) == "2024-01-15T14:31:00Z");
  CHECK(iso_after("2024-01-15T14:59:59Z", 1) == "2024-01-15T15:00:00Z");
  // midnight
  CHECK(iso_after("2024-01-15T23:59:59Z", 1) == "2024-01-16T00:00:00Z");
  CHECK(iso_after("2024-01-15T23:59:50Z", 15) == "2024-01-16T00:00:05Z");
  // month ends
  CHECK(iso_after("2024-01-31T23:59:59Z", 1) == "2024-02-01T00:00:00Z");
  CHECK(iso_after("2024-04-30T23:59:59Z", 1) == "2024-05-01T00:00:00Z");
  // year end
  CHECK(iso_after("2023-12-31T23:59:59Z", 1) == "2024-01-01T00:00:00Z");
  CHECK(iso_after("2023-12-31T23:59:58Z", 3) == "2024-01-01T00:00:01Z");
  // leap day
  CHECK(iso_after("2024-02-28T23:59:59Z", 1) == "2024-02-29T00:00:00Z");
  CHECK(iso_after("2024-02-29T23:59:59Z", 1) == "2024-03-01T00:00:00Z");
  CHECK(iso_after("2023-02-28T23:59:59Z", 1) == "2023-03-01T00:00:00Z");
  // a day, a leap year, backwards
  CHECK(iso_after("2024-01-15T14:30:22Z", 86'400) == "2024-01-16T14:30:22Z");
  CHECK(iso_after("2024-01-01T00:00:00Z", 366LL * 86'400) == "2025-01-01T00:00:00Z");
  CHECK(iso_after("2024-03-01T00:00:00Z", -1) == "2024-02-29T23:59:59Z");
  CHECK(iso_after("2024-01-01T00:00:00Z", -1) == "2023-12-31T23:59:59Z");
}

TEST_CASE("Timestamp versions sort in time order", "[core][timestamp]") {
  auto t = Timestamp::parse("2024-01-15T23:59:58Z");
  REQUIRE(t);
  std::string prev = t->version();
  for (long long i = 1; i < 5; ++i) {
    const std::string v = t->plus_seconds(i).version();
    CHECK(v.size() == 14);
    CHECK(v > prev);
    prev = v;
  }
  CHECK(t->plus_seconds(2).version() == "20240116000000");
}

TEST_CASE("Timestamp formats pad every field", "[core][timestamp]") {
  Timestamp t;
  t.year = 2024;
  t.month = 3;
  t.day = 5;
  t.hour = 7;
  t.minute = 8;
  t.second = 9;
  CHECK(t.version() == "20240305070809");
  CHECK(t.iso() == "2024-03-05T07:08:09Z");
  CHECK(t.human() == "2024-03-05 07:08:09 UTC");
  // Default: the epoch.
  CHECK(Timestamp{}.iso() == "1970-01-01T00:00:00Z");
}
