// Lock modes, their conflicts, and the names used in reports.
// Facts: docs/postgres-facts.md §1 (lock modes and the conflict matrix).
#include <algorithm>
#include <cstdint>

#include "analyze/analysis.hpp"

namespace schemashift::analyze {

namespace {

constexpr std::uint16_t bit(LockMode m) { return static_cast<std::uint16_t>(1u << static_cast<int>(m)); }

// Row = requested mode, value = set of held modes it waits for: the "Conflicting Lock
// Modes" table of §1 (identical in PG 11-17), written out row by row so that it can be
// checked against the documentation at a glance.
std::uint16_t conflict_set(LockMode requested) {
  using M = LockMode;
  switch (requested) {
    case M::None:
      return 0;
    case M::AccessShare:
      return bit(M::AccessExclusive);
    case M::RowShare:
      return bit(M::Exclusive) | bit(M::AccessExclusive);
    case M::RowExclusive:
      return bit(M::Share) | bit(M::ShareRowExclusive) | bit(M::Exclusive) | bit(M::AccessExclusive);
    case M::ShareUpdateExclusive:
      return bit(M::ShareUpdateExclusive) | bit(M::Share) | bit(M::ShareRowExclusive) | bit(M::Exclusive) |
             bit(M::AccessExclusive);
    case M::Share:
      return bit(M::RowExclusive) | bit(M::ShareUpdateExclusive) | bit(M::ShareRowExclusive) |
             bit(M::Exclusive) | bit(M::AccessExclusive);
    case M::ShareRowExclusive:
      return bit(M::RowExclusive) | bit(M::ShareUpdateExclusive) | bit(M::Share) | bit(M::ShareRowExclusive) |
             bit(M::Exclusive) | bit(M::AccessExclusive);
    case M::Exclusive:
      return bit(M::RowShare) | bit(M::RowExclusive) | bit(M::ShareUpdateExclusive) | bit(M::Share) |
             bit(M::ShareRowExclusive) | bit(M::Exclusive) | bit(M::AccessExclusive);
    case M::AccessExclusive:
      return bit(M::AccessShare) | bit(M::RowShare) | bit(M::RowExclusive) | bit(M::ShareUpdateExclusive) |
             bit(M::Share) | bit(M::ShareRowExclusive) | bit(M::Exclusive) | bit(M::AccessExclusive);
  }
  return 0;
}

}  // namespace

const char* lock_mode_sql(LockMode m) {
  switch (m) {
    case LockMode::None: return "NONE";
    case LockMode::AccessShare: return "ACCESS SHARE";
    case LockMode::RowShare: return "ROW SHARE";
    case LockMode::RowExclusive: return "ROW EXCLUSIVE";
    case LockMode::ShareUpdateExclusive: return "SHARE UPDATE EXCLUSIVE";
    case LockMode::Share: return "SHARE";
    case LockMode::ShareRowExclusive: return "SHARE ROW EXCLUSIVE";
    case LockMode::Exclusive: return "EXCLUSIVE";
    case LockMode::AccessExclusive: return "ACCESS EXCLUSIVE";
  }
  return "NONE";
}

const char* lock_mode_pg_locks(LockMode m) {
  switch (m) {
    case LockMode::None: return "";
    case LockMode::AccessShare: return "AccessShareLock";
    case LockMode::RowShare: return "RowShareLock";
    case LockMode::RowExclusive: return "RowExclusiveLock";
    case LockMode::ShareUpdateExclusive: return "ShareUpdateExclusiveLock";
    case LockMode::Share: return "ShareLock";
    case LockMode::ShareRowExclusive: return "ShareRowExclusiveLock";
    case LockMode::Exclusive: return "ExclusiveLock";
    case LockMode::AccessExclusive: return "AccessExclusiveLock";
  }
  return "";
}

bool conflicts(LockMode requested, LockMode held) {
  if (held == LockMode::None) return false;
  return (conflict_set(requested) & bit(held)) != 0;
}

// A plain SELECT takes ACCESS SHARE; only ACCESS EXCLUSIVE conflicts with it (§1).
bool blocks_reads(LockMode m) { return conflicts(LockMode::AccessShare, m); }

// INSERT/UPDATE/DELETE/MERGE take ROW EXCLUSIVE: SHARE and stronger block them (§1).
bool blocks_writes(LockMode m) { return conflicts(LockMode::RowExclusive, m); }

const char* work_name(Work w) {
  switch (w) {
    case Work::Catalog: return "catalog only";
    case Work::Scan: return "full scan";
    case Work::Rewrite: return "table rewrite";
    case Work::IndexBuild: return "index build";
    case Work::DataChange: return "data change";
    case Work::NewRelation: return "new relation";
  }
  return "catalog only";
}

// A relation created earlier in the same change/file is invisible to other sessions
// until commit, so nobody can queue behind its lock: it does not count here.
LockMode StatementAnalysis::strongest() const {
  LockMode out = LockMode::None;
  for (const auto& lock : locks) {
    if (!lock.is_new) out = std::max(out, lock.mode);
  }
  return out;
}

bool StatementAnalysis::blocks_reads() const { return analyze::blocks_reads(strongest()); }

bool StatementAnalysis::blocks_writes() const { return analyze::blocks_writes(strongest()); }

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::SafeToRun: return "SAFE_TO_RUN";
    case Verdict::RequiresMaintenanceWindow: return "REQUIRES_MAINTENANCE_WINDOW";
    case Verdict::Blocked: return "BLOCKED";
  }
  return "BLOCKED";
}

}  // namespace schemashift::analyze
