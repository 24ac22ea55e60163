#!/usr/bin/env bash
# `schemashift lint --database-url`: row estimates from pg_class.reltuples decide whether a
# blocking CREATE INDEX is tolerated. Runs against the e2e cluster (PGHOST/PGPORT/PGUSER
# from ctest); the scratch database lint_db_stats is dropped afterwards (KEEP_DB=1 keeps it).
#
#   users     10 rows, ANALYZEd          -> reltuples 10: tiny, tolerated     (exit 0)
#   orders    200 rows, never analysed   -> reltuples -1: unknown            (exit 4)
#   archive   empty, never analysed      -> no pages: 0 rows, tolerated      (exit 0)
set -uo pipefail

BIN=$1
DB=lint_db_stats
PSQL=${PSQL:-psql}
URL="postgresql://${PGUSER:-postgres}@/$DB?host=$PGHOST&port=$PGPORT"

fail() { echo "FAIL lint:db_stats: $*"; exit 1; }
psql_db() { "$PSQL" -X -q -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
  if [ "${KEEP_DB:-0}" = 1 ]; then
    echo "kept database $DB: psql -d $DB"
  else
    psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  fi
}
trap cleanup EXIT

psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null ||
  fail "cannot create the scratch database"
psql_db -d "$DB" >/dev/null <<'SQL' || fail "cannot create the tables"
-- autovacuum must not analyse orders behind the test's back.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (id bigint, status text) WITH (autovacuum_enabled = false);
CREATE TABLE archive (id bigint, note text) WITH (autovacuum_enabled = false);
INSERT INTO users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 10) g;
INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 200) g;
ANALYZE users;
SQL

# lint_sql RC SQL [ARGS...]: lints SQL from stdin against the database, expects exit RC.
lint_sql() {
  local want=$1 sql=$2
  shift 2
  out=$(printf '%s\n' "$sql" | "$BIN" lint - --stdin-filepath change.sql --database-url "$URL" "$@" 2>&1)
  rc=$?
  [ "$rc" = "$want" ] || fail "expected exit $want, got $rc for: $sql $*
$out"
}

lint_sql 0 "SET lock_timeout = '2s'; CREATE INDEX users_email_idx ON users (email);"
case $out in *"10 rows (catalog statistics (reltuples))"*) ;; *) fail "basis not shown: $out" ;; esac
lint_sql 4 "SET lock_timeout = '2s'; CREATE INDEX orders_status_idx ON orders (status);"
lint_sql 0 "SET lock_timeout = '2s'; CREATE INDEX archive_note_idx ON archive (note);"
# --rows wins over the catalog.
lint_sql 4 "SET lock_timeout = '2s'; CREATE INDEX users_email_idx ON users (email);" --rows users=100000000
lint_sql 0 "SET lock_timeout = '2s'; CREATE INDEX orders_status_idx ON orders (status);" --rows orders=50
# JSON names the sources.
lint_sql 0 "SET lock_timeout = '2s'; CREATE INDEX users_email_idx ON users (email);" --rows orders=50 --format json
sources=$(python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["stats_source"])' <<<"$out")
[ "$sources" = "--rows, catalog statistics (empty table), catalog statistics (reltuples)" ] ||
  fail "stats_source: $sources"
# A database that does not exist: environment failure.
out=$("$BIN" lint - --database-url "postgresql://${PGUSER:-postgres}@/no_such_db_here?host=$PGHOST&port=$PGPORT" \
  <<<"SELECT 1;" 2>&1)
rc=$?
[ "$rc" = 3 ] || fail "expected exit 3 for a missing database, got $rc: $out"
echo "PASS lint:db_stats"
