#pragma once
// Row counts for duration estimates: --rows, the config file, and live catalog statistics
// from --database-url (libpqxx). Keys are schema-qualified ("public.users") so that every
// source agrees on one name per table (analyze::find_stats also tries the bare form).
#include <string>
#include <vector>

#include "analyze/linter.hpp"

namespace schemashift::cli {

inline constexpr const char* kBasisRows = "--rows";
inline constexpr const char* kBasisConfig = "config";
inline constexpr const char* kBasisCatalog = "catalog statistics (reltuples)";
inline constexpr const char* kBasisEmpty = "catalog statistics (empty table)";

// "users" -> "public.users"; "app.users" stays.
std::string qualified_table_key(const std::string& table);

// Every ordinary, partitioned and materialized table outside the system schemas:
// pg_class.reltuples (-1 = never analysed, PG 14+: left out, the estimate stays "unknown"
// unless the table has no pages at all) and pg_table_size. Throws core::Error (exit 3)
// with a hint when the database cannot be reached or queried.
analyze::TableStatsMap read_database_stats(const std::string& url);

// Parses one --rows TABLE=N; throws core::Error(Usage) when malformed.
std::pair<std::string, long long> parse_rows_flag(const std::string& flag);

// Sources in increasing precedence: config < database < --rows.
analyze::TableStatsMap merge_stats(const std::vector<analyze::TableStatsMap>& sources);

// "--rows, catalog statistics (reltuples)": the distinct bases used, for reports.
std::string stats_sources(const analyze::TableStatsMap& stats);

}  // namespace schemashift::cli
