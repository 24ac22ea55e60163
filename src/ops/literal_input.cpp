// PostgreSQL's input rules for the simple families: integers, numeric (with its precision
// and scale), float, boolean, uuid, character strings with a length, bit strings and enums;
// and which bare constants (numbers, booleans) a column type takes by assignment cast.
#include "ops/literal_input.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/literal_syntax.hpp"
#include "sql/builtin_types.hpp"

namespace schemashift::ops {

namespace {

std::size_t utf8_length(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// A decimal number as 0.<digits> x 10^point, digits without leading or trailing zeros
// (empty for zero): exact, so rounding at a numeric's scale is PostgreSQL's.
struct Decimal {
  bool negative = false;
  std::string digits;
  long long point = 0;

  static std::optional<Decimal> parse(const std::string& s) {
    const auto m = syntax::split_number(s);
    if (!m) return std::nullopt;
    Decimal d;
    d.negative = m->sign == "-";
    const std::string whole(m->whole), fraction(m->fraction);
    long long exponent = 0;
    if (m->exponent) {
      const std::string e(*m->exponent);
      // Clamped: a larger exponent only makes the number larger or smaller still.
      exponent = e.size() > 12 ? (e[0] == '-' ? -1000000000LL : 1000000000LL) : std::stoll(e);
    }
    std::string all = whole + fraction;
    long long point = static_cast<long long>(whole.size()) + exponent;
    const std::size_t first = all.find_first_not_of('0');
    if (first == std::string::npos) return Decimal{};  // zero
    all.erase(0, first);
    point -= static_cast<long long>(first);
    all.erase(all.find_last_not_of('0') + 1);
    d.digits = all;
    d.point = point;
    return d;
  }

  // Rounded half away from zero to `scale` digits after the point (numeric's rounding).
  Decimal rounded(long long scale) const {
    const long long keep = point + scale;
    if (keep >= static_cast<long long>(digits.size())) return *this;
    Decimal r = *this;
    if (keep < 0) return Decimal{};
    const bool up = digits[static_cast<std::size_t>(keep)] >= '5';
    r.digits = digits.substr(0, static_cast<std::size_t>(keep));
    if (up) {
      long long i = keep - 1;
      for (; i >= 0 && r.digits[static_cast<std::size_t>(i)] == '9'; --i) r.digits[static_cast<std::size_t>(i)] = '0';
      if (i < 0) {
        r.digits.insert(r.digits.begin(), '1');
        ++r.point;
      } else {
        ++r.digits[static_cast<std::size_t>(i)];
      }
    }
    const std::size_t last = r.digits.find_last_not_of('0');
    if (last == std::string::npos) return Decimal{};
    r.digits.erase(last + 1);
    return r;
  }

  bool zero() const { return digits.empty(); }

  // |this| <= limit, for a non-negative integer limit written in digits.
  bool magnitude_at_most(const std::string& limit) const {
    if (zero()) return true;
    if (point < static_cast<long long>(limit.size())) return true;
    if (point > static_cast<long long>(limit.size())) return false;
    std::string whole = digits.substr(0, std::min<std::size_t>(digits.size(), static_cast<std::size_t>(point)));
    whole.resize(static_cast<std::size_t>(point), '0');
    return whole <= limit;  // equal lengths: text order is numeric order
  }
};

const char* integer_limit(const std::string& type, bool negative) {
  if (type == "int2") return negative ? "32768" : "32767";
  if (type == "int4") return negative ? "2147483648" : "2147483647";
  return negative ? "9223372036854775808" : "9223372036854775807";
}

// int2in / int4in / int8in: white space, a sign and decimal digits; from PostgreSQL 16 also
// 0x / 0o / 0b prefixes and underscores between digits (not judged further here).
std::optional<std::string> integer_problem(const std::string& type, LiteralForm form, const std::string& text,
                                           int pg_version) {
  const std::string v = form == LiteralForm::Text ? pg_trim(text) : text;
  if (form == LiteralForm::Text && !syntax::is_signed_digits(v)) {
    if (pg_version >= 16 && syntax::is_pg16_integer(v)) return std::nullopt;
    return std::string("not an integer");
  }
  // A bare number is a numeric constant, rounded half away from zero by the cast.
  const auto d = Decimal::parse(v);
  if (!d) return std::nullopt;
  const Decimal r = d->rounded(0);
  if (r.magnitude_at_most(integer_limit(type, r.negative))) return std::nullopt;
  return std::string("out of range for the type");
}

// numeric_in, then the column's precision and scale (apply_typmod): rounded to the scale,
// the value must have at most precision - scale digits before the point.
std::optional<std::string> numeric_problem(const model::TypeRef& type, LiteralForm form, const std::string& text,
                                           int pg_version) {
  const std::string v = form == LiteralForm::Text ? pg_trim(text) : text;
  const std::string l = core::lower(v);
  if (l == "nan") return std::nullopt;
  const bool infinite = l == "infinity" || l == "+infinity" || l == "-infinity" || l == "inf" || l == "+inf" ||
                        l == "-inf";
  if (infinite && pg_version >= 14) {
    if (type.modifiers.empty()) return std::nullopt;
    return "numeric field overflow: " + type.sql() + " cannot hold an infinity";
  }
  const auto d = Decimal::parse(v);
  if (!d) {
    if (pg_version >= 16 && v.find('_') != std::string::npos) return std::nullopt;  // 1_000.5 from 16 on
    if (pg_version >= 16 && l.find("0x") != std::string::npos) return std::nullopt;
    return std::string("not a number");
  }
  if (type.modifiers.empty()) return std::nullopt;
  const long precision = type.modifiers[0];
  const long scale = type.modifiers.size() > 1 ? type.modifiers[1] : 0;
  const Decimal r = d->rounded(scale);
  if (r.zero() || r.point <= precision - scale) return std::nullopt;
  return fmt::format("numeric field overflow: rounded to {} decimal places it has more than {} digits before "
                     "the point",
                     scale, precision - scale);
}

// float4in / float8in: the C library's strtof / strtod (hex floats, inf, nan included), white
// space around; a value that overflows, or underflows to zero, is out of range.
std::optional<std::string> float_problem(bool single, const std::string& text) {
  const std::string v = pg_trim(text);
  if (v.empty()) return std::string("not a number");
  const char* begin = v.c_str();
  char* end = nullptr;
  errno = 0;
  double value = 0;
  if (single) value = std::strtof(begin, &end); else value = std::strtod(begin, &end);
  const bool range_error = errno == ERANGE;
  if (end == begin) {
    const std::string l = core::lower(v);
    for (const char* word : {"nan", "infinity", "+infinity", "-infinity", "inf", "+inf", "-inf"}) {
      if (l == word) return std::nullopt;
    }
    return std::string("not a number");
  }
  if (*end != '\0') return std::string("not a number");
  if (range_error && (value == 0.0 || std::isinf(value))) {
    return fmt::format("out of range for type {}", single ? "real" : "double precision");
  }
  return std::nullopt;
}

// boolin: after white space, any unique prefix of true / false / yes / no, on / off, 1 / 0,
// in any case.
bool boolean_text(const std::string& s) {
  const std::string l = core::lower(pg_trim(s));
  if (l.empty()) return false;
  for (const char* word : {"true", "false", "yes", "no"}) {
    if (std::string(word).compare(0, l.size(), l) == 0) return true;
  }
  return l == "on" || l == "off" || l == "of" || l == "1" || l == "0";
}

// uuid_in: 32 hex digits, a hyphen allowed after any group of four but the last, optionally
// in braces; no white space.
bool uuid_text(const std::string& s) {
  return syntax::is_uuid(s);
}

// varchar(n) / char(n): longer than n characters is an error unless only spaces follow the
// n-th (they are cut off).
std::optional<std::string> length_problem(const model::TypeRef& type, const std::string& value) {
  if (type.modifiers.empty()) return std::nullopt;
  const auto n = static_cast<std::size_t>(type.modifiers[0]);
  if (utf8_length(value) <= n) return std::nullopt;
  std::size_t chars = 0, cut = 0;
  for (; cut < value.size(); ++cut) {
    if ((value[cut] & 0xC0) != 0x80 && chars++ == n) break;
  }
  if (value.find_first_not_of(' ', cut) == std::string::npos) return std::nullopt;
  return fmt::format("value too long for type {} ({} characters)", type.sql(), utf8_length(value));
}

// bit_in: b/B then binary digits, x/X then hex digits (4 bits each), else binary digits; no
// white space. bit(n) takes exactly n bits, varbit(n) at most n.
std::optional<std::string> bit_problem(const model::TypeRef& type, const std::string& v) {
  std::size_t bits = 0;
  if (!v.empty() && (v[0] == 'x' || v[0] == 'X')) {
    if (v.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos) return std::string("not a hex bit string");
    bits = 4 * (v.size() - 1);
  } else {
    const std::size_t from = !v.empty() && (v[0] == 'b' || v[0] == 'B') ? 1 : 0;
    if (v.find_first_not_of("01", from) != std::string::npos) return std::string("not a bit string (digits 0 and 1)");
    bits = v.size() - from;
  }
  if (type.modifiers.empty()) return std::nullopt;
  const auto n = static_cast<std::size_t>(type.modifiers[0]);
  if (type.name == "bit" && bits != n) return fmt::format("bit string length {} does not match type {}", bits, type.sql());
  if (type.name == "varbit" && bits > n) return fmt::format("bit string too long for type {}", type.sql());
  return std::nullopt;
}

// The text a bare constant becomes when cast to a string type: the boolean's name, a plain
// integer without sign or leading zeros; nullopt for other numbers (not judged).
std::optional<std::string> bare_constant_text(LiteralForm form, const std::string& text) {
  if (form == LiteralForm::Boolean) return text;
  if (!syntax::is_signed_digits(text)) return std::nullopt;
  const bool negative = text[0] == '-';
  std::string digits = text.substr(text[0] == '+' || negative ? 1 : 0);
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));  // keeps one 0
  return (negative && digits != "0" ? "-" : "") + digits;
}

// An enum of the schema the type names; a bare built-in name is pg_catalog's type even where
// an enum of that name exists (pg_catalog comes first on the search path).
const std::vector<std::string>* enum_labels(const model::TypeRef& type, const model::Schema& schema) {
  if (type.schema.empty() && sql::is_builtin_type(type.name)) return nullptr;
  const auto it = schema.enum_labels.find(model::QualifiedName{type.schema, type.name}.key());
  return it == schema.enum_labels.end() ? nullptr : &it->second;
}

}  // namespace

std::string pg_trim(const std::string& s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; };
  std::size_t b = 0, e = s.size();
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

LiteralForm literal_form(const core::Node& n) {
  if (n.is_null()) return LiteralForm::Null;
  if (!n.quoted) {
    const std::string& s = n.scalar;
    if (s == "true" || s == "false") return LiteralForm::Boolean;
    if (s == "null" || s == "~") return LiteralForm::Null;
    // A numeric constant as PostgreSQL's scanner reads one (with a sign): 2024-01-01 is text,
    // not the expression 2024 - 01 - 01.
    if (syntax::split_number(s)) return LiteralForm::Number;
  }
  return LiteralForm::Text;
}

std::optional<std::string> literal_problem(LiteralForm form, const std::string& text, const model::TypeRef& type,
                                           const model::Schema& schema, int pg_version) {
  if (form == LiteralForm::Null || type.array_dims > 0) return std::nullopt;
  if (const auto* labels = enum_labels(type, schema)) {
    // enum_in: one of the labels exactly (case and spaces count); no cast from a constant.
    if (form == LiteralForm::Text && std::find(labels->begin(), labels->end(), text) != labels->end()) {
      return std::nullopt;
    }
    std::string list;
    for (const auto& l : *labels) list += (list.empty() ? "" : ", ") + l;
    return "not one of the labels of enum " + type.sql() + " (" + list + ")";
  }
  if (!type.schema.empty()) return std::nullopt;
  const std::string& t = type.name;
  const bool integer = t == "int2" || t == "int4" || t == "int8";
  if (form == LiteralForm::Number) {
    // A numeric constant: assignment casts go to the number types, money and the strings.
    if (integer) return integer_problem(t, form, text, pg_version);
    if (t == "numeric") return numeric_problem(type, form, text, pg_version);
    if (t == "float4" || t == "float8") return float_problem(t == "float4", text);
    if (t == "varchar" || t == "bpchar") {
      const auto as_text = bare_constant_text(form, text);
      return as_text ? length_problem(type, *as_text) : std::nullopt;
    }
  } else if (form == LiteralForm::Boolean) {
    // A boolean constant: assignment casts go to the strings only.
    if (t == "bool") return std::nullopt;
    if (t == "varchar" || t == "bpchar") return length_problem(type, text);
  } else {
    if (integer) return integer_problem(t, form, text, pg_version);
    if (t == "numeric") return numeric_problem(type, form, text, pg_version);
    if (t == "float4" || t == "float8") return float_problem(t == "float4", text);
    if (t == "bool") return boolean_text(text) ? std::nullopt : std::optional<std::string>("not a boolean");
    if (t == "uuid") return uuid_text(text) ? std::nullopt : std::optional<std::string>("not a uuid");
    if (t == "varchar" || t == "bpchar") return length_problem(type, text);
    if (t == "bit" || t == "varbit") return bit_problem(type, text);
    if (t == "json" || t == "jsonb") return json_problem(t == "jsonb", text);
    if (t == "date" || t == "time" || t == "timetz" || t == "timestamp" || t == "timestamptz" || t == "interval") {
      return datetime_problem(t, text, pg_version);
    }
    return std::nullopt;
  }
  // A bare constant for a judged type without an assignment cast from it.
  static const std::vector<std::string> judged = {"int2", "int4", "int8", "numeric", "float4", "float8", "bool",
                                                  "uuid", "bit", "varbit", "json", "jsonb", "date", "time",
                                                  "timetz", "timestamp", "timestamptz", "interval"};
  if (std::find(judged.begin(), judged.end(), t) == judged.end()) return std::nullopt;
  return std::string(form == LiteralForm::Number
                         ? "an unquoted number is a numeric constant, and PostgreSQL does not cast one to this type"
                         : "an unquoted true/false is a boolean, and PostgreSQL does not cast one to this type");
}

bool check_literal_for_type(const core::Node& literal, const model::TypeRef& type, const model::Schema& schema,
                            int pg_version, core::Diagnostics& diags) {
  if (!literal.is_null() && !literal.is_scalar()) return true;
  const auto problem = literal_problem(literal_form(literal), literal.scalar, type, schema, pg_version);
  if (!problem) return true;
  diags.error("literal-not-valid-for-type", literal.where,
              "'" + core::escape_control(literal.scalar) + "' is not a valid " + type.sql() + " value: " + *problem,
              "write a value of the column's type, or SQL with `_expr` (e.g. `default_expr: now()`)");
  return false;
}

}  // namespace schemashift::ops
