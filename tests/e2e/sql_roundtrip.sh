#!/usr/bin/env bash
# End-to-end round trip of generated SQL migrations against a real PostgreSQL.
#
#   tests/e2e/sql_roundtrip.sh BIN SPEC WORKDIR
#       runs `BIN scaffold --spec SPEC --out WORKDIR/out --format sql` and tests its output
#   tests/e2e/sql_roundtrip.sh --dir DIR SCHEMA_SQL [WORKDIR]
#       tests an existing output directory DIR (DIR/sql/*.sql, DIR/verify.sql), no scaffold
#
# Connects with PGHOST/PGPORT/PGUSER from the environment (see scripts/pg-test-cluster.sh).
# Steps: fresh scratch database -> load the base schema (the spec's `schema:` key, relative
# to the spec file) -> snapshot the catalog -> apply every *.up.sql in sorted order with
# `psql -X -q -v ON_ERROR_STOP=1 -f` (no --single-transaction: files may hold CREATE INDEX
# CONCURRENTLY or DO blocks that COMMIT); files headed `-- Re-runnable: yes` are applied a
# second time and must leave the catalog as the first run did -> verify.sql: every row
# (check_name, ok) must have ok = true -> snapshot, must differ from "before" and hold no
# INVALID index -> apply the *.down.sql files in reverse order -> snapshot, must equal
# "before" (diff -u printed otherwise).
# One line per step; the last line is `PASS <spec>` or `FAIL <spec>: <reason>`; exit 0/1.
#
# Environment:
#   KEEP_DB=1        keep the scratch database (and WORKDIR) for inspection
#   SCHEMA_SQL=path  base schema to load instead of the spec's `schema:`
#   SEED_SQL=path    extra SQL (e.g. rows, so backfills have work to do) run after the schema
#   DB_NAME=name     scratch database name (default: e2e_sql_<spec name>, e2e_dir_<dir name>)
#   STEP_TIMEOUT=s   limit for each psql/scaffold step, default 300
#   PSQL=path        psql binary, default psql
#   FINAL_SCHEMA_FACTS=path  (spec mode) after the up migrations, the catalog must be the schema the spec
#                    describes: `path intended SPEC` and `path catalog SPEC URL` print the same fact
#                    lines for the plan's final model and for the database (final_schema/), diffed
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DUMP=$here/../../src/verify/catalog_snapshot.sql
PSQL=${PSQL:-psql}
STEP_TIMEOUT=${STEP_TIMEOUT:-300}

usage() { sed -n '2,7s/^# \{0,1\}//p' "$0" >&2; exit 2; }

slug() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | sed -E 's/[^a-z0-9_]+/_/g' | cut -c1-50; }

if [ "${1:-}" = "--dir" ]; then
  [ $# -ge 3 ] && [ $# -le 4 ] || usage
  mode=dir
  OUT=$2
  label=$2
  schema=$3
  workdir=${4:-}
  db_default=e2e_dir_$(slug "$(basename "$OUT")")
else
  [ $# -eq 3 ] || usage
  mode=spec
  BIN=$1
  SPEC=$2
  label=$SPEC
  workdir=$3
  OUT=$workdir/out
  db_default=e2e_sql_$(slug "$(basename "$SPEC" | sed -E 's/\.ya?ml$//')")
  schema=${SCHEMA_SQL:-}
fi
DB=${DB_NAME:-$db_default}
created_workdir=0
logs=""

# ---------------------------------------------------------------- reporting and cleanup
result=""
db_created=0
step_no=0
err_where=""
trap 'err_where="line $LINENO: $BASH_COMMAND"' ERR

cleanup() {
  if [ "$db_created" = 1 ]; then
    if [ "${KEEP_DB:-0}" = 1 ]; then
      echo "kept database $DB (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-}): psql -d $DB"
    else
      "$PSQL" -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 ||
        echo "warning: could not drop database $DB"
    fi
  fi
  if [ -n "${logs:-}" ]; then
    if [ "$created_workdir" = 1 ] && { [ -z "$(ls -A "$logs")" ] ||
        { [ "$result" = PASS ] && [ "${KEEP_DB:-0}" != 1 ]; }; }; then
      rm -rf "$workdir"
    elif [ "$result" != PASS ] || [ "${KEEP_DB:-0}" = 1 ]; then
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
  if [ "$result" = PASS ]; then
    echo "PASS $label"
    exit 0
  fi
  echo "FAIL $label: $reason"
  exit 1
}
trap on_exit EXIT
trap "exit 143" TERM
trap "exit 130" INT

fail() { result=FAIL; reason=$1; exit 1; }

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

pq() { timeout "$STEP_TIMEOUT" "$PSQL" -X -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
apply_file() { pq -q -f "$1"; }
snapshot() { pq -At -f "$DUMP" >"$workdir/$1.catalog"; }

# ---------------------------------------------------------------- inputs
if [ -z "$workdir" ]; then
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/sql_roundtrip.XXXXXX")
  created_workdir=1
fi
mkdir -p "$workdir" || fail "cannot create $workdir"
workdir=$(cd "$workdir" && pwd)
logs=$workdir/logs
rm -rf "$logs" "$workdir"/*.catalog "$workdir"/*.diff
mkdir -p "$logs"
if [ "$mode" = dir ]; then
  [ -d "$OUT" ] || fail "directory $OUT not found"
  OUT=$(cd "$OUT" && pwd)
else
  OUT=$workdir/out
fi

if [ "$mode" = spec ]; then
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

# ---------------------------------------------------------------- database and base schema
run_step "connect to PostgreSQL (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-})" \
  timeout 30 "$PSQL" -X -At -d postgres -c 'SELECT version()' || fail "cannot connect to PostgreSQL"
run_step "create scratch database $DB" \
  "$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres \
    -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" \
    -c "CREATE DATABASE \"$DB\" TEMPLATE template0" || fail "cannot create database $DB"
db_created=1
run_step "load base schema $schema" apply_file "$schema" || fail "base schema $schema does not load"
if [ -n "${SEED_SQL:-}" ]; then
  run_step "load seed $SEED_SQL" apply_file "$SEED_SQL" || fail "seed $SEED_SQL does not load"
fi
run_step "snapshot catalog (before)" snapshot before || fail "catalog snapshot failed"

# ---------------------------------------------------------------- generate
if [ "$mode" = spec ]; then
  rm -rf "$OUT"
  run_step "scaffold --format sql" \
    timeout "$STEP_TIMEOUT" "$BIN" scaffold --spec "$SPEC" --out "$OUT" --format sql ||
    fail "schemashift scaffold failed"
fi

[ -d "$OUT/sql" ] || fail "no $OUT/sql directory"
mapfile -t ups < <(cd "$OUT/sql" && find . -maxdepth 1 -type f -name '*.up.sql' -printf '%f\n' | LC_ALL=C sort)
mapfile -t downs < <(cd "$OUT/sql" && find . -maxdepth 1 -type f -name '*.down.sql' -printf '%f\n' | LC_ALL=C sort)
[ ${#ups[@]} -gt 0 ] || fail "no *.up.sql files in $OUT/sql"
for u in "${ups[@]}"; do
  [ -f "$OUT/sql/${u%.up.sql}.down.sql" ] || fail "$u has no matching ${u%.up.sql}.down.sql"
done
for d in "${downs[@]}"; do
  [ -f "$OUT/sql/${d%.down.sql}.up.sql" ] || fail "$d has no matching ${d%.down.sql}.up.sql"
done
[ -f "$OUT/verify.sql" ] || fail "no $OUT/verify.sql"
echo "found ${#ups[@]} migrations in $OUT/sql"

rerunnable() {  # prints yes/no from the "-- Re-runnable:" header
  sed -n -E '1,40{s/^--[[:space:]]*Re-runnable:[[:space:]]*([A-Za-z]+).*/\1/p}' "$1" | head -n1 | tr '[:upper:]' '[:lower:]'
}

# ---------------------------------------------------------------- up
for u in "${ups[@]}"; do
  rr=$(rerunnable "$OUT/sql/$u")
  case $rr in
    yes | no) ;;
    *) fail "$u: no '-- Re-runnable: yes|no' header line" ;;
  esac
  run_step "apply up $u" apply_file "$OUT/sql/$u" || fail "up $u failed"
  if [ "$rr" = yes ]; then
    snapshot rerun-1
    run_step "apply up $u again (Re-runnable: yes)" apply_file "$OUT/sql/$u" ||
      fail "up $u is marked re-runnable but fails when applied twice"
    snapshot rerun-2
    if ! diff -u "$workdir/rerun-1.catalog" "$workdir/rerun-2.catalog" >"$workdir/rerun.diff"; then
      sed 's/^/    | /' "$workdir/rerun.diff"
      fail "up $u is marked re-runnable but its second run changed the catalog"
    fi
  fi
done

# ---------------------------------------------------------------- verify
run_step "run verify.sql" pq -q -At -F $'\x1f' -f "$OUT/verify.sql" || fail "verify.sql failed to run"
verify_out=$last_log
malformed=$(awk -F '\x1f' 'NF != 2' "$verify_out")
[ -z "$malformed" ] || { sed 's/^/    | /' "$verify_out"; fail "verify.sql output is not (check_name, ok) rows"; }
checks=$(awk 'END { print NR }' "$verify_out")
failed=$(awk -F '\x1f' '$2 != "t" { print $1 }' "$verify_out")
if [ -n "$failed" ]; then
  echo "verify: failing checks:"
  printf '%s\n' "$failed" | sed 's/^/    - /'
  fail "verify.sql: $(printf '%s\n' "$failed" | wc -l) of $checks checks false: $(printf '%s\n' "$failed" | paste -sd, -)"
fi
echo "verify: $checks checks, all true"
[ "$checks" -gt 0 ] || echo "warning: verify.sql returned no checks"

# ---------------------------------------------------------------- after up
run_step "snapshot catalog (after up)" snapshot after-up || fail "catalog snapshot failed"
if cmp -s "$workdir/before.catalog" "$workdir/after-up.catalog"; then
  fail "the up migrations did not change the catalog"
fi
invalid=$(grep -E '^index .* valid=false' "$workdir/after-up.catalog" || true)
if [ -n "$invalid" ]; then
  printf '%s\n' "$invalid" | sed 's/^/    | /'
  fail "INVALID index(es) after the up migrations"
fi
echo "catalog after up: $(diff "$workdir/before.catalog" "$workdir/after-up.catalog" | grep -c '^[<>]') facts differ from before"

# ---------------------------------------------------------------- the schema the spec describes
# Every phase can succeed and verify.sql agree while something the spec asked for is not
# there (built on a column the contract phase dropped, say): only the final state shows it.
if [ "$mode" = spec ] && [ -n "${FINAL_SCHEMA_FACTS:-}" ]; then
  run_step "final schema the spec describes" "$FINAL_SCHEMA_FACTS" intended "$SPEC" ||
    fail "final_schema_facts intended failed"
  cp "$last_log" "$workdir/intended.facts"
  run_step "final schema in the catalog" "$FINAL_SCHEMA_FACTS" catalog "$SPEC" "postgresql:///$DB" ||
    fail "final_schema_facts catalog failed"
  cp "$last_log" "$workdir/catalog.facts"
  if ! diff -u --label intended --label catalog "$workdir/intended.facts" "$workdir/catalog.facts" \
      >"$workdir/final.diff"; then
    echo "catalog after up differs from the schema the spec describes:"
    sed 's/^/    | /' "$workdir/final.diff"
    fail "catalog after up differs from the spec's final schema ($(grep -c '^[-+][^-+]' "$workdir/final.diff") line(s))"
  fi
  echo "catalog after up equals the spec's final schema ($(awk 'END { print NR }' "$workdir/intended.facts") facts)"
fi

# ---------------------------------------------------------------- down
for ((i = ${#ups[@]} - 1; i >= 0; i--)); do
  d=${ups[$i]%.up.sql}.down.sql
  run_step "apply down $d" apply_file "$OUT/sql/$d" || fail "down $d failed"
done

run_step "snapshot catalog (after down)" snapshot after-down || fail "catalog snapshot failed"
if ! diff -u --label before --label after-down "$workdir/before.catalog" "$workdir/after-down.catalog" \
    >"$workdir/after-down.diff"; then
  echo "catalog after down differs from before:"
  sed 's/^/    | /' "$workdir/after-down.diff"
  fail "catalog after down differs from before ($(grep -c '^[-+][^-+]' "$workdir/after-down.diff") line(s))"
fi
echo "catalog after down equals before"
result=PASS
