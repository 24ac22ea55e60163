#include "core/timestamp.hpp"

#include <cstdio>
#include <ctime>

#include <fmt/format.h>

namespace schemashift::core {

// libc's timegm/gmtime_r do the calendar arithmetic in UTC: no local time zone involved.
static std::time_t to_epoch(const Timestamp& t) {
  std::tm tm{};
  tm.tm_year = t.year - 1900;
  tm.tm_mon = t.month - 1;
  tm.tm_mday = t.day;
  tm.tm_hour = t.hour;
  tm.tm_min = t.minute;
  tm.tm_sec = t.second;
  return timegm(&tm);
}

static Timestamp from_epoch(std::time_t epoch) {
  std::tm tm{};
  gmtime_r(&epoch, &tm);
  Timestamp t;
  t.year = tm.tm_year + 1900;
  t.month = tm.tm_mon + 1;
  t.day = tm.tm_mday;
  t.hour = tm.tm_hour;
  t.minute = tm.tm_min;
  t.second = tm.tm_sec;
  return t;
}

std::optional<Timestamp> Timestamp::parse(const std::string& text) {
  // The exact shape first, character by character: sscanf's %d alone would accept a sign
  // or leading blanks inside a field ("14:30:-2Z"). Every field is digits only.
  static const char kShape[] = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != sizeof(kShape) - 1) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (kShape[i] == 'd' ? (c < '0' || c > '9') : c != kShape[i]) return std::nullopt;
  }
  Timestamp t;
  char sep = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &t.year, &t.month, &t.day, &sep, &t.hour,
                  &t.minute, &t.second, &consumed) != 7) {
    return std::nullopt;
  }
  const std::string rest = text.substr(static_cast<std::size_t>(consumed));
  // Exactly the form the JSON Schema accepts: an explicit UTC instant, nothing implied.
  if (sep != 'T' || rest != "Z" || text.size() != 20) return std::nullopt;
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.hour > 23 || t.minute > 59 || t.second > 59) {
    return std::nullopt;
  }
  // Reject 2024-02-31 and friends: a round trip through day numbers must be the identity.
  const Timestamp round_trip = from_epoch(to_epoch(t));
  if (round_trip.year != t.year || round_trip.month != t.month || round_trip.day != t.day) return std::nullopt;
  return t;
}

Timestamp Timestamp::plus_seconds(long long seconds) const {
  return from_epoch(to_epoch(*this) + static_cast<std::time_t>(seconds));
}

std::string Timestamp::version() const {
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", year, month, day, hour, minute, second);
}
std::string Timestamp::iso() const {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year, month, day, hour, minute, second);
}
std::string Timestamp::human() const {
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC", year, month, day, hour, minute, second);
}

}  // namespace schemashift::core
