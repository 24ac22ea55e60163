// reltuples is the planner's row estimate (VACUUM/ANALYZE/CREATE INDEX update it); what
// a missing estimate means is the caller's decision (lint/stats.cpp), so the raw numbers
// are returned.
#include "db/table_stats.hpp"

#include <cstdlib>

namespace schemashift::db {

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

long long bytes_of(const std::optional<std::string>& v) { return v ? std::atoll(v->c_str()) : -1; }

}  // namespace

std::vector<TableSize> read_table_sizes(Connection& connection) {
  std::vector<TableSize> out;
  for (const Row& row : connection.query_read_only(kStatsQuery)) {
    TableSize t;
    t.schema = row.at(0).value_or("");
    t.name = row.at(1).value_or("");
    t.reltuples = row.at(2) ? std::strtod(row.at(2)->c_str(), nullptr) : -1;
    t.table_bytes = bytes_of(row.at(3));
    t.main_bytes = bytes_of(row.at(4));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace schemashift::db
