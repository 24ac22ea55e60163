// Flyway and sqlx / golang-migrate file names: what each tool accepts and in which order.
#include "lint/migration_names.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

#include "core/text.hpp"

namespace schemashift::lint {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

bool is_sql_file(const std::string& name) { return core::ends_with(core::lower(name), ".sql"); }

std::optional<FlywayName> parse_flyway_name(const std::string& file_name) {
  if (file_name.size() < 4 || !is_sql_file(file_name)) return std::nullopt;
  const std::string stem = file_name.substr(0, file_name.size() - 4);
  const char prefix = stem.empty() ? '\0' : stem[0];
  if (prefix != 'V' && prefix != 'U' && prefix != 'R') return std::nullopt;
  const auto sep = stem.find("__");  // split at the FIRST separator
  if (sep == std::string::npos) return std::nullopt;
  FlywayName n;
  n.prefix = prefix;
  n.description = stem.substr(sep + 2);
  std::string version = stem.substr(1, sep - 1);
  if (prefix == 'R') {
    if (!version.empty()) return std::nullopt;  // "It cannot contain a version"
    return n;
  }
  std::replace(version.begin(), version.end(), '_', '.');
  // Digits in parts separated by single dots ("1", "1.2", "2024.01.05").
  std::size_t start = 0;
  while (true) {
    const auto dot = version.find('.', start);
    if (!all_digits(version.substr(start, dot == std::string::npos ? std::string::npos : dot - start))) {
      return std::nullopt;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  n.version = version;
  return n;
}

int compare_flyway_versions(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& v) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= v.size()) {
      const auto dot = v.find('.', start);
      std::string p = v.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      p.erase(0, std::min(p.find_first_not_of('0'), p.size()));  // BigInteger: leading zeros do not count
      out.push_back(p);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    while (!out.empty() && out.back().empty()) out.pop_back();  // "1.0" == "1"
    return out;
  };
  const auto pa = parts(a), pb = parts(b);
  for (std::size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
    const std::string x = i < pa.size() ? pa[i] : "", y = i < pb.size() ? pb[i] : "";
    if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::optional<NumberedName> parse_numbered_name(const std::string& file_name) {
  if (!is_sql_file(file_name)) return std::nullopt;
  const auto underscore = file_name.find('_');  // sqlx splits at the FIRST '_'
  if (underscore == std::string::npos || !all_digits(file_name.substr(0, underscore))) return std::nullopt;
  NumberedName n;
  try {
    std::size_t used = 0;
    n.version = std::stoll(file_name.substr(0, underscore), &used);
  } catch (const std::out_of_range&) {
    return std::nullopt;  // not an i64: sqlx refuses it
  }
  const std::string lower = core::lower(file_name);
  if (core::ends_with(lower, ".up.sql")) n.kind = NumberedName::Kind::Up;
  if (core::ends_with(lower, ".down.sql")) n.kind = NumberedName::Kind::Down;
  return n;
}

}  // namespace schemashift::lint
