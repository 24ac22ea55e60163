// Dates, times, timestamps and intervals as PostgreSQL's datetime parser reads them
// (ParseDateTime / DecodeDateTime). The parser takes many free forms, time zone names from the
// server's database and abbreviations from its settings, so only what is certain is judged:
// the special values, text without any digit, and the ISO 8601 forms (YYYY-MM-DD, HH:MM:SS)
// with a field out of range — February 30th, hour 25, minute 60. Anything else is the
// server's to judge.
#include <set>

#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/literal_input.hpp"
#include "ops/literal_syntax.hpp"

namespace schemashift::ops {

namespace {

bool leap_year(long year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

long days_in_month(long year, long month) {
  static const long days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap_year(year) ? 29 : days[month - 1];
}

// The special input values each type takes (datetime.c's datetktbl, per type).
const std::set<std::string>& special_values(const std::string& type, int pg_version) {
  static const std::set<std::string> dates = {"epoch", "infinity", "-infinity", "now", "today", "tomorrow", "yesterday"};
  static const std::set<std::string> times = {"now", "allballs"};
  static const std::set<std::string> intervals_17 = {"infinity", "-infinity"};
  static const std::set<std::string> none;
  if (type == "time" || type == "timetz") return times;
  if (type == "interval") return pg_version >= 17 ? intervals_17 : none;
  return dates;
}

// HH:MM[:SS[.fraction]]: DecodeTime's limits (24:00:00 is allowed, and second 60 for a leap
// second).
std::optional<std::string> time_fields_problem(const std::string& h, const std::string& m, const std::string& s,
                                               const std::string& fraction) {
  const long hour = std::stol(h), minute = std::stol(m), second = s.empty() ? 0 : std::stol(s);
  const bool fraction_zero = fraction.find_first_not_of(".0") == std::string::npos;
  if (hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute > 0 || second > 0 || !fraction_zero))) {
    return fmt::format("time field out of range ({}:{}{}{})", h, m, s.empty() ? "" : ":" + s, fraction);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> datetime_problem(const std::string& type, const std::string& text, int pg_version) {
  const std::string v = core::lower(pg_trim(text));
  const auto& specials = special_values(type, pg_version);
  if (specials.count(v)) return std::nullopt;
  if (v.find_first_of("0123456789") == std::string::npos) {
    // Without a digit only a special value can be a date or time; one among other words
    // ('today UTC') or with a sign of its own ('+infinity', which later versions may take)
    // is the server's to judge.
    const auto word_char = [](char c) { return (c >= 'a' && c <= 'z') || c == '+' || c == '-'; };
    for (std::size_t i = 0; i < v.size();) {
      std::size_t end = i;
      while (end < v.size() && word_char(v[end])) ++end;
      if (end == i) {
        ++i;
        continue;
      }
      const std::string w = v.substr(i, end - i);
      if (specials.count(w) || (w[0] == '+' && specials.count(w.substr(1)))) return std::nullopt;
      i = end;
    }
    std::string words;
    for (const auto& s : specials) words += (words.empty() ? "" : ", ") + s;
    if (type == "interval") {
      return "an interval needs a number and a unit (e.g. '1 day', 'P1D')" +
             (words.empty() ? std::string() : "; the special values are " + words);
    }
    return "no digits, and not one of the special values " + words;
  }
  if (type == "interval") return std::nullopt;
  // Time zones judged no further: a numeric offset, Z, or a name (never BC / AD, which move
  // the year and with it February 29th). Forms other than ISO 8601 are the server's to judge.
  const auto clock_problem = [](const syntax::ClockParts& c) {
    return time_fields_problem(std::string(c.hour), std::string(c.minute), std::string(c.second),
                               std::string(c.fraction));
  };
  if (type == "time" || type == "timetz") {
    const auto clock = syntax::split_time(v);
    return clock ? clock_problem(*clock) : std::nullopt;
  }
  const auto date = syntax::split_date(v);
  if (!date) return std::nullopt;
  const std::string y(date->year), mo(date->month), d(date->day);
  const long year = std::stol(y), month = std::stol(mo), day = std::stol(d);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return fmt::format("date field out of range ({}-{}-{})", y, mo, d);
  }
  if (date->time) return clock_problem(*date->time);
  return std::nullopt;
}

}  // namespace schemashift::ops
