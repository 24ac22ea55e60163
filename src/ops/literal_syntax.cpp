#include "ops/literal_syntax.hpp"

namespace schemashift::ops::syntax {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool hex(char c) { return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool lower_letter(char c) { return c >= 'a' && c <= 'z'; }
// std::regex's \s in the classic locale.
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// The run of digits at `s[i]`, at most `max` long; `i` moves past it.
std::string_view take_digits(std::string_view s, std::size_t& i, std::size_t max = std::string_view::npos) {
  const std::size_t from = i;
  while (i < s.size() && i - from < max && digit(s[i])) ++i;
  return s.substr(from, i - from);
}

// (_? d)+ over all of `s`, `d` one digit class: underscores only singly, each before a digit.
template <typename Digit>
bool underscored(std::string_view s, Digit d) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') ++i;
    if (i >= s.size() || !d(s[i])) return false;
  }
  return true;
}

// [0-9]{1,2} ( :? [0-9]{2} ){0,2}, all of `s`: a numeric zone offset after its sign.
bool zone_offset(std::string_view s) {
  const auto groups = [](std::string_view rest) {
    for (int k = 0; k <= 2; ++k) {
      if (rest.empty()) return true;
      if (k == 2) return false;
      if (rest[0] == ':') rest.remove_prefix(1);
      if (rest.size() < 2 || !digit(rest[0]) || !digit(rest[1])) return false;
      rest.remove_prefix(2);
    }
    return false;
  };
  // The hour takes one or two digits, whichever lets the rest match ("+530" is 5:30).
  for (std::size_t n = 1; n <= 2; ++n) {
    if (s.size() < n || !digit(s[n - 1])) return false;
    if (groups(s.substr(n))) return true;
  }
  return false;
}

// ( \s* ( z | [+-] offset | utc | gmt | [a-z_]+ / [a-z0-9_/+-]+ ) )? over all of `s`.
bool zone(std::string_view s) {
  if (s.empty()) return true;
  std::size_t i = 0;
  while (i < s.size() && space(s[i])) ++i;
  const std::string_view z = s.substr(i);
  if (z == "z" || z == "utc" || z == "gmt") return true;
  if (!z.empty() && (z[0] == '+' || z[0] == '-')) return zone_offset(z.substr(1));
  const std::size_t slash = z.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == z.size()) return false;
  for (std::size_t j = 0; j < slash; ++j) {
    if (!lower_letter(z[j]) && z[j] != '_') return false;
  }
  for (std::size_t j = slash + 1; j < z.size(); ++j) {
    const char c = z[j];
    if (!lower_letter(c) && !digit(c) && c != '_' && c != '/' && c != '+' && c != '-') return false;
  }
  return true;
}

// A clock time at `s[i]`; `i` moves past it. Each part is followed by something no later
// part or zone can start with, so the first way that reads is the only one.
std::optional<ClockParts> take_clock(std::string_view s, std::size_t& i) {
  ClockParts c;
  c.hour = take_digits(s, i, 2);
  if (c.hour.empty() || i >= s.size() || s[i] != ':') return std::nullopt;
  ++i;
  c.minute = take_digits(s, i, 2);
  if (c.minute.size() != 2) return std::nullopt;
  if (i + 2 < s.size() && s[i] == ':' && digit(s[i + 1]) && digit(s[i + 2])) {
    c.second = s.substr(i + 1, 2);
    i += 3;
    if (i + 1 < s.size() && s[i] == '.' && digit(s[i + 1])) {
      const std::size_t from = i++;
      take_digits(s, i);
      c.fraction = s.substr(from, i - from);
    }
  }
  return c;
}

}  // namespace

std::optional<NumberParts> split_number(std::string_view s) {
  NumberParts n;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) n.sign = s.substr(i++, 1);
  n.whole = take_digits(s, i);
  if (i < s.size() && s[i] == '.') {
    ++i;
    n.fraction = take_digits(s, i);
  }
  if (n.whole.empty() && n.fraction.empty()) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    const std::size_t from = ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (take_digits(s, i).empty()) return std::nullopt;
    n.exponent = s.substr(from, i - from);
  }
  if (i != s.size()) return std::nullopt;
  return n;
}

bool is_signed_digits(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  std::size_t i = 0;
  return !take_digits(s, i).empty() && i == s.size();
}

bool is_pg16_integer(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.size() >= 2 && s[0] == '0') {
    const std::string_view digits = s.substr(2);
    switch (s[1]) {
      case 'x': case 'X': return underscored(digits, hex);
      case 'o': case 'O': return underscored(digits, [](char c) { return c >= '0' && c <= '7'; });
      case 'b': case 'B': return underscored(digits, [](char c) { return c == '0' || c == '1'; });
      default: break;
    }
  }
  // Decimal: a digit first, so no leading underscore.
  return !s.empty() && digit(s[0]) && underscored(s, digit);
}

bool is_uuid(std::string_view s) {
  if (!s.empty() && s.front() == '{') {
    if (s.size() < 2 || s.back() != '}') return false;
    s = s.substr(1, s.size() - 2);
  }
  std::size_t i = 0;
  for (int group = 0; group < 8; ++group) {
    if (group > 0 && i < s.size() && s[i] == '-') ++i;
    for (int k = 0; k < 4; ++k, ++i) {
      if (i >= s.size() || !hex(s[i])) return false;
    }
  }
  return i == s.size();
}

std::optional<ClockParts> split_time(std::string_view s) {
  std::size_t i = 0;
  auto clock = take_clock(s, i);
  if (!clock || !zone(s.substr(i))) return std::nullopt;
  return clock;
}

std::optional<DateParts> split_date(std::string_view s) {
  DateParts d;
  std::size_t i = 0;
  d.year = take_digits(s, i, 4);
  if (d.year.size() != 4 || i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  d.month = take_digits(s, i, 2);
  if (d.month.empty() || i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  d.day = take_digits(s, i, 2);
  if (d.day.empty()) return std::nullopt;
  if (i + 1 < s.size() && (s[i] == ' ' || s[i] == 't') && digit(s[i + 1])) {
    std::size_t j = i + 1;
    if (auto clock = take_clock(s, j)) {
      d.time = clock;
      i = j;
    }
  }
  if (!zone(s.substr(i))) return std::nullopt;
  return d;
}

}  // namespace schemashift::ops::syntax
