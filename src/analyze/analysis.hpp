#pragma once
// Lock and safety analysis of one SQL statement, from its parse tree. The same code runs
// over generated plan steps and (issue 4) over hand-written migration files, so there is
// one source of truth for "what does this statement lock, and for how long".
// Facts and sources: docs/postgres-facts.md §1-§3.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/schema.hpp"
#include "sql/parser.hpp"

namespace schemashift::analyze {

// PostgreSQL's table-level lock modes, in their numeric order (stronger = larger).
enum class LockMode {
  None = 0,
  AccessShare,
  RowShare,
  RowExclusive,
  ShareUpdateExclusive,
  Share,
  ShareRowExclusive,
  Exclusive,
  AccessExclusive,
};

const char* lock_mode_sql(LockMode m);   // "ACCESS EXCLUSIVE"
const char* lock_mode_pg_locks(LockMode m);  // "AccessExclusiveLock", as pg_locks.mode names it
bool blocks_reads(LockMode m);           // conflicts with ACCESS SHARE (plain SELECT)
bool blocks_writes(LockMode m);          // conflicts with ROW EXCLUSIVE (INSERT/UPDATE/DELETE)
bool conflicts(LockMode requested, LockMode held);

// What the statement does to a relation while it holds the lock.
enum class Work {
  Catalog,      // metadata only: brief
  Scan,         // reads every row (validation, SET NOT NULL without a proving CHECK)
  Rewrite,      // rewrites the table and rebuilds its indexes
  IndexBuild,   // scans and sorts to build an index
  DataChange,   // DML on rows (UPDATE/DELETE/INSERT ... SELECT)
  NewRelation,  // creates a relation nobody can see yet
};
const char* work_name(Work w);  // "catalog only", "full scan", "table rewrite" ...

struct RelationLock {
  std::string relation;   // as written in the statement, e.g. "users" or "public.users"
  LockMode mode = LockMode::None;
  Work work = Work::Catalog;
  // Created earlier in the same change/file: no other session reads or writes it yet, so a
  // lock on it blocks nobody. Empty unless `filled`.
  bool is_new = false;
  // New, but a query earlier in the file filled it (CREATE TABLE AS, SELECT INTO, INSERT ...
  // SELECT): work on it takes time in proportion to its rows, like on an existing table.
  bool filled = false;
  // Read only to match the rows of another relation of the statement (a foreign key's
  // referenced table, which validation reads by an anti-join from the referencing table):
  // when that one is empty, the executor never reads this one.
  bool read_for_other_rows = false;
  // A partition the statement works on because it works on its partitioned table (CREATE
  // INDEX builds one index per partition): that table, whose row count includes this
  // partition's. Empty otherwise.
  std::string partition_of{};
};

struct StatementAnalysis {
  std::string summary;                 // "ALTER TABLE users ADD COLUMN", "CREATE INDEX CONCURRENTLY"
  std::vector<RelationLock> locks;     // strongest first
  // A DO block's static statements' locks (UPDATE inside a batched backfill ...): what
  // `verify` checks against the server. Not yet judged by the rules or the estimates,
  // which still treat the block as opaque (see the block's note).
  std::vector<RelationLock> block_locks;
  bool must_run_outside_transaction = false;  // CONCURRENTLY, VACUUM ...
  bool sets_lock_timeout = false;      // SET [LOCAL] lock_timeout
  bool sets_statement_timeout = false;
  bool is_transaction_control = false; // BEGIN / COMMIT / ROLLBACK
  // TRUNCATE: each table gets a new, empty file and its indexes are rebuilt on it (a new
  // relfilenode and a scan of nothing: brief, not a rewrite of its rows).
  bool truncates = false;
  std::vector<std::string> notes;      // short facts worth showing ("scan skipped: valid CHECK proves NOT NULL")

  LockMode strongest() const;
  bool blocks_reads() const;
  bool blocks_writes() const;
};

struct Context {
  int pg_version = 15;
  const model::Schema* schema = nullptr;     // current schema, if known (column types etc.)
  std::set<std::string> new_tables;          // QualifiedName keys created earlier in the change/file
  // The session TimeZone has one fixed offset of zero (SET timezone = 'UTC' earlier in the
  // file or transaction): PostgreSQL 12+ then changes timestamp <-> timestamptz without a
  // rewrite (sql/time_zone.hpp).
  bool time_zone_utc = false;
  // The new tables (keys, a subset of new_tables) that a query earlier in the file filled:
  // "new" means new and empty, these have rows.
  std::set<std::string> filled_tables;
  // The new tables given rows written out in the file (INSERT ... VALUES, COPY ... FROM):
  // few, so not "filled", but not empty either.
  std::set<std::string> seeded_tables;
};

StatementAnalysis analyze_statement(const sql::Statement& statement, const Context& context);

// Estimated time the strongest lock is held, in milliseconds, for `rows` rows in the
// table touched (rough per-row costs documented in estimate.cpp).
struct Estimate {
  double millis = 0;
  std::string basis;   // "50,000 rows (spec hint) x table rewrite"
  bool from_rows = false;  // computed from a known row count (not a fixed catalog cost)
};
// `rows_source` names where the row count came from ("spec hint", "--rows" ...).
Estimate estimate(const StatementAnalysis& a, std::optional<long long> rows, const std::string& rows_source = "hint");

// A relation's row count and where it came from ("spec hint", "catalog statistics" ...).
struct RowCount {
  long long rows = 0;
  std::string basis;
};
// The rows of the relation a lock is on; nullopt when unknown.
using RowsOf = std::function<std::optional<RowCount>(const RelationLock&)>;
// Every lock is held until all the statement's work is done: adds to `e` (made by
// estimate() from the rows of `counted`'s relation) the work on each other relation whose
// rows are known — validating a foreign key reads the referenced table too, CREATE INDEX
// on a partitioned table builds one index per partition (whose rows are in the
// partitioned table's count, when that is the one known).
void add_other_relations(Estimate& e, const StatementAnalysis& a, const RelationLock* counted, const RowsOf& rows_of);
// The lock whose relation's rows decide the estimate: the most expensive work on a relation
// that has rows (an existing one, or a new one that was filled). nullptr when there is none.
const RelationLock* costliest_lock(const StatementAnalysis& a);

enum class Verdict { SafeToRun, RequiresMaintenanceWindow, Blocked };
const char* verdict_name(Verdict v);  // "SAFE_TO_RUN" ...

}  // namespace schemashift::analyze
