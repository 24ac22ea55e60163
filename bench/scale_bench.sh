#!/usr/bin/env bash
# Scaling: how `schemashift` time and memory grow with the size of its input. Every case
# must grow linearly (issue 10: line/column and the schema model were quadratic). The
# inputs are generated into a temporary directory, never committed. Not part of ctest:
# timings depend on the machine.
#
# Usage: bench/scale_bench.sh [--bin PATH] [--sizes "2000 8000 32000"] [--cases "..."]
#   --bin PATH     schemashift binary (default build/schemashift, or $BIN)
#   --sizes LIST   values of N (default "2000 8000 32000")
#   --cases LIST   which cases (default: all of them)
#     inserts      lint one file of N INSERTs (1 table created first)
#     indexes      lint one file of N CREATE INDEX (not CONCURRENTLY: a finding each)
#     schema       lint --schema DUMP ONE.sql: a dump of N tables, a one-statement file
#     schema-fk    the same, every table with a foreign key to the one before it
#     tables       lint DUMP: the N-table file itself linted, statement by statement
#     plan         plan --spec: a spec whose `schema:` is the N-table dump (with foreign keys)
#     folder       plan --spec: `schema:` a folder of N migration files, one table each
#                  (replayed as `run`/`status` replay a migrations folder)
#
# Prints a Markdown table: N, case, input size, wall and CPU (user + system) seconds and
# peak RSS of one run (GNU time), and CPU µs per N so that a linear case shows a flat column.
# Exit codes from findings (lint 1/4) are expected and not errors.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-build/schemashift}
SIZES="2000 8000 32000"
CASES="inserts indexes schema schema-fk tables plan folder"
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    --cases) CASES=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$BIN" ] || { echo "no binary at $BIN: build first (cmake --build build --target schemashift)" >&2; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
TIME_BIN=/usr/bin/time
"$TIME_BIN" -f %e true >/dev/null 2>&1 || { echo "GNU time is missing (apt-get install time)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/schemashift-scale-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# gen_tables N FK FILE: N CREATE TABLEs (FK=1: each references the table before it).
gen_tables() {
  awk -v n="$1" -v fk="$2" 'BEGIN {
    for (i = 0; i < n; i++) {
      ref = (fk && i > 0) ? sprintf(", w int references t%d(id)", i - 1) : ""
      printf "CREATE TABLE t%d (id int primary key, v text%s);\n", i, ref
    }
  }' >"$3"
}

# gen_case CASE N DIR: writes the inputs into DIR and prints the command's arguments.
gen_case() {
  local c=$1 n=$2 d=$3
  mkdir -p "$d"
  case "$c" in
    inserts)
      awk -v n="$n" 'BEGIN {
        print "CREATE TABLE items (id int primary key, name text, price numeric);"
        for (i = 0; i < n; i++) printf "INSERT INTO items (id, name, price) VALUES (%d, '\''item number %d'\'', %d.50);\n", i, i, i % 100
      }' >"$d/V1__inserts.sql"
      echo "lint --format json $d/V1__inserts.sql" ;;
    indexes)
      awk -v n="$n" 'BEGIN {
        print "CREATE TABLE IF NOT EXISTS items (id int primary key, name text, price numeric);"
        for (i = 0; i < n; i++) printf "CREATE INDEX items_i%d ON items (name, price);\n", i
      }' >"$d/V1__indexes.sql"
      echo "lint --format json $d/V1__indexes.sql" ;;
    schema|schema-fk)
      gen_tables "$n" "$([ "$c" = schema-fk ] && echo 1 || echo 0)" "$d/schema.sql"
      echo 'ALTER TABLE t5 ADD COLUMN z int;' >"$d/V2__one.sql"
      echo "lint --format json --schema $d/schema.sql $d/V2__one.sql" ;;
    tables)
      gen_tables "$n" 1 "$d/V1__tables.sql"
      echo "lint --format json $d/V1__tables.sql" ;;
    plan|folder)
      if [ "$c" = plan ]; then
        gen_tables "$n" 1 "$d/schema.sql"
        local schema=schema.sql
      else
        mkdir -p "$d/migrations"
        awk -v n="$n" -v dir="$d/migrations" 'BEGIN {
          for (i = 0; i < n; i++) {
            f = sprintf("%s/V%d__t%d.sql", dir, i + 1, i)
            ref = i > 0 ? sprintf(", w int references t%d(id)", i - 1) : ""
            printf "CREATE TABLE t%d (id int primary key, v text%s);\n", i, ref >f
            close(f)
          }
        }'
        local schema=migrations
      fi
      cat >"$d/change.yaml" <<EOF
issue: 1
title: Add a column to one of many tables
purpose: Scaling benchmark.
author: Bench <bench@example.com>
created: 2026-01-01T00:00:00Z
service: bench
schema: $schema
operations:
  - add_column:
      table: t5
      column: {name: z, type: integer}
EOF
      echo "plan --color never --spec $d/change.yaml" ;;
    *) echo "unknown case: $c" >&2; exit 2 ;;
  esac
}

input_bytes() { du -sb "$1" | cut -f1; }

echo "| N | case | input MB | wall s | CPU s | CPU µs per N | max RSS MiB |"
echo "|---:|---|---:|---:|---:|---:|---:|"
for c in $CASES; do
  for n in $SIZES; do
    dir="$WORK/$c-$n"
    args=$(gen_case "$c" "$n" "$dir")
    # shellcheck disable=SC2086  # args are generated paths without spaces
    "$TIME_BIN" -f '%e %U %S %M' -o "$WORK/time" "$BIN" $args >/dev/null 2>"$WORK/err" || {
      rc=$?
      grep -q 'Command exited with non-zero status [14]$' "$WORK/time" ||
        { echo "$c N=$n failed (exit $rc):" >&2; cat "$WORK/err" "$WORK/time" >&2; exit 1; }
    }
    read -r wall user sys rss < <(tail -1 "$WORK/time")
    awk -v n="$n" -v c="$c" -v b="$(input_bytes "$dir")" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
      printf "| %d | %s | %.2f | %.2f | %.2f | %.1f | %.0f |\n", n, c, b / 1e6, w, u + s, (u + s) * 1e6 / n, r / 1024
    }'
    rm -rf "$dir"
  done
done
