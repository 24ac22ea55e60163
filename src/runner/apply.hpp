#pragma once
// Applies one migration file (up) or its down file, with the history row, lock timeouts,
// retries and resumption. The one place that decides what is sent to the server for a
// migration; `run` and `revert` choose which files and in which order.
#include <chrono>
#include <optional>
#include <string>

#include "runner/events.hpp"
#include "runner/history.hpp"
#include "runner/outcome.hpp"
#include "runner/retry.hpp"
#include "runner/script.hpp"

namespace schemashift::runner {

struct ApplyOptions {
  // Set before every statement whose lock blocks reads or writes, unless the file sets its
  // own lock_timeout: such a request gives up instead of queueing, and is retried.
  std::chrono::milliseconds lock_timeout{500};
  // Before asking for such a lock, wait up to this long — without queueing — for other
  // sessions to release conflicting locks (runner/lock_wait.hpp); then ask anyway. 0: ask at once.
  std::chrono::milliseconds free_wait{30'000};
  RetryPolicy retry;
  // A migration's own lock_retries (its manifest: the spec's settings) replaces
  // retry.retries — what the file's header promises. false when --retries was given.
  bool file_retries = true;
  // Backfills scaffold rendered: keys in the first batch, the time each batch aims at (0:
  // every batch has batch_size keys) and the pause between batches instead of the values
  // written in the file (core/backfill_protocol.hpp). Unset: the file's.
  std::optional<long long> batch_size;
  std::optional<std::chrono::milliseconds> batch_delay;
  std::optional<std::chrono::milliseconds> batch_time;
};

struct ApplyResult {
  bool ok = false;
  bool lock_failure = false;   // gave up after every retry on lock timeouts / deadlocks
  int attempts = 0;
  std::chrono::milliseconds duration{0};
  Result failure;                             // when !ok
  std::optional<ScriptStatement> statement;   // the statement that failed, if one did
};

struct Target {
  const MigrationFile& file;
  const Script& script;               // the up file's (Up) or the down file's (Down)
  std::optional<HistoryRow> previous;  // the version's newest history row, if any
};

// Up: a new success row, committed together with a transactional migration; a running
// row updated statement by statement for an autocommit one (resumed from
// previous->statements_done when previous is an interrupted or failed run of the same bytes,
// a backfill there after the key previous->resume recorded).
// Down: previous must be the success row; it becomes rolled_back, resumed from a reverting row.
ApplyResult apply(Session& session, Clock& clock, const History& history, const Target& target, Direction direction,
                  const ApplyOptions& options, Events& events);

// Sets `outcome`'s exit code (6 after a lost lock race, else 5), message (file:line:col
// of the failing statement) and hint (what remains applied) from a failed apply.
void describe_failure(Outcome& outcome, const ApplyResult& r, const MigrationFile& file, const Script& script,
                      Direction direction);

}  // namespace schemashift::runner
