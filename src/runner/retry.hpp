#pragma once
// Retrying a migration that lost a lock race. A statement that waits longer than its
// lock_timeout is cancelled (SQLSTATE 55P03) before the queue behind it grows; a deadlock
// victim (40P01) is rolled back by the server. Either way nothing of the attempt remains,
// so the runner waits and tries again — what the migrations' headers promise ("up to 5
// retries").
#include <chrono>
#include <string>

namespace schemashift::runner {

struct RetryPolicy {
  int retries = 5;                                  // attempts after the first
  std::chrono::milliseconds base_delay{500};        // before the first retry
  std::chrono::milliseconds max_delay{10'000};
  // Delay before retry `n` (1-based): base * 2^(n-1), capped, times a random factor in
  // [0.5, 1.0) — exponential backoff with jitter, so that two runners, or a runner and a
  // cron job, do not collide again in lock step. `random` is in [0, 1).
  std::chrono::milliseconds delay(int n, double random) const;
};

// lock_not_available (55P03) and deadlock_detected (40P01).
bool is_lock_failure(const std::string& sqlstate);

}  // namespace schemashift::runner
