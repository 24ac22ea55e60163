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

}  // namespace schemashift::runner
