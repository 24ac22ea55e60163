// Which TimeZone settings make timestamp <-> timestamptz a no-op (see time_zone.hpp). The
// list and forms were checked against PostgreSQL 15 by comparing a table's relfilenode
// before and after ALTER COLUMN ... TYPE timestamptz under each setting.
#include "sql/time_zone.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "core/text.hpp"

namespace schemashift::sql {

namespace {

using namespace tree;

// tz database names whose only offset, in all of their history, is UTC+0.
bool is_utc_zone_name(const std::string& lower) {
  static const std::set<std::string> names = {
      "utc",       "uct",        "universal", "zulu",          "gmt",           "gmt0",
      "gmt+0",     "gmt-0",      "greenwich", "etc/utc",       "etc/uct",       "etc/universal",
      "etc/zulu",  "etc/gmt",    "etc/gmt0",  "etc/gmt+0",     "etc/gmt-0",     "etc/greenwich",
  };
  return names.count(lower) > 0;
}

// "0", "+0", "0.0": PostgreSQL reads a plain number as hours east of UTC.
bool is_zero_hours(const std::string& value) {
  const char* start = value.c_str();
  char* end = nullptr;
  const double hours = std::strtod(start, &end);
  return end != start && *end == '\0' && hours == 0.0;
}

// "+00:00", "0", "00:00:00": an interval whose digits are all zero. Anything with words
// ("0 hours") is not recognised, which only errs towards a rewrite.
bool is_zero_interval(const std::string& value) {
  bool digit = false;
  for (const char c : value) {
    if (c == '0') {
      digit = true;
    } else if (c != ':' && c != '.' && c != '+' && c != '-' && c != ' ') {
      return false;
    }
  }
  return digit;
}

// A POSIX TZ string with only a standard-time part and offset zero: "UTC0", "XYZ+0",
// "<+00>0", "ABC00:00". A daylight part after the offset ("UTC0UDT") makes two offsets.
bool is_posix_utc(const std::string& value) {
  std::size_t i = 0;
  if (!value.empty() && value[0] == '<') {
    i = value.find('>');
    if (i == std::string::npos) return false;
    ++i;
  } else {
    while (i < value.size() && std::isalpha(static_cast<unsigned char>(value[i]))) ++i;
    if (i < 3) return false;
  }
  if (i < value.size() && (value[i] == '+' || value[i] == '-')) ++i;
  if (i == value.size()) return false;  // the offset is required
  bool digit = false;
  for (; i < value.size(); ++i) {
    if (value[i] == '0') {
      digit = true;
    } else if (value[i] != ':') {
      return false;
    }
  }
  return digit;
}

// The signed number written at script offset `at` in the statement ("-5", "0").
std::string number_at(const Statement& statement, long long at) {
  if (at < static_cast<long long>(statement.offset)) return {};
  std::size_t i = static_cast<std::size_t>(at) - statement.offset;
  std::string out;
  const std::string& t = statement.text;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) out += t[i++];
  while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) out += t[i++];
  return out;
}

}  // namespace

bool is_fixed_utc_zone(const std::string& value) {
  const std::string lower = core::lower(core::trim(value));
  return is_utc_zone_name(lower) || is_zero_hours(lower) || is_posix_utc(lower);
}

bool sets_fixed_utc_zone(const json& set_argument, const Statement& statement) {
  const json& cast = body(set_argument, "TypeCast");
  if (!cast.is_null()) {
    const auto names = string_list(member(member(cast, "typeName"), "names"));
    const std::string value = text(member(body(member(cast, "arg"), "A_Const"), "sval"), "sval");
    return !names.empty() && names.back() == "interval" && is_zero_interval(value);
  }
  const json& constant = body(set_argument, "A_Const");
  if (constant.contains("ival")) {
    const json& hours = member(member(constant, "ival"), "ival");
    if (!hours.is_null()) return hours.is_number_integer() && hours.get<long long>() == 0;
    return is_zero_hours(number_at(statement, location(constant)));  // 0 or negative: omitted
  }
  if (constant.contains("fval")) return is_zero_hours(text(member(constant, "fval"), "fval"));
  if (constant.contains("sval")) return is_fixed_utc_zone(text(member(constant, "sval"), "sval"));
  return false;
}

}  // namespace schemashift::sql
