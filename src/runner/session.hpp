#pragma once
// The runner's view of one database connection. The runner's logic (ordering, history,
// retries, crash recovery) is written against this interface so that its unit tests run
// on a scripted fake (tests/unit/runner/fake_session.hpp); db/pg_session.cpp implements it
// on a real PostgreSQL connection.
//
// A statement that fails is an ordinary outcome here (a lock timeout is retried, a
// constraint violation stops the run), so it comes back as a value with its SQLSTATE. Only
// a failure of the environment — the connection lost, the server gone — throws, as
// core::Error: nothing more can be done on that session.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace schemashift::runner {

// One row: each column's text, nullopt for NULL.
using Row = std::vector<std::optional<std::string>>;

struct Result {
  bool ok = true;
  std::string sqlstate;   // five characters when !ok ("55P03" lock_not_available ...)
  std::string message;    // PostgreSQL's primary message when !ok
  std::vector<std::string> columns;  // the result's column names
  std::vector<Row> rows;  // rows of the statement's result (the last one's, for several)
};

class Session {
 public:
  virtual ~Session() = default;
  // Sends `sql` as one simple query in the session's current state: autocommit, or inside
  // the transaction block a BEGIN sent earlier opened. Throws core::Error when the
  // connection is lost.
  virtual Result execute(const std::string& sql) = 0;
  // Called with each NOTICE or WARNING the server sends while a statement runs (a batched
  // backfill reports its progress with RAISE NOTICE). Replaces any earlier handler.
  virtual void on_notice(std::function<void(const std::string&)> handler) = 0;
  // The connection for messages, password redacted.
  virtual std::string describe() const = 0;
};

// Time as the runner uses it: waits between retries, durations. Replaced in unit tests so
// that a test of five retries with backoff takes no time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point now() = 0;
  virtual void sleep(std::chrono::milliseconds duration) = 0;
  // Uniform in [0, 1): the jitter of retry delays.
  virtual double random() = 0;
};

// The real clock (std::chrono::steady_clock, std::this_thread::sleep_for).
Clock& system_clock();

}  // namespace schemashift::runner
