#!/usr/bin/env bash
# The application-visible stall while each sample's migrations are applied under a steady
# pgbench load (issue 11): `schemashift run` against plain `psql -f` of the same up files,
# each with and without a transaction that holds a conflicting lock for 5 s. Prints one
# Markdown table row per measurement. Manual, like the other benchmarks: not part of ctest.
#
# Usage: bench/stall_bench.sh [--rows N] [--samples "101 103"] [--quick] [--bin PATH]
#                             [--clients N] [--rate TPS] [--blocker update|select]
#                             [--blocker-seconds S] [--run-args "ARGS"] [--keep]
#   --rows N            rows in each table the chosen samples touch (default 1000000)
#   --samples LIST      sample numbers or file names in samples/ (default: every sample)
#   --quick             smoke run: 20000 rows, sample 101 only (unless --rows/--samples say otherwise)
#   --bin PATH          the schemashift binary (default build/schemashift of this tree)
#   --clients N         pgbench clients (default 4)
#   --rate TPS          pgbench's total rate, transactions per second (default 200)
#   --blocker MODE      update: the blocker holds ROW EXCLUSIVE (an UPDATE), select: ACCESS
#                       SHARE (a SELECT); default update
#   --blocker-seconds S how long the blocker holds its lock (default 5)
#   --run-args "ARGS"   more options for every `schemashift run`, e.g. "--wait-free 0" (ask for
#                       locks at once: lock_timeout and retries instead of waiting first)
#   --keep              keep the temporary directory (logs, scaffolded files) and the cluster
#
# Everything happens in a throw-away PostgreSQL 15 cluster (scripts/pg-test-cluster.sh) on a
# unix socket in a temporary directory, removed at exit, Ctrl-C included; DATABASE_URL and
# the PG* connection variables of the caller are never used. Needs pgbench and psql
# (postgresql-client-15) and python3. bench/README.md explains the columns.
set -Eeuo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(dirname "$HERE")
STATS=(python3 "$HERE/stall_stats.py")

ROWS=""
SAMPLES=""
QUICK=0
BIN=$SRC/build/schemashift
CLIENTS=4
RATE=200
BLOCKER=update
BLOCK_S=5
KEEP=0
RUN_ARGS=""
WARMUP_S=2          # load before the migration starts: the "p99 before" baseline
TAIL_S=1            # load after it ends
MIGRATION_LIMIT=1800  # seconds; a migration still running then is stopped and reported

usage() { sed -n '7,24p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    --samples) SAMPLES=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --bin) BIN=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --blocker) BLOCKER=$2; shift 2 ;;
    --blocker-seconds) BLOCK_S=$2; shift 2 ;;
    --run-args) RUN_ARGS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  ROWS=${ROWS:-20000}
  SAMPLES=${SAMPLES:-101}
fi
ROWS=${ROWS:-1000000}
positive() { case "$2" in ''|*[!0-9]*|0) echo "$1 must be a positive integer, not '$2'" >&2; exit 2 ;; esac; }
positive --rows "$ROWS"
positive --clients "$CLIENTS"
positive --rate "$RATE"
positive --blocker-seconds "$BLOCK_S"
case "$BLOCKER" in
  update) BLOCKER_LOCK="ROW EXCLUSIVE" ;;
  select) BLOCKER_LOCK="ACCESS SHARE" ;;
  *) echo "--blocker must be update or select, not '$BLOCKER'" >&2; exit 2 ;;
esac
[ -x "$BIN" ] || { echo "no binary at $BIN: build first (cmake -S . -B build && cmake --build build), or pass --bin" >&2; exit 1; }
BIN=$(realpath "$BIN")
for tool in pgbench psql python3; do
  command -v "$tool" >/dev/null || { echo "$tool not found (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

# The tables of samples/schema.sql, and what the load and the blocker do on each: a point
# SELECT and a point UPDATE by key, on columns that no sample renames, retypes or drops, so
# the same application queries stay valid through every phase, contract included.
BASE_TABLES=(users posts orders customers contacts)
declare -A READ_COLS=([users]="id, email, created_at" [posts]="id, title" [orders]="id, total"
                      [customers]="id, name" [contacts]="id, name")
declare -A WRITE_COL=([users]=email [posts]=title [orders]=total [customers]=name [contacts]=name)
declare -A KEY=([users]=":id" [posts]=":id" [orders]=":id" [customers]=":id"
                [contacts]="md5('contact-' || :id)::uuid")

# --- the samples -------------------------------------------------------------------------
specs=()
if [ -z "$SAMPLES" ]; then
  specs=("$SRC"/samples/*.yaml)
else
  for want in $SAMPLES; do
    match=$(find "$SRC/samples" -maxdepth 1 -name "${want%.yaml}*.yaml" | sort | head -1)
    [ -n "$match" ] || { echo "no sample matches '$want' in samples/" >&2; exit 2; }
    specs+=("$match")
  done
fi

# spec_tables SPEC: the tables of samples/schema.sql the spec names (table: X, also inside
# references), in order of first mention.
spec_tables() {
  grep -oE '\btable:[[:space:]]*[A-Za-z_][A-Za-z0-9_]*' "$1" | sed -E 's/table:[[:space:]]*//' |
    awk '!seen[$0]++' | while read -r t; do
      case " ${BASE_TABLES[*]} " in *" $t "*) echo "$t" ;; esac
    done
}

# --- the throw-away cluster (bench/lib.sh) ------------------------------------------------
. "$HERE/lib.sh"
bench_cluster stall_bench
# Every lock wait of LOCK_LOG_MS or more goes to the server log, so that a stall can be told
# apart: waiting for a table lock, for a row (another transaction), or no lock at all (CPU).
# deadlock_timeout is also when that message is written (and the deadlock check runs).
LOCK_LOG_MS=100
"${PSQL[@]}" -d postgres -c "ALTER SYSTEM SET log_lock_waits = on" -c "ALTER SYSTEM SET deadlock_timeout = '${LOCK_LOG_MS}ms'" \
  -c "SELECT pg_reload_conf()" >/dev/null

# --- the base database: samples/schema.sql, N rows in every table a chosen sample touches ---
# The rows have the shapes of samples/seed.sql (which NULLs where), scaled to N rows.
declare -A FILL=(
  [users]="$BENCH_USERS_FILL"
  [posts]="INSERT INTO posts (id, user_id, title, body, created)
    SELECT g, 1 + (g::bigint * 7919) % :rows, 'Post ' || g || ': notes on item ' || (g % 97),
           CASE WHEN g % 10 = 0 THEN NULL ELSE repeat('Lorem ipsum dolor sit amet ' || g || '. ', 1 + g % 5) END,
           timestamp '2023-01-01 00:00:00' + g * interval '13 seconds'
    FROM generate_series(1, :rows) AS g;
    SELECT setval('posts_id_seq', :rows);"
  [customers]="INSERT INTO customers (id, name, email, created_at)
    SELECT g, 'Customer ' || g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'Customer' || g || '@Example.com' END,
           timestamptz '2021-06-01 00:00:00+00' + g * interval '5 minutes'
    FROM generate_series(1, :rows) AS g;
    SELECT setval('customers_id_seq', :rows);"
  [orders]="INSERT INTO orders (id, customer_id, total, created_at)
    SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 1 + (g * 31) % :rows END, ((g * 137) % 100000) / 100.0,
           timestamptz '2023-01-01 00:00:00+00' + g * interval '97 seconds'
    FROM generate_series(1, :rows) AS g;
    SELECT setval('orders_id_seq', :rows);"
  [contacts]="INSERT INTO contacts (id, name, email, created_at, updated_at)
    SELECT md5('contact-' || g)::uuid, 'Contact ' || g,
           CASE WHEN g % 6 = 0 THEN NULL ELSE 'contact' || g || '@example.org' END,
           timestamp '2023-06-01 00:00:00' + g * interval '3 seconds',
           timestamp '2023-06-01 00:00:00' + g * interval '3 seconds' + (g % 48) * interval '1 hour'
    FROM generate_series(1, :rows) AS g;"
)
# Each sample's tables; posts rows point at users (posts_user_id_fkey), so posts needs users.
declare -A TABLES
needed=()
for spec in "${specs[@]}"; do
  key=$(basename "$spec" .yaml)
  mapfile -t ts < <(spec_tables "$spec")
  [ ${#ts[@]} -gt 0 ] || { echo "$key names none of the tables of samples/schema.sql" >&2; exit 2; }
  case " ${ts[*]} " in *" posts "*) case " ${ts[*]} " in *" users "*) ;; *) ts+=(users) ;; esac ;; esac
  TABLES[$key]="${ts[*]}"
  needed+=("${ts[@]}")
done
fill=()
for t in "${BASE_TABLES[@]}"; do
  case " ${needed[*]} " in *" $t "*) fill+=("$t") ;; esac
done

started=$(date +%s)
note "stall_bench: ${#specs[@]} sample(s), $ROWS rows in ${fill[*]}; cluster in $PGDIR"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE stall_base"
"${PSQL[@]}" -d stall_base -f "$SRC/samples/schema.sql" >/dev/null
for t in "${fill[@]}"; do
  t0=$(date +%s.%N)
  printf 'SET client_min_messages = warning;\nSET search_path = public;\n%s\n' "${FILL[$t]}" >"$TMP/fill_$t.sql"
  in_background "${PSQL[@]}" -d stall_base -v rows="$ROWS" -f "$TMP/fill_$t.sql" >/dev/null
  note "  filled $t: $ROWS rows in $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$(date +%s.%N)") s"
done
in_background "${PSQL[@]}" -d stall_base -c "VACUUM ANALYZE" >/dev/null

# --- per sample: its migrations, a template with only its tables filled, its plan ---------
declare -A ISSUE WINDOW BLOCK_TABLE BLOCK_AGAINST LOAD_ARGS
mkdir -p "$TMP/load"
for t in "${BASE_TABLES[@]}"; do
  printf '\\set id random(1, :rows)\nSELECT %s FROM %s WHERE id = %s;\n' "${READ_COLS[$t]}" "$t" "${KEY[$t]}" >"$TMP/load/read_$t.sql"
  printf '\\set id random(1, :rows)\nUPDATE %s SET %s = %s WHERE id = %s;\n' "$t" "${WRITE_COL[$t]}" "${WRITE_COL[$t]}" "${KEY[$t]}" >"$TMP/load/write_$t.sql"
done
for spec in "${specs[@]}"; do
  key=$(basename "$spec" .yaml)
  issue=$(sed -nE 's/^issue:[[:space:]]*([0-9]+).*/\1/p' "$spec" | head -1)
  ISSUE[$key]=$issue
  "$BIN" scaffold --spec "$spec" --format sql -q --out "$TMP/s/$key/migrations/issue-$issue"
  read -ra ts <<<"${TABLES[$key]}"
  empty=()
  for t in "${fill[@]}"; do case " ${ts[*]} " in *" $t "*) ;; *) empty+=("$t") ;; esac; done
  clone stall_base "tpl_$issue"
  # CASCADE: posts references users; posts is only filled when users is kept, so CASCADE
  # only ever empties tables that were not to be kept.
  if [ ${#empty[@]} -gt 0 ]; then
    list=$(IFS=,; echo "${empty[*]}")
    "${PSQL[@]}" -d "tpl_$issue" -c "SET client_min_messages = warning" -c "TRUNCATE $list CASCADE" -c "ANALYZE $list" >/dev/null
  fi
  # What the runner will do on these rows: verdicts (a maintenance window?) and locks.
  "$BIN" run --dry-run --contract --maintenance-window --format json --color never --dir "$TMP/s/$key/migrations" \
    --database-url "$(url "tpl_$issue")" >"$TMP/s/$key/dry.json" 2>"$TMP/s/$key/dry.err" </dev/null ||
    { cat "$TMP/s/$key/dry.err" >&2; exit 1; }
  read -r window table against < <("${STATS[@]}" plan "$TMP/s/$key/dry.json" "$BLOCKER" "${ts[@]}")
  WINDOW[$key]=$window
  BLOCK_TABLE[$key]=$table
  BLOCK_AGAINST[$key]=${against//_/ }
  args=()
  for t in "${ts[@]}"; do args+=(-f "$TMP/load/read_$t.sql@1" -f "$TMP/load/write_$t.sql@1"); done
  LOAD_ARGS[$key]="${args[*]}"
done

# --- one measurement -------------------------------------------------------------------------
# stop_sessions DB APP: ends the sessions of one role in the bench (pgbench has no "stop"
# signal; when its clients' connections end it writes its logs out and exits).
stop_sessions() {
  "${PSQL[@]}" -d postgres -At -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
    WHERE datname = '$1' AND application_name = '$2'" >/dev/null
}
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

RESULTS=$TMP/results.tsv
: >"$RESULTS"
total=$((${#specs[@]} * 4))
n=0

# measure KEY TOOL BLOCKED: TOOL is "runner" or "psql", BLOCKED 0 or 1; appends a row to $RESULTS.
measure() {
  local key=$1 tool=$2 blocked=$3 issue=${ISSUE[$1]}
  local db="m_${issue}_${tool}_${blocked}" m="$TMP/m/$1-$2-$3" table=${BLOCK_TABLE[$1]}
  n=$((n + 1))
  mkdir -p "$m"
  clone "tpl_$issue" "$db"

  local load_args
  read -ra load_args <<<"${LOAD_ARGS[$key]}"
  PGAPPNAME=stall_bench_load pgbench -n -c "$CLIENTS" -j 1 -R "$RATE" -T 86400 -D rows="$ROWS" \
    -l --log-prefix="$m/tx" "${load_args[@]}" "$db" >"$m/pgbench.out" 2>&1 &
  local load=$!
  sleep "$WARMUP_S"
  kill -0 "$load" 2>/dev/null || { note "pgbench stopped before the migration:"; cat "$m/pgbench.out" >&2; return 1; }

  local blocker="" blocker_text="—"
  if [ "$blocked" = 1 ]; then
    # An application transaction that holds its lock for BLOCK_S seconds: an UPDATE that
    # matches no row (the table lock only, no row locks that would also stall the load),
    # or a SELECT.
    local take="UPDATE $table SET ${WRITE_COL[$table]} = ${WRITE_COL[$table]} WHERE false"
    [ "$BLOCKER" = select ] && take="SELECT count(*) FROM (SELECT 1 FROM $table LIMIT 1) AS one"
    PGAPPNAME=stall_bench_blocker "${PSQL[@]}" -d "$db" -c "BEGIN" -c "$take" -c "SELECT pg_sleep($BLOCK_S)" \
      -c "COMMIT" >/dev/null 2>&1 &
    blocker=$!
    local held=0
    for _ in $(seq 1 100); do
      held=$("${PSQL[@]}" -d "$db" -At -c "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE a.application_name = 'stall_bench_blocker' AND l.relation = 'public.$table'::regclass AND l.granted")
      [ "$held" -gt 0 ] && break
      sleep 0.02
    done
    [ "$held" -gt 0 ] || { note "the blocker never got its lock on $table"; return 1; }
    if [ "${BLOCK_AGAINST[$key]}" = "-" ]; then
      blocker_text="$table, ${BLOCK_S} s (no conflicting lock)"
    else
      blocker_text="$table, ${BLOCK_S} s (vs ${BLOCK_AGAINST[$key]})"
    fi
  fi

  local how done_files planned retries="—" waited="—" rc=0 t0 t1
  local dir="$TMP/s/$key/migrations" log_from
  log_from=$(stat -c %s "$PGDIR/log")
  t0=$(date +%s.%N)
  if [ "$tool" = runner ]; then
    local extra=()
    read -ra extra <<<"$RUN_ARGS"
    [ "${WINDOW[$key]}" = 1 ] && extra+=(--maintenance-window)
    how="schemashift run --contract${extra[*]:+ ${extra[*]}}"
    in_background timeout "$MIGRATION_LIMIT" "$BIN" run --contract "${extra[@]}" --format json --color never \
      --dir "$dir" --database-url "$(url "$db")" >"$m/run.json" 2>"$m/run.err" </dev/null || rc=$?
    t1=$(date +%s.%N)
    local exit_code
    read -r done_files planned retries waited exit_code < <("${STATS[@]}" outcome "$m/run.json" "$m/run.err")
    [ "$rc" = 0 ] || [ "$rc" = "$exit_code" ] || done_files=0  # killed by the time limit
  else
    how="psql -f"
    local files file
    mapfile -t files < <(find "$dir" -name '*.up.sql' -path '*/sql/*' | sort)
    planned=${#files[@]}
    done_files=0
    for file in "${files[@]}"; do
      in_background timeout "$MIGRATION_LIMIT" "${PSQL[@]}" -d "$db" -f "$file" >>"$m/psql.out" 2>&1 || { rc=$?; break; }
      done_files=$((done_files + 1))
    done
    t1=$(date +%s.%N)
  fi
  sleep "$TAIL_S"
  stop_sessions "$db" stall_bench_load
  wait "$load" || true
  if [ -n "$blocker" ]; then
    stop_sessions "$db" stall_bench_blocker
    wait "$blocker" || true
  fi

  # The load's lock waits from the server log: "process N still waiting for RowExclusiveLock
  # on relation ... after 100.2 ms" (a table lock), "... ShareLock on transaction ..." (a row).
  local waits
  waits=$(tail -c +"$((log_from + 1))" "$PGDIR/log" | { grep -F "stall_bench_load@$db " || true; } | grep -F "still waiting for" |
    sed -nE 's/.* on (relation|transaction|tuple) .*/\1/p' | sed 's/relation/table/; s/transaction/row/; s/tuple/row/' |
    sort | uniq -c | awk '{ total += $1; kinds = kinds (kinds ? ", " : "") $1 " " $2 } END { print (total ? kinds : "0") }') || true
  local stall p99 count p99_before sent errors completed wall
  read -r stall p99 count p99_before sent < <("${STATS[@]}" latency "$t0" "$t1" "$m"/tx.*)
  # pgbench stops a client at its first SQL error: the application broke, not just waited.
  errors=$(grep -c "ERROR:" "$m/pgbench.out" || true)
  completed="yes"
  [ "$done_files" = "$planned" ] && [ "$rc" = 0 ] || completed="no ($done_files of $planned)"
  wall=$(elapsed "$t0" "$t1")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$how" "$blocker_text" "$completed" "$wall" \
    "$stall" "$sent" "$p99" "$p99_before" "$count" "$waits" "$retries" "$waited" "$errors" "$blocked" >>"$RESULTS"
  note "[$n/$total] $key · $how · blocker: $blocker_text → completed: $completed, ${wall} s, longest stall ${stall} ms (query ${sent} ms), p99 ${p99} ms, lock waits $waits, retries $retries"
  drop "$db"
  [ "$KEEP" = 1 ] || rm -f "$m"/tx.*
}

for spec in "${specs[@]}"; do
  key=$(basename "$spec" .yaml)
  if [ "${WINDOW[$key]}" = blocked ]; then
    note "$key: a migration is BLOCKED on these rows; skipped"
    continue
  fi
  for blocked in 0 1; do
    for tool in runner psql; do measure "$key" "$tool" "$blocked"; done
  done
  drop "tpl_${ISSUE[$key]}"
done

# --- the table ---------------------------------------------------------------------------------
pg_version=$("${PSQL[@]}" -d postgres -At -c "SHOW server_version")
echo "Rows per touched table: $ROWS · load: pgbench, $CLIENTS clients, $RATE tx/s, point SELECT + UPDATE" \
  "on each touched table · blocker: $BLOCKER_LOCK ($BLOCKER), ${BLOCK_S} s · PostgreSQL $pg_version ·" \
  "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) · $(date -u +%Y-%m-%d)"
echo
echo "| sample | applied by | blocker | completed | wall s | longest stall ms | longest query ms | p99 ms | p99 before ms | transactions | app lock waits ≥ ${LOCK_LOG_MS} ms | lock retries | waited s | app errors |"
echo "|---|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"
while IFS=$'\t' read -r key how blocker completed wall stall sent p99 before count waits retries waited errors _; do
  echo "| $key | $how | $blocker | $completed | $wall | $stall | $sent | $p99 | $before | $count | $waits | $retries | $waited | $errors |"
done <"$RESULTS"
echo
# Issue 11's targets for the rows with the blocker: every migration completes, no
# application transaction waits longer than ~ the lock_timeout (0.6 s), the runner's aim 150 ms.
awk -F'\t' '$15 == 1 && $2 ~ /^schemashift/ {
    rows++; if ($4 == "yes") ok++; if ($6 + 0 <= 600) t600++; if ($6 + 0 <= 150) t150++
  }
  END {
    if (rows) printf "schemashift run with the blocker: %d of %d completed; longest stall <= 600 ms in %d, <= 150 ms in %d.\n", ok, rows, t600, t150
  }' "$RESULTS"
note "stall_bench: done in $(( $(date +%s) - started )) s"
