// Flyway and sqlx / golang-migrate file names: what each tool accepts and in which order.
#include "lint/migration_names.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/text.hpp"

namespace schemashift::lint {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
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
    const int c = compare_digit_versions(i < pa.size() ? pa[i] : "", i < pb.size() ? pb[i] : "");
    if (c != 0) return c;
  }
  return 0;
}

int compare_digit_versions(const std::string& a, const std::string& b) {
  const std::size_t za = std::min(a.find_first_not_of('0'), a.size());
  const std::size_t zb = std::min(b.find_first_not_of('0'), b.size());
  const std::size_t la = a.size() - za, lb = b.size() - zb;
  if (la != lb) return la < lb ? -1 : 1;
  const int c = a.compare(za, la, b, zb, lb);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool fits_i64(const std::string& digits) {
  static const std::string kMax = "9223372036854775807";
  return compare_digit_versions(digits, kMax) <= 0;
}

std::optional<NumberedName> parse_numbered_name(const std::string& file_name) {
  if (!is_sql_file(file_name)) return std::nullopt;
  const auto underscore = file_name.find('_');  // sqlx splits at the FIRST '_'
  if (underscore == std::string::npos || !all_digits(file_name.substr(0, underscore))) return std::nullopt;
  NumberedName n;
  n.version = file_name.substr(0, underscore);
  const std::string lower = core::lower(file_name);
  if (core::ends_with(lower, ".up.sql")) n.kind = NumberedName::Kind::Up;
  if (core::ends_with(lower, ".down.sql")) n.kind = NumberedName::Kind::Down;
  return n;
}

std::optional<PopxName> parse_popx_name(const std::string& file_name) {
  // Case matters: popx matches "[a-z0-9]" dialects and ".up.sql"/".down.sql" exactly.
  if (!core::ends_with(file_name, ".sql")) return std::nullopt;
  const std::vector<std::string> parts = split(file_name.substr(0, file_name.size() - 4), '.');
  if (parts.size() < 2 || parts.size() > 4) return std::nullopt;
  const std::string& head = parts.front();  // <version>_<name>, the name without dots
  const auto underscore = head.find('_');
  if (underscore == std::string::npos || underscore + 1 == head.size() || !all_digits(head.substr(0, underscore))) {
    return std::nullopt;
  }
  PopxName n;
  n.version = head.substr(0, underscore);
  const std::string& direction = parts.back();
  if (direction != "up" && direction != "down") return std::nullopt;
  n.down = direction == "down";
  auto lower_word = [](const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
  };
  if (parts.size() == 4) {
    if (!lower_word(parts[1]) || parts[2] != "autocommit") return std::nullopt;
    n.dialect = parts[1];
    n.autocommit = true;
  } else if (parts.size() == 3) {
    if (parts[1] == "autocommit") {
      n.autocommit = true;
    } else if (lower_word(parts[1])) {
      n.dialect = parts[1];
    } else {
      return std::nullopt;
    }
  }
  return n;
}

bool is_postgres_dialect(const std::string& dialect) {
  return dialect.empty() || dialect == "postgres" || dialect == "postgresql" || dialect == "pg" || dialect == "pgx";
}

bool is_popx_only_name(const PopxName& n) { return !n.dialect.empty() || n.autocommit || !fits_i64(n.version); }

std::optional<VersionFolder> parse_version_folder(const std::string& folder_name) {
  VersionFolder f;
  // diesel: <version>_<name>, the version digits and dashes ("2024-01-05-120000").
  const auto underscore = folder_name.find('_');
  if (underscore != std::string::npos && underscore > 0 && underscore + 1 < folder_name.size() &&
      std::isdigit(static_cast<unsigned char>(folder_name[0]))) {
    std::string version = folder_name.substr(0, underscore);
    version.erase(std::remove(version.begin(), version.end(), '-'), version.end());
    if (all_digits(version)) {
      f.version = version;
      f.diesel = true;
      return f;
    }
  }
  // One folder per version: [v|V]<digits>[.<digits>...], then nothing or a separator.
  std::size_t i = (folder_name.size() > 1 && (folder_name[0] == 'v' || folder_name[0] == 'V')) ? 1 : 0;
  const std::size_t start = i;
  while (i < folder_name.size() &&
         (std::isdigit(static_cast<unsigned char>(folder_name[i])) ||
          (folder_name[i] == '.' && i > start && i + 1 < folder_name.size() &&
           std::isdigit(static_cast<unsigned char>(folder_name[i + 1]))))) {
    ++i;
  }
  if (i == start) return std::nullopt;
  if (i < folder_name.size() && folder_name[i] != '_' && folder_name[i] != '-' && folder_name[i] != ' ') {
    return std::nullopt;
  }
  f.version = folder_name.substr(start, i - start);
  return f;
}

}  // namespace schemashift::lint
