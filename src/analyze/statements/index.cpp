// CREATE INDEX and REINDEX (§2, §4.1).
#include "analyze/statements/analyzer.hpp"

#include "core/text.hpp"

namespace schemashift::analyze::statements {

namespace {

bool reindex_is_concurrent(const json& s) {
  for (const auto& item : items(member(s, "params"))) {
    if (text(body(item, "DefElem"), "defname") == "concurrently") return true;
  }
  return false;
}

// §2: REINDEX takes SHARE on the table and ACCESS EXCLUSIVE on each index it rebuilds;
// the planner opens every index of a table, so reads planned on the table wait too.
void reindex_table(const RelationRef& table, Analyzer& a) {
  a.lock(table, M::Share, Work::IndexBuild);
  std::size_t indexes = 0;
  if (a.context.schema) {
    for (const model::Index* index : a.context.schema->indexes_of(table.name)) {
      a.lock(relation_from_parts({index->table.schema, index->name}), M::AccessExclusive, Work::IndexBuild);
      ++indexes;
    }
  }
  if (indexes == 0) {
    // Index names unknown: record the effect on the table (reads block) rather than lose it.
    a.lock(table, M::AccessExclusive, Work::IndexBuild);
    a.note("SHARE on the table + ACCESS EXCLUSIVE on each index: reads of the table block too");
  }
}

// CREATE INDEX on a partitioned table (not ON ONLY) builds one index per partition, each
// under SHARE on its partition, one after the other, all in the one transaction (PostgreSQL
// 15 DefineIndex recurses into every partition, and their partitions).
void lock_partitions(const RelationRef& parent, const std::string& counted_as, Analyzer& a, std::size_t& count) {
  if (!a.context.schema) return;
  for (const model::Table* partition : a.context.schema->partitions_of(parent.name)) {
    const RelationRef ref = from_model(partition->name);
    a.lock(ref, M::Share, Work::IndexBuild);
    if (RelationLock* lock = a.find_lock(ref)) lock->partition_of = counted_as;
    ++count;
    lock_partitions(ref, counted_as, a, count);
  }
}

}  // namespace

// §2: CREATE INDEX takes SHARE (blocks writes); CONCURRENTLY takes SUE and cannot run in a
// transaction block (§4.1).
void analyze_create_index(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  const bool concurrent = flag(s, "concurrent");
  std::string summary = std::string("CREATE ") + (flag(s, "unique") ? "UNIQUE " : "") + "INDEX ";
  if (concurrent) summary += "CONCURRENTLY ";
  if (!text(s, "idxname").empty()) summary += text(s, "idxname") + " ";
  a.result.summary = summary + "ON " + rel.written;
  if (concurrent) {
    a.lock(rel, M::ShareUpdateExclusive, Work::IndexBuild);
    a.outside_transaction();
    // §4.2: a failed CIC leaves an INVALID index that IF NOT EXISTS would then skip.
    a.note("on failure leaves an INVALID index: drop it before retrying");
  } else {
    a.lock(rel, M::Share, Work::IndexBuild);
    std::size_t partitions = 0;
    if (flag(member(s, "relation"), "inh")) lock_partitions(rel, rel.written, a, partitions);
    if (partitions > 0) {
      a.note("one index per partition: SHARE on each of the " + std::to_string(partitions) +
             " partitions while its index is built, all held until the end");
    }
  }
}

void analyze_reindex(const json& s, Analyzer& a) {
  const std::string kind = text(s, "kind");
  const bool concurrent = reindex_is_concurrent(s);
  const std::string object = core::starts_with(kind, "REINDEX_OBJECT_") ? kind.substr(15) : "DATABASE";
  const RelationRef rel = range_var(member(s, "relation"));
  const std::string target = rel.written.empty() ? text(s, "name") : rel.written;
  a.result.summary = "REINDEX " + object + (concurrent ? " CONCURRENTLY " : " ") + target;
  // §4.1: CONCURRENTLY and the schema/database/system forms cannot run in a transaction block.
  if (concurrent || rel.written.empty()) a.outside_transaction();
  if (rel.written.empty()) {
    a.note("locks every table of the " + core::lower(object) + " in turn");
    return;
  }
  if (concurrent) {
    a.lock(rel, M::ShareUpdateExclusive, Work::IndexBuild);  // §2: like CIC + swap
    if (object == "INDEX") {
      if (const auto table = table_of_index(a, rel)) a.lock(*table, M::ShareUpdateExclusive, Work::IndexBuild);
    }
    return;
  }
  if (object == "TABLE") {
    reindex_table(rel, a);
    return;
  }
  a.lock(rel, M::AccessExclusive, Work::IndexBuild);
  if (const auto table = table_of_index(a, rel)) a.lock(*table, M::Share, Work::IndexBuild);
}

}  // namespace schemashift::analyze::statements
