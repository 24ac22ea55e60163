#pragma once
// Live table statistics from the catalog, for duration estimates (postgres-facts.md §6.2).
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"

namespace schemashift::db {

struct TableSize {
  std::string schema;
  std::string name;
  double reltuples = -1;        // the planner's row estimate; -1 = never analysed (PG 14+)
  long long table_bytes = -1;   // pg_table_size (heap, TOAST, maps); -1 = unknown
  long long main_bytes = -1;    // pg_relation_size: the heap alone; 0 = no pages at all
};

// Every ordinary, partitioned and materialized table outside the system schemas, ordered
// by schema and name. Throws db::Error.
std::vector<TableSize> read_table_sizes(Connection& connection);

}  // namespace schemashift::db
