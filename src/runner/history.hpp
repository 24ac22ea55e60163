#pragma once
// The history table: one row per application of a migration, in its own schema
// (`schemashift` by default), so that the runner knows what is applied, what failed, what
// was interrupted and where, and what was reverted — and keeps all of it.
//
//   status       meaning
//   running      started; a non-transactional migration's statements_done counts the
//                statements committed so far (a crash leaves the row here: resume), and
//                resume_key is where the backfill of the next statement stopped, if it did
//   success      applied; a transactional migration's row commits with its statements
//   failed       stopped by an error (transactional: nothing of it remains applied)
//   reverting    its down file is being applied statement by statement
//   rolled_back  its down file was applied (reverted_at, reverted_by, revert_duration_ms)
#include <optional>
#include <string>
#include <vector>

#include "runner/backfill_progress.hpp"
#include "runner/session.hpp"

namespace schemashift::runner {

enum class RowStatus { Running, Success, Failed, Reverting, RolledBack };
const char* row_status_sql(RowStatus s);  // "running" ...
std::optional<RowStatus> parse_row_status(const std::string& s);

struct HistoryRow {
  long long id = 0;
  std::string version;
  std::string name;
  std::optional<int> issue;
  std::string phase;
  std::string checksum;
  RowStatus status = RowStatus::Running;
  std::string applied_at;   // ISO 8601 UTC, as the server formats it
  std::string applied_by;
  std::optional<long long> duration_ms;
  int attempts = 1;
  int statements_done = 0;
  std::string error;
  std::string reverted_at;  // "" unless rolled back
  std::optional<long long> revert_duration_ms;
  // resume_key: where the backfill of statement statements_done stopped (committed with
  // its last batch); cleared when that statement completes.
  std::optional<ResumePoint> resume;
};


class History {
 public:
  explicit History(std::string schema = "schemashift");
  const std::string& schema() const { return schema_; }
  std::string table_sql() const;  // "schemashift.history", quoted as needed

  // CREATE SCHEMA / TABLE IF NOT EXISTS. Throws core::Error with a hint when the role may
  // not create them.
  void ensure(Session& session) const;
  // Whether the table exists (status and history read a database that may never have run).
  bool exists(Session& session) const;
  // Every row, oldest first.
  std::vector<HistoryRow> load(Session& session) const;
  // The same, or none when the table does not exist yet (read-only commands create nothing).
  std::vector<HistoryRow> load_if_exists(Session& session) const;

  // SQL for the runner to send, so that it can put them inside a migration's transaction.
  // A new row from `row`'s version, name, issue, phase, checksum, status, duration, attempts
  // and error (the server fills in id, applied_at and applied_by); returns the id.
  std::string insert_sql(const HistoryRow& row) const;
  std::string finish_sql(long long id, RowStatus status, long long duration_ms, int attempts,
                         const std::string& error) const;
  // statements_done advances: the statement that completed takes its resume_key with it.
  std::string progress_sql(long long id, int statements_done, int attempts) const;
  // Reads row `id`'s resume_key (as text, NULL when none).
  std::string resume_point_sql(long long id) const;
  std::string start_revert_sql(long long id) const;
  std::string finish_revert_sql(long long id, long long duration_ms) const;
  // The success row `row` takes `checksum` (its file's bytes changed and the user accepted
  // them); the old checksum, who and when go into the `checksum_changes` table beside it.
  std::string accept_checksum_sql(const HistoryRow& row, const std::string& checksum) const;
  // Records one verify.sql check (the `verification` table beside `history`).
  std::string check_sql(int issue, const std::string& name, bool ok, const std::string& error) const;

 private:
  std::string schema_;
};

// Sends `sql`; throws core::Error naming `what` when it fails (history writes must not fail
// silently: the record is the runner's memory).
Result must(Session& session, const std::string& sql, const std::string& what);

}  // namespace schemashift::runner
