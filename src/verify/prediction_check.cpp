#include "verify/prediction_check.hpp"

#include <fmt/format.h>

#include <set>

#include "model/qualified_name.hpp"

namespace schemashift::verify {

const char* mismatch_kind_id(MismatchKind k) {
  switch (k) {
    case MismatchKind::StrongerLock: return "stronger-lock";
    case MismatchKind::WeakerLock: return "weaker-lock";
    case MismatchKind::UnpredictedLock: return "unpredicted-lock";
    case MismatchKind::UnpredictedRewrite: return "unpredicted-rewrite";
    case MismatchKind::MissingRewrite: return "missing-rewrite";
    case MismatchKind::UnpredictedScan: return "unpredicted-scan";
    case MismatchKind::MissingScan: return "missing-scan";
  }
  return "";
}

namespace {

using analyze::LockMode;
using analyze::Work;

// An unqualified name is found on the search path: public first (the scratch database's
// search_path), then any schema.
const TouchedRelation* resolve(const Observation& o, const std::string& written) {
  const model::QualifiedName q = model::parse_table_name(written);
  if (!q.schema.empty()) return o.find(q.schema, q.name);
  if (const TouchedRelation* t = o.find("public", q.name)) return t;
  return o.find("", q.name);
}

bool is_system(const std::string& written) {
  const model::QualifiedName q = model::parse_table_name(written);
  return q.schema == "pg_catalog" || q.schema == "information_schema" || (q.schema.empty() && q.name.rfind("pg_", 0) == 0);
}

std::string modes_text(const std::set<LockMode>& modes) {
  if (modes.empty()) return "no lock";
  std::string out;
  for (auto it = modes.rbegin(); it != modes.rend(); ++it) {
    if (!out.empty()) out += " + ";
    out += analyze::lock_mode_sql(*it);
  }
  return out;
}

}  // namespace

std::vector<Mismatch> compare(const analyze::StatementAnalysis& predicted, const Observation& observed) {
  std::vector<Mismatch> out;
  if (observed.method == TraceMethod::NotTraced || !observed.ok) return out;
  std::set<std::string> named;  // relations the prediction covers
  std::vector<analyze::RelationLock> all = predicted.locks;
  all.insert(all.end(), predicted.block_locks.begin(), predicted.block_locks.end());
  for (const auto& lock : all) {
    const TouchedRelation* t = resolve(observed, lock.relation);
    if (t != nullptr) named.insert(t->name);
    // A read of a system catalog (a backfill's pg_class lookup) is not a user relation the
    // trace follows; a plain read shows as nothing worth a finding either way.
    if (t == nullptr && (lock.mode <= LockMode::AccessShare || is_system(lock.relation))) continue;
    // A relation created earlier in the same change blocks nobody; one this statement
    // creates has no lock to compare before it exists.
    if (lock.work == Work::NewRelation || lock.is_new || (t != nullptr && !t->existed_before)) continue;
    // An index's own lock is not what blocks the application: its table's lock is (DROP
    // INDEX CONCURRENTLY ends with ACCESS EXCLUSIVE on the index once no query can use
    // it, PostgreSQL 15 index_drop). The table's lock is compared instead.
    if (t != nullptr && t->kind == RelationKind::Index) continue;
    const std::string where = t != nullptr ? t->name : lock.relation;
    const std::string predicted_text = fmt::format("{}, {}", analyze::lock_mode_sql(lock.mode), analyze::work_name(lock.work));
    const LockMode taken = t != nullptr ? t->strongest_taken() : LockMode::None;
    // PostgreSQL records each mode a transaction holds once: a mode an earlier statement of
    // the same transaction took is not taken again.
    const bool held = t != nullptr && t->held_before.count(lock.mode) > 0;
    const std::string observed_text = t != nullptr ? modes_text(t->taken) : "no lock";
    if (taken > lock.mode) {
      out.push_back({MismatchKind::StrongerLock, where, predicted_text, observed_text,
                     fmt::format("{}: took {}, predicted {}", where, analyze::lock_mode_sql(taken),
                                 analyze::lock_mode_sql(lock.mode))});
    } else if (taken < lock.mode && !held) {
      // A watched statement may hold a lock between two polls only: a missing lock is
      // not evidence there, a weaker one still is.
      if (!(observed.method == TraceMethod::Watched && taken == LockMode::None)) {
        out.push_back({MismatchKind::WeakerLock, where, predicted_text, observed_text,
                       fmt::format("{}: took {}, predicted {}", where,
                                   taken == LockMode::None ? std::string("no lock") : analyze::lock_mode_sql(taken),
                                   analyze::lock_mode_sql(lock.mode))});
      }
    }
    if (t == nullptr || t->kind != RelationKind::Table) continue;
    // TRUNCATE swaps in a new empty file and rebuilds the indexes on it (PostgreSQL 15
    // ExecuteTruncateGuts: a new relfilenode, and SHARE plus a scan of the empty heap per
    // index): no row is rewritten or read.
    if (predicted.truncates) continue;
    if (t->rewritten && lock.work != Work::Rewrite) {
      out.push_back({MismatchKind::UnpredictedRewrite, where, predicted_text, "table rewrite",
                     fmt::format("{}: the table was rewritten, predicted {}", where, analyze::work_name(lock.work))});
    } else if (!t->rewritten && lock.work == Work::Rewrite) {
      out.push_back({MismatchKind::MissingRewrite, where, predicted_text, "no rewrite",
                     fmt::format("{}: predicted a table rewrite, the table kept its file", where)});
    }
    if (!observed.scans_observable() || t->rewritten) continue;
    // A scan matters while it holds a lock that stops other work: under ROW SHARE (the
    // referenced table of a foreign key being validated) it blocks only EXCLUSIVE and
    // ACCESS EXCLUSIVE, which the rest of the statement's locks already decide. Likewise a
    // read under ACCESS SHARE (an UPDATE ... FROM's other table) predicted to scan may not:
    // whether the executor reads a join's inner side depends on the rows (a hash join
    // with an empty outer side never does), and it blocks nothing either way. So for a
    // relation read only to match another one's rows (a foreign key's referenced table):
    // an empty referencing table leaves it unread.
    if (t->scanned && lock.work == Work::Catalog && lock.mode >= LockMode::ShareUpdateExclusive) {
      out.push_back({MismatchKind::UnpredictedScan, where, predicted_text, "full scan",
                     fmt::format("{}: the table was scanned, predicted catalog only", where)});
    } else if (!t->scanned && lock.work == Work::Scan && lock.mode >= LockMode::ShareUpdateExclusive &&
               !lock.read_for_other_rows) {
      out.push_back({MismatchKind::MissingScan, where, predicted_text, "no scan",
                     fmt::format("{}: predicted a full scan, none was made", where)});
    }
  }
  for (const auto& t : observed.relations) {
    if (named.count(t.name) || !t.existed_before || t.kind != RelationKind::Table) continue;
    const LockMode taken = t.strongest_taken();
    if (taken > LockMode::AccessShare) {
      out.push_back({MismatchKind::UnpredictedLock, t.name, "no lock", modes_text(t.taken),
                     fmt::format("{}: took {}, which the prediction does not name", t.name, analyze::lock_mode_sql(taken))});
    }
    if (t.rewritten && !predicted.truncates) {
      out.push_back({MismatchKind::UnpredictedRewrite, t.name, "no lock", "table rewrite",
                     fmt::format("{}: the table was rewritten, which the prediction does not name", t.name)});
    }
  }
  return out;
}

}  // namespace schemashift::verify
