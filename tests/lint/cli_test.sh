#!/usr/bin/env bash
# Command-line tests of `schemashift lint` and `schemashift rules` on tests/lint/fixtures.
#
#   cli_test.sh SCHEMASHIFT FIXTURES CASE     run one case (one ctest each: lint:cli:<case>)
#   cli_test.sh SCHEMASHIFT FIXTURES --list   print the case names
#
# Each case checks exit codes (0 SAFE_TO_RUN, 1 BLOCKED, 2 invalid input, 3 environment,
# 4 REQUIRES_MAINTENANCE_WINDOW, 64 usage) and, through --format json, what the linter
# decided: layout, transaction model, order, findings.
set -uo pipefail

BIN=$1
FIX=$2
CASE=$3

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$FIX" || exit 1

fail() { echo "FAIL $CASE: $*"; exit 1; }

# run ARGS...: runs the linter, keeps stdout in $OUT, stderr in $ERR, exit code in $RC.
run() {
  OUT=$("$BIN" "$@" 2>"$WORK/stderr")
  RC=$?
  ERR=$(cat "$WORK/stderr")
}

expect_rc() {
  [ "$RC" = "$1" ] || fail "expected exit $1, got $RC for: $2
--- stdout
$OUT
--- stderr
$ERR"
}

expect_in() {  # expect_in NEEDLE HAYSTACK WHAT
  case $2 in
    *"$1"*) ;;
    *) fail "$3 lacks '$1':
$2" ;;
  esac
}

# json EXPR: evaluates a Python expression over the JSON report in $OUT (bound to r).
json() {
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$OUT" "$1" ||
    fail "cannot evaluate $1 over the JSON output"
}

expect_json() {  # expect_json EXPR EXPECTED
  local got
  got=$(json "$1")
  [ "$got" = "$2" ] || fail "$1: expected
$2
got
$got"
}

files='[(f["path"], f["layout"], f["transaction"]) for f in r["files"]]'

case_exit_safe_plain_sql() {
  run lint sql --format json
  expect_rc 0 "a plain psql folder with \\set meta-commands and a dollar-quoted function"
  expect_json "$files" "[('sql/2024-01-05-create-users.sql', 'sql', 'autocommit'), ('sql/2024-01-06-users-email-index.sql', 'sql', 'autocommit')]"
  # Meta-commands are not statements; the function body is one statement with its semicolons.
  expect_json '[len(f["statements"]) for f in r["files"]]' "[2, 3]"
  expect_json 'r["verdict"]' "SAFE_TO_RUN"
}

case_exit_blocked() {
  run lint blocked
  expect_rc 1 "CREATE INDEX CONCURRENTLY inside BEGIN ... COMMIT"
  expect_in "[cannot-run-in-transaction]" "$OUT" "human output"
  expect_in "BLOCKED" "$OUT" "human output"
}

case_exit_maintenance() {
  run lint maintenance
  expect_rc 4 "CREATE INDEX without CONCURRENTLY on a table of unknown size"
  expect_in "REQUIRES_MAINTENANCE_WINDOW" "$OUT" "human output"
}

case_layout_flyway() {
  run lint flyway --format json
  expect_rc 0 "the Flyway folder"
  # Numeric version order (V1 < V1.1 < V2 < V10), then repeatables, then undo files.
  # V2 has a .sql.conf with executeInTransaction=false: autocommit.
  expect_json "$files" "[('flyway/V1__create_users.sql', 'flyway', 'flyway'), ('flyway/V1.1__users_email_index.sql', 'flyway', 'flyway'), ('flyway/V2__reindex_email.sql', 'flyway', 'autocommit'), ('flyway/V10__widen_display_name.sql', 'flyway', 'flyway'), ('flyway/R__users_view.sql', 'flyway', 'flyway'), ('flyway/U1.1__users_email_index.sql', 'flyway', 'flyway')]"
  expect_json '[f["contract"] for f in r["files"]]' "[False, False, False, False, False, True]"
}

case_flyway_conf_matters() {
  # Without its .sql.conf, REINDEX ... CONCURRENTLY runs in Flyway's transaction and fails.
  cp flyway/V2__reindex_email.sql "$WORK/"
  run lint "$WORK/V2__reindex_email.sql" --format json
  expect_rc 1 "V2__reindex_email.sql without its .sql.conf"
  expect_json '[x["rule"] for f in r["files"] for x in f["findings"] if x["severity"] == "error"]' "['cannot-run-in-transaction']"
}

case_layout_sqlx() {
  run lint sqlx --format json
  expect_rc 0 "the sqlx folder"
  expect_json "$files" "[('sqlx/20240101000000_create_users.sql', 'sqlx', 'one transaction'), ('sqlx/20240102000000_users_email_index.sql', 'sqlx', 'one query string'), ('sqlx/20240103000000_widen_display_name.up.sql', 'sqlx', 'one transaction'), ('sqlx/20240103000000_widen_display_name.down.sql', 'sqlx', 'one transaction')]"
}

case_sqlx_no_transaction_multi_statement() {
  # `-- no-transaction` + two CICs: one query string = an implicit transaction block.
  run lint sqlx-bad --format json
  expect_rc 1 "two CREATE INDEX CONCURRENTLY in one -- no-transaction file"
  expect_json '[(f["path"], f["verdict"]) for f in r["files"]][1]' "('sqlx-bad/20240102000000_users_indexes.sql', 'BLOCKED')"
}

case_layout_golang_migrate() {
  # 000001's down drops users; it must not change the schema 000010 is checked against:
  # widening display_name from varchar(50) is catalog-only only if users is still known.
  run lint golang-migrate --format json
  expect_rc 0 "the golang-migrate folder"
  expect_json "$files" "[('golang-migrate/000001_create_users.up.sql', 'golang-migrate', 'one query string'), ('golang-migrate/000001_create_users.down.sql', 'golang-migrate', 'one query string'), ('golang-migrate/000002_users_email_index.up.sql', 'golang-migrate', 'one query string'), ('golang-migrate/000002_users_email_index.down.sql', 'golang-migrate', 'one query string'), ('golang-migrate/000010_widen_display_name.up.sql', 'golang-migrate', 'one query string'), ('golang-migrate/000010_widen_display_name.down.sql', 'golang-migrate', 'one query string')]"
  expect_json '[f["contract"] for f in r["files"]]' "[False, True, False, True, False, True]"
}

case_layout_detection_per_file() {
  # A file named alone is judged by its directory's layout (its siblings' names).
  run lint golang-migrate/000002_users_email_index.up.sql sqlx/20240103000000_widen_display_name.up.sql --format json
  expect_json '[f["layout"] for f in r["files"]]' "['golang-migrate', 'sqlx']"
}

case_layout_psql_pairs() {
  # Numbered .up/.down files that use psql meta-commands can only be psql scripts (sqlx and
  # golang-migrate send the text to the server): layout sql, autocommit, up before down,
  # and the down file (DROP COLUMN) is a contract-phase file.
  run lint psql-pairs --format json
  expect_rc 0 "numbered psql up/down pairs"
  expect_json "$files" "[('psql-pairs/20240101000000_add_status.up.sql', 'sql', 'autocommit'), ('psql-pairs/20240101000000_add_status.down.sql', 'sql', 'autocommit'), ('psql-pairs/20240102000000_status_index.up.sql', 'sql', 'autocommit'), ('psql-pairs/20240102000000_status_index.down.sql', 'sql', 'autocommit')]"
  expect_json '[f["contract"] for f in r["files"]]' "[False, True, False, True]"
}

case_layout_cargo_project() {
  # .up/.down pairs alone are golang-migrate, but inside a Cargo project they are sqlx's
  # (`sqlx migrate add -r`): one transaction per file, so a lone CONCURRENTLY fails.
  mkdir -p "$WORK/app/migrations"
  cp golang-migrate/000002_users_email_index.up.sql "$WORK/app/migrations/"
  run lint "$WORK/app/migrations" --format json
  expect_rc 0 "a lone CREATE INDEX CONCURRENTLY in golang-migrate (one statement: no transaction)"
  expect_json '[(f["layout"], f["transaction"]) for f in r["files"]]' "[('golang-migrate', 'one query string')]"
  touch "$WORK/app/Cargo.toml"
  run lint "$WORK/app/migrations" --format json
  expect_rc 1 "the same file in a Cargo project (sqlx wraps it in a transaction)"
  expect_json '[(f["layout"], f["transaction"]) for f in r["files"]]' "[('sqlx', 'one transaction')]"
}

case_layout_forced() {
  run lint sqlx --layout sql --format json
  expect_json '[f["transaction"] for f in r["files"]]' "['autocommit', 'autocommit', 'autocommit', 'autocommit']"
  run lint sqlx --layout golang-migrate --format json
  # golang-migrate would not run the simple <version>_<desc>.sql files: linted as plain SQL
  # in their version's place, noted.
  expect_json '[(f["path"], f["layout"]) for f in r["files"]][:2]' "[('sqlx/20240101000000_create_users.sql', 'sql'), ('sqlx/20240102000000_users_email_index.sql', 'sql')]"
  expect_in "not named like golang-migrate migrations" "$ERR" "stderr"
  run lint sqlx --assume-in-transaction --format json
  expect_json 'set(f["transaction"] for f in r["files"])' "{'one transaction'}"
}

case_layout_diesel_history() {
  # diesel: one folder per migration (<version>_<name>/up.sql + down.sql) is ONE history:
  # folders in version order, up.sql before its down.sql, each down judged as the undo of
  # its own up (contract phase, against the schema after that up), and the tables and
  # types of earlier folders known in later ones (varchar(255) -> varchar(512) of a column
  # created three folders earlier is catalog-only). metadata.toml's run_in_transaction =
  # false makes the file one query string.
  local d=../corpus/diesel-app
  run lint "$d" --format json
  expect_rc 4 "the diesel history (one non-concurrent index on an existing table)"
  expect_json '[f["path"][len("'"$d"'/"):] for f in r["files"]][:3]' "['2023-03-01-090000_create_users/up.sql', '2023-03-01-090000_create_users/down.sql', '2023-03-01-091500_create_feeds/up.sql']"
  expect_json 'set(f["layout"] for f in r["files"])' "{'diesel'}"
  expect_json 'set(f["contract"] for f in r["files"] if f["path"].endswith("/down.sql"))' "{True}"
  expect_json 'sorted(set((f["path"].split("/")[-2][18:], f["transaction"]) for f in r["files"] if f["transaction"] != "one transaction"))' "[('index_entries_published_at', 'one query string')]"
  expect_json '[(f["verdict"], [x["rule"] for x in f["findings"] if x["severity"] == "error"]) for f in r["files"] if "entries_guid_widen/up" in f["path"]]' "[('SAFE_TO_RUN', [])]"
  expect_json '[f["verdict"] for f in r["files"] if f["path"].endswith("create_users/down.sql")]' "['SAFE_TO_RUN']"
  # The downs that narrow back are judged against the type their own up left
  # (varchar(255) -> varchar(64) rewrites and can fail); the one mistake in an up.
  expect_json '[f["path"].split("/")[-2][18:] + "/" + f["path"].split("/")[-1] for f in r["files"] if f["verdict"] != "SAFE_TO_RUN"]' "['users_email_widen/down.sql', 'feeds_title_to_text/down.sql', 'index_subscriptions_feed_id/up.sql']"
  expect_json '[x["message"][:81] for f in r["files"] if "users_email_widen/down" in f["path"] for x in f["findings"] if x["rule"] == "changing-column-type"]' "['ALTER COLUMN email TYPE varchar(64) rewrites existing table users and its indexes']"
  expect_json 'r["files"][0]["layout_rule"]' "diesel: <version>_<name>/up.sql folders, applied in version order"
  expect_in "14 version folders (diesel) linted as one history" "$ERR" "stderr"
}

case_layout_folder_per_version() {
  # One folder per schema version (1/, 2/, 10/): numeric folder order, up.sql before
  # down.sql, a down.sql's DROP TABLE does not leak into later folders.
  mkdir -p "$WORK/h/1" "$WORK/h/2" "$WORK/h/10"
  printf 'CREATE TABLE t (name varchar(10));\n' >"$WORK/h/1/up.sql"
  printf 'DROP TABLE t;\n' >"$WORK/h/1/down.sql"
  printf 'CREATE TABLE u (id int);\n' >"$WORK/h/2/up.sql"
  printf 'ALTER TABLE t ALTER COLUMN name TYPE varchar(20);\n' >"$WORK/h/10/up.sql"
  run lint "$WORK/h" --format json
  expect_rc 0 "a folder-per-version history with a widening in folder 10"
  expect_json '[f["path"].split("/h/")[1] for f in r["files"]]' "['1/up.sql', '1/down.sql', '2/up.sql', '10/up.sql']"
  expect_json '[f["contract"] for f in r["files"]]' "[False, True, False, False]"
  expect_json 'r["files"][3]["layout_rule"]' "one folder per version (10); in it: no versioned file names: psql, in name order"
  expect_in "3 version folders (one folder per version) linted as one history" "$ERR" "stderr"
}

case_layout_popx() {
  # popx: <version>_<name>[.<dialect>][.autocommit].{up,down}.sql, versions of 20 digits
  # (never parsed into an integer), one transaction per file unless .autocommit; files of
  # another dialect, and dialect-free files a PostgreSQL file replaces, are not linted.
  local v1=20150100000001000000 v2=20150100000002000000 v3=20150100000003000000 v4=20150100000004000000
  mkdir -p "$WORK/p"
  printf 'CREATE TABLE networks (id uuid PRIMARY KEY, name varchar(50));\n' >"$WORK/p/${v1}_networks.postgres.up.sql"
  printf 'DROP TABLE networks;\n' >"$WORK/p/${v1}_networks.postgres.down.sql"
  printf 'CREATE TABLE networks (id CHAR(36) NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n' >"$WORK/p/${v1}_networks.mysql.up.sql"
  printf 'CREATE TABLE networks (id TEXT PRIMARY KEY) WITHOUT ROWID;\n' >"$WORK/p/${v1}_networks.sqlite3.up.sql"
  printf 'CREATE TABLE networks (id UUID PRIMARY KEY, FAMILY f (id));\n' >"$WORK/p/${v1}_networks.cockroach.up.sql"
  printf 'ALTER TABLE networks ALTER COLUMN name TYPE varchar(100);\n' >"$WORK/p/${v2}_networks_name.up.sql"
  printf 'CREATE INDEX CONCURRENTLY networks_name_idx ON networks (name);\n' >"$WORK/p/${v3}_networks_idx.postgres.autocommit.up.sql"
  printf 'DROP INDEX CONCURRENTLY networks_name_idx;\n' >"$WORK/p/${v3}_networks_idx.postgres.autocommit.down.sql"
  printf 'INSERT INTO networks VALUES (1);\n' >"$WORK/p/${v4}_seed.up.sql"
  printf "INSERT INTO networks VALUES (gen_random_uuid(), 'default');\n" >"$WORK/p/${v4}_seed.postgres.up.sql"
  run lint "$WORK/p" --format json
  expect_rc 0 "a popx history"
  expect_json '[(f["path"].split("/p/")[1], f["layout"], f["transaction"]) for f in r["files"]]' "[('${v1}_networks.postgres.up.sql', 'popx', 'one transaction'), ('${v1}_networks.postgres.down.sql', 'popx', 'one transaction'), ('${v2}_networks_name.up.sql', 'popx', 'one transaction'), ('${v3}_networks_idx.postgres.autocommit.up.sql', 'popx', 'one query string'), ('${v3}_networks_idx.postgres.autocommit.down.sql', 'popx', 'one query string'), ('${v4}_seed.postgres.up.sql', 'popx', 'one transaction')]"
  expect_json 'r["files"][0]["layout_rule"]' "popx file name ${v1}_networks.cockroach.up.sql"
  expect_in "3 files for another database (${v1}_networks.cockroach.up.sql, ${v1}_networks.mysql.up.sql, ${v1}_networks.sqlite3.up.sql) not linted" "$ERR" "stderr"
  expect_in "1 file for every dialect (${v4}_seed.up.sql) not linted: popx runs the PostgreSQL file" "$ERR" "stderr"
  # 21 digits (a version no 64-bit integer holds) sort by length, then text, in sqlx's and
  # golang-migrate's numeric order.
  mkdir -p "$WORK/n"
  printf 'SELECT 1;\n' >"$WORK/n/100000000000000000000_b.up.sql"
  printf 'SELECT 1;\n' >"$WORK/n/99999999999999999999_a.up.sql"
  printf 'SELECT 1;\n' >"$WORK/n/9_c.up.sql"
  run lint "$WORK/n" --layout golang-migrate --format json
  expect_json '[f["path"].split("/n/")[1] for f in r["files"]]' "['9_c.up.sql', '99999999999999999999_a.up.sql', '100000000000000000000_b.up.sql']"
}

case_layout_mixed_folder() {
  # One stray <version>_<desc>.sql among golang-migrate pairs does not make the pairs sqlx
  # migrations: they keep golang-migrate's transaction model, the stray file is plain SQL
  # in its version's place, and each file says which rule decided.
  mkdir -p "$WORK/g"
  printf 'CREATE TABLE users (id int, name varchar(10));\n' >"$WORK/g/000001_users.up.sql"
  printf 'DROP TABLE users;\n' >"$WORK/g/000001_users.down.sql"
  printf "INSERT INTO users VALUES (1, 'admin');\n" >"$WORK/g/000002_seed_admin.sql"
  printf 'ALTER TABLE users ALTER COLUMN name TYPE varchar(20);\n' >"$WORK/g/000003_widen.up.sql"
  printf 'SELECT 1;\n' >"$WORK/g/000003_widen.down.sql"
  run lint "$WORK/g" --format json
  expect_rc 0 "golang-migrate pairs and one simple file"
  expect_json '[(f["path"].split("/g/")[1], f["layout"], f["transaction"]) for f in r["files"]]' "[('000001_users.up.sql', 'golang-migrate', 'one query string'), ('000001_users.down.sql', 'golang-migrate', 'one query string'), ('000002_seed_admin.sql', 'sql', 'autocommit'), ('000003_widen.up.sql', 'golang-migrate', 'one query string'), ('000003_widen.down.sql', 'golang-migrate', 'one query string')]"
  expect_json 'r["files"][0]["layout_rule"]' "2 .up.sql/.down.sql pairs, 1 simple .sql (not run), no sqlx marker"
  expect_json 'r["files"][2]["layout_rule"]' "not a golang-migrate name (directory: 2 .up.sql/.down.sql pairs, 1 simple .sql (not run), no sqlx marker): plain SQL"
  # Hand-run scripts with one numbered name: psql in name order, not sqlx with the
  # unversioned majority moved behind the numbered file.
  mkdir -p "$WORK/s"
  for n in 2019-05-01-users 2019-06-01-orders 2019-07-01-index 2019_hotfix; do printf 'SELECT 1;\n' >"$WORK/s/$n.sql"; done
  run lint "$WORK/s" --format json
  expect_json '[(f["path"].split("/s/")[1], f["layout"], f["transaction"]) for f in r["files"]]' "[('2019-05-01-users.sql', 'sql', 'autocommit'), ('2019-06-01-orders.sql', 'sql', 'autocommit'), ('2019-07-01-index.sql', 'sql', 'autocommit'), ('2019_hotfix.sql', 'sql', 'autocommit')]"
  expect_json 'r["files"][0]["layout_rule"]' "3 of 4 file names carry no version: psql, in name order"
}

case_ordering_numeric() {
  mkdir -p "$WORK/m"
  for v in 9 10 100 2; do echo "SELECT $v;" >"$WORK/m/${v}_step.sql"; done
  run lint "$WORK/m" --format json
  expect_json '[f["path"].rsplit("/", 1)[1] for f in r["files"]]' "['2_step.sql', '9_step.sql', '10_step.sql', '100_step.sql']"
  run lint "$WORK/m" --layout sql --format json
  expect_json '[f["path"].rsplit("/", 1)[1] for f in r["files"]]' "['100_step.sql', '10_step.sql', '2_step.sql', '9_step.sql']"
}

case_ordering_flyway_versions() {
  # Flyway versions: '_' is '.', parts compare as numbers, leading zeros and trailing zero
  # parts do not count; repeatables after versioned migrations, by description.
  mkdir -p "$WORK/f"
  for n in V2__e V1_1__b V010__f V1.10__d V1__a V1.2__c R__b_view R__a_view; do echo "SELECT 1;" >"$WORK/f/$n.sql"; done
  run lint "$WORK/f" --format json
  expect_json '[f["path"].rsplit("/", 1)[1] for f in r["files"]]' "['V1__a.sql', 'V1_1__b.sql', 'V1.2__c.sql', 'V1.10__d.sql', 'V2__e.sql', 'V010__f.sql', 'R__a_view.sql', 'R__b_view.sql']"
}

case_shared_schema() {
  # V10 widens varchar(50) -> varchar(100): catalog-only, but only V1 says it was varchar(50).
  run lint flyway/V10__widen_display_name.sql
  expect_rc 4 "V10 alone (current type unknown: rewrite assumed)"
  run lint flyway/V10__widen_display_name.sql --schema schema/schema.sql
  expect_rc 0 "V10 with --schema"
  run lint flyway/V10__widen_display_name.sql --schema schema/broken.sql
  expect_rc 2 "a --schema file that does not parse"
  expect_in "schema/broken.sql:4:5" "$ERR" "stderr"
}

case_syntax_error_continues() {
  run lint syntax --format json
  expect_rc 2 "a syntax error in one of three files"
  expect_json '[(f["path"], f["verdict"]) for f in r["files"]]' "[('syntax/a_create_orders.sql', 'SAFE_TO_RUN'), ('syntax/b_broken.sql', 'BLOCKED'), ('syntax/c_orders_status_index.sql', 'REQUIRES_MAINTENANCE_WINDOW')]"
  expect_json '[x["rule"] for f in r["files"] for x in f["findings"] if x["severity"] == "error"]' "['syntax-error', 'require-concurrent-index-creation']"
  run lint syntax
  expect_in "syntax/b_broken.sql:2:35" "$OUT" "human output"
}

case_rows_tiny_table() {
  run lint maintenance --rows users=10
  expect_rc 0 "CREATE INDEX on a 10-row table (--rows)"
  run lint maintenance --rows users=100000000
  expect_rc 4 "CREATE INDEX on a 100M-row table (--rows)"
  run lint maintenance --rows users=10 --max-lock-ms 0
  expect_rc 4 "a 10-row table with a zero blocking budget"
  run lint maintenance --rows users=10 --format json
  expect_json 'r["stats_source"]' "--rows"
  run lint maintenance --rows users
  expect_rc 64 "--rows without =N"
  # A path after --rows is a path, not a second row count.
  run lint --rows users=100000000 maintenance
  expect_rc 4 "--rows before the path"
  run lint --rule require-concurrent-index-creation=off --rows users=100000000 maintenance
  expect_rc 0 "--rule and --rows before the path"
}

case_config() {
  run lint maintenance/users_email_index.sql --config config/schemashift.yaml
  expect_rc 0 "require-concurrent-index-creation lowered to hint by the config"
  run lint maintenance/users_email_index.sql --config config/schemashift.yaml --rule require-concurrent-index-creation=error
  expect_rc 4 "--rule overrides the config"
  # exclude: ["*_seed.sql"] keeps the TRUNCATE in demo_seed.sql out.
  run lint config --config config/schemashift.yaml --format json
  expect_rc 0 "config/ with its exclude pattern"
  expect_json '[f["path"] for f in r["files"]]' "['config/users_email_index.sql']"
  # .schemashift.yaml in the current directory is read by default.
  cp config/schemashift.yaml "$WORK/.schemashift.yaml"
  cp maintenance/users_email_index.sql "$WORK/"
  (cd "$WORK" && "$BIN" lint users_email_index.sql >/dev/null 2>&1)
  RC=$?
  expect_rc 0 "default .schemashift.yaml in the current directory"
}

case_config_errors() {
  run lint maintenance --config config/bad.yaml
  expect_rc 2 "an unknown key in the config"
  expect_in "config/bad.yaml:3:3: error: unknown key \`rulez\`" "$ERR" "stderr"
  expect_in "did you mean \`rules\`?" "$ERR" "stderr"
  run lint maintenance --config config/bad-rule.yaml
  expect_rc 2 "an unknown rule id in the config"
  expect_in "config/bad-rule.yaml:3:5" "$ERR" "stderr"
  expect_in "require-concurrent-index-creation" "$ERR" "stderr"
  printf 'lint:\n  pg_version: 9\n  layout: flyweight\n  rules: {ban-truncate: loud}\n' >"$WORK/bad.yaml"
  run lint maintenance --config "$WORK/bad.yaml"
  expect_rc 2 "bad values in the config"
  expect_in "bad.yaml:2:15: error:" "$ERR" "stderr"
  expect_in "bad.yaml:3:11: error: \`layout\` must be one of auto, sql, flyway, sqlx, golang-migrate, popx, diesel, got 'flyweight'" "$ERR" "stderr"
  expect_in "hint: auto detects the layout" "$ERR" "stderr"
  expect_in "severity of \`ban-truncate\` must be off, hint, warning or error" "$ERR" "stderr"
}

case_unknown_rule_flag() {
  run lint maintenance --rule require-concurent-index=off
  expect_rc 64 "--rule with a misspelt id"
  expect_in "did you mean require-concurrent-index-creation" "$ERR" "stderr"
  run lint maintenance --rule require-concurrent-index-creation=loud
  expect_rc 64 "--rule with a bad severity"
  run lint maintenance --pg-version 9
  expect_rc 64 "--pg-version out of range"
}

case_suppression() {
  run lint suppression --format json
  expect_rc 0 "a suppressed CREATE INDEX"
  expect_json '[x["rule"] for f in r["files"] for x in f["findings"]]' "['unused-suppression']"
  expect_json 'r["files"][0]["suppressed"]' "1"
}

case_contract() {
  run lint contract
  expect_rc 0 "DROP COLUMN in a file named *contract*"
  run lint - --stdin-filepath drop-legacy.sql <contract/2024-02-01-contract-drop-legacy.sql
  expect_rc 1 "the same DROP COLUMN outside a contract-phase file"
  { echo "-- schemashift:contract"; cat contract/2024-02-01-contract-drop-legacy.sql; } >"$WORK/drop.sql"
  run lint "$WORK/drop.sql"
  expect_rc 0 "DROP COLUMN after -- schemashift:contract"
}

case_stdin() {
  run lint - --stdin-filepath db/V1__create_users.sql --format json <flyway/V1__create_users.sql
  expect_rc 0 "a Flyway file on stdin"
  expect_json "$files" "[('db/V1__create_users.sql', 'flyway', 'flyway')]"
  run lint - <blocked/users_email_index.sql
  expect_rc 1 "stdin without a name"
  expect_in "<stdin>:3:1" "$OUT" "human output"
}

case_unreadable_file() {
  mkdir -p "$WORK/m"
  cp maintenance/users_email_index.sql "$WORK/m/a.sql"
  ln -s "$WORK/missing.sql" "$WORK/m/b.sql"
  run lint "$WORK/m" --rows users=10
  expect_rc 3 "a dangling symlink next to a safe file"
  expect_in "cannot read $WORK/m/b.sql" "$ERR" "stderr"
  expect_in "SAFE_TO_RUN" "$OUT" "human output (the readable file is still linted)"
  cp syntax/b_broken.sql "$WORK/m/c.sql"
  run lint "$WORK/m" --rows users=10
  expect_rc 2 "a syntax error wins over an unreadable file"
}

case_nothing_to_lint() {
  mkdir -p "$WORK/empty/node_modules/x" "$WORK/empty/.git"
  echo "SELECT 1;" >"$WORK/empty/node_modules/x/a.sql"
  echo "SELECT 1;" >"$WORK/empty/.git/b.sql"
  run lint "$WORK/empty"
  expect_rc 2 "a directory without *.sql files (node_modules and hidden directories skipped)"
  expect_in "no .sql files found" "$ERR" "stderr"
  run lint does-not-exist
  expect_rc 64 "a path that does not exist"
}

case_database_unreachable() {
  run lint maintenance --database-url "postgresql://app:s3cret@/nodb?host=$WORK/no-such-socket-dir"
  expect_rc 3 "an unreachable database"
  expect_in "cannot connect to postgresql://app:***@" "$ERR" "stderr"
  expect_in "hint:" "$ERR" "stderr"
  case $ERR in *s3cret*) fail "the password is printed: $ERR" ;; esac
}

case_formats() {
  run lint blocked --format github
  expect_rc 1 "--format github"
  expect_in "::error " "$OUT" "github output"
  run lint blocked --format sarif
  expect_rc 1 "--format sarif"
  expect_json 'r["version"]' "2.1.0"
  run lint maintenance --color always
  expect_in $'\x1b[' "$OUT" "--color always output"
  run lint maintenance --locks --color never
  expect_rc 4 "--locks"
}

case_rules() {
  run rules
  expect_rc 0 "rules"
  expect_in "require-concurrent-index-creation" "$OUT" "rules output"
  expect_in "SEVERITY" "$OUT" "rules output"
  run rules --format json
  expect_json 'all(set(x) >= {"id", "severity", "impact", "summary", "rationale", "safe_alternative", "bad", "good"} for x in r)' "True"
  expect_json '[x["id"] for x in r] == sorted(x["id"] for x in r)' "True"
  run rules explain require-concurrent-index-creation
  expect_rc 0 "rules explain"
  expect_in "Why" "$OUT" "explain output"
  expect_in "CREATE INDEX CONCURRENTLY" "$OUT" "explain output"
  run rules explain require-concurent-index
  expect_rc 64 "rules explain with a misspelt id"
  expect_in "did you mean require-concurrent-index-creation" "$ERR" "stderr"
}

# Bytes that are not UTF-8 text (a Latin-1 history, a binary file) in one of several folders
# linted in parallel: that file is refused at the byte (exit 2, as PostgreSQL refuses it),
# the other folders are still linted, and no raw NUL reaches the terminal.
case_hostile_bytes() {
  mkdir -p "$WORK/a" "$WORK/b" "$WORK/c" "$WORK/bin"
  printf 'CREATE TABLE a (id bigint PRIMARY KEY);\n' >"$WORK/a/001_init.sql"
  printf 'CREATE TABLE b (id bigint PRIMARY KEY);\nCOMMENT ON TABLE b IS '"'"'caf\xe9'"'"';\n' >"$WORK/b/001_init.sql"
  printf 'CREATE TABLE c (id bigint PRIMARY KEY);\n' >"$WORK/c/001_init.sql"
  run lint "$WORK/a" "$WORK/b" "$WORK/c" --format json
  expect_rc 2 "a Latin-1 file among three folders"
  expect_json '[f["path"].split("/")[-2] for f in r["files"]]' "['a', 'b', 'c']"
  expect_json '[f["verdict"] for f in r["files"]]' "['SAFE_TO_RUN', 'BLOCKED', 'SAFE_TO_RUN']"
  expect_json '(r["files"][1]["parse_error"]["line"], r["files"][1]["parse_error"]["column"])' "(2, 27)"
  expect_in 'invalid byte sequence for encoding \"UTF8\": 0xE9' "$OUT" "JSON report"
  run lint "$WORK/a" "$WORK/b" "$WORK/c"
  expect_rc 2 "the same, human format"
  expect_in "b/001_init.sql:2:27: error: invalid byte sequence" "$OUT" "human output"
  # A declared client encoding is named in the message: it is not followed.
  printf "SET client_encoding = 'LATIN1';\nCOMMENT ON TABLE b IS 'caf\xe9';\n" >"$WORK/b/001_init.sql"
  run lint "$WORK/b"
  expect_rc 2 "a Latin-1 file that declares its encoding"
  expect_in "whatever their SET client_encoding says" "$OUT" "human output"
  # --schema: the same check, at the dump's line and column.
  run lint "$WORK/a" --schema "$WORK/b/001_init.sql"
  expect_rc 2 "a Latin-1 --schema file"
  expect_in "001_init.sql:2:27: error: invalid byte sequence" "$ERR" "stderr"
  # A binary file: refused at its first NUL, and the report shows it escaped.
  printf 'SELECT 1;\n\177ELF\002\001\001\000\000\000\n' >"$WORK/bin/001_blob.sql"
  "$BIN" lint "$WORK/bin" >"$WORK/bin.out" 2>&1
  RC=$?
  expect_rc 2 "a binary file"
  python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(1 if any(b < 32 and b not in (9, 10) or b == 127 for b in d) else 0)' \
    "$WORK/bin.out" || fail "raw control bytes in the output: $(cat -v "$WORK/bin.out")"
  expect_in "001_blob.sql:2:8: error: invalid byte sequence for encoding \"UTF8\": 0x00" "$(cat "$WORK/bin.out")" "output"
}

if [ "$CASE" = --list ]; then
  declare -F | sed -n 's/^declare -f case_//p'
  exit 0
fi
declare -F "case_$CASE" >/dev/null || fail "no such case"
"case_$CASE"
echo "PASS $CASE"
