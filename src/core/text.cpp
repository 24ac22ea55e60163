#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

namespace schemashift::core {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view x) {
  return s.size() >= x.size() && s.substr(s.size() - x.size()) == x;
}

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < s.size()) out.emplace_back(s.substr(start));
      break;
    }
    out.emplace_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::string slugify(std::string_view s, std::size_t max_len) {
  std::string out;
  bool pending_sep = false;
  for (unsigned char c : s) {
    if (std::isalnum(c)) {
      if (pending_sep && !out.empty()) out += '_';
      pending_sep = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      pending_sep = true;
    }
  }
  if (out.size() > max_len) {
    std::size_t cut = out.rfind('_', max_len);
    out = out.substr(0, cut == std::string::npos || cut == 0 ? max_len : cut);
  }
  return out;
}

std::string camelize(std::string_view snake) {
  std::string out;
  bool up = true;
  for (char c : snake) {
    if (c == '_') {
      up = true;
    } else {
      out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      up = false;
    }
  }
  return out;
}

std::string thousands(long long n) {
  // Negate in unsigned arithmetic: -LLONG_MIN does not fit in a long long.
  const unsigned long long magnitude =
      n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  std::string digits = std::to_string(magnitude);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count && count % 3 == 0) out += ',';
    out += *it;
    ++count;
  }
  if (n < 0) out += '-';
  std::reverse(out.begin(), out.end());
  return out;
}

std::string human_millis(double ms) {
  // A value that rounds up to the next unit's size (999.5 ms -> 1000, 59.99 s -> 60.0) is
  // printed in the next unit instead: never "~1000 ms" or "~60.0 s".
  if (std::ceil(ms) < 1000) return fmt::format("~{} ms", static_cast<long long>(std::ceil(ms)));
  if (ms < 60'000) {
    const std::string seconds = fmt::format("{:.1f}", ms / 1000.0);
    if (seconds != "60.0") return fmt::format("~{} s", seconds);
  }
  if (ms < 3'600'000) {
    const std::string minutes = fmt::format("{:.1f}", ms / 60'000.0);
    if (minutes != "60.0") return fmt::format("~{} min", minutes);
  }
  return fmt::format("~{:.1f} h", ms / 3'600'000.0);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(lower(word), lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  // A typo is at most a third of the word (and at least one edit) away.
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  return best_d <= limit ? best : std::string();
}

std::string indent(std::string_view s, int n) {
  std::string pad(static_cast<std::size_t>(n), ' ');
  std::string out;
  for (const auto& line : split_lines(s)) {
    out += line.empty() ? "" : pad + line;
    out += '\n';
  }
  return out;
}

std::size_t invalid_utf8_offset(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Lead byte: how many continuation bytes follow, and the range the first of them must
    // fall in (which is what excludes overlong forms, surrogates and > U+10FFFF).
    std::size_t extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + extra >= s.size()) return i;  // cut short by the end of the text
    if (byte(i + 1) < lo || byte(i + 1) > hi) return i;
    for (std::size_t k = 2; k <= extra; ++k) {
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return i;
    }
    i += extra + 1;
  }
  return std::string_view::npos;
}

std::size_t invalid_text_offset(std::string_view s) {
  return std::min(invalid_utf8_offset(s), s.find('\0'));
}

std::string byte_hex(unsigned char c) {
  static const char digits[] = "0123456789ABCDEF";
  return std::string("0x") + digits[c >> 4] + digits[c & 0xF];
}

std::string escape_control(std::string_view s, bool keep_layout) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t bad = invalid_utf8_offset(s.substr(i));
    const std::size_t good_end = bad == std::string_view::npos ? s.size() : i + bad;
    for (; i < good_end; ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      const bool layout = c == '\n' || c == '\t';
      if ((c < 0x20 || c == 0x7F) && !(keep_layout && layout)) {
        out += "\\x" + byte_hex(c).substr(2);
      } else {
        out += s[i];
      }
    }
    if (i < s.size()) {
      out += "\\x" + byte_hex(static_cast<unsigned char>(s[i])).substr(2);
      ++i;
    }
  }
  return out;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_env_name(std::string_view s) {
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (s.empty() || !letter(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

std::optional<int> issue_folder_number(std::string_view folder_name) {
  constexpr std::string_view prefix = "issue-";
  if (!starts_with(folder_name, prefix)) return std::nullopt;
  const std::string_view digits = folder_name.substr(prefix.size());
  if (digits.size() > 9 || !is_digits(digits)) return std::nullopt;
  return std::stoi(std::string(digits));
}

}  // namespace schemashift::core
