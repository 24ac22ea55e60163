#pragma once
// A runner::Session that watches the statements of the migrations it is told to expect:
// the runner applies migrations through it exactly as it does on any database (same
// transactions, lock timeouts, retries), and every expected statement is bracketed by
// reads of pg_class, the transaction's scan counters and pg_locks. Everything else the
// runner sends (its history rows, lock_timeout, pg_locks polling) passes through untouched.
//
// Inside a transaction the statement's locks are still held when it returns, so they are
// read on the same session before COMMIT. An autocommit statement that may run in a
// transaction is given one of its own for that. One that may not (CREATE INDEX
// CONCURRENTLY, a backfill's DO block that COMMITs) is watched from a second session that
// polls pg_locks for this backend while it runs.
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runner/session.hpp"
#include "verify/observation.hpp"

namespace schemashift::verify {

struct ExpectedStatement {
  std::string version;
  std::string path;
  std::size_t index = 0;
  int line = 1;
  int column = 1;
  std::string sql;
  bool outside_transaction = false;  // must run outside a transaction block
  bool opens_transaction = false;    // the file's own BEGIN / COMMIT
  bool closes_transaction = false;
};

class TracingSession final : public runner::Session {
 public:
  // `watcher`: a second connection to the same database, for statements that cannot run in
  // a transaction (nullptr: those are not traced). `skip_schema`: the runner's history schema.
  TracingSession(runner::Session& inner, runner::Session* watcher, std::string skip_schema);

  // The next execute() of exactly `st.sql` is traced.
  void expect(ExpectedStatement st) { expected_ = std::move(st); }
  // Stops tracing (a down migration, the verification checks).
  void pause(bool paused) { paused_ = paused; }

  runner::Result execute(const std::string& sql) override;
  void on_notice(std::function<void(const std::string&)> handler) override { inner_.on_notice(std::move(handler)); }
  std::string describe() const override { return inner_.describe(); }

  const std::vector<Observation>& observations() const { return observations_; }

 private:
  runner::Result traced(const ExpectedStatement& st, const std::string& sql);
  runner::Result watched(Observation& o, const std::string& sql);
  long long backend_pid();

  runner::Session& inner_;
  runner::Session* watcher_;
  std::string skip_schema_;
  std::optional<ExpectedStatement> expected_;
  bool paused_ = false;
  bool in_block_ = false;  // inside a transaction block the runner or the file opened
  long long pid_ = 0;
  std::vector<Observation> observations_;
};

}  // namespace schemashift::verify
