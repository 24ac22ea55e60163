#!/usr/bin/env bash
# `schemashift translate` end to end: a history translated to one framework, applied with
# that framework's own tool (tests/e2e/frameworks/run_<fw>.sh: real Liquibase, Alembic,
# ActiveRecord; psql stand-ins for Flyway and sqlx) on PostgreSQL 15, must give the
# catalog the source gives (src/verify/catalog_snapshot.sql), and its downs the base again.
#
#   translate_roundtrip.sh BIN FW --sample SPEC WORKDIR
#       scaffold SPEC --format sql,flyway; both sql/ and flyway/ are translated (--schema:
#       the sample's base schema) and proven; the reference is scaffold's own sql/ ups,
#       psql -f in file-name order, on the base schema and SEED_SQL; SOURCES="sql" (or
#       "flyway") proves one of the two
#   translate_roundtrip.sh BIN FW --folder DIR WORKDIR [FROM]
#       DIR (layout detected, or FROM) translated; the reference is each source up script as
#       its tool runs it (import-history/ of --keep-specs: the exact bytes; one transaction
#       unless the script holds CONCURRENTLY or says no-transaction), on an empty database.
#       When a change is irreversible (raw SQL without a down in the source), or UP_ONLY=1
#       (the lint corpus: its downs are written to undo one migration right after its up,
#       not to roll a whole history back), the down is not run.
# TRANSLATE_ARGS (say "--safe") are added to every translate: the re-planned history must
# still give the source's catalog and go back down to the base.
# PSQL_AUTOCOMMIT=1: the source is a psql history, each file run by `psql -f` (autocommit).
# SOURCE_FAILS="file ...": history files whose original up fails on PostgreSQL (kept in the
# source because a later file retries them, tests/lint/corpus/README.md); the reference
# skips their failure, the translation (which may succeed) must still end at its catalog.
# ALLOW_VACUUM_VERBOSE=1: the history runs VACUUM (VERBOSE) / ANALYZE VERBOSE, whose INFO
# lines Liquibase logs as WARNINGs; those lines (only) are not failures.
# Exit 0 PASS, 1 FAIL, 77 SKIP (FW's tool is not installed). KEEP_DB=1 keeps WORKDIR.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
fwdir=$repo/tests/e2e/frameworks
DUMP=$repo/src/verify/catalog_snapshot.sql
BIN=$1 FW=$2 MODE=$3 SRC=$4 WORK=$5 FROM=${6:-}
label="translate $FW $SRC"
DB=e2e_tr_${FW}_$(basename "$SRC" | tr '[:upper:]' '[:lower:]' | sed -E 's/\.ya?ml$//; s/[^a-z0-9_]+/_/g' | cut -c1-30)
read -r -a extra_args <<<"${TRANSLATE_ARGS:-}"
[ -z "${TRANSLATE_ARGS:-}" ] || { DB=${DB}_x; label="$label ${TRANSLATE_ARGS}"; }

fail() { echo "FAIL $label: $1"; exit 1; }
skip() { echo "SKIP $label: $1"; exit 77; }
pq() { psql -X -v ON_ERROR_STOP=1 -q "$@"; }
fresh_db() { PGOPTIONS="-c client_min_messages=warning" pq -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\" TEMPLATE template0"; }
drop_db() { [ "${KEEP_DB:-0}" = 1 ] || pq -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"; }
snapshot() { pq -At -d "$1" -f "$DUMP" >"$2"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The framework's tool, as its runner needs it; absent: SKIP, as the framework tests do.
case $FW in
  liquibase) [ -x "${LIQUIBASE:-$repo/tools/node_modules/liquibase/dist/liquibase/liquibase}" ] ||
    skip "Liquibase is not installed (scripts/install-deps.sh)" ;;
  alembic) /usr/bin/python3 -c 'import alembic, sqlalchemy, psycopg2' 2>/dev/null ||
    skip "python3-alembic / python3-psycopg2 are not installed" ;;
  rails) ruby -e 'require "active_record"; require "pg"' 2>/dev/null || skip "ruby-activerecord / ruby-pg are not installed" ;;
  flyway | sqlx) ;;
  *) fail "unknown framework $FW" ;;
esac
# Where translate --out goes so that the runner's DIR is the framework's project folder.
case $FW in
  alembic) sub=versions ;;
  rails) sub=db/migrate ;;
  sqlx) sub=migrations ;;
  *) sub="" ;;
esac

run_up() {  # how the source's tool runs a script: one transaction, unless it must run outside one
  local db=$1 file=$2
  if [ "${PSQL_AUTOCOMMIT:-0}" = 1 ] || grep -qi 'concurrently\|-- no-transaction\|transaction:false' "$file" ||
    head -c 4096 "$file" | grep -q '^BEGIN;'; then
    pq -d "$db" -f "$file"
  else
    pq -1 -d "$db" -f "$file"
  fi
}

if [ "${ALLOW_VACUUM_VERBOSE:-0}" = 1 ]; then
  export FW_ALLOW_WARNINGS='WARNING \[liquibase\.executor\] (vacuuming "|finished vacuuming "|analyzing "|"[^"]+": (scanned|found) [0-9])'
fi
rm -rf "$WORK"
mkdir -p "$WORK"
export FW_TMP=$WORK/fwtmp

# prove NAME SOURCE_DIR BASE_SQL SEED_SQL REF_KIND [translate args...]
#   REF_KIND sql:DIR (psql -f DIR/*.up.sql) or history (the kept import-history/)
prove() {
  local name=$1 src=$2 base=$3 seed=$4 ref=$5
  shift 5
  local out=$WORK/$name/$FW t0
  t0=$(now_ms)
  mkdir -p "$WORK/$name"
  "$BIN" translate "$src" --to "$FW" --out "$out${sub:+/$sub}" --keep-specs "$WORK/$name/specs" --format json "$@" \
    >"$WORK/$name/translate.json" 2>"$WORK/$name/translate.err" || { cat "$WORK/$name/translate.err"; fail "$name: translate failed"; }
  local counts irreversible=0
  counts=$(grep -E '^  "(native|raw)": [0-9]+' "$WORK/$name/translate.json" | tr -d ' \n' | sed 's/,$//')
  grep -q '"irreversible": true' "$WORK/$name/translate.json" && irreversible=1
  "$fwdir/run_$FW.sh" check "$out" >"$WORK/$name/check.log" 2>&1 || { cat "$WORK/$name/check.log"; fail "$name: run_$FW.sh check failed"; }

  # The reference: the source applied with its own tool's rules.
  fresh_db "${DB}_ref"
  [ -z "$base" ] || pq -d "${DB}_ref" -f "$base" >/dev/null
  [ -z "$seed" ] || pq -d "${DB}_ref" -f "$seed" >/dev/null
  snapshot "${DB}_ref" "$WORK/$name/base.catalog"
  if [ "${ref%%:*}" = sql ]; then
    for f in $(cd "${ref#sql:}" && ls *.up.sql | LC_ALL=C sort); do
      pq -d "${DB}_ref" -f "${ref#sql:}/$f" >/dev/null 2>"$WORK/$name/ref.err" || { cat "$WORK/$name/ref.err"; fail "$name: original up $f failed"; }
    done
  else
    for f in $(cd "$WORK/$name/specs/import-history" && ls *.sql | LC_ALL=C sort); do
      case $f in 0000_base.sql) continue ;; esac
      if run_up "${DB}_ref" "$WORK/$name/specs/import-history/$f" >/dev/null 2>"$WORK/$name/ref.err"; then
        case " ${SOURCE_FAILS:-} " in *" $f "*) fail "$name: original up $f was expected to fail (SOURCE_FAILS)" ;; esac
      else
        case " ${SOURCE_FAILS:-} " in
          *" $f "*) ;;
          *) cat "$WORK/$name/ref.err"; fail "$name: original up $f failed" ;;
        esac
      fi
    done
  fi
  snapshot "${DB}_ref" "$WORK/$name/reference.catalog"
  drop_db "${DB}_ref"

  # The translation, with the framework's own tool.
  fresh_db "$DB"
  # Liquibase logs every server NOTICE as a WARNING, which fails its runner; the changeSets
  # of raw `sql` operations leave the source's NOTICEs visible on purpose (formats/liquibase.yaml),
  # and a translated history holds them (scaffold's own backfill progress, a DO block's RAISE
  # NOTICE). Real server WARNINGs still fail.
  [ "$FW" != liquibase ] || pq -d postgres -c "ALTER DATABASE \"$DB\" SET client_min_messages = warning"
  [ -z "$base" ] || pq -d "$DB" -f "$base" >/dev/null
  [ -z "$seed" ] || pq -d "$DB" -f "$seed" >/dev/null
  "$fwdir/run_$FW.sh" up "$out" "$DB" >"$WORK/$name/up.log" 2>&1 || { tail -30 "$WORK/$name/up.log"; fail "$name: $FW up failed"; }
  snapshot "$DB" "$WORK/$name/up.catalog"
  diff -u "$WORK/$name/reference.catalog" "$WORK/$name/up.catalog" >"$WORK/$name/up.diff" ||
    { head -60 "$WORK/$name/up.diff"; fail "$name: catalog after $FW up differs from the source's"; }
  local down="down = base"
  if [ "${UP_ONLY:-0}" = 1 ]; then
    down="down not run (UP_ONLY=1)"
  elif [ "$irreversible" = 1 ]; then
    down="down not run (irreversible raw SQL)"
  else
    "$fwdir/run_$FW.sh" down "$out" "$DB" >"$WORK/$name/down.log" 2>&1 || { tail -30 "$WORK/$name/down.log"; fail "$name: $FW down failed"; }
    snapshot "$DB" "$WORK/$name/down.catalog"
    diff -u "$WORK/$name/base.catalog" "$WORK/$name/down.catalog" >"$WORK/$name/down.diff" ||
      { head -60 "$WORK/$name/down.diff"; fail "$name: catalog after $FW down differs from the base"; }
  fi
  drop_db "$DB"
  echo "ok $name: $counts, up = source, $down ($(($(now_ms) - t0)) ms)"
}

case $MODE in
  --sample)
    "$BIN" scaffold --spec "$SRC" --out "$WORK/orig" --format sql,flyway >"$WORK/scaffold.log" 2>&1 || fail "scaffold of the sample failed"
    base=$(dirname "$SRC")/$(sed -nE 's/^schema: *//p' "$SRC" | head -1)
    for source in ${SOURCES:-sql flyway}; do
      prove "from-$source" "$WORK/orig/$source" "$base" "${SEED_SQL:-}" "sql:$WORK/orig/sql" --schema "$base" --issue-base 1000 \
        "${extra_args[@]}"
    done
    ;;
  --folder)
    args=("${extra_args[@]}")
    [ -z "$FROM" ] || args+=(--from "$FROM")
    prove folder "$SRC" "" "" history "${args[@]}"
    ;;
  *) fail "unknown mode $MODE" ;;
esac
[ "${KEEP_DB:-0}" = 1 ] || rm -rf "$WORK"
echo "PASS $label"
