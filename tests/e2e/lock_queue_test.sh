#!/usr/bin/env bash
# "Zero downtime is measured": why every transactional migration sets lock_timeout.
#
#   tests/e2e/lock_queue_test.sh        (PGHOST/PGPORT/PGUSER from the environment)
#
# On a scratch database with a 100k-row table t:
#   session A  BEGIN; SELECT 1 FROM t LIMIT 1; ... pg_sleep(3); COMMIT  -- holds ACCESS SHARE
#   session B  the migration file: BEGIN; SET LOCAL lock_timeout = ...;
#              ALTER TABLE t ADD COLUMN x int; COMMIT;               -- wants ACCESS EXCLUSIVE
#   session C  SELECT count(*) FROM t, repeatedly, starting as soon as B is queued
# B cannot get its lock while A runs, and, waiting, it blocks every newcomer: C's plain
# reads queue up behind B (the lock queue is FIFO). So:
#   lock_timeout = 200ms  B fails with SQLSTATE 55P03 in well under 1 s; C's worst
#                         latency stays below 1000 ms (it waited for B's 200 ms at most)
#   lock_timeout = 0      (contrast) B waits for A, and C's reads stall >= 2 s with it
# Every number is printed in ms. To keep this deterministic on a loaded machine (process
# start-up alone can take 0.5 s there), nothing depends on how fast sessions start:
#   - A's 3 s pg_sleep starts only once B's lock request is queued (A polls pg_locks),
#   - C starts its reads once B is queued (C polls pg_locks, from SQL),
#   - latencies are psql's \timing of the single statement (ALTER for B, each SELECT for
#     C), not process wall time (B's wall time, with connecting, is printed too).
# Every session runs under `timeout`, and all of them are ended on exit. Run time ~8 s.
set -Eeuo pipefail

PSQL=${PSQL:-psql}
DB=${DB_NAME:-e2e_lock_queue}
HOLD_S=3             # how long A keeps its ACCESS SHARE lock once B is queued
C_QUERIES=15         # reads session C makes
tag=lockq_$$         # application_name prefix of this run's sessions
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lock_queue.XXXXXX")
pids=()
db_created=0
result=""
reason=""
err_where=""

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
fail() { result=FAIL; reason=$1; exit 1; }
q() { timeout 15 "$PSQL" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

on_exit() {
  local rc=$?
  trap - EXIT ERR
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "$db_created" = 1 ]; then
    # Our own sessions only (application_name), in case a psql outlived its kill.
    q -d postgres -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                       WHERE application_name LIKE '${tag}\_%'" >/dev/null 2>&1 || true
    if [ "${KEEP_DB:-0}" != 1 ]; then
      q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    fi
  fi
  if [ "$result" = PASS ]; then
    rm -rf "$tmp"
    echo "PASS lock_queue"
    exit 0
  fi
  [ -n "$result" ] || reason="unexpected error (exit $rc) at ${err_where:-unknown place}"
  echo "(session logs kept in $tmp)"
  echo "FAIL lock_queue: $reason"
  exit 1
}
trap on_exit EXIT
trap "exit 143" TERM
trap "exit 130" INT
trap 'err_where="line $LINENO: $BASH_COMMAND"' ERR

# wait_until SQL TIMEOUT_MS: poll (every ~10 ms) until SQL returns t.
wait_until() {
  local deadline=$(( $(now_ms) + $2 ))
  while [ "$(q -d "$DB" -c "$1")" != t ]; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.01
  done
}

# ---------------------------------------------------------------- setup
PGOPTIONS="-c client_min_messages=warning" q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\" TEMPLATE template0" ||
  fail "cannot create database $DB"
db_created=1
q -d "$DB" <<'SQL' || fail "cannot create table t"
CREATE TABLE t AS SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, 100000) AS g;
ALTER TABLE t ADD PRIMARY KEY (id);
VACUUM ANALYZE t;
SQL
echo "setup: table t with $(q -d "$DB" -c 'SELECT count(*) FROM t') rows in database $DB"

# SQL that returns once someone's ACCESS EXCLUSIVE request on t is queued (polling
# pg_locks, at most 10 s): A and C use it to start their part when B is waiting.
wait_for_b_sql=$(cat <<'SQL'
DO $$
DECLARE
  deadline timestamptz := clock_timestamp() + interval '10 s';
BEGIN
  WHILE NOT EXISTS (SELECT 1 FROM pg_locks
                     WHERE locktype = 'relation' AND relation = 't'::regclass
                       AND mode = 'AccessExclusiveLock' AND NOT granted) LOOP
    IF clock_timestamp() > deadline THEN
      RAISE EXCEPTION 'the migration never queued for its lock on t';
    END IF;
    PERFORM pg_sleep(0.002);
  END LOOP;
END
$$;
SQL
)

# Session A: take ACCESS SHARE, keep the transaction open until HOLD_S s after B queued.
cat >"$tmp/a.sql" <<SQL
BEGIN;
SELECT 1 FROM t LIMIT 1;
$wait_for_b_sql
SELECT pg_sleep($HOLD_S);
COMMIT;
SQL

# Session C: once B is queued, time C_QUERIES plain reads with \timing.
{
  echo "$wait_for_b_sql"
  printf '%s\n' '\timing on'
  for ((i = 0; i < C_QUERIES; i++)); do echo 'SELECT count(*) FROM t;'; done
} >"$tmp/c.sql"

# run_case NAME LOCK_TIMEOUT: sets b_rc, b_out, b_ms (the ALTER), b_wall_ms, c_worst, c_first
run_case() {
  local name=$1 lt=$2
  cat >"$tmp/$name-b.sql" <<SQL
-- the migration under test
BEGIN;
SET LOCAL lock_timeout = '$lt';
SET LOCAL statement_timeout = '10s';
\\timing on
ALTER TABLE t ADD COLUMN x int;
\\timing off
COMMIT;
SQL

  # A: takes ACCESS SHARE; keeps it until HOLD_S s after B has queued.
  PGAPPNAME=${tag}_A timeout 20 "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -f "$tmp/a.sql" \
    >"$tmp/$name-a.out" 2>&1 &
  local a_pid=$!
  pids+=("$a_pid")
  wait_until "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                              WHERE a.application_name = '${tag}_A' AND l.relation = 't'::regclass
                                AND l.mode = 'AccessShareLock' AND l.granted)" 5000 ||
    fail "$name: session A did not get its lock on t"
  local a_locked
  a_locked=$(now_ms)

  # C: connected and waiting for B to queue before B starts.
  PGAPPNAME=${tag}_C timeout 20 "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$tmp/c.sql" \
    >"$tmp/$name-c.out" 2>&1 &
  local c_pid=$!
  pids+=("$c_pid")
  wait_until "SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                              WHERE application_name = '${tag}_C' AND state = 'active')" 5000 ||
    fail "$name: session C did not start"

  # B: the migration file, as a migration runner would run it.
  local t0 t1
  t0=$(now_ms)
  b_rc=0
  PGAPPNAME=${tag}_B timeout 15 "$PSQL" -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose \
    -d "$DB" -f "$tmp/$name-b.sql" >"$tmp/$name-b.out" 2>&1 || b_rc=$?
  t1=$(now_ms)
  b_wall_ms=$((t1 - t0))
  b_ms=$(awk '/^Time:/ { printf "%d", $2; exit }' "$tmp/$name-b.out")
  [ -n "$b_ms" ] || { cat "$tmp/$name-b.out"; fail "$name: no \\timing line for B's ALTER TABLE"; }
  b_out=$({ grep -v '^Time:' "$tmp/$name-b.out" || true; } | tr '\n' ' ')

  local c_rc=0
  wait "$c_pid" || c_rc=$?
  [ "$c_rc" -eq 0 ] || { cat "$tmp/$name-c.out"; fail "$name: session C failed (exit $c_rc)"; }
  # psql \timing lines: "Time: 12.345 ms" (plus " (00:02.345)" from 1 s on)
  c_count=$(grep -c '^Time:' "$tmp/$name-c.out" || true)
  [ "$c_count" -eq "$C_QUERIES" ] || fail "$name: session C timed $c_count of $C_QUERIES reads"
  c_worst=$(awk '/^Time:/ { if ($2 > m) m = $2 } END { printf "%d", m }' "$tmp/$name-c.out")
  c_first=$(awk '/^Time:/ { printf "%d", $2; exit }' "$tmp/$name-c.out")
  local c_rest
  c_rest=$(awk '/^Time:/ { if (n++ && $2 > m) m = $2 } END { printf "%d", m }' "$tmp/$name-c.out")

  local a_rc=0
  wait "$a_pid" || a_rc=$?
  [ "$a_rc" -eq 0 ] || { cat "$tmp/$name-a.out"; fail "$name: session A failed (exit $a_rc)"; }
  local a_ms=$(( $(now_ms) - a_locked ))

  printf '%-18s B: ALTER exit %d after %5d ms (%5d ms with connecting) | C: %d reads, first %5d ms, worst %5d ms, worst after the first %4d ms | A held its lock %d ms\n' \
    "lock_timeout=$lt" "$b_rc" "$b_ms" "$b_wall_ms" "$c_count" "$c_first" "$c_worst" "$c_rest" "$a_ms"
  echo "                   B said: ${b_out:-(nothing)}"
}

# ---------------------------------------------------------------- the migration with lock_timeout
run_case timeout 200ms
[ "$b_rc" -ne 0 ] || fail "with lock_timeout=200ms the ALTER TABLE succeeded while A held its lock"
grep -q '55P03' <<<"$b_out" || fail "with lock_timeout=200ms B failed, but not with SQLSTATE 55P03: $b_out"
[ "$b_ms" -lt 1000 ] || fail "with lock_timeout=200ms B took $b_ms ms to give up (expected well under 1000)"
[ "$c_worst" -lt 1000 ] || fail "with lock_timeout=200ms session C still waited $c_worst ms (limit 1000)"
# Sanity: C really queued behind B (else this test measures nothing).
[ "$c_first" -ge 50 ] || fail "C's first read took only $c_first ms: it was not queued behind B, the test setup is broken"
timeout_c_worst=$c_worst timeout_b_ms=$b_ms

# ---------------------------------------------------------------- contrast: no lock_timeout
run_case no-timeout 0
[ "$b_rc" -eq 0 ] || fail "with lock_timeout=0 B should wait for A and succeed, but failed: $b_out"
[ "$c_worst" -ge 2000 ] || fail "with lock_timeout=0 C's worst read took $c_worst ms; expected >= 2000 (stuck behind B behind A)"

echo "result: with lock_timeout=200ms the migration gave up after ${timeout_b_ms} ms (55P03) and reads waited at most ${timeout_c_worst} ms;"
echo "        without it reads stalled for ${c_worst} ms behind the queued ALTER TABLE."
result=PASS
