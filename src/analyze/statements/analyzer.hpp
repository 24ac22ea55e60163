#pragma once
// The statement analyser's parts (internal to analyze/; the interface is
// analyze/analysis.hpp): analyze_statement() dispatches on the statement kind
// (statements/dispatch.cpp) to one handler per kind, in files named after the statements
// they read. Handlers record locks through the Analyzer.
//
// Every lock level and rewrite/scan rule comes from docs/postgres-facts.md: §1 lock modes,
// §2 lock per statement and ALTER TABLE sub-command, §3 rewrite vs scan, §4.1 statements
// that cannot run inside a transaction block.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "sql/tree_node.hpp"

#include "analyze/analysis.hpp"
#include "model/schema.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze::statements {

using sql::tree::json;
using M = LockMode;
using namespace sql::tree;  // member(), text(), flag(), items() ... (sql/tree.hpp)

struct RelationRef {
  std::string written;          // as in the statement: "users", "public.users"
  model::QualifiedName name;    // for schema lookups and identity
};

// "OBJECT_MATVIEW" -> "MATERIALIZED VIEW", "OBJECT_FOREIGN_TABLE" -> "FOREIGN TABLE".
std::string object_word(const std::string& objtype);

// The statement's opening words, for kinds without a dedicated summary.
std::string leading_words(const std::string& sql);

RelationRef from_model(const model::QualifiedName& n);

RelationRef relation_from_parts(const std::vector<std::string>& parts);

// An unwrapped RangeVar body (the "relation" member of most statements).
RelationRef range_var(const json& rv);

// An index or constraint name lives in its table's schema.
model::QualifiedName sibling(const RelationRef& table, const std::string& name);

int work_rank(Work w);

Work max_work(Work a, Work b);

class Analyzer {
 public:
  Analyzer(const sql::Statement& statement, const Context& context) : statement(statement), context(context) {}

  const sql::Statement& statement;
  const Context& context;
  StatementAnalysis result;

  const model::Table* table(const model::QualifiedName& n) const {
    return context.schema ? context.schema->find_table(n) : nullptr;
  }

  // Created earlier in this change/file: no rows, and no other session can see it yet.
  bool is_new(const model::QualifiedName& n) const {
    if (context.new_tables.count(n.key())) return true;
    const model::Table* t = table(n);
    return t && t->created_in_change;
  }

  void lock(const RelationRef& rel, LockMode mode, Work work, bool created_here = false) {
    if (rel.written.empty()) return;
    const std::string key = rel.name.key();
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != key) continue;
      RelationLock& existing = result.locks[i];
      existing.mode = std::max(existing.mode, mode);
      if (work_rank(work) > work_rank(existing.work)) existing.work = work;
      existing.is_new = existing.is_new || created_here;
      existing.filled = existing.filled && !created_here;
      return;
    }
    keys_.push_back(key);
    const bool filled = !created_here && context.filled_tables.count(key) > 0;
    result.locks.push_back({rel.written, mode, work, created_here || is_new(rel.name), filled});
  }

  const RelationLock* find_lock(const RelationRef& rel) const {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == rel.name.key()) return &result.locks[i];
    }
    return nullptr;
  }
  RelationLock* find_lock(const RelationRef& rel) {
    return const_cast<RelationLock*>(static_cast<const Analyzer*>(this)->find_lock(rel));
  }

  void note(const std::string& n) {
    if (std::find(result.notes.begin(), result.notes.end(), n) == result.notes.end()) result.notes.push_back(n);
  }

  void outside_transaction() { result.must_run_outside_transaction = true; }

  // Strongest first; relations nobody else can see go last.
  StatementAnalysis finish() {
    std::stable_sort(result.locks.begin(), result.locks.end(), [](const RelationLock& a, const RelationLock& b) {
      if (a.is_new != b.is_new) return !a.is_new;
      return a.mode > b.mode;
    });
    return std::move(result);
  }

 private:
  std::vector<std::string> keys_;  // QualifiedName keys, parallel to result.locks
};

std::vector<RelationRef> read_relations(const json& node);

void lock_read_relations(Analyzer& a, const json& node, LockMode mode, Work work);

std::string join_written(const std::vector<RelationRef>& rels);

// A foreign key's referenced table, locked `mode` (SHARE ROW EXCLUSIVE to add the key, ROW
// SHARE to validate it). Validation reads it too: PostgreSQL 15 RI_Initial_Check checks the
// referencing table's rows with an anti-join against it (which reads it only when the
// referencing table has rows).
void lock_referenced_table(Analyzer& a, const RelationRef& referenced, const RelationRef& referencing, LockMode mode,
                           bool validated);

// A partitioned table's DEFAULT partition (other than `except`), locked ACCESS EXCLUSIVE
// when a partition is added beside it or taken away (its partition constraint changes);
// `scanned`: read for rows that belong to the new partition (PostgreSQL 15
// check_default_partition_contents). Returns whether there was one to lock.
bool lock_default_partition(Analyzer& a, const RelationRef& parent, const model::QualifiedName& except, bool scanned);

// The table an index belongs to, when the schema knows the index.
std::optional<RelationRef> table_of_index(const Analyzer& a, const RelationRef& index);

// "0", "0s", "0ms": a timeout of zero disables it. Anything that is not a number (an
// expression we cannot evaluate) counts as a real setting.
bool is_zero_setting(const std::string& value);

bool has_option(const json& options, const std::string& name);

// --- ALTER TABLE sub-commands on columns (statements/alter_column.cpp) ---

struct AlterTarget {
  RelationRef rel;
  const model::Table* table = nullptr;
};

std::string add_column(const json& cmd, const AlterTarget& t, Analyzer& a);

std::string alter_column_type(const json& cmd, const AlterTarget& t, Analyzer& a);

std::string set_not_null(const json& cmd, const AlterTarget& t, Analyzer& a);

// §2: "Theoretically, these could be ShareRowExclusiveLock" — but they are AE.
std::string column_default(const json& cmd, const AlterTarget& t, Analyzer& a);

// --- statement handlers, one per statement kind (dispatch.cpp) ---

void analyze_alter_table(const json& s, Analyzer& a);
void analyze_create_index(const json& s, Analyzer& a);
void analyze_reindex(const json& s, Analyzer& a);
void analyze_drop(const json& s, Analyzer& a);
void analyze_truncate(const json& s, Analyzer& a);
void analyze_update(const json& s, Analyzer& a);
void analyze_delete(const json& s, Analyzer& a);
void analyze_insert(const json& s, Analyzer& a);
void analyze_merge(const json& s, Analyzer& a);
void analyze_copy(const json& s, Analyzer& a);
void analyze_select(const json& s, Analyzer& a);
void analyze_create_table(const json& s, Analyzer& a);
void analyze_create_table_as(const json& s, Analyzer& a);
void analyze_create_view(const json& s, Analyzer& a);
void analyze_create_sequence(const json& s, Analyzer& a);
void analyze_create_trigger(const json& s, Analyzer& a);
void analyze_create_statistics(const json& s, Analyzer& a);
void analyze_function(const json& s, Analyzer& a);
void analyze_vacuum(const json& s, Analyzer& a);
void analyze_cluster(const json& s, Analyzer& a);
void analyze_refresh_matview(const json& s, Analyzer& a);
void analyze_lock(const json& s, Analyzer& a);
void analyze_set(const json& s, Analyzer& a);
void analyze_transaction(const json& s, Analyzer& a);
void analyze_do(const json&, Analyzer& a);
void analyze_call(const json& s, Analyzer& a);
void analyze_comment(const json& s, Analyzer& a);
void analyze_rename(const json& s, Analyzer& a);
void analyze_set_schema(const json& s, Analyzer& a);
void analyze_alter_enum(const json& s, Analyzer& a);
void analyze_catalog_only(const json&, Analyzer& a);
void analyze_never_in_transaction(const json&, Analyzer& a);
void analyze_alter_database(const json& s, Analyzer& a);
void analyze_discard(const json& s, Analyzer& a);
void analyze_create_subscription(const json& s, Analyzer& a);
void analyze_drop_subscription(const json& s, Analyzer& a);

}  // namespace schemashift::analyze::statements
