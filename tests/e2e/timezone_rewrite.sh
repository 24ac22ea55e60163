#!/usr/bin/env bash
# timestamp <-> timestamptz is a table rewrite, unless the session TimeZone has one fixed
# offset of zero (PostgreSQL 12+, TimestampTimestampTzRequiresRewrite): then the rows stay
# and only the indexes on the column are rebuilt. This test pins that fact on the suite's
# PostgreSQL 15 (relfilenodes of the table and its indexes before and after) and checks that
# `schemashift lint` says the same about the same file (issue 10, item 3).
#
#   tests/e2e/timezone_rewrite.sh SCHEMASHIFT      (PGHOST/PGPORT/PGUSER from the environment)
#
# Every session starts in America/New_York (PGTZ), as a server's default zone may well not
# be UTC: the linter cannot know it and assumes a rewrite without a SET in the file.
set -Eeuo pipefail

BIN=$1
PSQL=${PSQL:-psql}
DB=${DB_NAME:-e2e_timezone_rewrite}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/timezone_rewrite.XXXXXX")
export PGTZ=America/New_York
export PGOPTIONS="-c client_min_messages=warning"

q() { timeout 30 "$PSQL" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
  rm -rf "$tmp"
  if [ "${KEEP_DB:-0}" != 1 ]; then q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

cat >"$tmp/schema.sql" <<'SQL'
CREATE TABLE events (id bigint PRIMARY KEY, at timestamp NOT NULL, note text);
CREATE INDEX events_at_idx ON events (at);
CREATE INDEX events_note_idx ON events (note);
SQL

filenodes() {
  q -d "$DB" -c "SELECT pg_relation_filenode('events') || ' ' || pg_relation_filenode('events_at_idx') || ' ' ||
                        pg_relation_filenode('events_note_idx')"
}

# What lint says the ALTER does to events: "table rewrite", "index build" or "catalog only".
lint_work() {
  # Exit status 4 (a maintenance window) is a verdict, not a failure here.
  local rc=0
  "$BIN" lint --format json --schema "$tmp/schema.sql" "$1" >"$1.json" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ]; then
    echo "timezone_rewrite: schemashift lint $1 exited $rc" >&2
    exit 1
  fi
  python3 -c '
import json, sys
doc = json.load(sys.stdin)
for st in doc["files"][0]["statements"]:
    if "ALTER COLUMN at TYPE" in st["summary"]:
        print(next(l["work"] for l in st["locks"] if l["relation"] == "events"))
' <"$1.json"
}

failures=0
n=0
check() {  # check EXPECT(rewrite|indexes) SET-STATEMENT...
  local expect=$1 set=$2
  n=$((n + 1))
  local file="$tmp/m$n.sql"
  printf 'BEGIN;\n%s\nALTER TABLE events ALTER COLUMN at TYPE timestamptz;\nCOMMIT;\n' "$set" >"$file"
  q -d "$DB" -c "DROP TABLE IF EXISTS events" -f "$tmp/schema.sql" \
    -c "INSERT INTO events SELECT g, timestamp '2024-01-01' + g * interval '1 minute', 'n' || g
          FROM generate_series(1, 1000) g"
  read -r table_before at_before note_before <<<"$(filenodes)"
  q -d "$DB" -f "$file" >/dev/null
  read -r table_after at_after note_after <<<"$(filenodes)"
  local server
  if [ "$table_before" != "$table_after" ]; then
    server=rewrite
  elif [ "$at_before" != "$at_after" ] && [ "$note_before" = "$note_after" ]; then
    server=indexes
  else
    server="unexpected (table $table_before->$table_after, at index $at_before->$at_after, note index $note_before->$note_after)"
  fi
  local work
  work=$(lint_work "$file")
  local linted=other
  [ "$work" = "table rewrite" ] && linted=rewrite
  [ "$work" = "index build" ] && linted=indexes
  local verdict=ok
  if [ "$server" != "$expect" ] || [ "$linted" != "$expect" ]; then
    verdict=FAIL
    failures=$((failures + 1))
  fi
  printf '%-4s %-55s server: %-8s lint: %s\n' "$verdict" "${set:-(no SET, session in $PGTZ)}" "$server" "$work"
}

check indexes "SET timezone = 'UTC';"
check indexes "SET LOCAL TIME ZONE 'Etc/UTC';"
check indexes "SET TIME ZONE 'GMT';"
check indexes "SET TIME ZONE 0;"
check indexes "SET timezone = 'UTC0';"
check indexes "SELECT set_config('timezone', 'Zulu', true);"
check rewrite ""
check rewrite "SET timezone = 'Europe/London';"
check rewrite "SET TIME ZONE -5;"
check rewrite "SET timezone = 'UTC0UDT';"

if [ "$failures" -ne 0 ]; then
  echo "timezone_rewrite: $failures of $n cases disagree" >&2
  exit 1
fi
echo "timezone_rewrite: $n cases, server and lint agree"
