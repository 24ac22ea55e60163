#pragma once
// What `run`, `revert` and `status` work with: the session, the clock, where progress is
// reported, the history table, and how to ask the user.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "runner/apply.hpp"
#include "runner/database_lock.hpp"
#include "runner/events.hpp"
#include "runner/history.hpp"
#include "runner/outcome.hpp"
#include "runner/session.hpp"

namespace schemashift::runner {

// Asks on a terminal: shows `question`, returns true when the user typed `answer`. Null
// when there is no terminal to ask on.
using Confirm = std::function<bool(const std::string& question, const std::string& answer)>;

struct Runtime {
  Session& session;
  Clock& clock;
  Events& events;
  History history;
  std::chrono::milliseconds lock_wait{10'000};  // for another runner's advisory lock
  ApplyOptions apply;
  Confirm confirm;
};

// Takes the one-runner-per-database lock into `held`, or returns why not (exit 6: busy).
std::optional<Outcome> lock_database(Runtime& rt, std::optional<DatabaseLock>& held);

}  // namespace schemashift::runner
