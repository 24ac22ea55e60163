// Creating relations (§2 CREATE TABLE row): the new relation is invisible until commit;
// REFERENCES x takes SRE on x, INHERITS x SUE on x, PARTITION OF x AE on x. Also
// triggers, statistics and functions on existing tables.
#include "analyze/statements/analyzer.hpp"

#include "core/text.hpp"

namespace schemashift::analyze::statements {

namespace {

void lock_parents(const json& s, Analyzer& a) {
  const bool partition = !member(s, "partbound").is_null();
  bool default_locked = false;
  for (const auto& item : items(member(s, "inhRelations"))) {
    const RelationRef parent = range_var(body(item, "RangeVar"));
    a.lock(parent, partition ? M::AccessExclusive : M::ShareUpdateExclusive, Work::Catalog);
    // A new DEFAULT partition takes no rows from anywhere; any other one, the rows of its
    // bound the DEFAULT partition may hold.
    if (partition && !flag(member(s, "partbound"), "is_default")) {
      default_locked = lock_default_partition(a, parent, range_var(member(s, "relation")).name, true) || default_locked;
    }
  }
  if (partition && !default_locked) a.note("a DEFAULT partition of the parent is locked ACCESS EXCLUSIVE and scanned");
}

void lock_referenced_tables(const json& table_elements, Analyzer& a) {
  for (const auto& element : items(table_elements)) {
    const json& column = body(element, "ColumnDef");
    for (const auto& c : items(member(column, "constraints"))) {
      if (text(body(c, "Constraint"), "contype") == "CONSTR_FOREIGN") {
        a.lock(range_var(member(body(c, "Constraint"), "pktable")), M::ShareRowExclusive, Work::Catalog);
      }
    }
    const json& table_constraint = body(element, "Constraint");
    if (text(table_constraint, "contype") == "CONSTR_FOREIGN") {
      a.lock(range_var(member(table_constraint, "pktable")), M::ShareRowExclusive, Work::Catalog);
    }
  }
}

}  // namespace

void analyze_create_table(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  a.lock(rel, M::AccessExclusive, Work::NewRelation, true);
  lock_referenced_tables(member(s, "tableElts"), a);
  lock_parents(s, a);
  std::string summary = "CREATE TABLE " + rel.written;
  if (!member(s, "partbound").is_null()) {
    const auto parents = items(member(s, "inhRelations"));
    if (!parents.empty()) summary += " PARTITION OF " + range_var(body(parents[0], "RangeVar")).written;
  }
  a.result.summary = summary;
}

void analyze_create_table_as(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(member(s, "into"), "rel"));
  a.lock(rel, M::AccessExclusive, Work::NewRelation, true);
  // WITH NO DATA plans the query (its relations are locked) but never runs it.
  const bool no_data = flag(member(s, "into"), "skipData");
  lock_read_relations(a, member(s, "query"), M::AccessShare, no_data ? Work::Catalog : Work::Scan);
  const bool matview = text(s, "objtype") == "OBJECT_MATVIEW";
  a.result.summary = (matview ? "CREATE MATERIALIZED VIEW " : "CREATE TABLE ") + rel.written + (matview ? "" : " AS");
}

void analyze_create_view(const json& s, Analyzer& a) {
  const RelationRef view = range_var(member(s, "view"));
  const bool replace = flag(s, "replace");
  // CREATE OR REPLACE of an existing view swaps its definition under AE (§2 general rule).
  if (replace && !a.is_new(view.name)) {
    a.lock(view, M::AccessExclusive, Work::Catalog);
  } else {
    a.lock(view, M::AccessExclusive, Work::NewRelation, true);
  }
  lock_read_relations(a, member(s, "query"), M::AccessShare, Work::Catalog);
  a.result.summary = std::string(replace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ") + view.written;
}

void analyze_create_sequence(const json& s, Analyzer& a) {
  const RelationRef seq = range_var(member(s, "sequence"));
  a.lock(seq, M::AccessExclusive, Work::NewRelation, true);
  a.result.summary = "CREATE SEQUENCE " + seq.written;
}

// §2: CREATE [OR REPLACE] TRIGGER takes SRE: blocks writes, not reads.
void analyze_create_trigger(const json& s, Analyzer& a) {
  const RelationRef rel = range_var(member(s, "relation"));
  a.lock(rel, M::ShareRowExclusive, Work::Catalog);
  a.result.summary = std::string(flag(s, "replace") ? "CREATE OR REPLACE TRIGGER " : "CREATE TRIGGER ") +
                     text(s, "trigname") + " ON " + rel.written;
}

void analyze_create_statistics(const json& s, Analyzer& a) {
  std::vector<RelationRef> rels;
  for (const auto& item : items(member(s, "relations"))) rels.push_back(range_var(body(item, "RangeVar")));
  for (const auto& rel : rels) a.lock(rel, M::ShareUpdateExclusive, Work::Catalog);  // §2
  a.result.summary = "CREATE STATISTICS ON " + join_written(rels);
}

void analyze_function(const json& s, Analyzer& a) {
  a.result.summary = std::string(flag(s, "replace") ? "CREATE OR REPLACE " : "CREATE ") +
                     (flag(s, "is_procedure") ? "PROCEDURE " : "FUNCTION ") +
                     core::join(string_list(member(s, "funcname")), ".");
}

}  // namespace schemashift::analyze::statements
