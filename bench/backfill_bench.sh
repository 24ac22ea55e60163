#!/usr/bin/env bash
# How long schemashift's backfills take next to hand-written SQL, and what the application
# feels meanwhile (issue 10, "Backfills at the speed of hand-written SQL"). Per case, on a
# table of N rows under a steady pgbench load, the whole change is applied three ways:
#
#   schemashift run    `schemashift run --contract` of the scaffolded files (+ --run-args)
#   psql -f            `psql -f` of the same files: the rendered defaults, as psql/Flyway run them
#   hand-written       the same files, but the backfill is a hand-written DO block: 10,000-row
#                      primary-key ranges (id > lo AND id <= lo + 10000), one COMMIT each, no pause
#
# Cases: volatile (NOT NULL uuid column with a volatile default), bigint (int -> bigint
# through a shadow column), not_null (SET NOT NULL with a fill), backfill (a plain
# `backfill:` operation). Prints a Markdown table; progress on stderr. Manual, not in ctest.
#
# Usage: bench/backfill_bench.sh [--rows N] [--cases "volatile bigint"] [--bin PATH]
#                                [--clients N] [--rate TPS] [--run-args "ARGS"] [--repeat N]
#                                [--ways "hand runner psql"] [--keep]
#   --rows N          rows in users (default 1000000)
#   --cases LIST      some of: volatile bigint not_null backfill (default: all four)
#   --bin PATH        the schemashift binary (default build/schemashift of this tree)
#   --clients N       pgbench clients (default 4)
#   --rate TPS        pgbench's total rate (default 400)
#   --run-args ARGS   more options for `schemashift run`, e.g. "--batch-time 500ms"
#   --repeat N        measure each case N times, alternating the three ways (default 1)
#   --ways LIST       some of: hand runner psql (default: all three, in that order)
#   --keep            keep the temporary directory and the cluster
#
# Like bench/stall_bench.sh (whose cluster set-up and users rows, bench/lib.sh, and
# bench/stall_stats.py it shares), everything happens in a throw-away PostgreSQL 15 cluster on a unix socket.
set -Eeuo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(dirname "$HERE")
STATS=(python3 "$HERE/stall_stats.py")

ROWS=1000000
CASES="volatile bigint not_null backfill"
BIN=$SRC/build/schemashift
CLIENTS=4
RATE=400
RUN_ARGS=""
REPEAT=1
WAYS="hand runner psql"
KEEP=0
WARMUP_S=2
TAIL_S=1

usage() { sed -n '15,26p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    --cases) CASES=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --run-args) RUN_ARGS=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --ways) WAYS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
positive() { case "$2" in ''|*[!0-9]*|0) echo "$1 must be a positive integer, not '$2'" >&2; exit 2 ;; esac; }
positive --rows "$ROWS"
positive --clients "$CLIENTS"
positive --rate "$RATE"
positive --repeat "$REPEAT"
[ -x "$BIN" ] || { echo "no binary at $BIN: build first, or pass --bin" >&2; exit 1; }
BIN=$(realpath "$BIN")
for tool in pgbench psql python3; do
  command -v "$tool" >/dev/null || { echo "$tool not found (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

# --- the cases: a spec's operations, and the hand-written backfill for the same change -----
declare -A OPS HAND
OPS[volatile]="  - add_column:
      table: users
      column: {name: api_key, type: uuid, nullable: false, default_expr: gen_random_uuid()}"
HAND[volatile]="UPDATE users SET api_key = gen_random_uuid() WHERE id > lo AND id <= lo + 10000 AND api_key IS NULL"
OPS[bigint]="  - change_column_type: {table: users, column: age, type: bigint, using: age::bigint, reverse_using: age::integer}"
HAND[bigint]="UPDATE users SET age_new = age::bigint WHERE id > lo AND id <= lo + 10000 AND age_new IS DISTINCT FROM age::bigint"
OPS[not_null]="  - set_not_null: {table: users, column: phone, fill: \"''\"}"
HAND[not_null]="UPDATE users SET phone = '' WHERE id > lo AND id <= lo + 10000 AND phone IS NULL"
OPS[backfill]="  - backfill: {table: users, set: {legacy_avatar: \"'avatars/' || id || '.png'\"}}"
HAND[backfill]="UPDATE users SET legacy_avatar = 'avatars/' || id || '.png' WHERE id > lo AND id <= lo + 10000 AND legacy_avatar IS DISTINCT FROM ('avatars/' || id || '.png')"
declare -A DESCRIBE=([volatile]="NOT NULL column, volatile default" [bigint]="int → bigint"
                     [not_null]="SET NOT NULL with a fill" [backfill]="plain backfill")
for c in $CASES; do
  [ -n "${OPS[$c]:-}" ] || { echo "unknown case '$c' (volatile bigint not_null backfill)" >&2; exit 2; }
done

# --- the throw-away cluster (bench/lib.sh) ------------------------------------------------
. "$HERE/lib.sh"
bench_cluster backfill_bench
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

# --- the base database: samples/schema.sql, users filled as bench/stall_bench.sh fills it ----
started=$(date +%s)
note "backfill_bench: cases $CASES, $ROWS rows in users; cluster in $PGDIR"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE bench_base"
"${PSQL[@]}" -d bench_base -f "$SRC/samples/schema.sql" >/dev/null
{
  echo "SET client_min_messages = warning;"
  echo "$BENCH_USERS_FILL"
  echo "VACUUM ANALYZE users;"
} >"$TMP/fill.sql"
in_background "${PSQL[@]}" -d bench_base -v rows="$ROWS" -f "$TMP/fill.sql" >/dev/null
mkdir -p "$TMP/load"
printf '\\set id random(1, :rows)\nSELECT id, email, created_at FROM users WHERE id = :id;\n' >"$TMP/load/read.sql"
printf '\\set id random(1, :rows)\nUPDATE users SET email = email WHERE id = :id;\n' >"$TMP/load/write.sql"

# --- per case: the spec, scaffold's files, the hand-written backfill ----------------------
issue=900
declare -A DIR HAND_FILE
for c in $CASES; do
  issue=$((issue + 1))
  mkdir -p "$TMP/c/$c"
  cat >"$TMP/c/$c/spec.yaml" <<YAML
issue: $issue
title: Backfill bench $c
purpose: Measures the backfill of case $c against hand-written SQL.
author: Bench <bench@example.com>
created: 2024-01-01T00:00:00Z
schema: $SRC/samples/schema.sql
operations:
${OPS[$c]}
YAML
  "$BIN" scaffold --spec "$TMP/c/$c/spec.yaml" --format sql -q --out "$TMP/c/$c/migrations/issue-$issue"
  DIR[$c]=$TMP/c/$c/migrations
  HAND_FILE[$c]=$TMP/c/$c/hand_backfill.sql
  cat >"${HAND_FILE[$c]}" <<SQL
DO \$\$
DECLARE
  lo bigint := 0;
  top bigint := (SELECT max(id) FROM users);
BEGIN
  WHILE lo < top LOOP
    ${HAND[$c]};
    COMMIT;
    lo := lo + 10000;
  END LOOP;
END
\$\$;
SQL
done

# --- one measurement -------------------------------------------------------------------------
RESULTS=$TMP/results.tsv
: >"$RESULTS"
stop_sessions() {
  "${PSQL[@]}" -d postgres -At -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
    WHERE datname = '$1' AND application_name = '$2'" >/dev/null
}

# measure CASE WAY: WAY is runner, psql or hand; appends a row to $RESULTS.
measure() {
  local c=$1 way=$2 db="m_$1_$2" m="$TMP/m/$1-$2-$RANDOM" rc=0 t0 t1 file files how
  mkdir -p "$m"
  clone bench_base "$db"
  PGAPPNAME=backfill_bench_load pgbench -n -c "$CLIENTS" -j 1 -R "$RATE" -T 86400 -D rows="$ROWS" \
    -l --log-prefix="$m/tx" -f "$TMP/load/read.sql@1" -f "$TMP/load/write.sql@1" "$db" >"$m/pgbench.out" 2>&1 &
  local load=$!
  sleep "$WARMUP_S"
  mapfile -t files < <(find "${DIR[$c]}" -name '*.up.sql' -path '*/sql/*' | sort)
  t0=$(date +%s.%N)
  case "$way" in
    runner)
      local extra=()
      read -ra extra <<<"$RUN_ARGS"
      how="schemashift run --contract${extra[*]:+ ${extra[*]}}"
      in_background "$BIN" run --contract "${extra[@]}" --format json --color never --dir "${DIR[$c]}" \
        --database-url "$(url "$db")" >"$m/run.json" 2>"$m/run.err" </dev/null || rc=$?
      ;;
    psql | hand)
      how="psql -f (scaffold's files)"
      [ "$way" = hand ] && how="hand-written (10,000-row PK batches, no pause)"
      for file in "${files[@]}"; do
        # The hand-written variant replaces only the backfill; every other statement is the same.
        [ "$way" = hand ] && grep -q 'schemashift:backfill' "$file" && file=${HAND_FILE[$c]}
        in_background "${PSQL[@]}" -d "$db" -f "$file" >>"$m/psql.out" 2>&1 || { rc=$?; break; }
      done
      ;;
  esac
  t1=$(date +%s.%N)
  sleep "$TAIL_S"
  stop_sessions "$db" backfill_bench_load
  wait "$load" || true
  local stall p99 count p99_before sent errors left
  read -r stall p99 count p99_before sent < <("${STATS[@]}" latency "$t0" "$t1" "$m"/tx.*)
  errors=$(grep -c "ERROR:" "$m/pgbench.out" || true)
  # Every case leaves no row without its value: the work was done, not skipped.
  case "$c" in
    volatile) left="SELECT count(*) FROM users WHERE api_key IS NULL" ;;
    bigint) left="SELECT count(*) FROM users WHERE age IS DISTINCT FROM CASE WHEN id % 7 <> 0 THEN 18 + id % 63 END
                   OR pg_typeof(age) <> 'bigint'::regtype" ;;
    not_null) left="SELECT count(*) FROM users WHERE phone IS NULL" ;;
    backfill) left="SELECT count(*) FROM users WHERE legacy_avatar IS DISTINCT FROM 'avatars/' || id || '.png'" ;;
  esac
  left=$("${PSQL[@]}" -d "$db" -At -c "$left" 2>/dev/null || echo "?")
  if [ "$rc" != 0 ]; then
    left="failed (exit $rc)"
    # A failed round's logs outlive the temporary directory: the error is the finding.
    local kept
    kept=$(mktemp -d "${TMPDIR:-/tmp}/backfill_bench-failed-$c-$way.XXXXXX")
    cp "$m"/*.out "$m"/*.err "$m"/*.json "$kept"/ 2>/dev/null || true
    note "$c · $way failed (exit $rc); its logs are kept in $kept:"
    grep -h -m 3 "ERROR\|error" "$kept"/* >&2 || true
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$how" "$(elapsed "$t0" "$t1")" "$stall" "$sent" "$p99" \
    "$p99_before" "$errors" "$left" >>"$RESULTS"
  note "$c · $how → $(elapsed "$t0" "$t1") s, longest stall $stall ms (query $sent ms), p99 $p99 ms (before $p99_before), rows left $left"
  drop "$db"
  [ "$KEEP" = 1 ] || rm -f "$m"/tx.*
}

for _ in $(seq 1 "$REPEAT"); do
  for c in $CASES; do
    for way in $WAYS; do measure "$c" "$way"; done
  done
done

# --- the table ---------------------------------------------------------------------------------
pg_version=$("${PSQL[@]}" -d postgres -At -c "SHOW server_version")
echo "Rows: $ROWS in users · load: pgbench, $CLIENTS clients, $RATE tx/s, point SELECT + UPDATE on users ·" \
  "PostgreSQL $pg_version · $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end · $(date -u +%Y-%m-%d)"
echo
echo "| case | applied by | wall s | × hand-written | longest stall ms | longest query ms | p99 ms | p99 before ms | app errors | rows left |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
# × hand-written: against the mean of the same case's hand-written rows.
awk -F'\t' -v describe="$(for c in $CASES; do printf '%s=%s;' "$c" "${DESCRIBE[$c]}"; done)" '
  BEGIN { n = split(describe, parts, ";"); for (i = 1; i <= n; i++) { split(parts[i], kv, "="); name[kv[1]] = kv[2] } }
  { row[NR] = $0; if ($2 ~ /^hand/) { hand[$1] += $3; hands[$1]++ } }
  END {
    for (i = 1; i <= NR; i++) {
      split(row[i], f, "\t")
      ratio = hands[f[1]] ? sprintf("%.2f", f[3] / (hand[f[1]] / hands[f[1]])) : "—"
      printf "| %s (%s) | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], name[f[1]], f[2], f[3], ratio, f[4], f[5], f[6], f[7], f[8], f[9]
    }
  }' "$RESULTS"
note "backfill_bench: done in $(( $(date +%s) - started )) s"
