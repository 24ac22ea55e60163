#!/usr/bin/env bash
# End-to-end check of one framework backend against a real PostgreSQL, with the real tool.
#
#   tests/e2e/frameworks/framework_roundtrip.sh BIN SPEC FRAMEWORK [WORKDIR]
#       runs `BIN scaffold --spec SPEC --out WORKDIR/out` (every format) and tests the
#       FRAMEWORK directory of its output; exits 77 (SKIP) when there is none
#   tests/e2e/frameworks/framework_roundtrip.sh --dir OUT SCHEMA_SQL FRAMEWORK [WORKDIR]
#       tests an existing output directory OUT (OUT/sql and OUT/<framework>), no scaffold
#
# FRAMEWORK: flyway, sqlx, liquibase, alembic or rails; run_<FRAMEWORK>.sh does the work.
# Connects with PGHOST/PGPORT/PGUSER from the environment (see scripts/pg-test-cluster.sh).
# Steps: scaffold -> run_<fw>.sh check (names, XSD, syntax) -> fresh scratch database with
# the base schema (the spec's `schema:`) and SEED_SQL -> snapshot "before" -> reference:
# a copy of that database (CREATE DATABASE ... TEMPLATE) gets OUT/sql/*.up.sql with
# psql -v ON_ERROR_STOP=1 -f in file-name order, its snapshot is "expected" -> framework
# up -> snapshot must equal "expected" -> framework down -> snapshot must equal "before".
# Snapshots: src/verify/catalog_snapshot.sql, which leaves out the frameworks' bookkeeping tables.
# Any error or warning the tool prints fails (see the runners).
# One line per step; the last line is `PASS <label>`, `SKIP <label>: <why>` or
# `FAIL <label>: <reason>`; exit 0, 77 or 1.
#
# Environment:
#   KEEP_DB=1        keep the scratch databases (and WORKDIR) for inspection
#   SCHEMA_SQL=path  base schema to load instead of the spec's `schema:`
#   SEED_SQL=path    extra SQL (rows) run after the schema
#   SQL_DIR=dir      reference migrations instead of OUT/sql
#   DB_NAME=name     scratch database name (default e2e_<fw>_<spec name>); the reference
#                    copy is <name>_ref
#   STEP_TIMEOUT=s   limit for each step, default 300
#   PSQL=path        psql binary, default psql
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DUMP=$here/../../../src/verify/catalog_snapshot.sql
PSQL=${PSQL:-psql}
STEP_TIMEOUT=${STEP_TIMEOUT:-300}
export STEP_TIMEOUT PSQL
SKIP_CODE=77
FRAMEWORKS="flyway sqlx liquibase alembic rails"

usage() { sed -n '2,8s/^# \{0,1\}//p' "$0" >&2; exit 2; }

slug() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | sed -E 's/[^a-z0-9_]+/_/g' | cut -c1-"${2:-50}"; }

if [ "${1:-}" = "--dir" ]; then
  [ $# -ge 4 ] && [ $# -le 5 ] || usage
  mode=dir
  OUT=$2
  schema=$3
  fw=$4
  workdir=${5:-}
  label="$fw $OUT"
  db_default=e2e_${fw}_$(slug "$(basename "$(cd "$OUT" 2>/dev/null && pwd || echo "$OUT")")" 30)
else
  [ $# -ge 3 ] && [ $# -le 4 ] || usage
  mode=spec
  BIN=$1
  SPEC=$2
  fw=$3
  workdir=${4:-}
  label="$fw $SPEC"
  db_default=e2e_${fw}_$(slug "$(basename "$SPEC" | sed -E 's/\.ya?ml$//')" 30)
  schema=${SCHEMA_SQL:-}
fi
case " $FRAMEWORKS " in
  *" $fw "*) ;;
  *) echo "unknown framework '$fw' (one of: $FRAMEWORKS)" >&2; exit 2 ;;
esac
runner=$here/run_$fw.sh
DB=${DB_NAME:-$db_default}
REF_DB=${DB}_ref
created_workdir=0
logs=""

# ---------------------------------------------------------------- reporting and cleanup
result=""
reason=""
dbs_created=()
step_no=0
err_where=""
trap 'err_where="line $LINENO: $BASH_COMMAND"' ERR

drop_db() {
  "$PSQL" -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1 ||
    echo "warning: could not drop database $1"
}

cleanup() {
  local d
  for d in "${dbs_created[@]}"; do
    if [ "${KEEP_DB:-0}" = 1 ]; then
      echo "kept database $d (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-}): psql -d $d"
    else
      drop_db "$d"
    fi
  done
  if [ -n "${logs:-}" ]; then
    if [ "$created_workdir" = 1 ] && [ "$result" != FAIL ] && [ "${KEEP_DB:-0}" != 1 ]; then
      rm -rf "$workdir"
    elif [ "$result" = FAIL ] || [ "${KEEP_DB:-0}" = 1 ]; then
      echo "logs and catalog snapshots: $workdir"
    fi
  fi
}

on_exit() {
  local rc=$?
  trap - EXIT ERR
  if [ -z "$result" ]; then
    result=FAIL
    reason="unexpected error (exit $rc) at ${err_where:-unknown place}"
  fi
  cleanup
  case $result in
    PASS) echo "PASS $label"; exit 0 ;;
    SKIP) echo "SKIP $label: $reason"; exit $SKIP_CODE ;;
  esac
  echo "FAIL $label: $reason"
  exit 1
}
trap on_exit EXIT
trap "exit 143" TERM
trap "exit 130" INT

fail() { result=FAIL; reason=$1; exit 1; }
skip() { result=SKIP; reason=$1; exit "$SKIP_CODE"; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# run_step DESCRIPTION COMMAND...: output goes to a log file, printed only on failure.
last_log=""
run_step() {
  local desc=$1; shift
  step_no=$((step_no + 1))
  last_log=$logs/$(printf '%02d' "$step_no")-$(slug "$desc").log
  local t0 rc=0
  t0=$(now_ms)
  "$@" >"$last_log" 2>&1 || rc=$?
  local dt=$(( $(now_ms) - t0 ))
  if [ "$rc" -ne 0 ]; then
    echo "step $step_no: $desc ... FAILED (exit $rc, $dt ms)"
    sed 's/^/    | /' "$last_log"
    return 1
  fi
  echo "step $step_no: $desc ... ok ($dt ms)"
}

pq() { local db=$1; shift; timeout "$STEP_TIMEOUT" "$PSQL" -X -v ON_ERROR_STOP=1 -d "$db" "$@"; }
snapshot() { pq "$1" -At -f "$DUMP" >"$workdir/$2.catalog"; }
create_db() {  # create_db NAME TEMPLATE
  "$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres \
    -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" \
    -c "CREATE DATABASE \"$1\" TEMPLATE \"$2\""
}
# compare EXPECTED ACTUAL LABEL_EXPECTED LABEL_ACTUAL: diff -u printed when they differ
compare() {
  if ! diff -u --label "$3" --label "$4" "$workdir/$1.catalog" "$workdir/$2.catalog" \
      >"$workdir/$2.diff"; then
    sed 's/^/    | /' "$workdir/$2.diff"
    return 1
  fi
}
ndiff() { grep -c '^[-+][^-+]' "$workdir/$1.diff" || true; }

# ---------------------------------------------------------------- inputs
if [ -z "$workdir" ]; then
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/framework_roundtrip.XXXXXX")
  created_workdir=1
fi
mkdir -p "$workdir" || fail "cannot create $workdir"
workdir=$(cd "$workdir" && pwd)
logs=$workdir/logs
rm -rf "$logs" "$workdir"/*.catalog "$workdir"/*.diff "$workdir/tmp"
mkdir -p "$logs"
export FW_TMP=$workdir/tmp

[ -x "$runner" ] || fail "$runner not found"
if [ "$mode" = dir ]; then
  [ -d "$OUT" ] || fail "directory $OUT not found"
  OUT=$(cd "$OUT" && pwd)
else
  OUT=$workdir/out
  [ -x "$BIN" ] || fail "schemashift binary $BIN not found or not executable"
  [ -f "$SPEC" ] || fail "spec $SPEC not found"
  if [ -z "$schema" ]; then
    # `schema: path` (optionally quoted, optionally followed by a # comment), relative to the spec.
    schema=$(sed -n -E "s/^schema:[[:space:]]*[\"']?([^\"'#]*[^\"'#[:space:]])[\"']?[[:space:]]*(#.*)?\$/\\1/p" "$SPEC" | head -n1)
    [ -n "$schema" ] || fail "no top-level 'schema:' key in $SPEC"
    case $schema in
      /*) ;;
      *) schema=$(dirname "$SPEC")/$schema ;;
    esac
  fi
fi
[ -f "$schema" ] || fail "base schema $schema not found"
[ -f "$DUMP" ] || fail "$DUMP not found"

# ---------------------------------------------------------------- generate
if [ "$mode" = spec ]; then
  rm -rf "$OUT"
  run_step "scaffold (all formats)" \
    timeout "$STEP_TIMEOUT" "$BIN" scaffold --spec "$SPEC" --out "$OUT" ||
    fail "schemashift scaffold failed"
  if [ ! -d "$OUT/$fw" ]; then
    skip "the scaffold output has no $fw/ directory (the $fw backend has not landed yet)"
  fi
fi
[ -d "$OUT/$fw" ] || fail "no $OUT/$fw directory"

SQL_DIR=${SQL_DIR:-$OUT/sql}
[ -d "$SQL_DIR" ] || fail "no reference directory $SQL_DIR"
SQL_DIR=$(cd "$SQL_DIR" && pwd)
mapfile -t ups < <(cd "$SQL_DIR" && find . -maxdepth 1 -type f -name '*.up.sql' -printf '%f\n' | LC_ALL=C sort)
[ ${#ups[@]} -gt 0 ] || fail "no *.up.sql files in $SQL_DIR"

run_step "$fw: static checks (run_$fw.sh check)" "$runner" check "$OUT/$fw" ||
  fail "$fw: static checks failed: $(tail -n1 "$last_log")"

# ---------------------------------------------------------------- databases
run_step "connect to PostgreSQL (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-})" \
  timeout 30 "$PSQL" -X -At -d postgres -c 'SELECT version()' || fail "cannot connect to PostgreSQL"
run_step "create scratch database $DB" create_db "$DB" template0 || fail "cannot create database $DB"
dbs_created+=("$DB")
run_step "load base schema $schema" pq "$DB" -q -f "$schema" || fail "base schema $schema does not load"
if [ -n "${SEED_SQL:-}" ]; then
  run_step "load seed $SEED_SQL" pq "$DB" -q -f "$SEED_SQL" || fail "seed $SEED_SQL does not load"
fi
run_step "snapshot catalog (before)" snapshot "$DB" before || fail "catalog snapshot failed"

# ---------------------------------------------------------------- reference: the sql backend
run_step "reference database $REF_DB (copy of $DB)" create_db "$REF_DB" "$DB" ||
  fail "cannot create database $REF_DB"
dbs_created+=("$REF_DB")
for u in "${ups[@]}"; do
  run_step "reference: apply sql/$u" pq "$REF_DB" -q -f "$SQL_DIR/$u" ||
    fail "reference: sql/$u failed (the sql backend itself is broken: see e2e:sql)"
done
run_step "snapshot catalog (expected: after the sql ups)" snapshot "$REF_DB" expected ||
  fail "catalog snapshot failed"
if [ "${KEEP_DB:-0}" != 1 ]; then
  drop_db "$REF_DB"
  dbs_created=("$DB")
fi
if cmp -s "$workdir/before.catalog" "$workdir/expected.catalog"; then
  fail "reference: the sql up migrations did not change the catalog"
fi
echo "expected: $(diff "$workdir/before.catalog" "$workdir/expected.catalog" | grep -c '^[<>]') facts differ from before"

# ---------------------------------------------------------------- framework up
run_step "$fw: up (run_$fw.sh up)" "$runner" up "$OUT/$fw" "$DB" ||
  fail "$fw up failed: $(tail -n1 "$last_log")"
run_step "snapshot catalog (after $fw up)" snapshot "$DB" after-up || fail "catalog snapshot failed"
if ! compare expected after-up "expected (sql backend)" "after $fw up"; then
  fail "catalog after $fw up differs from the sql backend's ($(ndiff after-up) line(s))"
fi
echo "catalog after $fw up equals the sql backend's"

# ---------------------------------------------------------------- framework down
run_step "$fw: down (run_$fw.sh down)" "$runner" down "$OUT/$fw" "$DB" ||
  fail "$fw down failed: $(tail -n1 "$last_log")"
run_step "snapshot catalog (after $fw down)" snapshot "$DB" after-down || fail "catalog snapshot failed"
if ! compare before after-down before "after $fw down"; then
  fail "catalog after $fw down differs from before ($(ndiff after-down) line(s))"
fi
echo "catalog after $fw down equals before"
result=PASS
