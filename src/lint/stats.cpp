// Row counts for lint's duration estimates, merged from their sources.
#include "lint/stats.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/text.hpp"
#include "db/connection.hpp"

namespace schemashift::lint {

namespace {

constexpr const char* kDatabaseHint =
    "\n  hint: check the URL (postgresql://user@host:5432/dbname), that the server runs and "
    "accepts the connection (PGPASSWORD / ~/.pgpass for passwords); or give row counts with "
    "--rows TABLE=N instead of --database-url";

std::optional<analyze::TableStats> stats_of(const db::TableSize& t) {
  analyze::TableStats s;
  s.bytes = t.table_bytes;
  if (t.reltuples > 0) {
    s.rows = std::llround(t.reltuples);
    s.basis = kBasisCatalog;
  } else if (t.main_bytes == 0) {
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

analyze::TableStatsMap stats_from_catalog(const std::vector<db::TableSize>& tables) {
  analyze::TableStatsMap out;
  for (const auto& t : tables) {
    if (auto s = stats_of(t)) out[t.schema + "." + t.name] = *s;
  }
  return out;
}

analyze::TableStatsMap read_database_stats(const std::string& url) {
  db::ConnectOptions options;
  options.url = url;
  std::optional<db::Connection> conn;
  try {
    conn.emplace(options);
  } catch (const db::Error& e) {
    throw db::Error(e.what() + std::string(kDatabaseHint), e.failure());
  }
  try {
    return stats_from_catalog(db::read_table_sizes(*conn));
  } catch (const db::Error& e) {
    throw db::Error("cannot read table statistics from " + conn->display_url() + ": " + e.failure().message +
                        kDatabaseHint,
                    e.failure());
  }
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

}  // namespace schemashift::lint
