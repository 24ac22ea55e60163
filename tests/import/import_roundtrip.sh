#!/usr/bin/env bash
# Round trip of `schemashift import` on a real PostgreSQL (docs/import.md "Proof").
#
#   import_roundtrip.sh BIN --sample SPEC WORKDIR
#       scaffold SPEC --format sql; import its sql/ folder (--schema: the spec's base schema);
#       the reference is scaffold's own sql/ files
#   import_roundtrip.sh BIN --sample SPEC WORKDIR liquibase
#       the same from scaffold's own liquibase/changelog.xml (one spec per changeSet)
#   import_roundtrip.sh BIN --liquibase DIR WORKDIR
#       import a hand-written Liquibase changelog folder; the reference is the real
#       `liquibase update` of DIR (tests/e2e/frameworks/run_liquibase.sh); then each spec is also
#       scaffolded to Alembic and Rails and run with the real tools (framework_roundtrip.sh --dir)
#       on the schema its predecessors leave
#   import_roundtrip.sh BIN --folder DIR WORKDIR [FROM]
#       import a hand-written folder (layout detected, or FROM); the reference is the folder's
#       up scripts as import read them (import-history/, the exact bytes of each up file or
#       dbmate up section), each run as its tool runs it (one transaction unless it holds
#       CONCURRENTLY)
# Then: every imported spec must `plan`; scaffolded --format sql, its ups applied in order on
# a fresh database must give the reference's catalog (src/verify/catalog_snapshot.sql), and
# its downs in reverse order the base catalog again. Last line: PASS/FAIL; exit 0/1.
# Connects with PGHOST/PGPORT/PGUSER (scripts/pg-test-cluster.sh). KEEP_DB=1 keeps WORKDIR.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DUMP=$here/../../src/verify/catalog_snapshot.sql
BIN=$1 MODE=$2 SRC=$3 WORK=$4 FROM=${5:-}
label="import $SRC"
# FROM is part of the name: a sample's sql/ and its liquibase/ import run side by side (-j2)
# and must not drop each other's databases.
DB_BASE=e2e_import_$(basename "$SRC" | tr '[:upper:]' '[:lower:]' | sed -E 's/\.ya?ml$//; s/[^a-z0-9_]+/_/g' | cut -c1-30)${FROM:+_${FROM//-/_}}

fail() { echo "FAIL $label: $1"; exit 1; }
pq() { psql -X -v ON_ERROR_STOP=1 -q "$@"; }
fresh_db() { pq -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\" TEMPLATE template0"; }
drop_db() { [ "${KEEP_DB:-0}" = 1 ] || pq -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"; }
snapshot() { pq -At -d "$1" -f "$DUMP" >"$2"; }
run_up() {  # how the source's tool runs a script: one transaction, unless it must run outside one
  local db=$1 file=$2
  if grep -qi 'concurrently\|-- no-transaction\|transaction:false' "$file" || head -c 4096 "$file" | grep -q '^BEGIN;'; then
    pq -d "$db" -f "$file"
  else
    pq -1 -d "$db" -f "$file"
  fi
}

rm -rf "$WORK"
mkdir -p "$WORK"
base=""
seed=""
case $MODE in
  --sample)
    formats=sql in=sql
    [ "$FROM" = liquibase ] && formats=sql,liquibase in=liquibase label="import liquibase $SRC"
    "$BIN" scaffold --spec "$SRC" --out "$WORK/orig" --format $formats >"$WORK/scaffold.log" 2>&1 || fail "scaffold of the sample failed"
    base=$(dirname "$SRC")/$(sed -nE 's/^schema: *//p' "$SRC" | head -1)
    seed=${SEED_SQL:-}
    "$BIN" import "$WORK/orig/$in" --schema "$base" --out "$WORK/changes" --issue-base 1000 --format json \
      >"$WORK/import.json" 2>"$WORK/import.err" || { cat "$WORK/import.err"; fail "import failed"; }
    mapfile -t ref_ups < <(cd "$WORK/orig/sql" && ls *.up.sql | sort)
    ref_dir=$WORK/orig/sql
    ;;
  --liquibase)
    "$BIN" import "$SRC" --out "$WORK/changes" --format json \
      >"$WORK/import.json" 2>"$WORK/import.err" || { cat "$WORK/import.err"; fail "import failed"; }
    ref_ups=()
    ;;
  --folder)
    args=()
    [ -n "$FROM" ] && args=(--from "$FROM")
    "$BIN" import "$SRC" --out "$WORK/changes" --format json "${args[@]}" \
      >"$WORK/import.json" 2>"$WORK/import.err" || { cat "$WORK/import.err"; fail "import failed"; }
    mapfile -t ref_ups < <(cd "$WORK/changes/import-history" && ls *.sql | sort)
    ref_dir=$WORK/changes/import-history
    ;;
  *) fail "unknown mode $MODE" ;;
esac
echo "imported: $(grep -E '"(native|raw)": [0-9]+,?$' "$WORK/import.json" | tail -2 | tr -d ' \n')"

# Every spec plans, and scaffolds.
mapfile -t specs < <(cd "$WORK/changes" && ls *.yaml | sort -n)
[ ${#specs[@]} -gt 0 ] || fail "no spec written"
for s in "${specs[@]}"; do
  # 0, or 1 when lint calls a migration BLOCKED (the source's statements are what they are);
  # 2 (the spec does not validate) or 3 fail.
  rc=0
  "$BIN" plan --spec "$WORK/changes/$s" >"$WORK/plan-$s.log" 2>&1 || rc=$?
  [ "$rc" -le 1 ] || { cat "$WORK/plan-$s.log"; fail "plan of $s failed (exit $rc)"; }
  "$BIN" scaffold --spec "$WORK/changes/$s" --out "$WORK/re/${s%.yaml}" --format sql >/dev/null 2>"$WORK/re-$s.err" ||
    { cat "$WORK/re-$s.err"; fail "scaffold of $s failed"; }
done

load_base() {
  fresh_db "$1"
  [ -z "$base" ] || pq -d "$1" -f "$base" >/dev/null
  [ -z "$seed" ] || pq -d "$1" -f "$seed" >/dev/null
}

# Reference: the original up scripts.
load_base "${DB_BASE}_a"
snapshot "${DB_BASE}_a" "$WORK/base.catalog"
if [ "$MODE" = --liquibase ]; then
  "$here/../e2e/frameworks/run_liquibase.sh" up "$SRC" "${DB_BASE}_a" >"$WORK/liquibase.log" 2>&1 ||
    { cat "$WORK/liquibase.log"; fail "liquibase update of the original failed"; }
fi
for u in "${ref_ups[@]}"; do
  [ "$MODE" = --sample ] && { pq -d "${DB_BASE}_a" -f "$ref_dir/$u" >/dev/null || fail "original up $u failed"; continue; }
  case $u in 0000_base.sql) continue ;; esac
  run_up "${DB_BASE}_a" "$ref_dir/$u" >/dev/null || fail "original up $u failed"
done
snapshot "${DB_BASE}_a" "$WORK/reference.catalog"
drop_db "${DB_BASE}_a"

# The imported specs, scaffolded: ups in order, then every down in reverse order.
load_base "${DB_BASE}_b"
ups=() downs=()
for s in "${specs[@]}"; do
  d=$WORK/re/${s%.yaml}/sql
  while IFS= read -r f; do ups+=("$d/$f"); done < <(cd "$d" && ls *.up.sql | sort)
  while IFS= read -r f; do downs=("$d/$f" "${downs[@]}"); done < <(cd "$d" && ls *.down.sql | sort)
done
for f in "${ups[@]}"; do pq -d "${DB_BASE}_b" -f "$f" >/dev/null 2>"$WORK/apply.err" || { cat "$WORK/apply.err"; fail "up $f failed"; }; done
snapshot "${DB_BASE}_b" "$WORK/imported.catalog"
diff -u "$WORK/reference.catalog" "$WORK/imported.catalog" >"$WORK/up.diff" ||
  { head -60 "$WORK/up.diff"; fail "catalog after the imported ups differs from the original's"; }
cmp -s "$WORK/base.catalog" "$WORK/imported.catalog" && fail "the ups changed nothing"
for f in "${downs[@]}"; do pq -d "${DB_BASE}_b" -f "$f" >/dev/null 2>"$WORK/apply.err" || { cat "$WORK/apply.err"; fail "down $f failed"; }; done
snapshot "${DB_BASE}_b" "$WORK/down.catalog"
diff -u "$WORK/base.catalog" "$WORK/down.catalog" >"$WORK/down.diff" ||
  { head -60 "$WORK/down.diff"; fail "catalog after the downs differs from the base"; }
drop_db "${DB_BASE}_b"

# A hand-written changelog's specs through the real Alembic and Rails, each on the schema
# its predecessors leave (import-history/ before it), against its own sql/ files.
if [ "$MODE" = --liquibase ]; then
  history=("$WORK"/changes/import-history/*.sql)
  i=0
  for s in "${specs[@]}"; do
    out=$WORK/fw/${s%.yaml}
    "$BIN" scaffold --spec "$WORK/changes/$s" --out "$out" --format sql,alembic,rails >/dev/null 2>"$WORK/fw.err" ||
      { cat "$WORK/fw.err"; fail "scaffold of $s for the frameworks failed"; }
    before=$(sed -nE 's/^  before: "?([0-9]+)"?$/\1/p' "$WORK/changes/$s")
    schema=$WORK/fw/${s%.yaml}.schema.sql
    : >"$schema"
    for h in "${history[@]}"; do
      [ "$(basename "$h" | cut -c1-4)" \< "$before" ] && cat "$h" >>"$schema"
    done
    for fw in alembic rails; do
      DB_NAME=e2e_lbi_${fw}_$i "$here/../e2e/frameworks/framework_roundtrip.sh" --dir "$out" "$schema" $fw \
        >"$WORK/fw-$fw-$s.log" 2>&1 || { tail -20 "$WORK/fw-$fw-$s.log"; fail "$fw of $s"; }
    done
    i=$((i + 1))
  done
  echo "alembic and rails: ${#specs[@]} specs each"
fi
[ "${KEEP_DB:-0}" = 1 ] || rm -rf "$WORK"
echo "PASS $label (${#specs[@]} specs, ${#ups[@]} up files)"
