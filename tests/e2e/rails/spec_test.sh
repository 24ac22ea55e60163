#!/usr/bin/env bash
# Rails backend, beyond the samples: one spec of tests/e2e/rails/ end to end.
#
#   tests/e2e/rails/spec_test.sh BIN SPEC WORKDIR [CHECK_SQL]
#
#   1. `BIN scaffold --spec SPEC --format rails,sql` (only these two: the test does not
#      depend on the other backends), then the framework harness on that output
#      (tests/e2e/frameworks/framework_roundtrip.sh --dir): `ruby -wc` accepts every file,
#      ActiveRecord migrates without a warning or deprecation, the catalog equals the sql
#      backend's, the rollback gives back the base catalog;
#   2. with CHECK_SQL: a fresh database gets the base schema and ActiveRecord's migrate
#      again, then CHECK_SQL runs; it prints one `name|t` or `name|f` row per check and
#      every check must be t.
#
# rails-natives.yaml: every ActiveRecord helper the backend uses and every fallback.
# rails-escaping.yaml + escaping_check.sql: " ' \ #{...} #@ #$, newlines and tabs in
# comments, literal defaults, CHECK expressions and raw SQL reach PostgreSQL unchanged
# (had Ruby interpolated a #{Kernel.exit!(n)}, the migration would have exited with n).
# Connection: PGHOST/PGPORT/PGUSER, as every e2e test; SEED_SQL as framework_roundtrip.sh.
# Last line: PASS or FAIL.
set -euo pipefail
[ $# -eq 3 ] || [ $# -eq 4 ] || { echo "usage: $0 BIN SPEC WORKDIR [CHECK_SQL]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../../.." && pwd)
bin=$1
spec=$2
work=$3
check_sql=${4:-}
PSQL=${PSQL:-psql}
name=$(basename "$spec" .yaml | tr -c 'a-z0-9\n' '_')
label="rails spec $(basename "$spec")"
fail() { echo "FAIL $label: $*"; exit 1; }

rm -rf "$work"
mkdir -p "$work"
"$bin" scaffold --spec "$spec" --out "$work/out" --format rails,sql >"$work/scaffold.log" 2>&1 ||
  { cat "$work/scaffold.log"; fail "scaffold failed"; }

DB_NAME=e2e_rails_$name "$src/tests/e2e/frameworks/framework_roundtrip.sh" --dir "$work/out" \
  "$src/samples/schema.sql" rails "$work/roundtrip" || fail "framework harness failed (see above)"

if [ -n "$check_sql" ]; then
  db=e2e_rails_${name}_check
  psql_q() { "$PSQL" -X -q -v ON_ERROR_STOP=1 "$@"; }
  psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  [ -n "${KEEP_DB:-}" ] || trap 'psql_q -d postgres -c "DROP DATABASE IF EXISTS '"$db"'" >/dev/null 2>&1 || true' EXIT
  psql_q -d "$db" -f "$src/samples/schema.sql" >"$work/check-schema.log" 2>&1 ||
    { cat "$work/check-schema.log"; fail "loading the base schema failed"; }
  FW_TMP=$work/check-tmp "$src/tests/e2e/frameworks/run_rails.sh" up "$work/out/rails" "$db" >"$work/check-up.log" 2>&1 ||
    { cat "$work/check-up.log"; fail "ActiveRecord migrate (for the checks) failed"; }
  psql_q -A -t -F '|' -d "$db" -f "$check_sql" >"$work/check.out" 2>&1 || { cat "$work/check.out"; fail "$(basename "$check_sql") failed"; }
  cat "$work/check.out"
  total=$(grep -c '|' "$work/check.out" || true)
  [ "$total" -gt 0 ] || fail "$(basename "$check_sql") printed no checks"
  bad=$(grep '|' "$work/check.out" | grep -v '|t$' || true)
  [ -z "$bad" ] || fail "checks false: $(echo "$bad" | cut -d'|' -f1 | paste -sd, -)"
  echo "$(basename "$check_sql"): $total checks true"
fi
echo "PASS $label"
