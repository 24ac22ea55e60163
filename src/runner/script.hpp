#pragma once
// How the runner executes one migration file: its statements, split and parsed by
// PostgreSQL's own grammar (sql/), and whether they run in one transaction.
//
//   BEGIN; ... COMMIT;  (what scaffold writes)  one transaction, opened and committed by the
//                                               runner, with the history row inside it
//   no transaction control, every statement     one transaction too (as sqlx and Flyway
//   allowed in a transaction block              wrap a file)
//   a statement that cannot run in one          autocommit, statement by statement, progress
//   (CONCURRENTLY, a DO block that COMMITs),    recorded after each so that a crash resumes
//   sqlx's `-- no-transaction`, or BEGIN/COMMIT at the next statement
//   anywhere else
#include <optional>
#include <string>
#include <vector>

#include "analyze/analysis.hpp"
#include "core/diagnostics.hpp"

namespace schemashift::runner {

enum class Mode { Transaction, Autocommit };

struct ScriptStatement {
  std::string sql;   // exact source text, without the trailing ';'
  int line = 1;      // of the statement's first character in the file
  int column = 1;
  std::string summary;  // "ALTER TABLE users ADD COLUMN", from the analyser
  analyze::LockMode lock = analyze::LockMode::None;  // the strongest it takes on an existing relation
  bool blocking = false;  // that lock blocks reads or writes: it must not queue
  // The locks on existing relations that block reads or writes (relation as written, mode):
  // what the runner waits to be free of conflicting holders before it asks.
  std::vector<std::pair<std::string, analyze::LockMode>> blocking_locks;
  bool sets_lock_timeout = false;
  // CREATE INDEX CONCURRENTLY: the index it builds (quoted, schema-qualified when written).
  // A failed or killed build leaves it INVALID, and IF NOT EXISTS would then skip it, so
  // the runner drops an invalid one concurrently before each attempt.
  std::string concurrent_index;
  // BEGIN / COMMIT / ROLLBACK of a file that runs its own transactions (Mode::Autocommit).
  bool opens_transaction = false;
  bool closes_transaction = false;
  // A backfill scaffold rendered: a DO block that reads the runner's session settings
  // (core/backfill_protocol.hpp) for its batch size, pause, progress and resume key.
  bool backfill = false;
};

struct Script {
  Mode mode = Mode::Transaction;
  std::string why;  // "BEGIN ... COMMIT", "CREATE INDEX CONCURRENTLY cannot run in a transaction block" ...
  std::vector<ScriptStatement> statements;  // without the BEGIN/COMMIT the runner sends itself
  bool own_block = false;  // Mode::Transaction from the file's own BEGIN ... COMMIT (stripped)
  bool blocking() const;  // some statement takes a lock that blocks reads or writes
  // Every statement's blocking_locks, the strongest per relation.
  std::vector<std::pair<std::string, analyze::LockMode>> blocking_locks() const;
};

// Splits, parses and classifies `text` (the file at `path`). A syntax error or a psql
// meta-command (which only psql can run) is an error in `diags`, with file:line:col.
std::optional<Script> prepare_script(const std::string& text, const std::string& path, core::Diagnostics& diags);

}  // namespace schemashift::runner
