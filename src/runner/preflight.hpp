#pragma once
// Pre-flight checks: read-only queries the runner runs before a migration, each with the
// result that lets it go ahead (no NULLs before NOT NULL, no duplicates before UNIQUE, no
// orphans before a foreign key, no column of the new name yet). scaffold writes them into
// its manifest (runner/manifest.hpp); a failed one stops the run before anything of that
// migration is sent.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/check_expect.hpp"
#include "runner/session.hpp"

namespace schemashift::runner {

using Expect = core::CheckExpect;

struct PreflightCheck {
  std::string title;
  std::string sql;
  Expect expect = Expect::True;
};

struct PreflightResult {
  PreflightCheck check;
  bool ok = false;
  bool timed_out = false;             // a Report check cut off by the timeout: ok, result unknown
  std::vector<std::string> columns;
  std::vector<Row> rows;              // at most kShownRows
  bool more_rows = false;             // the query returned more than were kept
  std::string error;                  // the query failed: message (SQLSTATE)
  // One line: "orphans = 12", "3 rows", "true", "no rows", "timed out after 60 s".
  std::string summary() const;
};

constexpr std::size_t kShownRows = 10;

// Runs each check in its own READ ONLY transaction, with `timeout` as statement_timeout and
// `lock_timeout` so that a check never queues behind a lock either. A check that fails to
// run fails (a conversion check fails exactly so), except a Report check cut off by the
// timeout: a count over a huge table must not stop a migration.
std::vector<PreflightResult> run_preflight(Session& session, const std::vector<PreflightCheck>& checks,
                                           std::chrono::milliseconds timeout, std::chrono::milliseconds lock_timeout);

}  // namespace schemashift::runner
