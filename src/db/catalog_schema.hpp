#pragma once
// A live database's schema as DDL text, read from the catalog (`schema: {database: ...}`).
//
// Why DDL and not the model directly: db/ does not see model/ (docs/design.md, layers),
// and model/sql_schema_loader is the one implementation of how a definition becomes the
// model (CHECK text, index elements, identity and serial sequences, a trigger's text for
// replay). PostgreSQL's own deparsers — pg_get_constraintdef, pg_get_indexdef,
// pg_get_triggerdef, pg_get_functiondef, pg_get_expr, format_type — are what pg_dump
// prints with, under the same empty search_path, so the text reads exactly as the
// database's `pg_dump --schema-only` would, and the loader needs nothing new. What DDL
// cannot say (an index left INVALID by a failed CREATE INDEX CONCURRENTLY, row estimates)
// comes beside it.
#include <string>
#include <vector>

#include "db/connection.hpp"

namespace schemashift::db {

struct CatalogSchema {
  // pg_dump's order: schemas (but public), extensions, types, functions, sequences, tables (columns, defaults,
  // NOT NULL, validated CHECKs; PARTITION BY), partitions attached to their parents
  // (ATTACH PARTITION: a partition is written as a table of its own, as pg_dump 12+
  // does), comments, identity and OWNED BY, PRIMARY KEY / UNIQUE / EXCLUDE, indexes
  // (a partition's attached to its parent's), triggers, views, foreign keys and NOT VALID
  // CHECKs. Every name is schema-qualified as pg_dump writes it (public.users).
  std::string ddl;
  std::vector<std::string> invalid_indexes;  // schema-qualified: "public.idx_users_email"
};

// Every schema but pg_catalog, information_schema and pg_toast/pg_temp, without objects
// that belong to an extension. One read-only transaction, so the parts agree.
// pg_get_expr (column defaults) and pg_get_viewdef open their table with ACCESS SHARE, so
// the read waits behind an ACCESS EXCLUSIVE lock (another migration in progress):
// `lock_timeout_ms` > 0 bounds that wait, and the read then fails. Throws db::Error.
CatalogSchema read_catalog_schema(Connection& connection, long long lock_timeout_ms = 0);

}  // namespace schemashift::db
