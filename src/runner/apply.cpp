#include "runner/apply.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runner/lock_wait.hpp"
#include "sql/quote.hpp"

namespace schemashift::runner {

namespace {

using std::chrono::milliseconds;

milliseconds since(Clock& clock, std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(clock.now() - start);
}

bool file_times_its_locks(const Script& script) {
  return std::any_of(script.statements.begin(), script.statements.end(),
                     [](const ScriptStatement& s) { return s.sets_lock_timeout; });
}

// Sends `sql`; a failure is returned as the statement's (the caller decides).
bool send(Session& session, const std::string& sql, Result& failure) {
  Result r = session.execute(sql);
  if (r.ok) return true;
  failure = std::move(r);
  return false;
}

// An interrupted CREATE INDEX CONCURRENTLY leaves its index INVALID: not used by queries,
// still maintained by every write, and skipped by IF NOT EXISTS. Drop it, concurrently,
// before building it again.
bool drop_invalid_index(Session& session, const MigrationFile& file, const std::string& index, Events& events,
                        Result& failure) {
  Result r = session.execute("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(" +
                             sql::quote_literal(index) + ")");
  if (!r.ok) {
    failure = std::move(r);
    return false;
  }
  if (r.rows.empty() || r.rows[0].empty() || r.rows[0][0] != std::optional<std::string>("t")) return true;
  if (!send(session, "DROP INDEX CONCURRENTLY IF EXISTS " + index, failure)) return false;
  events.invalid_index_dropped(file, index);
  return true;
}

class Applier {
 public:
  Applier(Session& session, Clock& clock, const History& history, const Target& target, Direction direction,
          const ApplyOptions& options, Events& events)
      : session_(session),
        clock_(clock),
        history_(history),
        t_(target),
        direction_(direction),
        options_(options),
        events_(events),
        start_(clock.now()) {}

  ApplyResult run() {
    session_.on_notice([this](const std::string& message) {
      // Only a backfill this runner started speaks the protocol; any other NOTICE is shown as sent.
      const auto progress = meter_ ? parse_backfill_notice(message) : std::nullopt;
      if (progress) {
        events_.backfill_progress(t_.file, meter_->measure(*progress, clock_.now()));
      } else {
        events_.notice(t_.file, message);
      }
    });
    ApplyResult result = t_.script.mode == Mode::Transaction ? transactional() : autocommit();
    session_.on_notice(nullptr);
    // Whatever the file SET for its session must not leak into the next migration.
    session_.execute("RESET lock_timeout");
    session_.execute("RESET statement_timeout");
    result.duration = since(clock_, start_);
    if (result.ok) {
      events_.migration_done(t_.file, direction_, result.duration, result.attempts);
    } else {
      events_.migration_failed(t_.file, direction_, result.statement ? &*result.statement : nullptr, result.failure,
                               result.attempts);
    }
    return result;
  }

 private:
  // Waits before the next attempt if the failure was a lost lock race and retries remain.
  bool retry_after(const Result& failure, int& attempts) {
    if (!is_lock_failure(failure.sqlstate) || attempts > options_.retry.retries) return false;
    const milliseconds wait = options_.retry.delay(attempts, clock_.random());
    events_.retrying(t_.file, attempts, options_.retry.retries + 1, failure, wait);
    clock_.sleep(wait);
    ++attempts;
    return true;
  }

  ApplyResult failed(const Result& failure, const ScriptStatement* statement, int attempts) {
    ApplyResult r;
    r.ok = false;
    r.attempts = attempts;
    r.failure = failure;
    r.lock_failure = is_lock_failure(failure.sqlstate);
    if (statement) r.statement = *statement;
    return r;
  }

  std::string error_text(const Result& failure, const ScriptStatement* statement) const {
    std::string where = statement ? fmt::format("line {}: ", statement->line) : std::string();
    return where + failure.message + " (SQLSTATE " + failure.sqlstate + ")";
  }

  // BEGIN; [SET LOCAL lock_timeout]; statements; history; COMMIT — the history row commits
  // with the migration or not at all.
  ApplyResult transactional() {
    events_.migration_started(t_.file, direction_, t_.script, 0);
    int attempts = 1;
    for (;;) {
      Result failure;
      const ScriptStatement* failed_at = nullptr;
      if (attempt_transaction(failure, failed_at)) {
        ApplyResult r;
        r.ok = true;
        r.attempts = attempts;
        return r;
      }
      session_.execute("ROLLBACK");
      if (retry_after(failure, attempts)) continue;
      if (direction_ == Direction::Up) {
        HistoryRow row = new_row(RowStatus::Failed, attempts);
        row.error = error_text(failure, failed_at);
        must(session_, history_.insert_sql(row), "record the failure in " + history_.table_sql());
      }
      return failed(failure, failed_at, attempts);
    }
  }

  // Waits, outside any transaction and without queueing, until `locks` can be granted.
  void wait_for(const std::vector<std::pair<std::string, analyze::LockMode>>& locks) {
    if (locks.empty() || options_.free_wait.count() == 0) return;
    const LockWait wait = wait_until_free(session_, clock_, locks, options_.free_wait);
    if (wait.waited) events_.waited_for_locks(t_.file, wait);
  }

  bool attempt_transaction(Result& failure, const ScriptStatement*& failed_at) {
    wait_for(t_.script.blocking_locks());
    if (!send(session_, "BEGIN", failure)) return false;
    if (t_.script.blocking() && !file_times_its_locks(t_.script) &&
        !send(session_, fmt::format("SET LOCAL lock_timeout = '{}ms'", options_.lock_timeout.count()), failure)) {
      return false;
    }
    for (std::size_t i = 0; i < t_.script.statements.size(); ++i) {
      const ScriptStatement& st = t_.script.statements[i];
      events_.statement_started(t_.file, i, st);
      if (!send(session_, st.sql, failure)) {
        failed_at = &st;
        return false;
      }
    }
    const std::string record = direction_ == Direction::Up
                                   ? history_.insert_sql(new_row(RowStatus::Success, 1, since(clock_, start_).count()))
                                   : history_.finish_revert_sql(t_.previous->id, since(clock_, start_).count());
    return send(session_, record, failure) && send(session_, "COMMIT", failure);
  }

  HistoryRow new_row(RowStatus status, int attempts, long long duration_ms = 0) const {
    HistoryRow row;
    row.version = t_.file.version;
    row.name = t_.file.name();
    row.issue = t_.file.issue;
    row.phase = t_.file.phase;
    row.checksum = t_.file.checksum;
    row.status = status;
    row.attempts = attempts;
    row.duration_ms = duration_ms;
    return row;
  }

  // Where the backfill of the current statement stopped, as its last batch recorded it.
  std::optional<ResumePoint> recorded_resume_point(long long id) {
    const Result r = session_.execute(history_.resume_point_sql(id));
    if (!r.ok || r.rows.empty() || r.rows[0].empty() || !r.rows[0][0]) return std::nullopt;
    return parse_resume_point(*r.rows[0][0]);
  }

  // Sends a backfill with the session settings that throttle it, ask for its progress, let
  // it record its position in history row `id` and resume after `resume`; resets them after.
  // After a failure, `resume` is where it stopped (for the retry), else it is cleared.
  bool send_backfill(const ScriptStatement& st, long long id, std::optional<ResumePoint>& resume, Result& failure) {
    const BackfillSettings settings{options_.batch_size, options_.batch_delay, options_.batch_time, history_.table_sql(),
                                    id, resume};
    const auto pairs = settings.pairs();
    if (!send(session_, set_settings_sql(pairs), failure)) return false;
    meter_.emplace(clock_.now(), resume);
    const bool ok = send(session_, st.sql, failure);
    meter_.reset();
    // Session settings outlive the statement: none may reach the next one (or a retry
    // resuming elsewhere).
    session_.execute(reset_settings_sql(pairs));
    resume = ok ? std::nullopt : recorded_resume_point(id);
    return ok;
  }

  // Statement by statement, each committed on its own, the history row counting them, so
  // that a crash resumes at the first statement not known to be done — a backfill there
  // after the last key it recorded.
  ApplyResult autocommit() {
    long long id = 0;
    std::size_t begin_at = 0;
    std::optional<ResumePoint> resume;  // for the backfill at begin_at only
    const auto& prev = t_.previous;
    if (direction_ == Direction::Up) {
      const bool resumable = prev && (prev->status == RowStatus::Running || prev->status == RowStatus::Failed) &&
                             prev->checksum == t_.file.checksum && (prev->statements_done > 0 || prev->resume);
      if (resumable) {
        id = prev->id;
        begin_at = std::min<std::size_t>(prev->statements_done, t_.script.statements.size());
        resume = prev->resume;
        must(session_,
             fmt::format("UPDATE {} SET status = 'running', error = NULL WHERE id = {}", history_.table_sql(), id),
             "update " + history_.table_sql());
      } else {
        const Result r = must(session_, history_.insert_sql(new_row(RowStatus::Running, 1)),
                              "record the start in " + history_.table_sql());
        id = std::stoll(r.rows.at(0).at(0).value());
      }
    } else {
      id = prev->id;
      if (prev->status == RowStatus::Reverting) {
        begin_at = std::min<std::size_t>(prev->statements_done, t_.script.statements.size());
        resume = prev->resume;
      } else {
        must(session_, history_.start_revert_sql(id), "record the revert in " + history_.table_sql());
      }
    }
    events_.migration_started(t_.file, direction_, t_.script, static_cast<int>(begin_at));

    const bool own_lock_timeouts = !file_times_its_locks(t_.script);
    const auto& statements = t_.script.statements;
    int attempts = 1;
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::size_t block_start = kNone;  // the file's own BEGIN, while inside its block
    for (std::size_t i = begin_at; i < statements.size();) {
      const ScriptStatement& st = statements[i];
      Result failure;
      bool ok = true;
      if (block_start == kNone) wait_for(st.blocking_locks);
      if (!st.concurrent_index.empty()) ok = drop_invalid_index(session_, t_.file, st.concurrent_index, events_, failure);
      if (ok && own_lock_timeouts && block_start == kNone) {
        // Outside a block: strong locks must not queue; weak ones (CONCURRENTLY's SHARE
        // UPDATE EXCLUSIVE) block no reads or writes, so they may wait.
        ok = send(session_, fmt::format("SET lock_timeout = '{}ms'", st.blocking ? options_.lock_timeout.count() : 0),
                  failure);
      }
      if (ok) {
        events_.statement_started(t_.file, i, st);
        ok = st.backfill ? send_backfill(st, id, resume, failure) : send(session_, st.sql, failure);
      }
      if (ok) {
        if (st.opens_transaction) block_start = i;
        if (st.closes_transaction) block_start = kNone;
        resume.reset();  // a recorded position belongs to the statement that recorded it
        ++i;
        // Inside the file's own block, this update commits with the block, or not at all.
        must(session_, history_.progress_sql(id, static_cast<int>(i), attempts),
             "record progress in " + history_.table_sql());
        continue;
      }
      if (block_start != kNone) {
        session_.execute("ROLLBACK");  // the whole block is undone: retry it from its BEGIN
        i = block_start;
        block_start = kNone;
      }
      if (retry_after(failure, attempts)) continue;
      const std::string status = direction_ == Direction::Up ? "failed" : "reverting";
      must(session_,
           fmt::format("UPDATE {} SET status = {}, attempts = {}, error = {} WHERE id = {}", history_.table_sql(),
                       sql::quote_literal(status), attempts, sql::quote_literal(error_text(failure, &st)), id),
           "record the failure in " + history_.table_sql());
      return failed(failure, &st, attempts);
    }
    const long long duration = since(clock_, start_).count();
    must(session_,
         direction_ == Direction::Up ? history_.finish_sql(id, RowStatus::Success, duration, attempts, "")
                                     : history_.finish_revert_sql(id, duration),
         "record the result in " + history_.table_sql());
    ApplyResult r;
    r.ok = true;
    r.attempts = attempts;
    return r;
  }

  Session& session_;
  Clock& clock_;
  const History& history_;
  const Target& t_;
  Direction direction_;
  const ApplyOptions& options_;
  Events& events_;
  std::chrono::steady_clock::time_point start_;
  std::optional<BackfillMeter> meter_;  // while a backfill statement runs
};

}  // namespace

ApplyResult apply(Session& session, Clock& clock, const History& history, const Target& target, Direction direction,
                  const ApplyOptions& options, Events& events) {
  return Applier(session, clock, history, target, direction, options, events).run();
}

void describe_failure(Outcome& outcome, const ApplyResult& r, const MigrationFile& file, const Script& script,
                      Direction direction) {
  const bool up = direction == Direction::Up;
  outcome.code = r.lock_failure ? core::ExitCode::Busy : core::ExitCode::MigrationFailed;
  outcome.message = fmt::format("{} {}: {} (SQLSTATE {})", file.name(), up ? "failed" : "could not be reverted",
                                r.failure.message, r.failure.sqlstate);
  if (r.statement) {
    outcome.message = fmt::format("{}:{}:{}: {}", up ? file.up_path : file.down_path, r.statement->line,
                                  r.statement->column, outcome.message);
  }
  if (r.lock_failure) {
    outcome.hint = fmt::format("the table stayed busy through {} attempts (another transaction holds a conflicting "
                               "lock): try again later, or in a maintenance window",
                               r.attempts);
  } else if (script.mode == Mode::Transaction) {
    outcome.hint = up ? "it was rolled back: fix the cause and run again"
                      : "its down file was rolled back: the migration is still applied";
  } else {
    outcome.hint = up ? "statements before the failing one stay applied; fix the cause and run again: it resumes at "
                        "the failing statement"
                      : "the revert stopped part-way; fix the cause and run revert again: it resumes";
  }
}

}  // namespace schemashift::runner
