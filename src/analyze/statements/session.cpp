// Session and transaction control: SET, BEGIN/COMMIT ..., LOCK TABLE, DO and CALL.
#include "analyze/statements/analyzer.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.hpp"
#include "sql/plpgsql.hpp"

namespace schemashift::analyze::statements {

namespace {

// A timeout of 0 (or DEFAULT / RESET, normally 0) disables it: that does not count as
// setting one.
bool is_zero_constant(const json& arg) {
  const json& c = body(arg, "A_Const");
  if (c.contains("ival")) {
    const json& value = member(member(c, "ival"), "ival");  // omitted when 0
    return value.is_null() || value.get<long long>() == 0;
  }
  if (c.contains("sval")) return is_zero_setting(text(member(c, "sval"), "sval"));
  if (c.contains("fval")) return is_zero_setting(text(member(c, "fval"), "fval"));
  return false;
}

}  // namespace

// LOCK TABLE's mode number is PostgreSQL's lock mode number, the same order as LockMode.
void analyze_lock(const json& s, Analyzer& a) {
  const json& mode_number = member(s, "mode");
  const int number = mode_number.is_number_integer() ? mode_number.get<int>() : 8;
  const LockMode mode = static_cast<LockMode>(std::clamp(number, 1, 8));
  std::vector<RelationRef> rels;
  for (const auto& item : items(member(s, "relations"))) rels.push_back(range_var(body(item, "RangeVar")));
  for (const auto& rel : rels) a.lock(rel, mode, Work::Catalog);
  a.note("held until the transaction ends");
  a.result.summary = "LOCK TABLE " + join_written(rels) + " IN " + lock_mode_sql(mode) + " MODE";
}

void analyze_set(const json& s, Analyzer& a) {
  const std::string kind = text(s, "kind");
  const std::string name = text(s, "name");
  const bool local = flag(s, "is_local");
  const json& args = member(s, "args");
  const bool sets_value = kind == "VAR_SET_VALUE" && args.is_array() && !args.empty() && !is_zero_constant(args[0]);
  if (name == "lock_timeout") a.result.sets_lock_timeout = sets_value;
  if (name == "statement_timeout") a.result.sets_statement_timeout = sets_value;
  if (sets_value && !local && (name == "lock_timeout" || name == "statement_timeout")) {
    a.note("SET without LOCAL keeps " + name + " for the rest of the session");
  }
  if (kind == "VAR_RESET" || kind == "VAR_RESET_ALL") {
    a.result.summary = name.empty() ? "RESET ALL" : "RESET " + name;
  } else {
    a.result.summary = std::string(local ? "SET LOCAL " : "SET ") + core::lower(name);
  }
}

void analyze_transaction(const json& s, Analyzer& a) {
  static const std::map<std::string, std::string> words = {
      {"TRANS_STMT_BEGIN", "BEGIN"},           {"TRANS_STMT_START", "START TRANSACTION"},
      {"TRANS_STMT_COMMIT", "COMMIT"},         {"TRANS_STMT_ROLLBACK", "ROLLBACK"},
      {"TRANS_STMT_SAVEPOINT", "SAVEPOINT"},   {"TRANS_STMT_RELEASE", "RELEASE SAVEPOINT"},
      {"TRANS_STMT_ROLLBACK_TO", "ROLLBACK TO SAVEPOINT"}, {"TRANS_STMT_PREPARE", "PREPARE TRANSACTION"},
      {"TRANS_STMT_COMMIT_PREPARED", "COMMIT PREPARED"},   {"TRANS_STMT_ROLLBACK_PREPARED", "ROLLBACK PREPARED"},
  };
  const std::string kind = text(s, "kind");
  const auto it = words.find(kind);
  a.result.summary = it == words.end() ? "TRANSACTION" : it->second;
  static const std::set<std::string> control = {"TRANS_STMT_BEGIN", "TRANS_STMT_START", "TRANS_STMT_COMMIT",
                                                "TRANS_STMT_ROLLBACK"};
  a.result.is_transaction_control = control.count(kind) > 0;
  // §4.1: COMMIT/ROLLBACK PREPARED cannot run inside a transaction block.
  if (kind == "TRANS_STMT_COMMIT_PREPARED" || kind == "TRANS_STMT_ROLLBACK_PREPARED") a.outside_transaction();
}

void analyze_do(const json& s, Analyzer& a) {
  a.result.summary = "DO block";
  a.note("locks taken inside the block are not analysed");
  // DO's args: {"DefElem": {"defname": "as" | "language", "arg": {"String": ...}}}.
  std::string code;
  std::string language = "plpgsql";
  for (const auto& item : items(member(s, "args"))) {
    const json& def = body(item, "DefElem");
    const std::string name = text(def, "defname");
    if (name == "as") code = string_value(member(def, "arg"));
    if (name == "language") language = core::lower(string_value(member(def, "arg")));
  }
  // A block that commits as it goes (batched backfills) fails inside a transaction block
  // ("invalid transaction termination"), as CONCURRENTLY does.
  if (language == "plpgsql" && sql::plpgsql_controls_transactions(code)) {
    a.outside_transaction();
    a.note("COMMIT inside the block: it commits as it goes and must run outside a transaction block");
  }
  if (language != "plpgsql") return;
  // What its static statements lock, each analysed as if run on its own; the strongest
  // mode per relation.
  for (const std::string& query : sql::plpgsql_static_queries(code)) {
    auto tree = sql::parse_statement(query);
    if (!tree) continue;
    sql::Statement inner;
    inner.text = query;
    inner.tree = std::move(*tree);
    const StatementAnalysis sub = analyze_statement(inner, a.context);
    for (const auto& lock : sub.locks) {
      auto same = std::find_if(a.result.block_locks.begin(), a.result.block_locks.end(),
                               [&](const RelationLock& l) { return l.relation == lock.relation; });
      if (same == a.result.block_locks.end()) {
        a.result.block_locks.push_back(lock);
      } else {
        same->mode = std::max(same->mode, lock.mode);
        if (work_rank(lock.work) > work_rank(same->work)) same->work = lock.work;
      }
    }
  }
}

void analyze_call(const json& s, Analyzer& a) {
  a.result.summary = "CALL " + core::join(string_list(member(member(s, "funccall"), "funcname")), ".");
  a.note("locks taken inside the procedure are not analysed");
}

}  // namespace schemashift::analyze::statements
