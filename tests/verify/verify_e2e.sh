#!/usr/bin/env bash
# `schemashift verify` end to end (the e2e cluster: PGHOST/PGPORT/PGUSER from the environment).
#
#   tests/verify/verify_e2e.sh BIN SRC sample SPEC   the sample rehearsed: exit 0, no mismatch
#   tests/verify/verify_e2e.sh BIN SRC catches       broken migrations, each caught with its exit code
#   tests/verify/verify_e2e.sh BIN SRC scratch-server  the private server: used, then gone (also after kill -9)
#   tests/verify/verify_e2e.sh BIN SRC layouts       --dir in every layout lint reads
#   tests/verify/verify_e2e.sh BIN SRC blocked       a BLOCKED migration rehearsed, its verdict reported
# Prints one line per check; exit 0 when every check passed.
set -Euo pipefail

BIN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/verify_e2e.XXXXXX")
failures=0
export NO_COLOR=1
unset DATABASE_URL
trap '[ -n "${KEEP_DB:-}" ] || rm -rf "$WORK"' EXIT
SCRATCH="postgresql://${PGUSER:-postgres}@/postgres?host=$PGHOST&port=$PGPORT"

pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# ss EXPECTED_EXIT ARGS...: schemashift in $WORK, output in $WORK/last.out/.err.
ss() {
  local expected=$1; shift
  (cd "$WORK" && "$BIN" "$@" >"$WORK/last.out" 2>"$WORK/last.err" </dev/null)
  local code=$?
  if [ "$code" = "$expected" ]; then
    pass "schemashift $* -> exit $code"
  else
    fail "schemashift $* -> exit $code, expected $expected"
    sed 's/^/     | /' "$WORK/last.out" "$WORK/last.err" | tail -40
  fi
}
contains() { grep -qF -- "$2" "$WORK/$1" && pass "$1 says: $2" || { fail "$1 lacks: $2"; sed 's/^/     | /' "$WORK/$1" | tail -30; }; }
# The scratch database named in the last output is gone (other tests may have theirs).
scratch_database_dropped() {
  local name
  name=$(grep -o 'schemashift_verify_[0-9_]*' "$WORK/last.out" | head -1)
  [ -n "$name" ] || { fail "the output names no scratch database"; return; }
  local left
  left=$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$name'")
  [ "$left" = 0 ] && pass "scratch database $name dropped" || fail "scratch database $name left on the server"
}

# A folder of hand-written migrations in the runner's layout (issue-N/sql, verify.sql).
# mig VERSION NAME UP DOWN
mig() {
  mkdir -p "$WORK/$DIR/issue-7/sql"
  printf '%s\n' "$3" >"$WORK/$DIR/issue-7/sql/$1_issue_7_$2.up.sql"
  [ -z "$4" ] || printf '%s\n' "$4" >"$WORK/$DIR/issue-7/sql/$1_issue_7_$2.down.sql"
}

case $CASE in
sample)
  spec=$4
  ss 0 verify --spec "$spec" --seed "$SRC/samples/seed.sql" --scratch-url "$SCRATCH" --format json
  python3 - "$WORK/last.out" <<'PY' && pass "json: ok, every statement traced, zero mismatches" || fail "json report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is True, r
assert r["mismatches"] == 0, r["mismatches"]
assert r["catalog_differences"] == [], r["catalog_differences"]
for m in r["migrations"]:
    assert m["up"] == "ok" and m["down"] == "ok" and m["up_again"] == "ok", m
    for s in m["statements"]:
        assert s["traced"] != "not traced", s
assert all(c["ok"] for c in r["checks"]), r["checks"]
PY
  scratch_database_dropped
  ;;

catches)
  # 1. A down that fails.
  DIR=broken-down
  mig 1 create "CREATE TABLE t (id int PRIMARY KEY, email text);" "DROP TABLE t;"
  mig 2 index "CREATE INDEX t_email_idx ON t (email);" "DROP INDEX no_such_index;"
  ss 5 verify --dir "$WORK/$DIR" --scratch-url "$SCRATCH"
  contains last.out "down failed"
  contains last.out "no_such_index"
  # 2. A down that forgets an index on a table that was there before the change (the
  # starting schema comes from --seed here: a folder starts from an empty database).
  DIR=forgets-index
  printf 'CREATE TABLE keep (id int PRIMARY KEY, email text);\n' >"$WORK/keep.sql"
  mig 1 column "ALTER TABLE keep ADD COLUMN name text;" "ALTER TABLE keep DROP COLUMN name;"
  mig 2 index "CREATE INDEX keep_email_idx ON keep (email);" "SELECT 1;"
  ss 5 verify --dir "$WORK/$DIR" --seed "$WORK/keep.sql" --scratch-url "$SCRATCH" --format json
  python3 - "$WORK/last.out" <<'PY' && pass "json: the index the down forgot is listed, and under its migration" || fail "json: forgotten index"
import json, sys
r = json.load(open(sys.argv[1]))
# (the up again then fails too: the index it creates is still there)
assert r["ok"] is False and r["failed_step"] in (None, "up again"), r
assert [d["object"] for d in r["catalog_differences"]] == ["index public.keep_email_idx"], r["catalog_differences"]
m = [m for m in r["migrations"] if m["name"].endswith("_index")][0]
assert [d["object"] for d in m["catalog_differences"]] == ["index public.keep_email_idx"], m
PY
  ss 5 verify --dir "$WORK/$DIR" --seed "$WORK/keep.sql" --scratch-url "$SCRATCH"
  contains last.out "catalog after every down differs"
  contains last.out "+ index public.keep_email_idx"
  # 3. A lock stronger than predicted: a function takes ACCESS EXCLUSIVE where the analyser
  # sees a plain SELECT.
  DIR=hidden-lock
  mig 1 create "CREATE TABLE t (id int PRIMARY KEY);
CREATE FUNCTION lock_t() RETURNS void LANGUAGE plpgsql AS \$\$ BEGIN LOCK TABLE t IN ACCESS EXCLUSIVE MODE; END \$\$;" \
    "DROP FUNCTION lock_t(); DROP TABLE t;"
  mig 2 lock "SELECT lock_t();" "SELECT 1;"
  ss 1 verify --dir "$WORK/$DIR" --scratch-url "$SCRATCH"
  contains last.out "public.t: took ACCESS EXCLUSIVE, which the prediction does not name"
  contains last.out "[unpredicted-lock]"
  # 4. A failing verification check.
  DIR=failing-check
  mig 1 create "CREATE TABLE t (id int PRIMARY KEY, score int);" "DROP TABLE t;"
  printf "SELECT 'every row has a score' AS check_name, NOT EXISTS (SELECT 1 FROM t WHERE score IS NULL) AS ok;\nSELECT 't has a row' AS check_name, EXISTS (SELECT 1 FROM t) AS ok;\n" \
    >"$WORK/$DIR/issue-7/verify.sql"
  ss 5 verify --dir "$WORK/$DIR" --scratch-url "$SCRATCH" --format markdown
  contains last.out "| t has a row | ✗"
  contains last.out "**Not verified.**"
  scratch_database_dropped
  ;;

scratch-server)
  # A TMPDIR of its own, so other tests' temporary directories do not count; the server
  # runs as `postgres` when this runs as root, and must be able to enter it.
  chmod 755 "$WORK"
  mkdir -m 755 "$WORK/tmp"
  export TMPDIR=$WORK/tmp
  DIR=plain
  mig 1 create "CREATE TABLE t (id int PRIMARY KEY, email text);" "DROP TABLE t;"
  mig 2 index "CREATE INDEX CONCURRENTLY t_email_idx ON t (email);" "DROP INDEX CONCURRENTLY t_email_idx;"
  before=$(ls -d "${TMPDIR:-/tmp}"/schemashift-verify-* 2>/dev/null | wc -l)
  ss 0 verify --dir "$WORK/$DIR"
  contains last.out "on a scratch PostgreSQL 15"
  contains last.out "verified: 2 migrations"
  after=$(ls -d "${TMPDIR:-/tmp}"/schemashift-verify-* 2>/dev/null | wc -l)
  [ "$after" = "$before" ] && pass "the scratch server's directory is gone" || fail "scratch directories: $before before, $after after"
  # kill -9 while it works: the watchdog still removes the server and its directory.
  mig 3 slow "SELECT pg_sleep(30);" "SELECT 1;"
  (cd "$WORK" && exec "$BIN" verify --dir "$WORK/$DIR" >/dev/null 2>&1) &
  pid=$!
  for _ in $(seq 1 100); do
    [ "$(ls -d "${TMPDIR:-/tmp}"/schemashift-verify-*/data/postmaster.pid 2>/dev/null | wc -l)" -gt "$before" ] && break
    sleep 0.2
  done
  sleep 2
  kill -9 "$pid"
  wait "$pid" 2>/dev/null
  gone=no
  for _ in $(seq 1 100); do
    [ "$(ls -d "${TMPDIR:-/tmp}"/schemashift-verify-* 2>/dev/null | wc -l)" = "$before" ] && { gone=yes; break; }
    sleep 0.2
  done
  [ $gone = yes ] && pass "after kill -9 the scratch server and its directory are gone" || fail "kill -9 left a scratch server behind"
  ! pgrep -f "postgres -D ${TMPDIR:-/tmp}/schemashift-verify-" >/dev/null && pass "no scratch postgres process left" ||
    fail "a scratch postgres process is left"
  ;;
layouts)
  # --dir reads every layout `lint` reads, in its tool's apply order; downs are rehearsed
  # back to the newest migration without one.
  f() { mkdir -p "$(dirname "$WORK/$1")"; printf '%s\n' "$2" >"$WORK/$1"; }
  f psql/001_create.sql '\set ON_ERROR_STOP on
CREATE TABLE t (id int PRIMARY KEY, email text);'
  f psql/002_index.sql '\set ON_ERROR_STOP on
CREATE INDEX CONCURRENTLY t_email_idx ON t (email);'
  ss 0 verify --dir "$WORK/psql" --scratch-url "$SCRATCH"
  contains last.out "psql (sql)"
  contains last.out "down: not rehearsed, the newest migration 0002_002_index.sql has no down file"
  contains last.out "verified: 2 migrations, 2 statements traced, 0 lock mismatches"

  f flyway/V1__create.sql 'CREATE TABLE t (id int PRIMARY KEY, email text);'
  f flyway/V1.1__add_name.sql 'ALTER TABLE t ADD COLUMN name text;'
  f flyway/U1.1__add_name.sql 'ALTER TABLE t DROP COLUMN name;'
  f flyway/V2__index.sql 'CREATE INDEX CONCURRENTLY t_email_idx ON t (email);'
  f flyway/U2__index.sql 'DROP INDEX CONCURRENTLY t_email_idx;'
  f flyway/R__view.sql 'CREATE OR REPLACE VIEW t_names AS SELECT id, name FROM t;'
  ss 0 verify --dir "$WORK/flyway" --scratch-url "$SCRATCH" --format json
  python3 - "$WORK/last.out" <<'PY' && pass "flyway: apply order V1, V1.1, V2, R__; no down for the repeatable" || fail "flyway layout"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is True, r
assert [m["name"] for m in r["migrations"]] == ["0001_V1__create.sql", "0002_V1.1__add_name.sql", "0003_V2__index.sql", "0004_R__view.sql"], r["migrations"]
assert r["downs_rehearsed"] == 0 and r["downs_stop_at"] == "0004_R__view.sql", r
PY
  rm "$WORK/flyway/R__view.sql"
  ss 0 verify --dir "$WORK/flyway" --scratch-url "$SCRATCH"
  contains last.out "down: the newest 2 migrations, back to 0001_V1__create.sql, which has no down file"
  contains last.out "catalog after every down: identical"

  f sqlx/Cargo.toml '[package]'
  f sqlx/migrations/20240101000000_create.up.sql 'CREATE TABLE t (id int PRIMARY KEY, email text);'
  f sqlx/migrations/20240101000000_create.down.sql 'DROP TABLE t;'
  f sqlx/migrations/20240102000000_index.up.sql '-- no-transaction
CREATE INDEX CONCURRENTLY t_email_idx ON t (email);'
  f sqlx/migrations/20240102000000_index.down.sql '-- no-transaction
DROP INDEX CONCURRENTLY t_email_idx;'
  f sqlx/migrations/20240103000000_seed.sql "INSERT INTO t VALUES (1, 'a@example.com');"
  ss 0 verify --dir "$WORK/sqlx/migrations" --scratch-url "$SCRATCH"
  contains last.out "(sqlx)"
  contains last.out "down: not rehearsed, the newest migration 0003_20240103000000_seed.sql has no down file"

  f popx/20240101000000_create.postgres.up.sql 'CREATE TABLE t (id int PRIMARY KEY);'
  f popx/20240101000000_create.postgres.down.sql 'DROP TABLE t;'
  f popx/20240101000000_create.mysql.up.sql 'CREATE TABLE t (id int PRIMARY KEY) ENGINE=InnoDB;'
  f popx/20240101000000_create.mysql.down.sql 'DROP TABLE t;'
  f popx/20240102000000_name.up.sql 'ALTER TABLE t ADD COLUMN name text;'
  f popx/20240102000000_name.down.sql 'ALTER TABLE t DROP COLUMN name;'
  ss 0 verify --dir "$WORK/popx" --scratch-url "$SCRATCH"
  contains last.out "(popx)"
  contains last.out "verified: 2 migrations"
  contains last.out "catalog after every down: identical"

  f diesel/migrations/2024-01-01-000000_create/up.sql 'CREATE TABLE t (id int PRIMARY KEY, name varchar(64));'
  f diesel/migrations/2024-01-01-000000_create/down.sql 'DROP TABLE t;'
  f diesel/migrations/2024-01-02-000000_widen/up.sql 'ALTER TABLE t ALTER COLUMN name TYPE varchar(255);'
  f diesel/migrations/2024-01-02-000000_widen/down.sql 'ALTER TABLE t ALTER COLUMN name TYPE varchar(64);'
  ss 0 verify --dir "$WORK/diesel/migrations" --scratch-url "$SCRATCH"
  contains last.out "(diesel)"
  # one history across the folders: the widening is known to be catalog-only
  contains last.out "verified: 2 migrations, 2 statements traced, 0 lock mismatches"

  f golang/000001_create.up.sql 'CREATE TABLE t (id int PRIMARY KEY);'
  f golang/000001_create.down.sql 'DROP TABLE t;'
  f golang/000002_name.up.sql 'ALTER TABLE t ADD COLUMN name text;'
  f golang/000002_name.down.sql 'ALTER TABLE t DROP COLUMN name;'
  ss 0 verify --dir "$WORK/golang" --scratch-url "$SCRATCH"
  contains last.out "verified: 2 migrations"
  contains last.out "catalog after every down: identical"
  ;;

blocked)
  # A BLOCKED migration (a DROP COLUMN outside a contract file): `run` refuses it, verify
  # rehearses it and says so.
  DIR=blocked
  mig 1 create "CREATE TABLE t (id int PRIMARY KEY, legacy text);" "DROP TABLE t;"
  mig 2 drop "ALTER TABLE t DROP COLUMN legacy;" "ALTER TABLE t ADD COLUMN legacy text;"
  ss 0 verify --dir "$WORK/$DIR" --scratch-url "$SCRATCH"
  contains last.out "lint verdict BLOCKED (\`run\` refuses it; rehearsed here to show its real locks): line 1: DROP COLUMN t.legacy"
  contains last.out "[ban-drop-column]"
  contains last.out "verified: 2 migrations"
  ss 0 verify --dir "$WORK/$DIR" --scratch-url "$SCRATCH" --format json
  python3 - "$WORK/last.out" <<'PY' && pass "json: the verdict next to the result" || fail "json verdict"
import json, sys
r = json.load(open(sys.argv[1]))
m = [m for m in r["migrations"] if m["name"].endswith("_drop")][0]
assert m["verdict"] == "BLOCKED" and m["up"] == "ok" and m["verdict_reasons"], m
PY
  ;;
*) echo "unknown case $CASE" >&2; exit 2 ;;
esac

[ "$failures" = 0 ] && echo "all checks passed" || echo "$failures check(s) failed"
[ "$failures" = 0 ]
