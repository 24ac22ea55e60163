// Table sizes for lint's duration estimates. The catalog query follows
// postgres-facts.md §6.2: reltuples is the planner's row estimate (VACUUM/ANALYZE/CREATE
// INDEX update it); -1 means "never analysed" on PG 14+, 0 meant the same on PG 13 and
// older, so neither is trusted as a row count unless the table has no pages at all.
#include "cli/table_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <regex>

#include <pqxx/pqxx>

#include "core/error.hpp"
#include "core/text.hpp"

namespace schemashift::cli {

namespace {

constexpr const char* kStatsQuery = R"(
SELECT n.nspname, c.relname, c.reltuples::float8, pg_catalog.pg_table_size(c.oid),
       pg_catalog.pg_relation_size(c.oid)
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
ORDER BY 1, 2)";

// Connection strings may carry a password: never print one.
std::string redacted(const std::string& url) {
  static const std::regex uri_password(R"(^([a-z]+://[^/:@]*):[^@/]*@)", std::regex::icase);
  static const std::regex kv_password(R"((password\s*=\s*)('[^']*'|\S+))", std::regex::icase);
  return std::regex_replace(std::regex_replace(url, uri_password, "$1:***@"), kv_password, "$1***");
}

std::string first_line(const std::string& s) {
  const std::string t = core::trim(s);
  return t.substr(0, t.find('\n'));
}

[[noreturn]] void fail(const std::string& url, const std::string& what, const std::string& detail) {
  throw core::Error(what + " " + redacted(url) + ": " + first_line(detail) +
                    "\n  hint: check the URL (postgresql://user@host:5432/dbname), that the server runs and "
                    "accepts the connection (PGPASSWORD / ~/.pgpass for passwords); or give row counts with "
                    "--rows TABLE=N instead of --database-url");
}

std::optional<analyze::TableStats> stats_of_row(const pqxx::row& row) {
  const double reltuples = row[2].as<double>();
  const long long table_bytes = row[3].is_null() ? -1 : row[3].as<long long>();
  const long long main_bytes = row[4].is_null() ? -1 : row[4].as<long long>();
  analyze::TableStats s;
  s.bytes = table_bytes;
  if (reltuples > 0) {
    s.rows = std::llround(reltuples);
    s.basis = kBasisCatalog;
  } else if (main_bytes == 0) {
    s.rows = 0;  // no pages: no rows, analysed or not
    s.basis = kBasisEmpty;
  } else {
    return std::nullopt;  // never analysed: unknown, not "0 rows"
  }
  return s;
}

}  // namespace

std::string qualified_table_key(const std::string& table) {
  return table.find('.') == std::string::npos ? "public." + table : table;
}

analyze::TableStatsMap read_database_stats(const std::string& url) {
  // libpq waits for an unreachable host for minutes by default; a linter should not.
  ::setenv("PGCONNECT_TIMEOUT", "10", 0);
  analyze::TableStatsMap out;
  std::optional<pqxx::connection> conn;
  try {
    conn.emplace(url);
  } catch (const std::exception& e) {
    fail(url, "cannot connect to", e.what());
  }
  try {
    pqxx::read_transaction tx(*conn);
    tx.exec("SET LOCAL statement_timeout = '30s'");
    for (const auto& row : tx.exec(kStatsQuery)) {
      if (auto s = stats_of_row(row)) out[row[0].as<std::string>() + "." + row[1].as<std::string>()] = *s;
    }
  } catch (const std::exception& e) {
    fail(url, "cannot read table statistics from", e.what());
  }
  return out;
}

std::pair<std::string, long long> parse_rows_flag(const std::string& flag) {
  const auto eq = flag.rfind('=');
  const std::string table = eq == std::string::npos ? std::string() : core::trim(flag.substr(0, eq));
  const std::string count = eq == std::string::npos ? std::string() : core::trim(flag.substr(eq + 1));
  const bool digits = !count.empty() && count.size() <= 18 &&
                      count.find_first_not_of("0123456789") == std::string::npos;
  if (table.empty() || !digits) {
    throw core::Error("--rows expects TABLE=N with a whole number N >= 0 (e.g. --rows users=2000000), got '" +
                          flag + "'",
                      core::ExitCode::Usage);
  }
  return {table, std::stoll(count)};
}

analyze::TableStatsMap merge_stats(const std::vector<analyze::TableStatsMap>& sources) {
  analyze::TableStatsMap out;
  for (const auto& source : sources) {
    for (const auto& [table, stats] : source) {
      analyze::TableStats merged = stats;
      const std::string key = qualified_table_key(table);
      // A row count from a later source keeps the table size an earlier one knew.
      if (const auto it = out.find(key); it != out.end() && merged.bytes < 0) merged.bytes = it->second.bytes;
      out[key] = merged;
    }
  }
  return out;
}

std::string stats_sources(const analyze::TableStatsMap& stats) {
  std::vector<std::string> bases;
  for (const auto& [table, s] : stats) {
    if (std::find(bases.begin(), bases.end(), s.basis) == bases.end()) bases.push_back(s.basis);
  }
  std::sort(bases.begin(), bases.end());
  return core::join(bases, ", ");
}

}  // namespace schemashift::cli
