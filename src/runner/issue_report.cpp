#include "runner/issue_report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sql/quote.hpp"

namespace schemashift::runner {

bool IssueReport::applied() const {
  return !migrations.empty() &&
         std::all_of(migrations.begin(), migrations.end(), [](const MigrationState& m) { return m.state == State::Applied; });
}

bool IssueReport::checks_passed() const {
  return !checks.empty() && std::all_of(checks.begin(), checks.end(), [](const CheckResult& c) { return c.ok; });
}

std::vector<CheckResult> latest_checks(Session& session, const History& history, int issue, std::string* checked_at) {
  const std::string table = sql::quote_ident(history.schema()) + ".verification";
  const Result exists = must(session, "SELECT to_regclass(" + sql::quote_literal(table) + ") IS NOT NULL",
                             "look for the verification table");
  if (exists.rows.empty() || !exists.rows[0][0] || *exists.rows[0][0] != "t") return {};
  // The newest row of each check: a check that failed once and passed later shows as passed.
  const Result r = must(session,
                        fmt::format("SELECT DISTINCT ON (check_name) check_name, ok, coalesce(error, ''), "
                                    "to_char(checked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                                    "FROM {} WHERE issue = {} ORDER BY check_name, id DESC",
                                    table, issue),
                        "read the verification table");
  std::vector<CheckResult> checks;
  for (const auto& row : r.rows) {
    checks.push_back({issue, row[0].value_or(""), row[1].value_or("") == "t", row[2].value_or("")});
    if (checked_at && row[3] && *row[3] > *checked_at) *checked_at = *row[3];
  }
  return checks;
}

IssueReport read_issue_report(const MigrationSet& set, Session& session, const History& history, int issue) {
  IssueReport report;
  report.issue = issue;
  if (!history.exists(session)) {
    for (const auto& state : migration_states(set, {})) {
      if (state.issue == issue) report.migrations.push_back(state);
    }
    return report;
  }
  for (const auto& state : migration_states(set, history.load(session))) {
    if (state.issue == issue) report.migrations.push_back(state);
  }
  report.checks = latest_checks(session, history, issue, &report.checked_at);
  return report;
}

}  // namespace schemashift::runner
