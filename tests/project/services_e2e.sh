#!/usr/bin/env bash
# A project of several services on the e2e PostgreSQL (PGHOST/PGPORT/PGUSER from the
# environment, scripts/pg-test-cluster.sh): one database per service.
#
#   tests/project/services_e2e.sh BIN SRC CASE
#
#   fleet     three services, one database unreachable: `status` shows two and reports the
#             third (exit 3); JSON the same; `history --issue` and `report --issue` across
#             services; --service errors; run/revert refuse to guess the service
#   workflow  init on a repository with a service's sqlx history -> new -> edit -> scaffold
#             (the service found from the issue) -> run -> status -> report -> revert, with
#             the project's defaults (a history schema of its own) applied end to end
# Prints one line per step; exit 0 when every check passed.
set -Euo pipefail

BIN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/services_e2e.XXXXXX")
DBS=()
failures=0
export NO_COLOR=1 GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 SOURCE_DATE_EPOCH=1714557600
unset DATABASE_URL

cleanup() {
  if [ -z "${KEEP_DB:-}" ]; then
    for db in "${DBS[@]}"; do "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; done
    rm -rf "$WORK"
  else
    echo "kept ${DBS[*]} and $WORK"
  fi
}
trap cleanup EXIT

pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

# ss EXPECTED_EXIT ARGS...: runs schemashift in $PROJ, output in $WORK/last.out/.err.
ss() {
  local expected=$1; shift
  (cd "$PROJ" && "$BIN" "$@" >"$WORK/last.out" 2>"$WORK/last.err" </dev/null)
  local code=$?
  if [ "$code" = "$expected" ]; then
    pass "schemashift $* -> exit $code"
  else
    fail "schemashift $* -> exit $code, expected $expected"
    sed 's/^/     | /' "$WORK/last.out" "$WORK/last.err" | tail -30
  fi
}
contains() { grep -qF -- "$2" "$WORK/$1" || { echo "     | $1 lacks: $2"; sed 's/^/     | /' "$WORK/$1" | tail -25; return 1; }; }
lacks() { ! grep -qF -- "$2" "$WORK/$1" || { echo "     | $1 has: $2"; return 1; }; }

new_db() {  # NAME -> a fresh database, its URL in $URL
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $1" >/dev/null
  DBS+=("$1")
  URL="postgresql://${PGUSER:-postgres}@/$1?host=$PGHOST&port=$PGPORT"
}

# A migration pair: DIR VERSION NAME ISSUE UP DOWN; an issue's in scaffold's issue-N/sql/.
migration() {
  local d=$1
  [ "$4" != 0 ] && d=$1/issue-$4/sql
  mkdir -p "$d"
  printf '%s\n' "$5" >"$d/$2_$3.up.sql"
  printf '%s\n' "$6" >"$d/$2_$3.down.sql"
}

case_fleet() {
  PROJ=$WORK/shop
  mkdir -p "$PROJ/changes"
  cat >"$PROJ/.schemashift.yaml" <<'YAML'
services:
  - name: user-service
  - name: content-service
  - name: feed-service
    database_env: FEED_DB
YAML
  new_db services_fleet_users; export DATABASE_URL_USER_SERVICE=$URL
  new_db services_fleet_content; export DATABASE_URL_CONTENT_SERVICE=$URL
  # Nothing listens on port 1: the connection is refused at once.
  export FEED_DB="postgresql://postgres@127.0.0.1:1/feed"
  for s in user-service content-service feed-service; do
    mkdir -p "$PROJ/changes/$s"
  done
  printf 'issue: 245\ntitle: add email verification\nservice: user-service\n' >"$PROJ/changes/user-service/245-email.yaml"
  printf 'issue: 245\ntitle: add email verification\n' >"$PROJ/changes/content-service/245-email.yaml"
  printf 'issue: 300\ntitle: feed ranking\n' >"$PROJ/changes/feed-service/300-ranking.yaml"
  migration "$PROJ/migrations/user-service" 20240101000000 users 0 \
    'CREATE TABLE users (id bigint PRIMARY KEY);' 'DROP TABLE users;'
  migration "$PROJ/migrations/user-service" 20240201000000 245_email_verified 245 \
    'ALTER TABLE users ADD COLUMN email_verified boolean;' 'ALTER TABLE users DROP COLUMN email_verified;'
  migration "$PROJ/migrations/user-service" 20240301000000 246_nickname 246 \
    'ALTER TABLE users ADD COLUMN nickname text;' 'ALTER TABLE users DROP COLUMN nickname;'
  migration "$PROJ/migrations/content-service" 20240101000000 posts 0 \
    'CREATE TABLE posts (id bigint PRIMARY KEY);' 'DROP TABLE posts;'
  migration "$PROJ/migrations/content-service" 20240202000000 245_post_author_verified 245 \
    'ALTER TABLE posts ADD COLUMN author_verified boolean;' 'ALTER TABLE posts DROP COLUMN author_verified;'
  migration "$PROJ/migrations/feed-service" 20240101000000 feed 0 \
    'CREATE TABLE feed (id bigint PRIMARY KEY);' 'DROP TABLE feed;'

  # Commands that work on one database do not guess among three.
  ss 2 run
  contains last.err "this project has 3 services (user-service, content-service, feed-service)" && pass "run: the services listed"
  ss 2 run --issue 245
  contains last.err "issue 245 has specs in 2 services" && pass "run --issue: an issue of two services is named"
  ss 2 status --service user-servce
  contains last.err 'did you mean `user-service`?' && pass "--service: did you mean"

  ss 0 run --service user-service --to 20240201000000
  ss 2 run --issue 300 --dry-run --service content-service  # an explicit --service wins over the issue
  contains last.err "no migration of issue 300" && pass "run --service --issue: looked in the named service"
  ss 0 run --service content-service
  check "user-service: applied in its own database" test "$("${PSQL[@]}" -d services_fleet_users -At -c \
    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email_verified'")" = 1
  check "content-service: nothing of user-service there" test "$("${PSQL[@]}" -d services_fleet_content -At -c \
    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'users'")" = 0

  # The fleet: two answer, one is reported, exit 3; each block says what it holds.
  local start end
  start=$(date +%s%N)
  ss 3 status
  end=$(date +%s%N)
  contains last.out "=== user-service ===" && contains last.out "=== content-service ===" && pass "status: a block per service"
  contains last.out "version:         20240201000000" && pass "status: user-service's version"
  contains last.out "2 applied, 1 pending" && pass "status: user-service's counts"
  contains last.out "pending     20240301000000_246_nickname  #246" && pass "status: the pending migration by name"
  contains last.out "✗ cannot connect to postgresql://postgres@127.0.0.1:1/feed" && pass "status: the unreachable one is one line"
  contains last.out "3 services: 1 up to date, 1 with work to do, 1 not reachable" && pass "status: the summary"
  check "status: the databases are asked at once (under 5 s)" test $(((end - start) / 1000000)) -lt 5000
  ss 3 status --format json
  python3 - "$WORK/last.out" <<'PY' && pass "status --format json: the same content" || fail "status --format json"
import json, sys
doc = json.load(open(sys.argv[1]))
by = {s["service"]: s for s in doc["services"]}
assert doc["unreachable"] == 1, doc["unreachable"]
assert by["user-service"]["reachable"] and by["user-service"]["counts"]["pending"] == 1
assert by["content-service"]["clean"] is True
assert not by["feed-service"]["reachable"] and "cannot connect" in by["feed-service"]["error"]
PY
  unset FEED_DB
  ss 3 status
  contains last.out "not configured: FEED_DB is not set" && pass "status: an unset variable is reported, not fatal"
  export FEED_DB="postgresql://postgres@127.0.0.1:1/feed"
  ss 0 status --service content-service --exit-code
  ss 1 status --service user-service --exit-code

  # history across services, one issue.
  ss 3 history --issue 245
  contains last.out "20240201000000   | 245_email_verified" && contains last.out "20240202000000   | 245_post_author_verified" \
    && pass "history --issue: the issue's rows of both services"
  lacks last.out "20240101000000" && pass "history --issue: only that issue's rows"
  ss 0 history --service user-service --issue 245 --format json
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert [e['version'] for e in d['entries']]==['20240201000000'], d" \
    "$WORK/last.out" && pass "history --service --issue --format json"

  # report: the services the issue touches, Markdown for the issue.
  ss 0 report --issue 245
  contains last.out "## Migration status: #245 add email verification" && pass "report: title from the spec"
  contains last.out "### user-service" && contains last.out "### content-service" && pass "report: both services"
  lacks last.out "### feed-service" && pass "report: not the services the issue does not touch"
  contains last.out '| `20240201000000_245_email_verified` | - | ✅ applied |' && pass "report: the migration's row"
  contains last.out "schemashift revert --service content-service --issue 245" && pass "report: rollback command"
  ss 3 report --issue 300
  contains last.out "**Status**: ❌ not reachable" && pass "report: an unreachable service"
  ss 2 report --issue 999
  ss 0 report --issue 245 --format json
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); s={x['service']:x for x in d['services']}; \
assert s['user-service']['applied'] and s['user-service']['phases']=={'-':'applied'}, s" "$WORK/last.out" \
    && pass "report --format json"
}

case_workflow() {
  PROJ=$WORK/app
  local svc=$PROJ/backend/user-service
  mkdir -p "$svc/migrations" "$PROJ/backend/content-service/migrations"
  printf '[package]\nname = "users"\n' >"$svc/Cargo.toml"
  cp "$SRC/samples/schema.sql" "$svc/migrations/20240101000000_base.sql"
  printf 'CREATE TABLE posts (id bigint PRIMARY KEY);\n' >"$PROJ/backend/content-service/migrations/20240101000000_posts.sql"
  ss 0 init
  # The project's defaults, end to end: a history schema of its own, shorter lock waits.
  sed -i 's/^  # history_schema: schemashift /  history_schema: ops_history /; s/^  # lock_timeout: 500ms /  lock_timeout: 300ms /' \
    "$PROJ/.schemashift.yaml"
  check "the project's defaults set" grep -q "^  history_schema: ops_history" "$PROJ/.schemashift.yaml"
  new_db services_workflow_users; export DATABASE_URL_USER_SERVICE=$URL
  "${PSQL[@]}" -d services_workflow_users -f "$svc/migrations/20240101000000_base.sql" >/dev/null
  "${PSQL[@]}" -d services_workflow_users -f "$SRC/samples/seed.sql" >/dev/null

  ss 0 new --service user-service --issue 245 "add email verification column"
  local spec=$PROJ/changes/user-service/245-add-email-verification-column.yaml
  check "new wrote the spec" test -f "$spec"
  ss 7 new --service user-service --issue 245 "another title"
  contains last.err "issue 245 already has a spec" && pass "new: a second spec of the same issue is refused"
  sed -i 's/^  # \(- add_column:\)/  \1/; s/^  #     /      /' "$spec"
  ss 0 plan --issue 245
  contains last.out "email_verified" && pass "plan --issue: the service found from the spec"
  # Without `schema:`, a spec plans against its service's schema (the project file's).
  grep -v '^schema:' "$spec" >"$WORK/no-schema.yaml" && cp "$WORK/no-schema.yaml" "$spec"
  ss 0 plan --issue 245 --format json
  contains last.out '"schema_file": "backend/user-service/migrations"' && pass "plan: the service's schema when the spec has none"
  ss 0 scaffold --issue 245
  local out=$PROJ/migrations/user-service/issue-245
  check "scaffold: into the service's migrations folder" test -d "$out/sql"
  check "scaffold: the service's framework (sqlx)" test -d "$out/sqlx"
  check "scaffold: README" test -f "$out/README.md"
  check "scaffold: only the service's formats" test ! -e "$out/flyway"
  ss 0 lint --service user-service
  ss 0 run --issue 245 --contract
  contains last.out "Migration run Complete" && pass "run: applied"
  check "run: the history in the project's history schema" test "$("${PSQL[@]}" -d services_workflow_users -At -c \
    "SELECT count(*) FROM ops_history.history WHERE status = 'success'")" -gt 0
  check "run: no table in the default history schema" test "$("${PSQL[@]}" -d services_workflow_users -At -c \
    "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'schemashift'")" = 0
  check "run: the column exists" test "$("${PSQL[@]}" -d services_workflow_users -At -c \
    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email_verified'")" = 1
  ss 0 status --service user-service --exit-code
  # The migration table, not the header's "0 pending": the issue's expand migration, applied.
  check "status: the issue's migration applied" grep -qE '#245 +expand +applied' "$WORK/last.out"
  ss 0 report --issue 245
  contains last.out "**Status**: ✅ applied" && pass "report: applied"
  contains last.out "**Verification**" && lacks last.out "not run yet" && pass "report: verify.sql's result"
  ss 0 revert --issue 245 --yes
  check "revert: the column is gone" test "$("${PSQL[@]}" -d services_workflow_users -At -c \
    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email_verified'")" = 0
  ss 1 status --service user-service --exit-code
  ss 0 history --service user-service
  contains last.out "ROLLED BACK" && pass "history: the revert is kept"
}

"case_$CASE"
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
