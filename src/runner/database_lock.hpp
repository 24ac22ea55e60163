#pragma once
// One runner per database: a session-level PostgreSQL advisory lock, keyed by the history
// schema's name, held for the whole run or revert. It goes away with the session, so a
// killed runner never leaves it behind.
#include <chrono>
#include <string>

#include "runner/session.hpp"

namespace schemashift::runner {

// The advisory lock's key as SQL arguments (two int4: a constant and the schema's hash).
std::string advisory_lock_key_sql(const std::string& history_schema);

// Tries to take the lock, polling until `wait` has passed. Returns "" when taken, else a
// description of who holds it ("pid 4242 (schemashift), running since ...").
std::string acquire_database_lock(Session& session, Clock& clock, const std::string& history_schema,
                                  std::chrono::milliseconds wait);

// Holds the lock taken by acquire_database_lock and releases it when destroyed, however the
// command ends. Losing the session releases it too; this makes a session that lives on
// (tests, a later command on the same connection) behave the same.
class DatabaseLock {
 public:
  DatabaseLock(Session& session, const std::string& history_schema);
  ~DatabaseLock();
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

 private:
  Session& session_;
  std::string key_;
};

// Who holds it right now ("" if nobody): `status` shows a run in progress.
std::string database_lock_holder(Session& session, const std::string& history_schema);

}  // namespace schemashift::runner
