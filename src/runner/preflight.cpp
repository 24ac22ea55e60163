#include "runner/preflight.hpp"

#include <fmt/format.h>

namespace schemashift::runner {

namespace {

bool single_value(const PreflightResult& r, const char* value) {
  return r.rows.size() == 1 && !r.rows[0].empty() && r.rows[0][0] == std::optional<std::string>(value);
}

bool judge(const PreflightResult& r) {
  switch (r.check.expect) {
    case Expect::True: return single_value(r, "t");
    case Expect::Zero: return single_value(r, "0");
    case Expect::NoRows: return r.rows.empty();
    case Expect::Report: return true;
  }
  return false;
}

// query_canceled: what statement_timeout raises.
constexpr const char* kQueryCanceled = "57014";

}  // namespace

std::string PreflightResult::summary() const {
  if (timed_out) return "not known: the query ran into the time limit";
  if (!error.empty()) return error;
  if (rows.empty()) return "no rows";
  if (rows.size() == 1 && rows[0].size() == 1) {
    const std::string value = rows[0][0] ? *rows[0][0] : "NULL";
    if (check.expect == Expect::True) return value == "t" ? "true" : value == "f" ? "false" : value;
    return columns.empty() || columns[0] == "?column?" ? value : columns[0] + " = " + value;
  }
  return fmt::format("{}{} row{}", rows.size(), more_rows ? "+" : "", rows.size() == 1 && !more_rows ? "" : "s");
}

std::vector<PreflightResult> run_preflight(Session& session, const std::vector<PreflightCheck>& checks,
                                           std::chrono::milliseconds timeout, std::chrono::milliseconds lock_timeout) {
  std::vector<PreflightResult> results;
  for (const auto& check : checks) {
    PreflightResult r;
    r.check = check;
    // READ ONLY: a check is a query; a manifest edited into a write would be refused.
    const std::string begin = fmt::format("BEGIN READ ONLY; SET LOCAL statement_timeout = {}; SET LOCAL lock_timeout = {}",
                                          timeout.count(), lock_timeout.count());
    const Result opened = session.execute(begin);
    Result q = opened.ok ? session.execute(check.sql) : opened;
    session.execute("ROLLBACK");
    if (!q.ok) {
      if (q.sqlstate == kQueryCanceled && check.expect == Expect::Report) {
        r.timed_out = true;
        r.ok = true;
      } else {
        r.error = q.message + " (SQLSTATE " + q.sqlstate + ")";
      }
    } else {
      r.columns = std::move(q.columns);
      r.more_rows = q.rows.size() > kShownRows;
      if (r.more_rows) q.rows.resize(kShownRows);
      r.rows = std::move(q.rows);
      r.ok = judge(r);
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace schemashift::runner
