#pragma once
// A scripted runner::Session for the runner's unit tests: answers the runner's own
// bookkeeping queries (advisory lock, history table), fails chosen statements with chosen
// SQLSTATEs, and tracks transactions so a test can see what was committed and what was
// rolled back. No SQL is interpreted beyond that.
#include <chrono>
#include <deque>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "runner/history.hpp"
#include "runner/session.hpp"

namespace schemashift::test {

class FakeSession final : public runner::Session {
 public:
  // Statements containing `needle` fail with these SQLSTATEs, one per attempt, in order.
  std::map<std::string, std::deque<std::string>> failures;
  // The history table's rows as `History::load` will read them.
  std::vector<runner::HistoryRow> history;
  bool history_exists = true;
  bool lock_free = true;            // pg_try_advisory_lock's answer
  int held_polls = 0;
  // Statements containing the key return these rows (verify.sql checks ...).
  std::map<std::string, std::vector<std::vector<std::string>>> canned;               // pg_locks shows a conflicting holder this many more times
  std::vector<std::string> invalid_indexes;  // to_regclass names whose pg_index row is invalid

  std::vector<std::string> sent;       // everything, in order
  std::vector<std::string> committed;  // statements whose effects remain (autocommit or committed)
  std::vector<std::string> notices_to_send;  // sent to the handler on the next statement
  // Statements containing the key send these notices while they run (a backfill's progress).
  std::map<std::string, std::vector<std::string>> notices_on;

  runner::Result execute(const std::string& sql) override {
    sent.push_back(sql);
    if (handler_) {
      for (const auto& n : notices_to_send) handler_(n);
    }
    notices_to_send.clear();
    for (const auto& [needle, notices] : notices_on) {
      if (handler_ && sql.find(needle) != std::string::npos) {
        for (const auto& n : notices) handler_(n);
      }
    }
    runner::Result r;
    if (sql == "BEGIN" || sql.rfind("BEGIN READ ONLY", 0) == 0) {
      in_transaction_ = true;
      pending_.clear();
      return r;
    }
    if (sql == "COMMIT") {
      if (aborted_) {
        r.ok = false;  // as PostgreSQL: COMMIT of a failed transaction rolls it back
        r.sqlstate = "25P02";
      } else {
        for (const auto& p : std::vector<std::string>(pending_)) commit(p);
      }
      reset();
      return r;
    }
    if (sql == "ROLLBACK") {
      reset();
      return r;
    }
    if (aborted_) return fail("25P02", "current transaction is aborted");
    for (auto& [needle, states] : failures) {
      if (sql.find(needle) != std::string::npos && !states.empty()) {
        const std::string state = states.front();
        states.pop_front();
        if (in_transaction_) aborted_ = true;
        return fail(state, state == "55P03" ? "canceling statement due to lock timeout" : "failed: " + state);
      }
    }
    for (const auto& [needle, values] : canned) {
      if (sql.find(needle) != std::string::npos) return rows(values);
    }
    if (sql.rfind("SELECT pg_try_advisory_lock", 0) == 0) return rows({{lock_free ? "t" : "f"}});
    if (sql.rfind("SELECT to_regclass(", 0) == 0) return rows({{history_exists ? "t" : "f"}});
    if (sql.rfind("SELECT NOT indisvalid", 0) == 0) {
      for (const auto& index : invalid_indexes) {
        if (sql.find(index) != std::string::npos) return rows({{"t"}});
      }
      return r;
    }
    if (sql.rfind("SELECT l.pid", 0) == 0) {
      if (held_polls <= 0) return r;
      --held_polls;
      return rows({{"77", "AccessShareLock", "users", "idle in transaction", "3.0"}});
    }
    if (sql.rfind("SELECT a.pid", 0) == 0) return rows({{"4242", "schemashift", "deploy", "local", "2026-01-01 00:00:00"}});
    if (sql.rfind("SELECT id, version", 0) == 0) return history_rows();
    if (sql.find("RETURNING id") != std::string::npos) {
      record(sql);
      return rows({{std::to_string(++last_id_)}});
    }
    record(sql);
    return r;
  }

  void on_notice(std::function<void(const std::string&)> handler) override { handler_ = std::move(handler); }
  std::string describe() const override { return "postgresql://test@/fake"; }

  // Committed statements containing `needle`.
  std::size_t committed_count(const std::string& needle) const {
    std::size_t n = 0;
    for (const auto& s : committed) n += s.find(needle) != std::string::npos;
    return n;
  }
  std::size_t sent_count(const std::string& needle) const {
    std::size_t n = 0;
    for (const auto& s : sent) n += s.find(needle) != std::string::npos;
    return n;
  }

 private:
  runner::Result fail(const std::string& state, const std::string& message) {
    runner::Result r;
    r.ok = false;
    r.sqlstate = state;
    r.message = message;
    return r;
  }
  static runner::Result rows(std::vector<std::vector<std::string>> values) {
    runner::Result r;
    for (auto& v : values) {
      runner::Row row;
      for (auto& cell : v) row.emplace_back(cell);
      r.rows.push_back(std::move(row));
    }
    return r;
  }
  runner::Result history_rows() const {
    runner::Result r;
    for (const auto& h : history) {
      auto opt = [](const std::string& s) { return std::optional<std::string>(s); };
      runner::Row row = {opt(std::to_string(h.id)),
                         opt(h.version),
                         opt(h.name),
                         h.issue ? opt(std::to_string(*h.issue)) : std::nullopt,
                         opt(h.phase),
                         opt(h.checksum),
                         opt(runner::row_status_sql(h.status)),
                         opt(h.applied_at),
                         opt(h.applied_by),
                         h.duration_ms ? opt(std::to_string(*h.duration_ms)) : std::nullopt,
                         opt(std::to_string(h.attempts)),
                         opt(std::to_string(h.statements_done)),
                         opt(h.error),
                         opt(h.reverted_at),
                         std::nullopt,
                         opt(h.resume ? nlohmann::json{{"key", h.resume->key},
                                                       {"scanned", h.resume->scanned},
                                                       {"updated", h.resume->updated}}
                                            .dump()
                                      : "null")};
      r.rows.push_back(std::move(row));
    }
    return r;
  }
  void record(const std::string& sql) {
    if (in_transaction_) pending_.push_back(sql);
    else commit(sql);
  }
  // A committed INSERT into the history table becomes a row `load` returns, as it would.
  void commit(const std::string& sql) {
    committed.push_back(sql);
    static const std::regex insert(
        R"(^INSERT INTO schemashift\.history .*VALUES \('([^']*)', '([^']*)', (NULL|[0-9]+), '([^']*)', '([^']*)', '([^']*)')");
    std::smatch m;
    if (!std::regex_search(sql, m, insert)) return;
    runner::HistoryRow h;
    h.id = static_cast<long long>(history.size()) + 1000;
    h.version = m[1];
    h.name = m[2];
    if (m[3] != "NULL") h.issue = std::stoi(m[3]);
    h.phase = m[4];
    h.checksum = m[5];
    h.status = runner::parse_row_status(m[6]).value_or(runner::RowStatus::Failed);
    h.applied_at = "2026-01-01T00:00:00Z";
    history.push_back(h);
  }
  void reset() {
    in_transaction_ = false;
    aborted_ = false;
    pending_.clear();
  }

  std::function<void(const std::string&)> handler_;
  bool in_transaction_ = false;
  bool aborted_ = false;
  std::vector<std::string> pending_;
  long long last_id_ = 100;
};

// Time that passes only when the runner sleeps; every sleep is recorded.
class FakeClock final : public runner::Clock {
 public:
  std::vector<std::chrono::milliseconds> sleeps;
  double next_random = 0.5;
  std::chrono::steady_clock::time_point now() override { return now_; }
  void sleep(std::chrono::milliseconds d) override {
    sleeps.push_back(d);
    now_ += d;
  }
  double random() override { return next_random; }

 private:
  std::chrono::steady_clock::time_point now_{};
};

}  // namespace schemashift::test
