#!/usr/bin/env bash
# The three sources of a spec's current schema (`schema:`) on the e2e PostgreSQL 15
# (PGHOST/PGPORT/PGUSER from the environment, scripts/pg-test-cluster.sh).
#
#   tests/schema_sources/schema_sources_test.sh BIN SRC CASE
#
# Cases (each in its own scratch databases schema_sources_<case>*):
#   proof   for every samples/*.yaml, `plan --format json` is byte-identical (without
#           `schema_file`, which names the source) whether `schema:` is samples/schema.sql,
#           a folder of migrations in golang-migrate layout (with down files, renames, a type
#           change and a dropped column to follow), one in Flyway layout (V2_1 before V10, an
#           undo file), or a live database loaded from schema.sql + seed.sql and ANALYZEd.
#           The fixture folders applied with psql give pg_dump's schema of schema.sql, so they
#           build the same schema. Row counts: `rows:` hints win over the catalog's estimates,
#           so the specs as written plan the same; without hints the database's plan counts
#           the seeded rows ("catalog statistics"), where the others know none. And scaffold's
#           output (issue-N/sql/) as the folder plans as the database its files built.
#   errors  schema folder missing (2, spec:line:col), empty folder (2, spec:line:col), syntax
#           error in the 2nd migration (2, that file:line:col), unset variable (3, named),
#           unreachable database (3, one line and a hint).
# Prints one line per check; exit 0 when every check passed.
set -Euo pipefail

BIN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
HERE=$SRC/tests/schema_sources
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
DB=schema_sources_${CASE}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/schema_sources.XXXXXX")
failures=0
export NO_COLOR=1

cleanup() {
  if [ -z "${KEEP_DB:-}" ]; then
    for db in "$DB" "${DB}_golang" "${DB}_flyway" "${DB}_scaffold"; do
      "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    done
    rm -rf "$WORK"
  else
    echo "kept databases $DB* and $WORK"
  fi
}
trap cleanup EXIT

pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
url_of() { echo "postgresql://${PGUSER:-postgres}@/$1?host=$PGHOST&port=$PGPORT"; }
fresh_db() {
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $1" >/dev/null
}

# variant SPEC NAME SCHEMA_LINE [drop-rows]: SPEC copied to $WORK/NAME/ with its `schema:`
# line replaced (and its `rows:` block removed), so every variant has the same file name.
variant() {
  local spec=$1 name=$2 line=$3 rows=${4:-}
  mkdir -p "$WORK/$name"
  python3 - "$spec" "$WORK/$name/$(basename "$spec")" "$line" "$rows" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"(?m)^schema:.*$", lambda m: sys.argv[3], text, count=1)
if sys.argv[4]:
    text = re.sub(r"(?m)^rows:\n(?:[ \t]+.*\n)*", "", text, count=1)
open(sys.argv[2], "w").write(text)
EOF
}

# plan_json NAME SPEC_FILE: the plan of $WORK/NAME/SPEC_FILE without `schema_file`.
plan_json() {
  local name=$1 file=$2 code
  (cd "$WORK/$name" && "$BIN" plan --spec "$file" --format json >"$WORK/$name/${file%.yaml}.raw" 2>"$WORK/$name/${file%.yaml}.err")
  code=$?
  if [ "$code" -gt 1 ]; then
    echo "     | plan $name/$file exited $code"; sed 's/^/     | /' "$WORK/$name/${file%.yaml}.err" | tail -8
    return 1
  fi
  # A plan has migrations: an empty or truncated output must not compare equal to another.
  jq -e '.migrations | length > 0' "$WORK/$name/${file%.yaml}.raw" >/dev/null || { echo "     | $name/$file: no plan"; return 1; }
  jq --indent 2 'del(.schema_file)' "$WORK/$name/${file%.yaml}.raw" >"$WORK/$name/${file%.yaml}.json"
}

case "$CASE" in
proof)
  fresh_db "$DB"
  "${PSQL[@]}" -d "$DB" -f "$SRC/samples/schema.sql" >/dev/null
  "${PSQL[@]}" -d "$DB" -f "$SRC/samples/seed.sql" >/dev/null
  "${PSQL[@]}" -d "$DB" -c "ANALYZE" >/dev/null
  export SCHEMA_SOURCES_URL
  SCHEMA_SOURCES_URL=$(url_of "$DB")

  # The fixture folders build schema.sql's schema: applied in their tool's order (ups only).
  pg_dump --schema-only --no-owner --no-privileges -d "$DB" | grep -v '^\\\|^--' >"$WORK/expected.schema"
  for layout in golang flyway; do
    fresh_db "${DB}_$layout"
    case $layout in
      golang) files=$(ls "$HERE"/fixtures/golang-migrate/*.up.sql | sort) ;;
      flyway) files="$(printf '%s\n' "$HERE"/fixtures/flyway/V{1,2,2_1,10}__*.sql)" ;;
    esac
    for f in $files; do "${PSQL[@]}" -d "${DB}_$layout" -f "$f" >/dev/null || fail "psql -f $f"; done
    pg_dump --schema-only --no-owner --no-privileges -d "${DB}_$layout" | grep -v '^\\\|^--' >"$WORK/$layout.schema"
    if diff -u "$WORK/expected.schema" "$WORK/$layout.schema" >"$WORK/$layout.diff"; then
      pass "fixtures/$layout builds the schema of samples/schema.sql"
    else
      fail "fixtures/$layout builds another schema than samples/schema.sql"; head -30 "$WORK/$layout.diff"
    fi
  done

  for spec in "$SRC"/samples/*.yaml; do
    file=$(basename "$spec")
    variant "$spec" file "schema: $SRC/samples/schema.sql"
    variant "$spec" golang "schema: $HERE/fixtures/golang-migrate"
    variant "$spec" flyway "schema: $HERE/fixtures/flyway/"
    variant "$spec" database "schema: {database: SCHEMA_SOURCES_URL}"
    ok=1
    for v in file golang flyway database; do plan_json "$v" "$file" || ok=0; done
    [ "$ok" = 1 ] || { fail "$file: a plan failed"; continue; }
    for v in golang flyway database; do
      if cmp -s "$WORK/file/${file%.yaml}.json" "$WORK/$v/${file%.yaml}.json"; then
        pass "$file: schema from $v = schema from schema.sql"
      else
        fail "$file: schema from $v plans differently"
        diff -u "$WORK/file/${file%.yaml}.json" "$WORK/$v/${file%.yaml}.json" | head -30 | sed 's/^/     | /'
      fi
    done
  done

  # scaffold's output as the folder (read as `run` reads it): a baseline issue holding
  # schema.sql, then 101 scaffolded. Planned from it, the samples that touch users plan as
  # from a database that ran the same files; and 101 itself no longer fits (its column and
  # index exist), which shows the replay went past the baseline.
  svc=$WORK/scaffolded
  mkdir -p "$svc/issue-1/sql"
  cp "$SRC/samples/schema.sql" "$svc/issue-1/sql/20000101000000_baseline.up.sql"
  "$BIN" scaffold --spec "$SRC/samples/101-users-email-verified.yaml" --format sql -q --out "$svc/issue-101" ||
    fail "scaffold 101"
  fresh_db "${DB}_scaffold"
  "${PSQL[@]}" -d "${DB}_scaffold" -f "$SRC/samples/schema.sql" >/dev/null
  "${PSQL[@]}" -d "${DB}_scaffold" -f "$SRC/samples/seed.sql" >/dev/null
  for f in "$svc"/issue-101/sql/*.up.sql; do
    "${PSQL[@]}" -d "${DB}_scaffold" -f "$f" >/dev/null 2>&1 || fail "psql -f $f"
  done
  "${PSQL[@]}" -d "${DB}_scaffold" -c "ANALYZE" >/dev/null
  export SCHEMA_SOURCES_SCAFFOLD_URL
  SCHEMA_SOURCES_SCAFFOLD_URL=$(url_of "${DB}_scaffold")
  for name in 103-users-email-index 105-users-full-name 108-users-phone-not-null 111-users-api-key; do
    variant "$SRC/samples/$name.yaml" scaffolded-folder "schema: $svc"
    variant "$SRC/samples/$name.yaml" scaffolded-database "schema: {database: SCHEMA_SOURCES_SCAFFOLD_URL}"
    if plan_json scaffolded-folder "$name.yaml" && plan_json scaffolded-database "$name.yaml" &&
       cmp -s "$WORK/scaffolded-folder/$name.json" "$WORK/scaffolded-database/$name.json"; then
      pass "$name.yaml: scaffold's issue-N/sql/ folder (baseline + 101) = the database it built"
    else
      fail "$name.yaml: scaffold's folder and its database plan differently"
      diff -u "$WORK/scaffolded-folder/$name.json" "$WORK/scaffolded-database/$name.json" | head -30 | sed 's/^/     | /'
    fi
  done
  variant "$SRC/samples/101-users-email-verified.yaml" scaffolded-folder "schema: $svc"
  (cd "$WORK/scaffolded-folder" && "$BIN" plan --spec 101-users-email-verified.yaml >/dev/null 2>"$WORK/101.err")
  code=$?
  if [ "$code" = 2 ] && grep -q "already exists" "$WORK/101.err"; then
    pass "101 against a folder that already holds 101: rejected (its column exists)"
  else
    fail "101 against a folder that already holds 101: exit $code"; head -5 "$WORK/101.err"
  fi

  # Without `rows:`, only the database knows row counts: the seeded 5,000 users.
  spec=$SRC/samples/101-users-email-verified.yaml
  variant "$spec" norows-file "schema: $SRC/samples/schema.sql" drop-rows
  variant "$spec" norows-database "schema: {database: SCHEMA_SOURCES_URL}" drop-rows
  if plan_json norows-file "$(basename "$spec")" && plan_json norows-database "$(basename "$spec")"; then
    if grep -q '5,000 rows (catalog statistics (reltuples))' "$WORK/norows-database/101-users-email-verified.json" &&
       ! grep -q 'catalog statistics' "$WORK/norows-file/101-users-email-verified.json"; then
      pass "without rows: hints the database's plan estimates from pg_class.reltuples (5,000 users)"
    else
      fail "without rows: hints the database's plan has no catalog estimates"
      grep -o '"estimate_basis": "[^"]*"' "$WORK/norows-database/101-users-email-verified.json" | sort -u | head
    fi
  else
    fail "plans without rows:"
  fi
  ;;

errors)
  base=$SRC/samples/101-users-email-verified.yaml
  file=$(basename "$base")
  # expect NAME SCHEMA_LINE CODE PATTERN: `plan` exits CODE and stderr matches PATTERN.
  expect() {
    local name=$1 line=$2 code=$3 pattern=$4 got
    variant "$base" "$name" "$line"
    (cd "$WORK/$name" && "$BIN" plan --spec "$file" >"$WORK/$name/out" 2>"$WORK/$name/err")
    got=$?
    if [ "$got" = "$code" ] && grep -Eq -- "$pattern" "$WORK/$name/err"; then
      pass "$name: exit $code, $(grep -E -m1 -- "$pattern" "$WORK/$name/err")"
    else
      fail "$name: exit $got (expected $code), stderr:"; sed 's/^/     | /' "$WORK/$name/err" | head -10
    fi
  }
  mkdir -p "$WORK/empty-folder"
  mkdir -p "$WORK/two-files"
  printf 'CREATE TABLE public.users (id bigint PRIMARY KEY, email text);\n' >"$WORK/two-files/0001_users.sql"
  printf -- '-- adds a column\nALTER TABLE public.users\n  ADD COLUMN name text,,\n' >"$WORK/two-files/0002_users_name.sql"
  expect missing-folder "schema: ../no-such-migrations/" 2 "^$file:13:9: error: cannot read the schema file .*\[unreadable-schema\]"
  expect empty-folder "schema: ../empty-folder" 2 "^$file:13:9: error: the schema folder .* holds no migrations to replay \[empty-schema-folder\]"
  expect syntax-error "schema: ../two-files" 2 "^\.\./two-files/0002_users_name\.sql:3:[0-9]+: error: syntax error at or near \",\" \[sql-syntax\]"
  unset SCHEMA_SOURCES_UNSET
  expect unset-variable "schema: {database: SCHEMA_SOURCES_UNSET}" 3 "SCHEMA_SOURCES_UNSET is not set"
  expect unreachable "schema: {database: 'postgresql://nobody@/nodb?host=$WORK/nowhere&port=1&connect_timeout=2'}" 3 \
    "hint: check the URL"
  ;;

*)
  echo "unknown case $CASE" >&2
  exit 64
  ;;
esac

echo "$failures failed"
[ "$failures" = 0 ]
