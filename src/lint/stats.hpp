#pragma once
// Row counts for duration estimates and where they come from: the config file, live
// catalog statistics (--database-url, through db/) and --rows. Keys are schema-qualified
// ("public.users") so that every source agrees on one name per table
// (analyze::find_stats also tries the bare form).
#include <string>
#include <utility>
#include <vector>

#include "analyze/linter.hpp"
#include "db/table_stats.hpp"

namespace schemashift::lint {

inline constexpr const char* kBasisRows = "--rows";
inline constexpr const char* kBasisConfig = "config";
inline constexpr const char* kBasisCatalog = "catalog statistics (reltuples)";
inline constexpr const char* kBasisEmpty = "catalog statistics (empty table)";

// "users" -> "public.users"; "app.users" stays.
std::string qualified_table_key(const std::string& table);

// Catalog sizes as row counts. reltuples -1 means "never analysed" on PG 14+, 0 meant the
// same on PG 13 and older, so neither is trusted as a row count unless the table has no
// pages at all: such tables are left out and their estimates stay "unknown".
analyze::TableStatsMap stats_from_catalog(const std::vector<db::TableSize>& tables);

// Connects to `url` and reads the catalog. Throws core::Error (exit 3) with a hint when
// the database cannot be reached or queried.
analyze::TableStatsMap read_database_stats(const std::string& url);

// Parses one --rows TABLE=N; throws core::Error(Usage) when malformed.
std::pair<std::string, long long> parse_rows_flag(const std::string& flag);

// Sources in increasing precedence: config < database < --rows.
analyze::TableStatsMap merge_stats(const std::vector<analyze::TableStatsMap>& sources);

// "--rows, catalog statistics (reltuples)": the distinct bases used, for reports.
std::string stats_sources(const analyze::TableStatsMap& stats);

}  // namespace schemashift::lint
