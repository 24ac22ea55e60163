#pragma once
// How run, revert, status and history print: lines for people (colour only on a terminal)
// and one JSON document for scripts (docs/runner.md describes its fields; they are stable).
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/progress_output.hpp"
#include "runner/events.hpp"
#include "runner/history.hpp"
#include "runner/outcome.hpp"
#include "runner/status.hpp"

namespace schemashift::cli {

struct Style {
  bool on = false;
  std::string bold(const std::string& s) const;
  std::string dim(const std::string& s) const;
  std::string ok(const std::string& s) const;     // green
  std::string warn(const std::string& s) const;   // yellow
  std::string bad(const std::string& s) const;    // red
  std::string verdict(analyze::Verdict v) const;  // SAFE_TO_RUN in its colour
};

// Progress as it happens: each migration, retries, notices, results.
class EventPrinter final : public runner::Events {
 public:
  EventPrinter(std::ostream& out, Style style, ProgressPrinter progress)
      : out_(out), style_(style), progress_(std::move(progress)) {}
  void planned(const std::vector<runner::Planned>& planned, runner::Direction direction) override;
  void migration_started(const runner::MigrationFile& file, runner::Direction direction, const runner::Script& script,
                         int resume_at) override;
  void retrying(const runner::MigrationFile& file, int attempt, int of, const runner::Result& failure,
                std::chrono::milliseconds wait) override;
  void invalid_index_dropped(const runner::MigrationFile& file, const std::string& index) override;
  void waited_for_locks(const runner::MigrationFile& file, const runner::LockWait& wait) override;
  void preflight_checked(const runner::MigrationFile& file, const std::vector<runner::PreflightResult>& results) override;
  void statement_started(const runner::MigrationFile& file, std::size_t index,
                         const runner::ScriptStatement& statement) override;
  void notice(const runner::MigrationFile& file, const std::string& message) override;
  void backfill_progress(const runner::MigrationFile& file, const runner::BackfillProgress& progress) override;
  void verified(int issue, const std::vector<runner::CheckResult>& checks) override;
  void migration_done(const runner::MigrationFile& file, runner::Direction direction, std::chrono::milliseconds duration,
                      int attempts) override;
  void migration_failed(const runner::MigrationFile& file, runner::Direction direction,
                        const runner::ScriptStatement* statement, const runner::Result& failure, int attempts) override;

 private:
  // "→ name": printed once per migration, by its pre-flight checks or its start.
  void announce(const runner::MigrationFile& file, runner::Direction direction);
  std::ostream& out();  // out_, after ending an open progress line

  std::ostream& out_;
  Style style_;
  ProgressPrinter progress_;
  const runner::MigrationFile* announced_ = nullptr;
};

// The SQL `--dry-run` would send, file by file.
void print_dry_run(std::ostream& out, const runner::Outcome& outcome, runner::Direction direction);

// The closing block of run / revert (the seed's "Migration run Complete").
void print_summary(std::ostream& out, const runner::Outcome& outcome, const std::string& action,
                   const std::string& database, Style style);

// The message, details and hint of an outcome that is not Ok, on stderr.
void print_refusal(const runner::Outcome& outcome);

// Prints a run/revert outcome as --format asks (JSON document, dry-run SQL, the summary,
// or the refusal on stderr) and returns its exit code.
int report_outcome(const runner::Outcome& outcome, const std::string& action, runner::Direction direction,
                   bool json, const std::string& database, Style style, bool color_errors);

nlohmann::json outcome_json(const runner::Outcome& outcome, const std::string& action, const std::string& database);
// The fields every run/revert/repair document starts with: action, database, ok, exit_code,
// dry_run, message, hint.
nlohmann::json outcome_header_json(const runner::Outcome& outcome, const std::string& action,
                                   const std::string& database);

// "#234", or "-" without an issue.
std::string issue_text(const std::optional<int>& issue);
// HISTORY/STATUS labels: "SUCCESS", "ROLLED BACK" ...
const char* row_status_label(runner::RowStatus s);
// "2026-12-06T07:01:02Z" -> "2026-12-06 07:01"
std::string minute(const std::string& iso);

void print_status(std::ostream& out, const runner::Status& status, const std::string& database, Style style);
nlohmann::json status_json(const runner::Status& status, const std::string& database);

void print_history(std::ostream& out, const std::vector<runner::HistoryRow>& rows, Style style);
nlohmann::json history_json(const std::vector<runner::HistoryRow>& rows, const std::string& database);

}  // namespace schemashift::cli
