// BEGIN inside an open transaction, and COMMIT/ROLLBACK inside a file the runner wraps in
// its own transaction.
#include <string>

#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "transaction-nesting";
  r.severity = Severity::Warning;
  r.impact = Impact::Risk;
  r.summary = "BEGIN while a transaction is already open, or COMMIT/ROLLBACK in a file the runner wraps in a "
              "transaction";
  r.rationale =
      "PostgreSQL has no nested transactions: BEGIN inside a transaction only raises a WARNING (\"there is "
      "already a transaction in progress\") and the next COMMIT ends the outer transaction. Flyway and sqlx run "
      "each file inside their own transaction (postgres-facts.md §7.1, §7.2), so a COMMIT written in the file "
      "commits the framework's transaction early: if a later statement fails, the part before the COMMIT stays "
      "applied while the framework records the migration as failed, and the statements after it run in a new "
      "transaction. A ROLLBACK silently undoes what came before it. (A file sent as one query string, as "
      "golang-migrate does, may use BEGIN ... COMMIT: BEGIN turns the implicit block into an explicit one.)";
  r.safe_alternative =
      "Let the framework own the transaction: remove BEGIN/COMMIT from the file. If part of the file must run "
      "outside a transaction or commit separately, split it into its own migration file (Flyway: "
      "executeInTransaction=false in <file>.sql.conf; sqlx: -- no-transaction).";
  r.bad = {{"BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;", true},
           {"ALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;\nALTER TABLE users ADD COLUMN bio text;", true},
           {"BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nBEGIN;\nALTER TABLE users ADD COLUMN bio text;\n"
            "COMMIT;"}};
  r.good = {{"BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;"},
            {"ALTER TABLE users ADD COLUMN nickname text;", true},
            {"BEGIN;\nALTER TABLE users ADD COLUMN a text;\nCOMMIT;\nBEGIN;\nALTER TABLE users ADD COLUMN b text;\n"
             "COMMIT;"}};
  return r;
}

// A file sent as one query string runs in an implicit transaction block, which BEGIN
// turns into an explicit one without a warning: BEGIN ... COMMIT is fine there.
bool wrapper_is_implicit_block(const LintState& state) { return state.file_transaction == FileTransaction::MultiStatement; }

int last_begin_line(const LintState& state) {
  if (!state.statements) return 0;
  for (std::size_t i = state.statement_index; i-- > 0;) {
    const std::string kind = text(member((*state.statements)[i].tree, "TransactionStmt"), "kind");
    if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") return (*state.statements)[i].line;
  }
  return 0;
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  if (s.kind != "TransactionStmt") return;
  const std::string kind = text(s.node, "kind");
  const bool begins = kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START";
  const bool ends = kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK";
  const bool wrapper = state.wrapper_open && !wrapper_is_implicit_block(state);
  RuleHit hit;
  if (begins && state.explicit_transaction) {
    const int line = last_begin_line(state);
    hit.message = s.analysis.summary + " while the transaction opened by BEGIN" +
                  (line > 0 ? " on line " + std::to_string(line) : std::string{}) +
                  " is still open: PostgreSQL only warns, and the next COMMIT ends both";
    hit.help = "remove the inner BEGIN, or COMMIT the first transaction before it";
  } else if (begins && wrapper) {
    hit.message = s.analysis.summary + " inside the transaction the migration runner wraps this file in (" +
                  file_transaction_name(state.file_transaction) + "): PostgreSQL only warns, and the COMMIT that follows commits the "
                  "runner's transaction early";
    hit.help = "remove BEGIN/COMMIT and let the runner own the transaction, or split the file";
  } else if (ends && wrapper && !state.explicit_transaction) {
    hit.message = s.analysis.summary + " in a file the migration runner wraps in a transaction (" +
                  file_transaction_name(state.file_transaction) + ") ends the runner's transaction early" +
                  (kind == "TRANS_STMT_ROLLBACK" ? ", undoing the statements before it"
                                                 : ": a later failure leaves the file half applied");
    hit.help = "remove it and let the runner commit, or split the file into separate migrations";
  } else {
    return;
  }
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(transaction_nesting, schemashift::analyze::info(), schemashift::analyze::check)
