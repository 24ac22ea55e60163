// Each scanner of ops/literal_syntax.cpp against the regular expression it replaced, on
// every short string over an alphabet that can hit each branch and on seeded random longer
// ones: the two must agree on whether a string matches and on every part it takes apart.
#include <catch2/catch.hpp>

#include <random>
#include <regex>
#include <string>
#include <vector>

#include "ops/literal_syntax.hpp"

using namespace schemashift::ops;

namespace {

// Every string of length <= max_len over `alphabet`, then `random` strings of length up to
// 24 from the same alphabet (fixed seed: the same cases every run).
std::vector<std::string> cases(const std::string& alphabet, std::size_t max_len, std::size_t random) {
  std::vector<std::string> out{""};
  for (std::size_t begin = 0, len = 1; len <= max_len; ++len) {
    const std::size_t end = out.size();
    for (std::size_t i = begin; i < end; ++i) {
      for (char c : alphabet) out.push_back(out[i] + c);
    }
    begin = end;
  }
  std::mt19937 rng(20261207);
  std::uniform_int_distribution<std::size_t> length(1, 24), pick(0, alphabet.size() - 1);
  for (std::size_t n = 0; n < random; ++n) {
    std::string s;
    for (std::size_t k = length(rng); k > 0; --k) s += alphabet[pick(rng)];
    out.push_back(s);
  }
  return out;
}

std::string part(const std::ssub_match& m) { return m.matched ? m.str() : std::string(); }

}  // namespace

TEST_CASE("split_number agrees with the regular expression it replaced") {
  const std::regex number(R"(^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$)");
  const std::regex constant(R"(^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$)");
  for (const auto& s : cases("0159.eE+-x ", 4, 30000)) {
    std::smatch m;
    const bool matched = std::regex_match(s, m, number) && (m[2].length() > 0 || m[3].length() > 0);
    const auto parts = syntax::split_number(s);
    INFO("'" << s << "'");
    REQUIRE(parts.has_value() == matched);
    REQUIRE(std::regex_match(s, constant) == matched);  // the scanner's constant form is the same language
    if (!matched) continue;
    CHECK(std::string(parts->sign) == part(m[1]));
    CHECK(std::string(parts->whole) == part(m[2]));
    CHECK(std::string(parts->fraction) == part(m[3]));
    CHECK(parts->exponent.has_value() == m[4].matched);
    if (parts->exponent) CHECK(std::string(*parts->exponent) == part(m[4]));
  }
}

TEST_CASE("the integer scanners agree with the regular expressions they replaced") {
  const std::regex digits(R"(^[+-]?[0-9]+$)");
  const std::regex pg16(R"(^[+-]?(0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|[0-9](_?[0-9])*)$)");
  for (const auto& s : cases("0189_xXoObBaF+-", 4, 40000)) {
    INFO("'" << s << "'");
    REQUIRE(syntax::is_signed_digits(s) == std::regex_match(s, digits));
    REQUIRE(syntax::is_pg16_integer(s) == std::regex_match(s, pg16));
  }
}

TEST_CASE("is_uuid agrees with the regular expression it replaced") {
  const std::regex uuid(R"(^(\{[0-9a-fA-F]{4}(-?[0-9a-fA-F]{4}){7}\}|[0-9a-fA-F]{4}(-?[0-9a-fA-F]{4}){7})$)");
  std::vector<std::string> all = cases("a0F-{}g", 4, 0);
  // Near misses of real uuids: every one-character deletion, insertion and change.
  const std::vector<std::string> bases = {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11}",
                                          "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "A0EEBC999C0B4EF8BB6D6BB9BD380A11"};
  for (const auto& b : bases) {
    all.push_back(b);
    for (std::size_t i = 0; i <= b.size(); ++i) {
      if (i < b.size()) all.push_back(b.substr(0, i) + b.substr(i + 1));
      for (char c : std::string("-{}0g")) {
        all.push_back(b.substr(0, i) + c + b.substr(i));
        if (i < b.size()) all.push_back(b.substr(0, i) + c + b.substr(i + 1));
      }
    }
  }
  for (const auto& s : all) {
    INFO("'" << s << "'");
    REQUIRE(syntax::is_uuid(s) == std::regex_match(s, uuid));
  }
}

TEST_CASE("split_time and split_date agree with the regular expressions they replaced") {
  const std::string zone = R"((\s*(z|[+-][0-9]{1,2}(:?[0-9]{2}){0,2}|utc|gmt|[a-z_]+/[a-z0-9_/+-]+))?)";
  const std::string time = R"(([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]+)?)?)";
  const std::regex time_only("^" + time + zone + "$");
  const std::regex iso("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ t]" + time + ")?" + zone + "$");

  std::vector<std::string> all = cases("12:.+ zt", 5, 30000);
  const auto more = cases("0:-+ u/z_a", 5, 0);
  all.insert(all.end(), more.begin(), more.end());
  // Prefixes that reach the zone, with every short tail.
  for (const std::string head : {"12:30", "1:05:59", "23:59:59.123", "2024-02-29", "2024-1-5t7:08:09.5",
                                 "2024-12-31 24:00"}) {
    for (const auto& tail : cases(" +-:05zutcgm/a_", 3, 4000)) all.push_back(head + tail);
  }
  for (const std::string s : {"12:30 utc", "12:30+05:30", "12:30 -0530", "12:30+5", "12:30+530", "12:30 europe/paris",
                              "2024-01-01 12:00:00 america/new_york", "2024-01-01t00:00z", "2024-01-01 gmt"}) {
    all.push_back(s);
  }
  for (const auto& s : all) {
    INFO("'" << s << "'");
    std::smatch m;
    const bool t = std::regex_match(s, m, time_only);
    const auto clock = syntax::split_time(s);
    REQUIRE(clock.has_value() == t);
    if (t) {
      CHECK(std::string(clock->hour) == part(m[1]));
      CHECK(std::string(clock->minute) == part(m[2]));
      CHECK(std::string(clock->second) == part(m[3]));
      CHECK(std::string(clock->fraction) == part(m[4]));
    }
    const bool d = std::regex_match(s, m, iso);
    const auto date = syntax::split_date(s);
    REQUIRE(date.has_value() == d);
    if (!d) continue;
    CHECK(std::string(date->year) == part(m[1]));
    CHECK(std::string(date->month) == part(m[2]));
    CHECK(std::string(date->day) == part(m[3]));
    REQUIRE(date->time.has_value() == m[4].matched);
    if (date->time) {
      CHECK(std::string(date->time->hour) == part(m[4]));
      CHECK(std::string(date->time->minute) == part(m[5]));
      CHECK(std::string(date->time->second) == part(m[6]));
      CHECK(std::string(date->time->fraction) == part(m[7]));
    }
  }
}
