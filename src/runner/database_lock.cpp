#include "runner/database_lock.hpp"

#include <fmt/format.h>

#include "runner/history.hpp"
#include "sql/quote.hpp"

namespace schemashift::runner {

namespace {

// 'ss' as a number: the first key keeps schemashift's locks apart from an application's
// own single-key advisory locks.
constexpr int kLockClass = 0x7373;

}  // namespace

std::string advisory_lock_key_sql(const std::string& history_schema) {
  return fmt::format("{}, hashtext({})", kLockClass, sql::quote_literal("schemashift:" + history_schema));
}

std::string database_lock_holder(Session& session, const std::string& history_schema) {
  const Result r = must(session,
                        fmt::format("SELECT a.pid, coalesce(nullif(a.application_name, ''), 'unknown client'), "
                                    "coalesce(a.usename::text, ''), coalesce(a.client_addr::text, 'local'), "
                                    "to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
                                    "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                                    "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {} "
                                    "AND l.objid = hashtext({})::oid AND l.objsubid = 2 AND l.pid <> pg_backend_pid()",
                                    kLockClass, sql::quote_literal("schemashift:" + history_schema)),
                        "look for another runner");
  if (r.rows.empty()) return {};
  const auto& row = r.rows.front();
  auto cell = [&](std::size_t i) { return i < row.size() && row[i] ? *row[i] : std::string(); };
  return fmt::format("pid {} ({}, user {}, from {}, connected since {} UTC)", cell(0), cell(1), cell(2), cell(3),
                     cell(4));
}

DatabaseLock::DatabaseLock(Session& session, const std::string& history_schema)
    : session_(session), key_(advisory_lock_key_sql(history_schema)) {}

DatabaseLock::~DatabaseLock() {
  try {
    session_.execute("SELECT pg_advisory_unlock(" + key_ + ")");
  } catch (...) {  // the connection is gone, and the lock with it
  }
}

std::string acquire_database_lock(Session& session, Clock& clock, const std::string& history_schema,
                                  std::chrono::milliseconds wait) {
  const auto deadline = clock.now() + wait;
  const std::string sql = "SELECT pg_try_advisory_lock(" + advisory_lock_key_sql(history_schema) + ")";
  for (;;) {
    const Result r = must(session, sql, "take the runner's advisory lock");
    if (!r.rows.empty() && !r.rows[0].empty() && r.rows[0][0] == std::optional<std::string>("t")) return {};
    if (clock.now() >= deadline) {
      std::string holder = database_lock_holder(session, history_schema);
      return holder.empty() ? "another session" : holder;
    }
    clock.sleep(std::chrono::milliseconds(200));
  }
}

}  // namespace schemashift::runner
