// `schemashift lint --help`: what the options do not say. Layout details are facts of
// lint/discovery.hpp; docs/lint.md has the long form.
#include "lint/run.hpp"

namespace schemashift::lint {

const char* help() {
  return R"(Layouts (--layout, default auto: detected per directory; details in docs/lint.md):
  sql             psql -f FILE: autocommit, each statement commits on its own; name order
                  (X.up.sql before X.down.sql)
  flyway          V<version>__<desc>.sql, R__<desc>.sql, U<version>__<desc>.sql: one
                  transaction per file, unless every statement must run outside one
                  (CREATE INDEX CONCURRENTLY, VACUUM ...) or <file>.sql.conf has
                  executeInTransaction=false; versions in numeric order, then R__, then U
  sqlx            <version>_<desc>.sql or <version>_<desc>.up.sql/.down.sql: BEGIN; file;
                  COMMIT, or with `-- no-transaction` as the first bytes of the file: the
                  file is sent as ONE query string (several statements = one transaction)
  golang-migrate  <version>_<title>.up.sql/.down.sql: the file as one query string
  popx            <version>_<name>[.<dialect>][.autocommit].up.sql/.down.sql: one
                  transaction per file, .autocommit files as one query string; files of
                  other dialects (.mysql., .sqlite3., .cockroach. ...) are not linted
  diesel          <version>_<name>/up.sql + down.sql, one folder per migration: one
                  transaction per migration (metadata.toml run_in_transaction = false:
                  one query string)
  The majority of a directory's names decides; a stray name is linted as plain SQL, in
  its version's place. Numbered files using psql meta-commands (\set, \gexec ...) are
  sql. A dialect, .autocommit or a version over 19 digits means popx. .up.sql/.down.sql
  names alone mean golang-migrate; a file starting with `-- no-transaction`, a Cargo.toml
  in or above the directory, or simple <version>_<desc>.sql files not outnumbered by
  .up.sql files mean sqlx. Numbered plain psql files (001_init.sql) are detected as
  sqlx: pass --layout sql for them. Sibling folders named like versions (diesel's
  <version>_<name>/, 1/, V2/) are one history, linted in version order.
  --assume-in-transaction: every file runs in one transaction (psql --single-transaction).
  The files of one directory (or folder history) are linted in apply order against one
  schema, so later files know the tables, types and validated constraints of earlier
  ones; down/undo files change nothing. A file whose name contains "contract" is a contract-phase migration.

Examples:
  schemashift lint                                 every *.sql under the current directory
  schemashift lint db/sql/0042_users_email.sql     one plain psql file
  schemashift lint src/main/resources/db/migration Flyway (V1__init.sql, V2__users.sql ...)
  schemashift lint migrations                      sqlx (20240105091200_add_users.sql ...)
  schemashift lint db/migrations --layout golang-migrate   (000001_init.up.sql / .down.sql)
  schemashift lint migrations --rows users=2000000 --rule prefer-text-field=off
  schemashift lint migrations --database-url postgresql://app@db.internal/app --format sarif
  schemashift lint - --stdin-filepath db/V7__orders.sql < V7__orders.sql

Suppressions (a comment line directly above the statement, or anywhere for -file):
  -- schemashift:ignore rule-a, rule-b -- reason   silence these rules on the next statement
  -- schemashift:ignore -- reason                  every rule on the next statement
  -- schemashift:ignore-file rule-a -- reason      rule-a in the whole file
  -- schemashift:contract                          this file is a contract-phase migration
  -- schemashift:offline                           runs with the application stopped: a change that
                                                   breaks running code needs a maintenance window
                                                   (REQUIRES_MAINTENANCE_WINDOW) instead of BLOCKED
  A suppression that silences nothing is itself reported (unused-suppression).
  `schemashift rules` lists the rule ids; `schemashift rules explain ID` explains one.

Config file (.schemashift.yaml in the current directory, or --config FILE; flags win):
  lint:
    pg_version: 15
    layout: auto                  # auto | sql | flyway | sqlx | golang-migrate | popx | diesel
    assume_in_transaction: false
    max_lock_ms: 1000             # blocking work estimated below this on known rows is tolerated
    max_lock_timeout_ms: 5000
    rules: {prefer-text-field: off, require-concurrent-index-creation: error}
    rows: {users: 2000000}        # row counts; --database-url statistics and --rows win
    exclude: ["db/legacy/*", "*_seed.sql"]

Exit codes: 0 SAFE_TO_RUN; 1 BLOCKED; 2 invalid input (a syntax error in any file, bad config
or --schema; nothing to lint); 3 environment (unreadable file, database unreachable);
4 REQUIRES_MAINTENANCE_WINDOW; 64 usage (unknown --rule id ...). When several apply:
2, then 3, then 1, then 4.)";
}

}  // namespace schemashift::lint
