#include "runner/lock_wait.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "sql/quote.hpp"

namespace schemashift::runner {

namespace {

using analyze::LockMode;

constexpr LockMode kModes[] = {LockMode::AccessShare, LockMode::RowShare,  LockMode::RowExclusive,
                               LockMode::ShareUpdateExclusive, LockMode::Share, LockMode::ShareRowExclusive,
                               LockMode::Exclusive, LockMode::AccessExclusive};

std::string describe(const Result& r) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) {
    auto cell = [&](std::size_t i) { return i < row.size() && row[i] ? *row[i] : std::string(); };
    out.push_back(fmt::format("pid {} ({} on {}, {}{})", cell(0), cell(1), cell(2), cell(3),
                              cell(4).empty() ? "" : ", in transaction for " + cell(4) + " s"));
  }
  return core::join(out, "; ");
}

}  // namespace

std::string conflicting_locks_sql(const std::vector<std::pair<std::string, LockMode>>& locks) {
  std::vector<std::string> terms;
  for (const auto& [relation, mode] : locks) {
    std::vector<std::string> conflicting;
    for (LockMode held : kModes) {
      if (analyze::conflicts(mode, held)) conflicting.push_back(sql::quote_literal(analyze::lock_mode_pg_locks(held)));
    }
    if (conflicting.empty()) continue;
    terms.push_back(fmt::format("(l.relation = to_regclass({}) AND l.mode IN ({}))", sql::quote_literal(relation),
                                core::join(conflicting, ", ")));
  }
  if (terms.empty()) return {};
  // Granted or not: a session already waiting for a conflicting lock is ahead of us in the queue.
  return fmt::format(
      "SELECT l.pid, l.mode, l.relation::regclass::text, coalesce(a.state, ''), "
      "coalesce(round(extract(epoch FROM now() - a.xact_start)::numeric, 1)::text, '') "
      "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'relation' AND l.pid <> pg_backend_pid() "
      "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ({}) "
      "ORDER BY l.pid",
      core::join(terms, " OR "));
}

LockWait wait_until_free(Session& session, Clock& clock, const std::vector<std::pair<std::string, LockMode>>& locks,
                         std::chrono::milliseconds limit) {
  LockWait wait;
  const std::string sql = conflicting_locks_sql(locks);
  if (sql.empty()) return wait;
  const auto start = clock.now();
  for (;;) {
    const Result r = session.execute(sql);
    if (!r.ok || r.rows.empty()) break;  // free (or pg_locks unreadable: lock_timeout still protects)
    if (!wait.waited) {
      wait.waited = true;
      wait.holders = describe(r);
    }
    if (clock.now() - start >= limit) {
      wait.clear = false;
      break;
    }
    // Short polls: the moment the holder commits is the moment to ask.
    clock.sleep(std::chrono::milliseconds(20));
  }
  wait.duration = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - start);
  return wait;
}

}  // namespace schemashift::runner
