#include "core/duration.hpp"

#include <cctype>
#include <climits>
#include <cmath>
#include <cstdlib>

#include "core/text.hpp"

namespace schemashift::core {

std::optional<long long> parse_duration(std::string_view text, DurationSyntax syntax) {
  const bool spec = syntax == DurationSyntax::Spec;
  const std::string s = spec ? std::string(text) : lower(trim(std::string(text)));
  std::size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || (!spec && s[i] == '.'))) ++i;
  if (i == 0 || (spec && i > 9)) return std::nullopt;
  char* end = nullptr;
  const std::string number = s.substr(0, i);
  const double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size()) return std::nullopt;  // "1.2.3"
  const std::string unit = spec ? s.substr(i) : trim(s.substr(i));
  if (spec && !(unit == "ms" || unit == "s" || unit == "min" || (unit.empty() && value == 0))) return std::nullopt;
  double factor = 0;
  if (unit.empty() || unit == "ms") factor = 1;
  else if (unit == "us") factor = 0.001;
  else if (unit == "s") factor = 1000;
  else if (unit == "min") factor = 60'000;
  else if (unit == "h") factor = 3'600'000;
  else if (unit == "d") factor = 86'400'000;
  else return std::nullopt;
  const double ms = value * factor;
  if (!(ms >= 0) || ms > static_cast<double>(INT_MAX)) return std::nullopt;
  return std::llround(ms);
}

std::string format_duration(long long ms) {
  if (ms == 0) return "0";
  if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "min";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace schemashift::core
