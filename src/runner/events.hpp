#pragma once
// What the runner reports while it works, for the CLI to print as lines on a terminal or
// as JSON events. Every method has an empty default: a caller listens to what it shows.
#include <chrono>
#include <string>

#include "runner/backfill_progress.hpp"
#include "runner/lock_wait.hpp"
#include "runner/migration_files.hpp"
#include "runner/outcome.hpp"
#include "runner/script.hpp"
#include "runner/session.hpp"

namespace schemashift::runner {

enum class Direction { Up, Down };

class Events {
 public:
  virtual ~Events() = default;
  // What will run (or be reverted), before anything is sent: printed before a confirmation.
  virtual void planned(const std::vector<Planned>&, Direction) {}
  virtual void migration_started(const MigrationFile&, Direction, const Script&, int resume_at) {}
  virtual void statement_started(const MigrationFile&, std::size_t /*index*/, const ScriptStatement&) {}
  // A lock timeout or deadlock: the attempt was rolled back; the next starts after `wait`.
  virtual void retrying(const MigrationFile&, int /*attempt*/, int /*of*/, const Result&, std::chrono::milliseconds) {}
  // Other sessions held conflicting locks: the runner waited for them without queueing.
  virtual void waited_for_locks(const MigrationFile&, const LockWait&) {}
  // An INVALID index left by an earlier, failed CREATE INDEX CONCURRENTLY was dropped.
  virtual void invalid_index_dropped(const MigrationFile&, const std::string& /*index*/) {}
  // The pre-flight checks of a migration ran (before anything of it was sent).
  virtual void preflight_checked(const MigrationFile&, const std::vector<PreflightResult>&) {}
  // A NOTICE from the server, other than a backfill's progress.
  virtual void notice(const MigrationFile&, const std::string&) {}
  // A rendered backfill committed a batch (with progress.notice.done: finished).
  virtual void backfill_progress(const MigrationFile&, const BackfillProgress&) {}
  // An issue's verify.sql ran after its last migration.
  virtual void verified(int /*issue*/, const std::vector<CheckResult>&) {}
  virtual void migration_done(const MigrationFile&, Direction, std::chrono::milliseconds, int /*attempts*/) {}
  virtual void migration_failed(const MigrationFile&, Direction, const ScriptStatement*, const Result&, int /*attempts*/) {}
};

// An Events that passes every report on to another: a listener that adds to some of them
// derives from it and overrides only those (calling ForwardingEvents' method to pass it
// on), so an event added to Events reaches the inner listener without anyone remembering it.
class ForwardingEvents : public Events {
 public:
  explicit ForwardingEvents(Events& inner) : inner_(inner) {}
  void planned(const std::vector<Planned>& p, Direction d) override { inner_.planned(p, d); }
  void migration_started(const MigrationFile& f, Direction d, const Script& s, int resume_at) override {
    inner_.migration_started(f, d, s, resume_at);
  }
  void statement_started(const MigrationFile& f, std::size_t i, const ScriptStatement& st) override {
    inner_.statement_started(f, i, st);
  }
  void retrying(const MigrationFile& f, int attempt, int of, const Result& r, std::chrono::milliseconds wait) override {
    inner_.retrying(f, attempt, of, r, wait);
  }
  void waited_for_locks(const MigrationFile& f, const LockWait& w) override { inner_.waited_for_locks(f, w); }
  void invalid_index_dropped(const MigrationFile& f, const std::string& index) override {
    inner_.invalid_index_dropped(f, index);
  }
  void preflight_checked(const MigrationFile& f, const std::vector<PreflightResult>& r) override {
    inner_.preflight_checked(f, r);
  }
  void notice(const MigrationFile& f, const std::string& n) override { inner_.notice(f, n); }
  void backfill_progress(const MigrationFile& f, const BackfillProgress& p) override { inner_.backfill_progress(f, p); }
  void verified(int issue, const std::vector<CheckResult>& c) override { inner_.verified(issue, c); }
  void migration_done(const MigrationFile& f, Direction d, std::chrono::milliseconds t, int attempts) override {
    inner_.migration_done(f, d, t, attempts);
  }
  void migration_failed(const MigrationFile& f, Direction d, const ScriptStatement* st, const Result& r,
                        int attempts) override {
    inner_.migration_failed(f, d, st, r, attempts);
  }

 private:
  Events& inner_;
};

}  // namespace schemashift::runner
