#!/usr/bin/env bash
# `schemashift init` and `new` on scratch directories, one per layout init detects, and
# the project file's checks as every command that reads it sees them.
#
# usage: project_e2e.sh BIN SRC CASE     CASE: layouts | refuse | new | malformed
set -u
BIN=$1
SRC=$2
CASE=$3
export NO_COLOR=1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/project_e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
expect_rc() {  # NAME WANT GOT
  if [ "$3" -eq "$2" ]; then ok "$1"; else fail "$1" "exit $3, expected $2"; cat "$WORK/err" 2>/dev/null | head -5; fi
}
expect_in() {  # NAME TEXT FILE
  if grep -qF -- "$2" "$3"; then ok "$1"; else fail "$1" "'$2' not in $(basename "$3")"; sed 's/^/    | /' "$3" | head -40; fi
}

# A scratch project for one layout: DIR with the folders of LAYOUT.
make_layout() {  # DIR LAYOUT
  local d=$1
  mkdir -p "$d"
  case $2 in
    backend)
      mkdir -p "$d/backend/user-service/migrations" "$d/backend/content-service/migrations" "$d/backend/docs"
      printf 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n' >"$d/backend/user-service/migrations/20240101000000_users.sql"
      printf '[package]\nname = "users"\n' >"$d/backend/user-service/Cargo.toml"
      printf 'CREATE TABLE posts (id bigint PRIMARY KEY);\n' >"$d/backend/content-service/migrations/V1__posts.sql" ;;
    rails)
      mkdir -p "$d/db/migrate" && printf 'class CreateUsers < ActiveRecord::Migration[7.0]\nend\n' >"$d/db/migrate/20240101000000_create_users.rb"
      cp "$SRC/samples/schema.sql" "$d/db/structure.sql" ;;
    rails-no-dump)
      mkdir -p "$d/db/migrate" ;;
    liquibase)
      mkdir -p "$d/src/main/resources/db/changelog"
      printf '<databaseChangeLog/>\n' >"$d/src/main/resources/db/changelog/db.changelog-master.xml" ;;
    liquibase-plain)
      mkdir -p "$d/db/changelog" && printf 'databaseChangeLog: []\n' >"$d/db/changelog/db.changelog-master.yaml" ;;
    alembic)
      mkdir -p "$d/alembic/versions" && printf '"""users"""\n' >"$d/alembic/versions/0001_users.py" ;;
    flyway)
      mkdir -p "$d/db/migration" && printf 'CREATE TABLE users (id bigint PRIMARY KEY);\n' >"$d/db/migration/V1__users.sql" ;;
    flyway-maven)
      mkdir -p "$d/src/main/resources/db/migration"
      printf 'CREATE TABLE users (id bigint PRIMARY KEY);\n' >"$d/src/main/resources/db/migration/V1__users.sql" ;;
    sqlx)
      mkdir -p "$d/migrations" && printf '[package]\nname = "app"\n' >"$d/Cargo.toml"
      printf 'CREATE TABLE users (id bigint PRIMARY KEY);\n' >"$d/migrations/20240101000000_users.sql" ;;
    plain)
      mkdir -p "$d/migrations" && printf 'CREATE TABLE users (id bigint PRIMARY KEY);\n\\echo done\n' >"$d/migrations/001_users.sql" ;;
    empty) ;;
  esac
}

init_in() {  # DIR -> rc in RC, output in $WORK/out, $WORK/err
  (cd "$1" && "$BIN" init >"$WORK/out" 2>"$WORK/err")
  RC=$?
}

case_layouts() {
  local layout d
  # layout | service line | format | schema line
  while IFS='|' read -r layout name format schema; do
    d="$WORK/$layout/my-app"
    make_layout "$d" "$layout"
    init_in "$d"
    expect_rc "$layout: init" 0 "$RC"
    expect_in "$layout: service" "- name: $name" "$d/.schemashift.yaml"
    expect_in "$layout: format" "format: $format " "$d/.schemashift.yaml"
    expect_in "$layout: schema" "$schema" "$d/.schemashift.yaml"
    # The same folders give the same bytes (a second tree of the same name, before init).
    make_layout "$WORK/$layout/again/my-app" "$layout"
    init_in "$WORK/$layout/again/my-app"
    if cmp -s "$d/.schemashift.yaml" "$WORK/$layout/again/my-app/.schemashift.yaml"; then
      ok "$layout: deterministic"
    else
      fail "$layout: deterministic" "two runs differ"
    fi
    # What init writes is a valid project file: for schemashift and for the JSON Schema.
    (cd "$d" && "$BIN" lint --config .schemashift.yaml /dev/null >/dev/null 2>"$WORK/err")
    if grep -q "error:" "$WORK/err"; then fail "$layout: schemashift reads it" "$(head -3 "$WORK/err")"; else ok "$layout: schemashift reads it"; fi
    if /usr/bin/python3 "$SRC/tests/schema/validate_project.py" "$SRC" "$d/.schemashift.yaml" >"$WORK/out" 2>&1; then
      ok "$layout: the JSON Schema accepts it"
    else
      fail "$layout: the JSON Schema accepts it" "$(grep FAIL "$WORK/out" | head -3)"
    fi
  done <<'TABLE'
backend|content-service|flyway|schema: backend/content-service/migrations
rails|my-app|rails|schema: db/structure.sql
rails-no-dump|my-app|rails|schema: {database: DATABASE_URL_MY_APP}
alembic|my-app|alembic|schema: {database: DATABASE_URL_MY_APP}
liquibase|my-app|liquibase|schema: {database: DATABASE_URL_MY_APP}
liquibase-plain|my-app|liquibase|schema: {database: DATABASE_URL_MY_APP}
flyway|my-app|flyway|schema: db/migration
flyway-maven|my-app|flyway|schema: src/main/resources/db/migration
sqlx|my-app|sqlx|schema: migrations
plain|my-app|sql|schema: migrations
empty|my-app|sql|# schema: db/schema.sql
TABLE
  d="$WORK/backend/my-app"
  expect_in "backend: sqlx detected in a Cargo project" "format: sqlx " "$d/.schemashift.yaml"
  expect_in "backend: one changes folder per service" "changes: changes/user-service " "$d/.schemashift.yaml"
  [ -d "$d/changes/user-service" ] && [ -d "$d/changes/content-service" ] && ok "backend: changes/<service>/ created" ||
    fail "backend: changes/<service>/ created" "missing"
  [ -d "$WORK/flyway/my-app/changes" ] && ok "flyway: changes/ created" || fail "flyway: changes/ created" "missing"
  expect_in "sqlx: scaffold output kept out of the existing migrations/" "migrations: schemashift-migrations " \
    "$WORK/sqlx/my-app/.schemashift.yaml"
}

case_refuse() {
  local d="$WORK/app"
  make_layout "$d" flyway
  printf 'lint: {}\n' >"$d/.schemashift.yaml"
  init_in "$d"
  expect_rc "init over an existing file: refused" 7 "$RC"
  expect_in "init names the file" ".schemashift.yaml already exists" "$WORK/err"
  [ "$(cat "$d/.schemashift.yaml")" = "lint: {}" ] && ok "the existing file is untouched" || fail "the existing file is untouched" "changed"
  [ ! -e "$d/changes" ] && ok "nothing else written" || fail "nothing else written" "changes/ created"
  "$BIN" init --help >"$WORK/out" 2>&1
  expect_in "init --help documents exit 7" "7 refused" "$WORK/out"
}

case_new() {
  local d="$WORK/shop" f
  make_layout "$d" backend
  cp "$SRC/samples/schema.sql" "$d/backend/user-service/migrations/20240101000000_users.sql"
  init_in "$d"
  mkdir -p "$d/backend/user-service/src"
  cd "$d/backend/user-service/src" || return
  export SOURCE_DATE_EPOCH=1714557600 GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
  "$BIN" new --service user-service --issue 245 "add email verification column" >"$WORK/out" 2>"$WORK/err"
  expect_rc "new from a subfolder" 0 $?
  f=../../../changes/user-service/245-add-email-verification-column.yaml
  expect_in "new prints the path" "wrote $f" "$WORK/out"
  [ -f "$f" ] && ok "the spec is at <changes>/<issue>-<slug>.yaml" || { fail "the spec is written" "$f missing"; return; }
  expect_in "new prints the file" "$(sed -n 4p "$f")" "$WORK/out"
  expect_in "created from SOURCE_DATE_EPOCH" "created: 2024-05-01T10:00:00Z" "$f"
  expect_in "schema relative to the spec" 'schema: "../../backend/user-service/migrations"' "$f"
  expect_in "service" "service: user-service" "$f"
  cp "$f" "$WORK/before"
  "$BIN" new --service user-service --issue 245 "add email verification column" >"$WORK/out" 2>"$WORK/err"
  expect_rc "new over an existing spec: refused" 7 $?
  cmp -s "$f" "$WORK/before" && ok "the existing spec is untouched" || fail "the existing spec is untouched" "changed"
  "$BIN" plan --spec "$f" >"$WORK/out" 2>"$WORK/err"
  expect_rc "the skeleton as written: plan rejects it (no operation yet)" 2 $?
  sed -i 's/^  # \(- add_column:\)/  \1/; s/^  #     /      /' "$f"
  "$BIN" plan --spec "$f" >"$WORK/out" 2>"$WORK/err"
  expect_rc "the skeleton with its example uncommented plans" 0 $?
  expect_in "the plan is the example's" "users (+email_verified boolean NOT NULL DEFAULT false)" "$WORK/out"
  "$BIN" new --issue 246 "x" >"$WORK/out" 2>"$WORK/err"
  expect_rc "new without --service in a project of two" 2 $?
  expect_in "the services are listed" "content-service, user-service" "$WORK/err"
  "$BIN" new --service user-servce --issue 246 "x" >"$WORK/out" 2>"$WORK/err"
  expect_rc "new with a misspelt service" 2 $?
  expect_in "did you mean" "did you mean \`user-service\`?" "$WORK/err"
  "$BIN" new --service user-service --issue 247 --created 2024-06-01T00:00:00Z "Drop: legacy #columns" >"$WORK/out" 2>"$WORK/err"
  expect_rc "new --created" 0 $?
  expect_in "--created" "created: 2024-06-01T00:00:00Z" ../../../changes/user-service/247-drop-legacy-columns.yaml
  expect_in "a title with YAML syntax in it is quoted" 'title: "Drop: legacy #columns"' ../../../changes/user-service/247-drop-legacy-columns.yaml
  cd "$WORK" && mkdir lone && cd lone || return
  "$BIN" new --issue 1 "x" >"$WORK/out" 2>"$WORK/err"
  expect_rc "new without a project file" 2 $?
  expect_in "says how to get one" "schemashift init" "$WORK/err"
}

case_malformed() {
  local d="$WORK/bad"
  mkdir -p "$d/sub"
  printf 'defaults:\n  lock_timeout: 500\nservices:\n  - name: a\n  - name: a\n' >"$d/.schemashift.yaml"
  cd "$d/sub" || return
  for cmd in "new --issue 1 x" "lint /dev/null" "run --dry-run" "revert --dry-run" "status" "history"; do
    # shellcheck disable=SC2086  # the command's words on purpose
    "$BIN" $cmd >"$WORK/out" 2>"$WORK/err"
    expect_rc "$cmd: a malformed project file is exit 2" 2 $?
    expect_in "$cmd: the duration at its line:col" "../.schemashift.yaml:2:17: error:" "$WORK/err"
    expect_in "$cmd: the duplicate service at its line:col" "../.schemashift.yaml:5:11: error: service \`a\` is defined twice" "$WORK/err"
  done
}

"case_$CASE"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
