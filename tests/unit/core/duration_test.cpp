#include <catch2/catch.hpp>

#include "core/duration.hpp"

using schemashift::core::DurationSyntax;
using schemashift::core::format_duration;
using schemashift::core::parse_duration;

TEST_CASE("PostgreSQL durations: units, bare milliseconds, fractions, case and spaces", "[core][duration]") {
  CHECK(parse_duration("500") == 500);
  CHECK(parse_duration("500ms") == 500);
  CHECK(parse_duration(" 2 S ") == 2000);
  CHECK(parse_duration("1.5min") == 90'000);
  CHECK(parse_duration("1h") == 3'600'000);
  CHECK(parse_duration("1d") == 86'400'000);
  CHECK(parse_duration("1500us") == 2);  // rounded
  CHECK(parse_duration("0") == 0);
  CHECK_FALSE(parse_duration("-5s"));
  CHECK_FALSE(parse_duration("5 weeks"));
  CHECK_FALSE(parse_duration("1.2.3s"));
  CHECK_FALSE(parse_duration("30d"));  // over INT_MAX ms, which PostgreSQL refuses
}

TEST_CASE("spec durations: an integer written together with ms, s or min, or 0", "[core][duration]") {
  CHECK(parse_duration("500ms", DurationSyntax::Spec) == 500);
  CHECK(parse_duration("30s", DurationSyntax::Spec) == 30'000);
  CHECK(parse_duration("2min", DurationSyntax::Spec) == 120'000);
  CHECK(parse_duration("0", DurationSyntax::Spec) == 0);
  for (const char* bad : {"500", "5h", "1.5s", "5 s", "5S", "1234567890ms", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_duration(bad, DurationSyntax::Spec));
  }
}

TEST_CASE("durations print in the largest exact unit", "[core][duration]") {
  CHECK(format_duration(0) == "0");
  CHECK(format_duration(500) == "500ms");
  CHECK(format_duration(2000) == "2s");
  CHECK(format_duration(120'000) == "2min");
  CHECK(format_duration(90'000) == "90s");
  for (long long ms : {1LL, 999LL, 1000LL, 61'000LL, 3'600'000LL}) CHECK(parse_duration(format_duration(ms)) == ms);
}
