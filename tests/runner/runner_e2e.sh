#!/usr/bin/env bash
# End-to-end tests of `schemashift run / revert / status / history` on a real PostgreSQL
# (the e2e cluster: PGHOST/PGPORT/PGUSER from the environment, see scripts/pg-test-cluster.sh).
#
#   tests/runner/runner_e2e.sh BIN SRC CASE [ARG]
#
# Cases (each in its own scratch database runner_<case>[_<arg>]):
#   sample SPEC     scaffold SPEC -> run --contract -> verify.sql all true -> status clean ->
#                   revert --to 0 --yes -> catalog equals the base -> run again -> history
#   contention      a transaction holds users for 3 s: run waits without queueing (a probe
#                   query on users never waits 150 ms); with --wait-free 0 it asks at once,
#                   retries the lock timeouts, and the probe waits at most about the lock_timeout
#   crash_transaction  kill -9 inside a transactional migration: nothing applied, next run finishes
#   crash_index     kill -9 while CREATE INDEX CONCURRENTLY waits: the INVALID index is
#                   dropped and rebuilt by the next run
#   crash_backfill  kill -9 mid-backfill (a DO block committing per batch): the next run
#                   resumes, every row updated exactly once
#   resume_backfill a backfill scaffold wrote, 200,000 rows, run --batch-size 1000 --batch-delay 5ms,
#                   kill -9 once the history row records a key: rows up to that key done, none
#                   after it; the next run resumes after the key (its first progress event says
#                   so), every row updated exactly once, one success row, the key cleared
#   adaptive_backfill  a backfill scaffold wrote, 50,000 rows, run by psql with progress on:
#                   batches start at batch_size, grow (at most 2x a batch, at most batch_max),
#                   every row done once; batch time 0 keeps them fixed; run --batch-time works
#   concurrent      two runs at once: one applies, the other waits or exits 6; nothing twice
#   preflight       orphans before a foreign key, duplicates before a unique index: run
#                   stops before that migration (exit 7) and shows the rows; fixed, it runs
#   edited          an applied file edited afterwards: status says modified, run exits 7;
#                   repair needs --yes, records the new checksum (old one kept), run goes on
#   live_schema     pending files judged on the database's catalog: a varchar widening of a table
#                   the folder never created runs (catalog only); integer -> bigint needs the window
#   errors          missing DATABASE_URL (3), unreachable server (3), syntax error (2,
#                   nothing applied), BLOCKED (1), contract without --contract (7), revert
#                   without --yes off a terminal (7), unknown --to (2), --batch-size 0 or
#                   --batch-delay without a unit (2)
# Prints one line per step; exit 0 when every check passed.
set -Euo pipefail

BIN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
ARG=${4:-}
[ -f "$ARG" ] && ARG=$(realpath "$ARG")
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
DUMP=$SRC/src/verify/catalog_snapshot.sql
slug() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | sed -E 's/[^a-z0-9_]+/_/g' | cut -c1-40; }
DB=runner_${CASE}${ARG:+_$(slug "$(basename "$ARG" .yaml)")}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/runner_e2e.XXXXXX")
failures=0
children=()

cleanup() {
  for pid in "${children[@]}"; do kill -9 "$pid" 2>/dev/null; done
  wait 2>/dev/null
  if [ -z "${KEEP_DB:-}" ]; then
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
    rm -rf "$WORK"
  else
    echo "kept database $DB and $WORK"
  fi
}
trap cleanup EXIT

pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
q() { "${PSQL[@]}" -d "$DB" -At -c "$1"; }

# ss EXPECTED_EXIT ARGS...: runs schemashift in $WORK, output in $WORK/last.out/.err.
ss() {
  local expected=$1; shift
  (cd "$WORK" && "$BIN" "$@" >"$WORK/last.out" 2>"$WORK/last.err" </dev/null)
  local code=$?
  if [ "$code" = "$expected" ]; then
    pass "schemashift $* -> exit $code"
  else
    fail "schemashift $* -> exit $code, expected $expected"
    sed 's/^/     | /' "$WORK/last.out" "$WORK/last.err" | tail -30
  fi
}
contains() { grep -q -- "$2" "$WORK/$1" || { echo "     | $1 lacks: $2"; sed 's/^/     | /' "$WORK/$1" | tail -15; return 1; }; }

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null
export DATABASE_URL="postgresql://${PGUSER:-postgres}@/$DB?host=$PGHOST&port=$PGPORT"
base_schema() {
  "${PSQL[@]}" -d "$DB" -f "$SRC/samples/schema.sql" >/dev/null
  "${PSQL[@]}" -d "$DB" -f "$SRC/samples/seed.sql" >/dev/null
}
snapshot() { "${PSQL[@]}" -d "$DB" -At -f "$DUMP" >"$WORK/$1.catalog"; }
write() { mkdir -p "$(dirname "$WORK/$1")"; cat >"$WORK/$1"; }

case "$CASE" in
sample)
  base_schema
  snapshot base
  issue=$(sed -nE 's/^issue:[[:space:]]*([0-9]+).*/\1/p' "$ARG" | head -1)
  (cd "$WORK" && "$BIN" scaffold --spec "$ARG" --format sql -q --out "migrations/issue-$issue") || { fail "scaffold"; exit 1; }
  # An offline change (strategy: offline) is a maintenance-window job by design.
  window=()
  grep -Eq '^strategy:[[:space:]]*offline' "$ARG" && window=(--maintenance-window)
  ss 0 run --contract "${window[@]}"
  contains last.out "Migration run Complete" && pass "summary printed"
  verify=$("${PSQL[@]}" -d "$DB" -At -f "$WORK/migrations/issue-$issue/verify.sql" | grep -c '|f$' || true)
  check "verify.sql: every check true" test "$verify" = 0
  contains last.out "verify.sql of issue $issue: [0-9]* checks passed" && pass "run ran verify.sql after the issue's last migration"
  check "the checks are recorded" test "$(q "SELECT count(*) > 0 AND bool_and(ok) FROM schemashift.verification WHERE issue = $issue")" = t
  ss 0 status --exit-code
  ss 0 status --format json
  check "status JSON: clean" python3 -c "import json,sys; d=json.load(open('$WORK/last.out')); sys.exit(0 if d['clean'] and d['counts']['pending']==0 else 1)"
  ss 0 run
  contains last.out "nothing to apply" && pass "second run has nothing to do"
  ss 0 revert --to 0 --yes
  snapshot reverted
  check "revert --to 0 gives the base catalog back" diff -u "$WORK/base.catalog" "$WORK/reverted.catalog"
  ss 1 status --exit-code
  ss 0 run --contract "${window[@]}" --format json
  check "run JSON: ok and every migration done" python3 -c "
import json,sys; d=json.load(open('$WORK/last.out'))
sys.exit(0 if d['ok'] and len(d['done'])==len(d['planned'])>0 and d['exit_code']==0 else 1)"
  manifest_checks=$(python3 -c "import json; print(sum(len(m['preflight']) for m in json.load(open('$WORK/migrations/issue-$issue/sql/manifest.json'))['migrations']))")
  check "run JSON: every pre-flight check of the manifest ran and passed" python3 -c "
import json,sys; d=json.load(open('$WORK/last.out'))
sys.exit(0 if len(d['preflight'])==$manifest_checks and all(c['ok'] for c in d['preflight']) else 1)"
  ss 0 history --format json
  check "history JSON: every migration applied twice, once rolled back" python3 -c "
import json,sys,collections; d=json.load(open('$WORK/last.out'))
by=collections.Counter((e['version'],e['status']) for e in d['entries'])
versions={e['version'] for e in d['entries']}
sys.exit(0 if versions and all(by[(v,'success')]==1 and by[(v,'rolled_back')]==1 for v in versions) else 1)"
  ss 0 history
  contains last.out "ROLLED BACK" && contains last.out "Total: " && pass "history table printed"
  ;;

contention)
  # A transaction holds ACCESS SHARE on users for 3 s (a long report, say) while `run` adds a
  # column (ACCESS EXCLUSIVE), twice: first the default (wait without queueing, then ask),
  # then --wait-free 0 (ask at once: lock_timeout and retries). A probe on its own connection
  # runs the application's query every 20 ms and records the longest one.
  base_schema
  probe_run() {  # probe_run LABEL RUN-ARGS...: blocker + probe + run; leaves worst latency in $WORK/LABEL.probe
    local label=$1; shift  # RUN-ARGS "psql" instead: the same column added by plain psql (the baseline)
    "${PSQL[@]}" -d "$DB" -c "BEGIN; LOCK users IN ACCESS SHARE MODE; SELECT pg_sleep(3); COMMIT;" >/dev/null &
    children+=($!)
    sleep 0.3
    /usr/bin/python3 - "$DB" "$WORK/$label.probe" <<'PY' &
import psycopg2, sys, time
conn = psycopg2.connect(dbname=sys.argv[1])
conn.autocommit = True
cur = conn.cursor()
worst = 0.0
end = time.time() + 4.5
while time.time() < end:
    t = time.time()
    cur.execute("SELECT count(*) FROM users")
    cur.fetchall()
    worst = max(worst, time.time() - t)
    time.sleep(0.02)
open(sys.argv[2], "w").write(f"{worst:.3f}\n")
PY
    local probe=$!
    children+=($probe)
    if [ "${1:-}" = psql ]; then
      "${PSQL[@]}" -d "$DB" -c "ALTER TABLE users ADD COLUMN nickname3 text" >"$WORK/last.out"
    else
      ss 0 run --lock-timeout 200 --retries 10 "$@"
    fi
    cp "$WORK/last.out" "$WORK/$label.out"
    wait "$probe"
    echo "     $label: longest probe query $(cat "$WORK/$label.probe") s (lock_timeout 200 ms)"
  }
  write migrations/100_add_nickname.up.sql <<'SQL'
ALTER TABLE users ADD COLUMN nickname text;
SQL
  probe_run wait-free
  contains wait-free.out "without queueing" && pass "the runner waited for the reader without queueing"
  check "no application query waited 150 ms" /usr/bin/python3 -c "import sys; sys.exit(0 if float(open('$WORK/wait-free.probe').read()) < 0.15 else 1)"
  write migrations/101_add_more.up.sql <<'SQL'
ALTER TABLE users ADD COLUMN nickname2 text;
SQL
  probe_run ask-at-once --wait-free 0 --retry-delay 100
  contains ask-at-once.out "attempt 1 of 11" && pass "asking at once: the lock timeout was retried"
  contains ask-at-once.out "retrying in [5-9][0-9] ms\|retrying in 100 ms" && pass "the first retry waits --retry-delay (with jitter)"
  check "no application query waited much longer than the lock_timeout" /usr/bin/python3 -c "import sys; sys.exit(0 if float(open('$WORK/ask-at-once.probe').read()) < 0.5 else 1)"
  probe_run plain-psql psql
  check "baseline: behind plain psql the application waits for the reader" /usr/bin/python3 -c "import sys; sys.exit(0 if float(open('$WORK/plain-psql.probe').read()) > 1.5 else 1)"
  check "every column added" test "$(q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname IN ('nickname', 'nickname2', 'nickname3')")" = 3
  ;;

crash_transaction)
  base_schema
  write migrations/100_slow.up.sql <<'SQL'
BEGIN;
ALTER TABLE users ADD COLUMN crash_col int;
SELECT pg_sleep(2);
COMMIT;
SQL
  (cd "$WORK" && exec "$BIN" run >"$WORK/killed.out" 2>&1) &
  runner=$!
  children+=($runner)
  sleep 1
  kill -9 "$runner"; wait "$runner" 2>/dev/null
  sleep 1.5  # the server notices the lost client (client_connection_check_interval) and rolls back
  check "nothing of the killed migration remains" test "$(q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'crash_col'")" = 0
  check "no history row for it" test "$(q "SELECT count(*) FROM schemashift.history")" = 0
  ss 0 run
  check "the next run applied it once" test "$(q "SELECT count(*) FROM schemashift.history WHERE status = 'success'")" = 1
  ;;

crash_index)
  base_schema
  write migrations/100_index.up.sql <<'SQL'
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_crash_idx ON users (email);
SQL
  # An open transaction with a snapshot: CONCURRENTLY waits for it before finishing.
  "${PSQL[@]}" -d "$DB" -c "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM users; SELECT pg_sleep(4); COMMIT;" >/dev/null &
  children+=($!)
  sleep 0.3
  (cd "$WORK" && exec "$BIN" run >"$WORK/killed.out" 2>&1) &
  runner=$!
  children+=($runner)
  sleep 1.2
  kill -9 "$runner"; wait "$runner" 2>/dev/null
  sleep 1.5
  check "the killed build left an INVALID index" test "$(q "SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('users_crash_idx') AND NOT indisvalid")" = 1
  check "status: interrupted" bash -c "cd '$WORK' && '$BIN' status | grep -q interrupted"
  sleep 3  # the blocking transaction ends
  ss 0 run
  contains last.out "dropped the INVALID index" && pass "the runner dropped it first"
  check "the index is valid now" test "$(q "SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('users_crash_idx') AND indisvalid")" = 1
  ;;

crash_backfill)
  "${PSQL[@]}" -d "$DB" -c "CREATE TABLE items (id bigint PRIMARY KEY, touched int NOT NULL DEFAULT 0, done boolean);
    INSERT INTO items (id) SELECT g FROM generate_series(1, 2000) g;" >/dev/null
  write migrations/100_backfill.up.sql <<'SQL'
DO $$
DECLARE last bigint := 0; upto bigint;
BEGIN
  LOOP
    SELECT max(id) INTO upto FROM (SELECT id FROM items WHERE id > last ORDER BY id LIMIT 200) b;
    EXIT WHEN upto IS NULL;
    UPDATE items SET touched = touched + 1, done = true WHERE id > last AND id <= upto AND done IS NULL;
    last := upto;
    COMMIT;
    RAISE NOTICE 'backfilled up to %', upto;
    PERFORM pg_sleep(0.2);
  END LOOP;
END $$;
SQL
  (cd "$WORK" && exec "$BIN" run >"$WORK/killed.out" 2>&1) &
  runner=$!
  children+=($runner)
  sleep 1
  kill -9 "$runner"; wait "$runner" 2>/dev/null
  sleep 1.5
  partial=$(q "SELECT count(*) FROM items WHERE done")
  echo "     rows done when killed: $partial of 2000"
  check "the kill interrupted the backfill part-way" test "$partial" -gt 0 -a "$partial" -lt 2000
  check "status: interrupted" bash -c "cd '$WORK' && '$BIN' status | grep -q interrupted"
  ss 0 run
  check "every row backfilled" test "$(q "SELECT count(*) FROM items WHERE done")" = 2000
  check "no row updated twice" test "$(q "SELECT count(*) FROM items WHERE touched <> 1")" = 0
  ;;

resume_backfill)
  # A backfill as scaffold writes it (ops/batched_update.cpp), on a table of 200,000 rows; a
  # trigger counts the updates of every row.
  write schema.sql <<'SQL'
CREATE TABLE items (id bigint PRIMARY KEY, n integer NOT NULL, label text, touched integer NOT NULL DEFAULT 0);
SQL
  write changes/900-items-label.yaml <<'YAML'
issue: 900
title: Label every item
purpose: Every item gets a label derived from its number, for the new catalogue page.
author: Test <test@example.com>
created: 2024-01-01T00:00:00Z
schema: ../schema.sql
rows:
  items: 200000
operations:
  - backfill:
      table: items
      set: {label: "'item-' || n"}
YAML
  (cd "$WORK" && "$BIN" scaffold --spec changes/900-items-label.yaml --format sql -q --out migrations/issue-900) || { fail "scaffold"; exit 1; }
  "${PSQL[@]}" -d "$DB" -f "$WORK/schema.sql" >/dev/null
  "${PSQL[@]}" -d "$DB" -c "INSERT INTO items (id, n) SELECT g, g FROM generate_series(1, 200000) g; ANALYZE items;
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN NEW.touched := OLD.touched + 1; RETURN NEW; END \$\$;
    CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();" >/dev/null
  (cd "$WORK" && exec "$BIN" run --batch-size 1000 --batch-delay 5ms >"$WORK/killed.out" 2>&1) &
  runner=$!
  children+=($runner)
  recorded=""
  for _ in $(seq 1 200); do  # up to 20 s
    recorded=$(q "SELECT resume_key->'key'->>0 FROM schemashift.history WHERE resume_key IS NOT NULL" 2>/dev/null)
    [ -n "$recorded" ] && break
    sleep 0.1
  done
  kill -9 "$runner"; wait "$runner" 2>/dev/null
  check "the history row recorded a key before the kill" test -n "$recorded"
  # The server notices the lost client within client_connection_check_interval (1 s) and
  # stops the block; batches committed until then recorded their keys as they went.
  for _ in $(seq 1 50); do
    [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'schemashift' AND datname = current_database()")" = 0 ] && break
    sleep 0.1
  done
  key=$(q "SELECT resume_key->'key'->>0 FROM schemashift.history")
  done_rows=$(q "SELECT count(*) FROM items WHERE label IS NOT NULL")
  echo "     killed after key $key: $done_rows of 200000 rows labelled"
  check "the kill interrupted the backfill part-way" test "$done_rows" -gt 0 -a "$done_rows" -lt 200000
  check "every row up to the recorded key is done, none after it (batch and record commit together)" test \
    "$(q "SELECT count(*) FROM items WHERE (id <= $key) <> (label IS NOT NULL)")" = 0
  check "the record counts what was done" test "$(q "SELECT resume_key->>'updated' FROM schemashift.history")" = "$done_rows"
  contains killed.out "backfill items: 1,000 of ~200,000 rows" && pass "progress was printed as plain lines (not a terminal)"
  check "status: interrupted" bash -c "cd '$WORK' && '$BIN' status | grep -q interrupted"
  ss 0 run --batch-size 1000 --batch-delay 5ms --format json
  contains last.err "its backfill after key $key" && pass "the plan says where it resumes"
  check "run JSON: the planned migration resumes after the recorded key" python3 -c "
import json,sys; d=json.load(open('$WORK/last.out'))
sys.exit(0 if d['ok'] and d['planned'][0]['resume_after_key']==['$key'] else 1)"
  check "the first progress event starts one batch after the recorded key, not at the first key" python3 -c "
import json,sys
events=[json.loads(l) for l in open('$WORK/last.err') if l.startswith('{')]
first=events[0]
print('     first event:', json.dumps(first))
ok = (first['event']=='backfill_progress' and first['resumed_after']==['$key'] and first['resumed_scanned']==$key
      and first['last']==[str($key + 1000)] and first['scanned']==$key + 1000 and events[-1]['done'])
sys.exit(0 if ok else 1)"
  check "every row labelled" test "$(q "SELECT count(*) FROM items WHERE label IS DISTINCT FROM 'item-' || n")" = 0
  check "no row updated twice" test "$(q "SELECT count(*) FROM items WHERE touched <> 1")" = 0
  check "history: one row, success, its key cleared" test \
    "$(q "SELECT count(*) || ' ' || string_agg(status, ',') || ' ' || bool_and(resume_key IS NULL) FROM schemashift.history")" = "1 success true"
  ;;

adaptive_backfill)
  # Batches sized by time (ops/batched_update.cpp): from the progress NOTICE of every batch
  # (schemashift.progress = on), the keys each one visited.
  write schema.sql <<'SQL'
CREATE TABLE items (id bigint PRIMARY KEY, n integer NOT NULL, label text, touched integer NOT NULL DEFAULT 0);
SQL
  write changes/901-items-label.yaml <<'YAML'
issue: 901
title: Label every item
purpose: Every item gets a label derived from its number, for the new catalogue page.
author: Test <test@example.com>
created: 2024-01-01T00:00:00Z
schema: ../schema.sql
settings:
  batch_time: 1s
  batch_max: 12000
  batch_pause: 0
operations:
  - backfill:
      table: items
      set: {label: "'item-' || n"}
YAML
  (cd "$WORK" && "$BIN" scaffold --spec changes/901-items-label.yaml --format sql -q --out migrations/issue-901) || { fail "scaffold"; exit 1; }
  file=$(ls "$WORK"/migrations/issue-901/sql/*.up.sql)
  fill_items() {
    "${PSQL[@]}" -d "$DB" -c "DROP TABLE IF EXISTS items" -f "$WORK/schema.sql" >/dev/null
    "${PSQL[@]}" -d "$DB" -c "INSERT INTO items (id, n) SELECT g, g FROM generate_series(1, 50000) g; ANALYZE items;
      CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN NEW.touched := OLD.touched + 1; RETURN NEW; END \$\$;
      CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();" >/dev/null
  }
  # batches.py NOTICES: the keys visited by each batch, from the running totals.
  write batches.py <<'PY'
import json, sys
events = [json.loads(l.split("schemashift:backfill ", 1)[1]) for l in open(sys.argv[1]) if "schemashift:backfill " in l]
sizes, before = [], 0
for e in events[:-1]:
    sizes.append(e["scanned"] - before)
    before = e["scanned"]
print(json.dumps({"sizes": sizes, "done": events[-1]["done"] if events else False, "scanned": before,
                  "updated": events[-1]["updated"] if events else 0}))
PY
  fill_items
  "${PSQL[@]}" -d "$DB" -c "SET schemashift.progress = 'on'" -f "$file" >/dev/null 2>"$WORK/adaptive.err" || fail "psql ran the backfill"
  result=$(python3 "$WORK/batches.py" "$WORK/adaptive.err")
  echo "     batches: $result"
  check "every key visited once and every row updated, then one done event" python3 -c "
import json,sys; r=json.loads('$result'); sys.exit(0 if r['done'] and r['scanned']==50000 and r['updated']==50000 else 1)"
  check "the first batch has batch_size (1000) keys, later ones more" python3 -c "
import json,sys; s=json.loads('$result')['sizes']; sys.exit(0 if s[0]==1000 and max(s)>1000 and s[1]>s[0] else 1)"
  check "a batch at most doubles, and never exceeds batch_max (12000)" python3 -c "
import json,sys; s=json.loads('$result')['sizes']; sys.exit(0 if all(b<=2*a and b<=12000 for a,b in zip(s,s[1:])) else 1)"
  check "every row labelled, none twice" test "$(q "SELECT count(*) FROM items WHERE label IS DISTINCT FROM 'item-' || n OR touched <> 1")" = 0
  fill_items
  "${PSQL[@]}" -d "$DB" -c "SET schemashift.progress = 'on'" -c "SET schemashift.batch_target_ms = 0" -f "$file" >/dev/null 2>"$WORK/fixed.err" || fail "psql ran the backfill"
  result=$(python3 "$WORK/batches.py" "$WORK/fixed.err")
  check "batch time 0: every batch has batch_size keys (50 of 1000)" python3 -c "
import json,sys; r=json.loads('$result'); sys.exit(0 if r['sizes']==[1000]*50 and r['done'] else 1)"
  fill_items
  ss 0 run --batch-time 50ms --batch-size 500 --format json
  check "run --batch-time: every row labelled once" test "$(q "SELECT count(*) FROM items WHERE label IS DISTINCT FROM 'item-' || n OR touched <> 1")" = 0
  check "run: the last progress event is done, after 50,000 keys" python3 -c "
import json,sys
events=[json.loads(l) for l in open('$WORK/last.err') if l.startswith('{')]
sys.exit(0 if events and events[-1]['done'] and events[-1]['scanned']==50000 else 1)"
  ss 2 run --batch-time 200
  contains last.err "--batch-time must be 0 or a duration with its unit" && pass "--batch-time without a unit: says how to write it"
  ;;

concurrent)
  base_schema
  write migrations/100_slow.up.sql <<'SQL'
ALTER TABLE users ADD COLUMN concurrent_col int;
SELECT pg_sleep(2);
SQL
  (cd "$WORK" && exec "$BIN" run >"$WORK/first.out" 2>&1) &
  first=$!
  children+=($first)
  sleep 0.5
  ss 6 run --lock-wait 300
  contains last.err "another schemashift run" && pass "the second run names the first"
  (cd "$WORK" && "$BIN" run --lock-wait 10000 >"$WORK/third.out" 2>&1)
  check "a run that waits long enough finds nothing left to do" grep -q "nothing to apply" "$WORK/third.out"
  wait "$first"
  check "the first run applied it" grep -q "Migration run Complete" "$WORK/first.out"
  check "applied exactly once" test "$(q "SELECT count(*) FROM schemashift.history")" = 1
  ;;

preflight)
  base_schema
  (cd "$WORK" && "$BIN" scaffold --spec "$SRC/samples/106-orders-customer-fk.yaml" --format sql -q --out migrations/issue-106) ||
    { fail "scaffold 106"; exit 1; }
  q "INSERT INTO orders (customer_id, total) VALUES (999001, 1), (999002, 2)" >/dev/null
  ss 7 run
  contains last.err "1 pre-flight check of 20240212101532_issue_106_migrate_validate_fk_orders_customer_id_fkey failed" &&
    pass "orphans stop the run before the validation"
  contains last.out "no orphans: every orders(customer_id) has a parent — orphans = 2" && pass "the check's result is printed"
  check "the two expand migrations stay applied" test "$(q "SELECT count(*) FROM schemashift.history WHERE status = 'success'")" = 2
  check "the validation was not sent" test "$(q "SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey'")" = f
  check "no history row for the refused migration" test "$(q "SELECT count(*) FROM schemashift.history WHERE version = '20240212101532'")" = 0
  ss 7 run --format json
  check "run JSON: the failed check with its rows" python3 -c "
import json,sys; d=json.load(open('$WORK/last.out'))
p=[c for c in d['preflight'] if not c['ok']]
sys.exit(0 if d['exit_code']==7 and len(p)==1 and p[0]['expect']=='zero' and p[0]['rows']==[['2']] and p[0]['columns']==['orphans'] else 1)"
  q "DELETE FROM orders WHERE customer_id >= 999001" >/dev/null
  ss 0 run
  contains last.out "orphans = 0" && pass "the check passes once the data is fixed"
  check "validated" test "$(q "SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey'")" = t

  # Duplicates before a unique index, NULLs ignored (they never conflict), rows shown.
  write changes/900-unique-name.yaml <<YAML
issue: 900
title: Unique user names
purpose: Profiles are looked up by name.
author: Test <test@example.com>
created: 2024-05-01T10:00:00Z
schema: $SRC/samples/schema.sql
operations:
  - add_index:
      table: users
      columns: [name]
      unique: true
YAML
  (cd "$WORK" && "$BIN" scaffold --issue 900 --changes changes --format sql -q --out migrations/issue-900) || fail "scaffold 900"
  q "UPDATE users SET name = 'Twin' WHERE id IN (1, 2)" >/dev/null
  ss 7 run
  contains last.out "no duplicates that would fail the unique index — 1 row" && contains last.out "Twin | 2" &&
    pass "duplicates stop the run and are listed"
  q "UPDATE users SET name = NULL WHERE id = 2" >/dev/null
  ss 0 run
  check "the unique index exists and is valid" test "$(q "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('users_name_idx')")" = t
  ;;

edited)
  base_schema
  write migrations/100_add.up.sql <<'SQL'
ALTER TABLE users ADD COLUMN edited_col int;
SQL
  ss 0 run
  echo "-- a comment added later" >>"$WORK/migrations/100_add.up.sql"
  ss 0 status
  contains last.out "modified" && pass "status shows the file as modified"
  write migrations/101_more.up.sql <<'SQL'
SELECT 1;
SQL
  ss 7 run
  contains last.err "changed since it was applied" && pass "run refuses and says why"
  ss 7 repair
  contains last.err "needs confirmation" && pass "repair off a terminal needs --yes"
  ss 0 repair --dry-run --format json
  check "repair JSON lists the file" python3 -c "
import json,sys; d=json.load(open('$WORK/last.out'))
sys.exit(0 if [m['version'] for m in d['modified']]==['100'] and not d['modified'][0]['accepted'] else 1)"
  ss 0 repair --yes
  contains last.out "accepted 1 file" && pass "repair accepts the edited file"
  check "the old checksum is kept" test "$(q "SELECT count(*) FROM schemashift.checksum_changes WHERE version = '100'")" = 1
  ss 0 status
  contains last.out "0 modified" && pass "status: nothing modified any more"
  ss 0 run
  check "run goes on after repair" test "$(q "SELECT count(*) FROM schemashift.history WHERE version = '101' AND status = 'success'")" = 1
  ;;

errors)
  base_schema
  mkdir -p "$WORK/migrations"
  (cd "$WORK" && env -u DATABASE_URL "$BIN" status >"$WORK/last.out" 2>"$WORK/last.err"); code=$?
  check "no DATABASE_URL: exit 3" test "$code" = 3
  contains last.err "DATABASE_URL" && pass "says how to set it"
  ss 3 status --database-url "postgresql://nobody:secret@/nodb?host=/nonexistent&port=1&connect_timeout=2"
  check "the password never appears" bash -c "! grep -q secret '$WORK/last.err'"
  # A wrong password (the test cluster asks ss_password_user for one; see pg-test-cluster.sh).
  "${PSQL[@]}" -d postgres -c "DO \$\$ BEGIN CREATE ROLE ss_password_user LOGIN PASSWORD 'right'; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" >/dev/null
  if grep -q ss_password_user "$("${PSQL[@]}" -d postgres -At -c 'SHOW hba_file')" 2>/dev/null; then
    ss 3 status --database-url "postgresql://ss_password_user:wrong-secret@/$DB?host=$PGHOST&port=$PGPORT"
    contains last.err "password authentication failed" && pass "a wrong password: its own message"
    check "the wrong password never appears" bash -c "! grep -q wrong-secret '$WORK/last.err' '$WORK/last.out'"
  else
    echo "     (skipped: this cluster predates the password role in pg_hba.conf)"
  fi
  # A role that may not create the history schema.
  "${PSQL[@]}" -d postgres -c "DO \$\$ BEGIN CREATE ROLE ss_limited LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" >/dev/null
  write migrations/099_first.up.sql <<'SQL'
SELECT 1;
SQL
  ss 3 run --database-url "postgresql://ss_limited@/$DB?host=$PGHOST&port=$PGPORT"
  contains last.err "cannot create the history schema" && contains last.err "needs CREATE" && pass "no permission for the history schema: says which grant"
  rm "$WORK/migrations/099_first.up.sql"
  write migrations/100_ok.up.sql <<'SQL'
ALTER TABLE users ADD COLUMN e1 int;
SQL
  write migrations/101_bad.up.sql <<'SQL'
ALTER TABLE users ADD COLUMN e2 int;
SELEC 1;
SQL
  ss 2 run
  contains last.err "101_bad.up.sql:2:1" && pass "syntax error at file:line:col"
  check "nothing applied" test "$(q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'e1'")" = 0
  rm "$WORK/migrations/101_bad.up.sql"
  ss 2 run --to 999
  ss 2 run --batch-size 0
  contains last.err "--batch-size must be a whole number of rows from 1 to 1,000,000, not \"0\"" && pass "--batch-size 0: says what is allowed"
  ss 2 run --batch-size lots
  ss 2 run --batch-delay 5
  contains last.err "--batch-delay must be 0 or a duration with its unit" && pass "--batch-delay without a unit: says how to write it"
  ss 2 run --batch-delay fast
  ss 0 run
  "${PSQL[@]}" -d "$DB" -c "ALTER TABLE users SET (autovacuum_enabled = false); UPDATE pg_class SET reltuples = 50000000, relpages = 1000000 WHERE oid = 'users'::regclass" >/dev/null
  write migrations/102_window.up.sql <<'SQL'
ALTER TABLE users ALTER COLUMN email TYPE text USING lower(email);
SQL
  ss 4 run
  contains last.err "REQUIRES_MAINTENANCE_WINDOW" && pass "a rewrite of 50M rows needs --maintenance-window"
  rm "$WORK/migrations/102_window.up.sql"
  write migrations/102_blocked.up.sql <<'SQL'
ALTER TABLE users ADD COLUMN never int NOT NULL;
SQL
  ss 1 run
  contains last.err "BLOCKED" && pass "BLOCKED is refused with its reasons"
  check "nothing of it applied" test "$(q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'never'")" = 0
  rm "$WORK/migrations/102_blocked.up.sql"
  write migrations/103_issue_9_contract_drop.up.sql <<'SQL'
ALTER TABLE users DROP COLUMN e1;
SQL
  ss 7 run
  contains last.err "contract" && pass "contract phase needs --contract"
  write migrations/100_ok.down.sql <<'SQL'
ALTER TABLE users DROP COLUMN e1;
SQL
  ss 7 revert
  contains last.err "pass --yes" && pass "revert off a terminal needs --yes"
  contains last.out "cannot come back" && pass "the warning names what the down file drops"
  ss 0 revert --yes
  check "reverted" test "$(q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'e1' AND NOT attisdropped")" = 0
  ;;

live_schema)
  # Pending files are judged on the database's own schema: a table created before the
  # migrations folder existed, widened from varchar(64), is catalog-only and runs; judged
  # from the folder alone the current type would be unknown and a rewrite assumed (exit 4).
  # A real rewrite (integer -> bigint of 300,000 rows) still needs the maintenance window.
  q "CREATE TABLE accounts (id bigint PRIMARY KEY, handle varchar(64), age integer);
     INSERT INTO accounts SELECT g, 'h' || g, g % 90 FROM generate_series(1, 300000) AS g; ANALYZE accounts;" >/dev/null
  write migrations/100_widen.up.sql <<'SQL'
SET lock_timeout = '500ms';
ALTER TABLE accounts ALTER COLUMN handle TYPE varchar(255);
SQL
  write migrations/100_widen.down.sql <<'SQL'
ALTER TABLE accounts ALTER COLUMN handle TYPE varchar(64);
SQL
  ss 0 run
  contains last.out "ACCESS EXCLUSIVE on accounts (catalog only)" && pass "judged on the live schema: catalog only"
  check "widened" test "$(q "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'handle'")" = "character varying(255)"
  write migrations/200_age.up.sql <<'SQL'
SET lock_timeout = '500ms';
ALTER TABLE accounts ALTER COLUMN age TYPE bigint;
SQL
  ss 4 run
  contains last.err "REQUIRES_MAINTENANCE_WINDOW" && pass "integer -> bigint is still a rewrite"
  check "not applied" test "$(q "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'age'")" = integer
  rm "$WORK/migrations/200_age.up.sql"
  # Reading a column default (pg_get_expr) waits behind an ACCESS EXCLUSIVE lock on its
  # table: the catalog read gives up after 2 s, says so, and the run goes on judged from
  # the folder (here a file that does not touch the locked table).
  q "ALTER TABLE accounts ADD COLUMN note text DEFAULT 'n'; CREATE TABLE other (id bigint PRIMARY KEY)" >/dev/null
  write migrations/300_other.up.sql <<'SQL'
SET lock_timeout = '500ms';
ALTER TABLE other ADD COLUMN label text;
SQL
  "${PSQL[@]}" -d "$DB" -c "BEGIN; LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(6); COMMIT;" >/dev/null 2>&1 &
  children+=($!)
  sleep 0.5
  started=$(date +%s)
  ss 0 run
  check "the run did not wait for the lock" test $(($(date +%s) - started)) -lt 5
  contains last.err "judged from their folders alone" && pass "the unread catalog is reported"
  ;;

*)
  echo "unknown case $CASE"; exit 2 ;;
esac

if [ "$failures" -gt 0 ]; then echo "FAIL $CASE $ARG: $failures check(s)"; exit 1; fi
echo "PASS $CASE $ARG"
