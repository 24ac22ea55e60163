#pragma once
// The fixed text forms the literal checks take apart: numbers, integers, uuids, ISO dates and
// clock times. Written as plain scanners rather than std::regex: constructing one std::regex
// costs about 2 M instructions (its bracket tables are built through the locale), which was
// more than a third of `plan --issue N`. tests/unit/ops/literal_syntax_test.cpp checks each
// scanner against the regular expression it replaces, on generated input.
#include <optional>
#include <string_view>

namespace schemashift::ops::syntax {

// [+-]? [0-9]* ( . [0-9]* )? ( [eE] [+-]? [0-9]+ )?, with a digit before or after the point:
// a decimal number as numeric_in reads one and as PostgreSQL's scanner reads a constant.
struct NumberParts {
  std::string_view sign;      // "", "+" or "-"
  std::string_view whole;     // digits before the point
  std::string_view fraction;  // digits after the point (empty without one)
  std::optional<std::string_view> exponent;  // with its sign, without the e
};
std::optional<NumberParts> split_number(std::string_view s);

// [+-]? [0-9]+
bool is_signed_digits(std::string_view s);

// PostgreSQL 16's integer input: [+-]? then 0x / 0o / 0b digits, or decimal digits, with
// single underscores between digits (and after the prefix).
bool is_pg16_integer(std::string_view s);

// uuid_in: 32 hex digits in groups of four, a hyphen allowed after any group but the last,
// optionally in braces.
bool is_uuid(std::string_view s);

// HH:MM[:SS[.fraction]] with the hour in one or two digits; `fraction` keeps its point.
struct ClockParts {
  std::string_view hour, minute, second, fraction;
};
// YYYY-MM-DD (month and day in one or two digits), optionally followed by a space or `t`
// and a clock time.
struct DateParts {
  std::string_view year, month, day;
  std::optional<ClockParts> time;
};

// A clock time, optionally followed by a time zone (see below). Lower-case input.
std::optional<ClockParts> split_time(std::string_view s);
// An ISO date, optionally with a clock time, optionally followed by a time zone.
std::optional<DateParts> split_date(std::string_view s);

}  // namespace schemashift::ops::syntax
