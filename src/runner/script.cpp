#include "runner/script.hpp"

#include <algorithm>
#include <map>

#include "core/backfill_protocol.hpp"
#include "core/text.hpp"
#include "model/names_from_tree.hpp"
#include "model/qualified_name.hpp"
#include "sql/parser.hpp"
#include "sql/tree.hpp"

namespace schemashift::runner {

namespace {

using namespace sql::tree;

std::string transaction_kind(const sql::Statement& st) { return text(member(st.tree, "TransactionStmt"), "kind"); }

bool is_begin(const sql::Statement& st) {
  const std::string kind = transaction_kind(st);
  return kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START";
}

bool is_commit(const sql::Statement& st) { return transaction_kind(st) == "TRANS_STMT_COMMIT"; }

bool is_rollback(const sql::Statement& st) { return transaction_kind(st) == "TRANS_STMT_ROLLBACK"; }

// The index a CREATE INDEX CONCURRENTLY builds; "" for any other statement or an unnamed index.
std::string concurrent_index_name(const sql::Statement& st) {
  const json& index = member(st.tree, "IndexStmt");
  if (!flag(index, "concurrent")) return {};
  const std::string name = text(index, "idxname");
  if (name.empty()) return {};
  model::QualifiedName qualified = model::relation_name(member(index, "relation"));
  qualified.name = name;  // an index lives in its table's schema
  return model::table_sql(qualified);
}

}  // namespace

bool Script::blocking() const {
  return std::any_of(statements.begin(), statements.end(), [](const ScriptStatement& s) { return s.blocking; });
}

std::vector<std::pair<std::string, analyze::LockMode>> Script::blocking_locks() const {
  std::map<std::string, analyze::LockMode> strongest;
  for (const auto& st : statements) {
    for (const auto& [relation, mode] : st.blocking_locks) strongest[relation] = std::max(strongest[relation], mode);
  }
  return {strongest.begin(), strongest.end()};
}

std::optional<Script> prepare_script(const std::string& text, const std::string& path, core::Diagnostics& diags) {
  const sql::Script parsed = sql::parse_script(text);
  if (parsed.error) {
    diags.error("syntax-error", {path, parsed.error->line, parsed.error->column}, parsed.error->message,
                "fix the statement; nothing of this migration was applied");
    return std::nullopt;
  }
  const sql::SourceText source(text);
  for (const auto& meta : source.meta_commands()) {
    const auto pos = parsed.lines.position(meta.range.begin);
    diags.error("psql-meta-command", {path, pos.line, pos.column},
                "psql meta-command \\" + meta.name + ": only psql can run it",
                "schemashift sends SQL to the server; replace the meta-command with SQL, or run this file with psql");
  }
  if (!source.meta_commands().empty()) return std::nullopt;

  Script script;
  const auto& all = parsed.statements;
  std::size_t first = 0;
  std::size_t last = all.size();
  bool control_inside = false;
  const analyze::Context context;
  std::vector<analyze::StatementAnalysis> analyses;
  analyses.reserve(all.size());
  for (const auto& st : all) analyses.push_back(analyze::analyze_statement(st, context));
  const bool wrapped = all.size() >= 2 && is_begin(all.front()) && is_commit(all.back());
  if (wrapped) {
    first = 1;
    last = all.size() - 1;
  }
  for (std::size_t i = first; i < last; ++i) control_inside = control_inside || analyses[i].is_transaction_control;

  const auto outside = std::find_if(analyses.begin() + first, analyses.begin() + last,
                                    [](const analyze::StatementAnalysis& a) { return a.must_run_outside_transaction; });
  if (control_inside || (!wrapped && !all.empty() && analyses.front().is_transaction_control)) {
    script.mode = Mode::Autocommit;
    script.why = "the file runs its own BEGIN/COMMIT: statements run as written, as psql runs them";
    first = 0;
    last = all.size();
  } else if (outside != analyses.begin() + last) {
    script.mode = Mode::Autocommit;
    script.why = outside->summary + " cannot run inside a transaction block";
    if (wrapped) {
      diags.error("transaction-block", {path, all.front().line, all.front().column},
                  outside->summary + " cannot run inside this file's BEGIN ... COMMIT",
                  "move it to a file of its own without BEGIN/COMMIT");
      return std::nullopt;
    }
  } else if (core::starts_with(text, "-- no-transaction")) {
    script.mode = Mode::Autocommit;
    script.why = "the file starts with -- no-transaction";
  } else {
    script.mode = Mode::Transaction;
    script.own_block = wrapped;
    script.why = wrapped ? "BEGIN ... COMMIT: one transaction" : "one transaction";
  }

  for (std::size_t i = first; i < last; ++i) {
    const auto& st = all[i];
    const auto& a = analyses[i];
    ScriptStatement s;
    s.sql = st.text;
    s.line = st.line;
    s.column = st.column;
    s.summary = a.summary;
    s.lock = a.strongest();
    s.blocking = a.blocks_reads() || a.blocks_writes();
    for (const auto& l : a.locks) {
      if (!l.is_new && (analyze::blocks_reads(l.mode) || analyze::blocks_writes(l.mode))) {
        s.blocking_locks.emplace_back(l.relation, l.mode);
      }
    }
    s.sets_lock_timeout = a.sets_lock_timeout;
    s.concurrent_index = concurrent_index_name(st);
    s.opens_transaction = is_begin(st);
    s.closes_transaction = is_commit(st) || is_rollback(st);
    s.backfill = !member(st.tree, "DoStmt").is_null() && st.text.find(core::backfill::kBatchSize) != std::string::npos;
    script.statements.push_back(std::move(s));
  }
  return script;
}

}  // namespace schemashift::runner
