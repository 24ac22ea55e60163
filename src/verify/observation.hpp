#pragma once
// What one statement was seen to do on a real server while `verify` applied it: the locks
// it took on each relation, whether it gave a table or index a new file (a rewrite), and
// whether it scanned a table.
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "analyze/analysis.hpp"
#include "verify/relation_snapshot.hpp"

namespace schemashift::verify {

// How the statement was watched.
enum class TraceMethod {
  InTransaction,  // inside the migration's transaction: its locks read from pg_locks before COMMIT
  Wrapped,        // an autocommit statement run in a transaction of its own, read the same way
  Watched,        // cannot run in a transaction (CONCURRENTLY, a DO block that COMMITs): another
                  // session polled pg_locks while it ran, so a lock held for less than a poll may be missed
  NotTraced,      // it failed, or nothing could watch it
};
const char* trace_method_name(TraceMethod m);

struct TouchedRelation {
  std::string name;        // public.users
  std::string schema;      // public
  std::string relname;     // users
  RelationKind kind = RelationKind::Other;
  bool existed_before = true;             // false: the statement created it
  std::set<analyze::LockMode> taken;      // modes the statement acquired (not held before it)
  std::set<analyze::LockMode> held_before;  // modes its transaction already held
  bool rewritten = false;  // existed before and got a new relfilenode
  bool scanned = false;    // existed before and was scanned sequentially (InTransaction / Wrapped only)
  analyze::LockMode strongest_taken() const;
};

struct Observation {
  std::string version;     // the migration's
  std::string path;        // its up file
  std::size_t index = 0;   // the statement's index in the runner's script
  int line = 1;
  int column = 1;
  std::string sql;
  TraceMethod method = TraceMethod::NotTraced;
  bool ok = true;          // the statement succeeded
  std::chrono::milliseconds duration{0};
  std::vector<TouchedRelation> relations;  // every user relation it locked, rewrote or scanned, by name

  bool scans_observable() const { return method == TraceMethod::InTransaction || method == TraceMethod::Wrapped; }
  const TouchedRelation* find(const std::string& schema, const std::string& relname) const;
};

// The difference the statement made between two moments: locks in `after` that were not in
// `before`, new file nodes, more scans. `polled`: locks seen by another session while it ran
// (Watched), used instead of after-minus-before.
std::vector<TouchedRelation> touched_relations(const RelationSnapshot& before, const RelationSnapshot& after,
                                               const std::set<HeldLock>& locks_before,
                                               const std::set<HeldLock>& locks_after);

}  // namespace schemashift::verify
