#pragma once
// `schemashift report --issue N` as a library call: where one issue's migrations stand on
// one database — each migration's state, and the latest result of the issue's verify.sql
// checks. Read-only, as `status` is.
#include <string>
#include <vector>

#include "runner/history.hpp"
#include "runner/migration_files.hpp"
#include "runner/outcome.hpp"
#include "runner/session.hpp"
#include "runner/state.hpp"

namespace schemashift::runner {

struct IssueReport {
  int issue = 0;
  std::vector<MigrationState> migrations;  // the issue's, ascending (on disk or in the history)
  std::vector<CheckResult> checks;         // the newest result of each check, by name
  std::string checked_at;                  // when the newest of them ran ("" = never)
  bool applied() const;                    // every migration applied
  bool checks_passed() const;              // some ran, none failed
};

IssueReport read_issue_report(const MigrationSet& set, Session& session, const History& history, int issue);

// The verification table's newest row per check of `issue` (none when the table does not exist).
std::vector<CheckResult> latest_checks(Session& session, const History& history, int issue, std::string* checked_at);

}  // namespace schemashift::runner
