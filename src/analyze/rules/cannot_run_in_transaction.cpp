// A statement PostgreSQL refuses inside a transaction block (CONCURRENTLY, VACUUM ...) that
// will run inside one: opened by BEGIN in the file, or by the framework that runs the file.
#include <string>

#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "cannot-run-in-transaction";
  r.severity = Severity::Error;
  r.impact = Impact::Fails;
  r.summary = "A statement that cannot run inside a transaction block runs inside one";
  r.rationale =
      "CREATE/DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY, DETACH PARTITION ... CONCURRENTLY, VACUUM, "
      "CREATE DATABASE, ALTER SYSTEM and a few others fail with SQLSTATE 25001 \"... cannot run inside a "
      "transaction block\" (postgres-facts.md §4.1); so does ALTER TYPE ... ADD VALUE before PostgreSQL 12. "
      "A transaction block is opened by BEGIN, by a framework that wraps each file (Flyway and sqlx by "
      "default), and implicitly by a query string holding several statements, which is how golang-migrate "
      "and sqlx's `-- no-transaction` files are sent (§4.1, §7.1, §7.2). Statements after a COMMIT in such "
      "a file are still wrapped: Flyway's driver opens a new transaction and a multi-statement string "
      "starts a new implicit block.";
  r.safe_alternative =
      "Put the statement in a migration of its own that runs outside a transaction: psql without BEGIN; "
      "Flyway: a file with only such statements, or `executeInTransaction=false` in <file>.sql.conf "
      "(needed for REINDEX ... CONCURRENTLY and DETACH ... CONCURRENTLY, which Flyway does not detect); "
      "sqlx: first line `-- no-transaction` and exactly one statement in the file; golang-migrate: the "
      "statement alone in its own file; Rails: disable_ddl_transaction!.";
  r.bad = {{"BEGIN;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nCOMMIT;"},
           {"DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;", true},
           {"ALTER TYPE order_status ADD VALUE 'refunded';", true, false, 11}};
  r.good = {{"CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);"},
            {"BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;\nVACUUM (ANALYZE) users;"},
            {"ALTER TYPE order_status ADD VALUE 'refunded';", true}};
  return r;
}

// Line of the last BEGIN before the current statement, or 0.
int begin_line(const LintState& state) {
  if (!state.statements) return 0;
  for (std::size_t i = state.statement_index; i-- > 0;) {
    const std::string kind = text(member((*state.statements)[i].tree, "TransactionStmt"), "kind");
    if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") return (*state.statements)[i].line;
  }
  return 0;
}

// Why the statement runs in a transaction block, and how to get it out of one.
struct Reason {
  std::string why;
  std::string help;
};

Reason wrapper_reason(const LintState& state) {
  if (state.file_transaction == FileTransaction::MultiStatement) {
    return {"the file is sent as one query string with " + std::to_string(state.statement_count) +
                " statements, which PostgreSQL runs as an implicit transaction block (golang-migrate; sqlx "
                "-- no-transaction)",
            "put this statement alone in its own migration file (sqlx: with `-- no-transaction` as its first line)"};
  }
  if (state.file_transaction == FileTransaction::FlywayAuto) {
    return {"Flyway runs this file in a transaction because not all of its statements are ones Flyway detects as "
            "non-transactional",
            "move it to its own file, with `executeInTransaction=false` in <file>.sql.conf unless Flyway detects it "
            "(CREATE/DROP INDEX CONCURRENTLY, VACUUM ...)"};
  }
  return {"the migration runner wraps the whole file in one transaction",
          "move it to its own file that runs outside a transaction (Flyway: `executeInTransaction=false` in "
          "<file>.sql.conf; sqlx: `-- no-transaction` as first line, one statement per file)"};
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (!s.analysis.must_run_outside_transaction || !state.in_transaction()) return;
  Reason reason;
  if (state.explicit_transaction) {
    const int line = begin_line(state);
    reason.why = "it follows BEGIN" + (line > 0 ? " on line " + std::to_string(line) : std::string{}) +
                 " and the transaction is still open";
    reason.help = "run it after COMMIT, outside BEGIN ... COMMIT";
    if (state.file_in_transaction) reason.help += ", in a file the runner does not wrap in a transaction";
  } else {
    reason = wrapper_reason(state);
  }
  RuleHit hit;
  hit.message = s.analysis.summary + " cannot run inside a transaction block, but runs in one: " + reason.why;
  hit.help = reason.help;
  if (!s.analysis.locks.empty()) hit.relation = s.analysis.locks.front().relation;
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(cannot_run_in_transaction, schemashift::analyze::info(), schemashift::analyze::check)
