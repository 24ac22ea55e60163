// The file ends while a transaction it opened with BEGIN is still open.
#include <string>

#include "analyze/rule.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "uncommitted-transaction";
  r.severity = Severity::Error;
  r.impact = Impact::Fails;
  r.summary = "The file ends with a transaction opened by BEGIN still open";
  r.rationale =
      "A transaction that is never committed is rolled back when the session ends: psql -f exits at the end of "
      "the file and everything after BEGIN is undone, although every statement reported success. Until then "
      "the open transaction keeps its locks (postgres-facts.md §1), blocking other sessions. Only a runner that "
      "wraps the file in its own transaction (Flyway, sqlx) commits it on the file's behalf.";
  r.safe_alternative = "End the file with COMMIT; (or remove the BEGIN and let the migration runner own the transaction).";
  r.bad = {{"BEGIN;\nALTER TABLE users ADD COLUMN nickname text;"},
           {"BEGIN;\nALTER TABLE users ADD COLUMN a text;\nCOMMIT;\nSTART TRANSACTION;\nUPDATE users SET a = '';"}};
  r.good = {{"BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;"},
            {"BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nROLLBACK;"},
            {"ALTER TABLE users ADD COLUMN nickname text;", true}};
  return r;
}

int last_begin_line(const LintState& state) {
  if (!state.statements) return 0;
  for (std::size_t i = state.statements->size(); i-- > 0;) {
    const std::string kind = text(member((*state.statements)[i].tree, "TransactionStmt"), "kind");
    if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") return (*state.statements)[i].line;
  }
  return 0;
}

void finish(const LintState& state, std::vector<RuleHit>& out) {
  if (!state.explicit_transaction) return;
  // Flyway and sqlx commit their own transaction at the end of the file, and with it this one
  // (transaction-nesting reports the BEGIN).
  const bool runner_commits = state.file_in_transaction && state.file_transaction != FileTransaction::MultiStatement;
  if (runner_commits) return;
  const int line = last_begin_line(state);
  RuleHit hit;
  hit.message = "the transaction opened by BEGIN" + (line > 0 ? " on line " + std::to_string(line) : std::string{}) +
                " is still open at the end of the file: it is rolled back when the session ends";
  hit.help = "add COMMIT; at the end of the file";
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(uncommitted_transaction, schemashift::analyze::info(), nullptr, schemashift::analyze::finish)
