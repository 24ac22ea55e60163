#pragma once
// What a session can see of the user's relations at one moment, for telling what one
// statement did: each relation's file node (a new one means the table or index was
// rewritten), the sequential scans the current transaction made of it
// (pg_stat_get_xact_numscans: visible before commit, unlike pg_stat_user_tables), and the
// relation locks a backend holds (pg_locks).
#include <map>
#include <set>
#include <string>
#include <utility>

#include "analyze/analysis.hpp"
#include "runner/session.hpp"

namespace schemashift::verify {

enum class RelationKind { Table, Index, Sequence, View, Other };
const char* relation_kind_name(RelationKind k);  // "table", "index" ...

struct RelationState {
  std::string name;         // schema-qualified, as PostgreSQL prints it: public.users, app."Order"
  std::string schema;       // unquoted: public
  std::string relname;      // unquoted: users
  RelationKind kind = RelationKind::Other;
  std::string filenode;     // pg_class.relfilenode ("0" for views)
  long long scans = 0;      // this transaction's sequential scans (tables) so far
};

// Keyed by pg_class.oid as text.
using RelationSnapshot = std::map<std::string, RelationState>;

// One relation lock: (oid as text, mode).
using HeldLock = std::pair<std::string, analyze::LockMode>;

// The user's relations (system schemas and the runner's history schema excluded).
RelationSnapshot snapshot_relations(runner::Session& session, const std::string& skip_schema);

// The granted relation locks of backend `pid` (0: the session's own) in this database.
std::set<HeldLock> relation_locks(runner::Session& session, long long pid = 0);

// The query relation_locks sends, for a session that polls another backend.
std::string relation_locks_sql(long long pid);
std::set<HeldLock> parse_relation_locks(const runner::Result& r);

// "AccessExclusiveLock" -> AccessExclusive; None for anything else.
analyze::LockMode lock_mode_from_pg_locks(const std::string& mode);

}  // namespace schemashift::verify
