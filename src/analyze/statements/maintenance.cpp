// VACUUM, ANALYZE, CLUSTER and REFRESH MATERIALIZED VIEW (§2, §4.1).
#include "analyze/statements/analyzer.hpp"

#include <algorithm>

namespace schemashift::analyze::statements {

// §2: VACUUM/ANALYZE take SUE; VACUUM FULL rewrites under AE. §4.1: no VACUUM form can
// run in a transaction block (ANALYZE alone can).
void analyze_vacuum(const json& s, Analyzer& a) {
  const bool vacuum = flag(s, "is_vacuumcmd");
  const bool full = vacuum && has_option(member(s, "options"), "full");
  std::vector<RelationRef> rels;
  for (const auto& item : items(member(s, "rels"))) {
    rels.push_back(range_var(member(body(item, "VacuumRelation"), "relation")));
  }
  for (const auto& rel : rels) {
    if (full) a.lock(rel, M::AccessExclusive, Work::Rewrite);
    else a.lock(rel, M::ShareUpdateExclusive, vacuum ? Work::Scan : Work::Catalog);
  }
  if (vacuum) a.outside_transaction();
  if (!vacuum) a.note("ANALYZE reads a sample of rows");
  if (rels.empty()) a.note("processes every table of the database in turn");
  a.result.summary = std::string(vacuum ? (full ? "VACUUM FULL" : "VACUUM") : "ANALYZE") +
                     (rels.empty() ? "" : " " + join_written(rels));
}

// §2: CLUSTER rewrites under AE; without a table name it cannot run in a transaction (§4.1).
void analyze_cluster(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  if (rel.written.empty()) {
    a.outside_transaction();
    a.note("re-clusters every previously clustered table, each under ACCESS EXCLUSIVE");
    a.result.summary = "CLUSTER";
    return;
  }
  a.lock(rel, M::AccessExclusive, Work::Rewrite);
  a.result.summary = "CLUSTER " + rel.written;
}

// §2: REFRESH MATERIALIZED VIEW takes AE and fills a new file; CONCURRENTLY takes
// EXCLUSIVE (reads continue), computes the query into a temporary table and applies the
// difference to the view's rows in place (PostgreSQL 15 refresh_by_match_merge): row
// changes, no new file.
void analyze_refresh_matview(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  const bool concurrent = flag(s, "concurrent");
  a.lock(rel, concurrent ? M::Exclusive : M::AccessExclusive, concurrent ? Work::DataChange : Work::Rewrite);
  a.result.summary = std::string("REFRESH MATERIALIZED VIEW ") + (concurrent ? "CONCURRENTLY " : "") + rel.written;
}

}  // namespace schemashift::analyze::statements
