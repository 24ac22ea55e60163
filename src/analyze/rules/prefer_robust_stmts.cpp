// Non-transactional statements without IF [NOT] EXISTS: a retry after a failure fails.
#include "analyze/rule.hpp"
#include "sql/tree.hpp"
#include "core/text.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "prefer-robust-stmts";
  r.severity = Severity::Warning;
  r.impact = Impact::Risk;
  r.summary = "CREATE INDEX CONCURRENTLY without IF NOT EXISTS, or DROP INDEX CONCURRENTLY without IF EXISTS";
  r.rationale =
      "These statements run outside a transaction (postgres-facts.md §4.1), so a migration that fails halfway "
      "is not rolled back: a CREATE INDEX CONCURRENTLY that fails (lock_timeout, deadlock, duplicate key) leaves "
      "an INVALID index behind (§4.2), and the migration's retry then fails with \"already exists\" (or, "
      "without an index name, silently builds a second index). IF NOT EXISTS makes the retry pass, but note "
      "that it also silently keeps a leftover INVALID index, which is never used for queries and still slows "
      "every write (§4.2).";
  r.safe_alternative =
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS <name> ... and DROP INDEX CONCURRENTLY IF EXISTS <name>. Before "
      "retrying a failed build, drop the INVALID index it left (SELECT indexrelid::regclass FROM pg_index WHERE "
      "NOT indisvalid; then DROP INDEX CONCURRENTLY IF EXISTS <name>).";
  r.bad = {{"CREATE INDEX CONCURRENTLY users_email_idx ON users (email);"},
           {"CREATE UNIQUE INDEX CONCURRENTLY ON users (email);"},
           {"DROP INDEX CONCURRENTLY users_email_idx;"}};
  r.good = {{"CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);"},
            {"DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;"},
            {"CREATE TABLE plans (id bigint, name text);\nCREATE INDEX CONCURRENTLY plans_name_idx ON plans (name);"}};
  return r;
}

void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) {
  // Inside a transaction the statement fails outright: cannot-run-in-transaction says so.
  if (!s.analysis.must_run_outside_transaction || state.in_transaction()) return;
  RuleHit hit;
  if (s.kind == "IndexStmt" && flag(s.node, "concurrent") && !flag(s.node, "if_not_exists")) {
    const std::string table = written_relation(member(s.node, "relation"));
    const RelationLock* lock = lock_on(s.analysis, table);
    // A table created by this file: rerunning the file already fails at its CREATE TABLE.
    if (lock && !is_existing(*lock)) return;
    const std::string index = text(s.node, "idxname");
    hit.message = index.empty()
                      ? "CREATE INDEX CONCURRENTLY on " + table +
                            " without a name: a retry after a failure builds a second index next to the INVALID one"
                      : "CREATE INDEX CONCURRENTLY " + index + " without IF NOT EXISTS: a retry after a failure "
                                                               "fails on the INVALID index it left behind";
    hit.help = "name the index and write CREATE INDEX CONCURRENTLY IF NOT EXISTS; drop an INVALID leftover before "
               "retrying";
    hit.relation = table;
  } else if (s.kind == "DropStmt" && flag(s.node, "concurrent") && !flag(s.node, "missing_ok")) {
    std::vector<std::string> names;
    for (const auto& object : items(member(s.node, "objects"))) names.push_back(core::join(string_list(object), "."));
    hit.message = "DROP INDEX CONCURRENTLY " + core::join(names, ", ") +
                  " without IF EXISTS: a retry after it succeeded (and a later statement failed) fails";
    hit.help = "write DROP INDEX CONCURRENTLY IF EXISTS";
  } else {
    return;
  }
  out.push_back(hit);
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(prefer_robust_stmts, schemashift::analyze::info(), schemashift::analyze::check)
