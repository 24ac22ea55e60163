// reltuples is the planner's row estimate (VACUUM/ANALYZE/CREATE INDEX update it); what
// a missing estimate means is the caller's decision (lint/stats.cpp), so the raw numbers
// are returned.
#include "db/table_stats.hpp"

#include <cstdlib>

namespace schemashift::db {

namespace {

// pg_table_size and pg_relation_size take ACCESS SHARE on the table, so they wait behind
// any ACCESS EXCLUSIVE lock, granted or queued — a migration in progress would hang every
// `lint --database-url` and `run`. For such a table the sizes come from the catalog
// (relpages, as of the last VACUUM/ANALYZE) instead; lock_timeout bounds the race of a lock
// taken between the check and the call.
constexpr const char* kStatsQuery = R"(
SET LOCAL lock_timeout = '2s';
WITH locked AS (
  SELECT l.relation FROM pg_catalog.pg_locks l
  WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
    AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
)
SELECT n.nspname, c.relname, c.reltuples::float8,
       CASE WHEN c.oid IN (SELECT relation FROM locked)
            THEN (c.relpages::bigint + coalesce((SELECT t.relpages FROM pg_catalog.pg_class t WHERE t.oid = c.reltoastrelid), 0))
                 * current_setting('block_size')::bigint
            ELSE pg_catalog.pg_table_size(c.oid) END,
       CASE WHEN c.oid IN (SELECT relation FROM locked)
            THEN c.relpages::bigint * current_setting('block_size')::bigint
            ELSE pg_catalog.pg_relation_size(c.oid) END
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
