#pragma once
// Asking for a strong lock only when it can be granted at once. A lock request that has to
// wait sits in the table's lock queue, and every query that arrives after it waits behind
// it, even a plain SELECT: lock_timeout bounds that stall, but does not avoid it. So before
// a statement (or transaction) whose locks block reads or writes, the runner looks at
// pg_locks — which queues nothing — and waits until no other session holds or awaits a lock
// that conflicts with any of them. Then it asks, with the short lock_timeout for the rare
// race of a lock taken in between.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "analyze/analysis.hpp"
#include "runner/session.hpp"

namespace schemashift::runner {

// The query that lists the other sessions holding or awaiting a conflicting lock (one row
// each: pid, mode, relation, state, seconds in transaction); "" when `locks` is empty.
std::string conflicting_locks_sql(const std::vector<std::pair<std::string, analyze::LockMode>>& locks);

struct LockWait {
  bool waited = false;              // there was a conflicting lock at first
  bool clear = true;                // none remained when the wait ended
  std::chrono::milliseconds duration{0};
  std::string holders;              // "pid 42 (ACCESS SHARE on users, idle in transaction 3.1 s)" at first sight
};

// Polls until no conflicting lock is held or awaited, or `limit` has passed.
LockWait wait_until_free(Session& session, Clock& clock,
                         const std::vector<std::pair<std::string, analyze::LockMode>>& locks,
                         std::chrono::milliseconds limit);

}  // namespace schemashift::runner
