// What every statement handler shares: relation names as written, the Analyzer's lock
// bookkeeping, relations read by embedded queries, and small tree readings.
#include "analyze/statements/analyzer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/text.hpp"
#include "model/names_from_tree.hpp"

namespace schemashift::analyze::statements {

namespace {

void collect_cte_names(const json& node, std::set<std::string>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "CommonTableExpr") out.insert(text(value, "ctename"));
      collect_cte_names(value, out);
    }
  } else if (node.is_array()) {
    for (const auto& element : node) collect_cte_names(element, out);
  }
}

// Wrapped {"RangeVar": ...} nodes only: the statement's own target is an unwrapped member.
void collect_range_vars(const json& node, const std::set<std::string>& ctes, std::vector<RelationRef>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "RangeVar") {
        const bool is_cte = text(value, "schemaname").empty() && ctes.count(text(value, "relname"));
        if (!is_cte) out.push_back(range_var(value));
      } else {
        collect_range_vars(value, ctes, out);
      }
    }
  } else if (node.is_array()) {
    for (const auto& element : node) collect_range_vars(element, ctes, out);
  }
}

}  // namespace

// "OBJECT_MATVIEW" -> "MATERIALIZED VIEW", "OBJECT_FOREIGN_TABLE" -> "FOREIGN TABLE".
std::string object_word(const std::string& objtype) {
  static const std::map<std::string, std::string> special = {
      {"OBJECT_MATVIEW", "MATERIALIZED VIEW"},
      {"OBJECT_TABCONSTRAINT", "CONSTRAINT"},
      {"OBJECT_FDW", "FOREIGN DATA WRAPPER"},
  };
  if (const auto it = special.find(objtype); it != special.end()) return it->second;
  std::string word = core::starts_with(objtype, "OBJECT_") ? objtype.substr(7) : objtype;
  std::replace(word.begin(), word.end(), '_', ' ');
  return word;
}

// The statement's opening words, for kinds without a dedicated summary.
std::string leading_words(const std::string& sql) {
  std::string out;
  bool space = false;
  for (const char c : sql) {
    if (c == '(' || c == '\n' || c == ';') break;
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out.size() > 60 ? out.substr(0, 57) + "..." : out;
}

RelationRef from_model(const model::QualifiedName& n) { return {n.display(), n}; }

RelationRef relation_from_parts(const std::vector<std::string>& parts) { return from_model(model::name_from_list(parts)); }

// An unwrapped RangeVar body (the "relation" member of most statements).
RelationRef range_var(const json& rv) { return from_model(model::relation_name(rv)); }

// An index or constraint name lives in its table's schema.
model::QualifiedName sibling(const RelationRef& table, const std::string& name) { return {table.name.schema, name}; }

int work_rank(Work w) {
  switch (w) {
    case Work::Catalog: return 0;
    case Work::Scan: return 1;
    case Work::IndexBuild: return 2;
    case Work::Rewrite: return 3;
    case Work::DataChange: return 4;
    case Work::NewRelation: return 5;  // whatever else happens to a new relation happens to zero rows
  }
  return 0;
}

std::vector<RelationRef> read_relations(const json& node) {
  std::set<std::string> ctes;
  collect_cte_names(node, ctes);
  std::vector<RelationRef> out;
  collect_range_vars(node, ctes, out);
  return out;
}

void lock_read_relations(Analyzer& a, const json& node, LockMode mode, Work work) {
  for (const auto& rel : read_relations(node)) a.lock(rel, mode, work);
}

std::string join_written(const std::vector<RelationRef>& rels) {
  std::vector<std::string> names;
  for (const auto& r : rels) names.push_back(r.written);
  return core::join(names, ", ");
}

Work max_work(Work a, Work b) { return work_rank(b) > work_rank(a) ? b : a; }

void lock_referenced_table(Analyzer& a, const RelationRef& referenced, const RelationRef& referencing, LockMode mode,
                           bool validated) {
  // The anti-join reads the referenced table only for the referencing table's rows: a new
  // table that nothing has written rows into has none (PostgreSQL's hash join stops at an
  // empty outer side before it builds the hash of the other).
  const std::string key = referencing.name.key();
  if (validated && a.is_new(referencing.name) && a.context.filled_tables.count(key) == 0 &&
      a.context.seeded_tables.count(key) == 0) {
    validated = false;
  }
  a.lock(referenced, mode, validated ? Work::Scan : Work::Catalog);
  // A key referencing its own table: the table is read as the referencing side anyway.
  if (!validated || referenced.name.key() == referencing.name.key()) return;
  if (RelationLock* lock = a.find_lock(referenced)) lock->read_for_other_rows = true;
}

bool lock_default_partition(Analyzer& a, const RelationRef& parent, const model::QualifiedName& except, bool scanned) {
  if (!a.table(parent.name)) return false;
  const model::Table* partition = a.context.schema->default_partition_of(parent.name);
  if (!partition || partition->name == except) return false;
  a.lock(from_model(partition->name), M::AccessExclusive, scanned ? Work::Scan : Work::Catalog);
  a.note("DEFAULT partition " + partition->name.display() + " is locked ACCESS EXCLUSIVE" +
         (scanned ? " and scanned for rows of the new partition" : ""));
  return true;
}

// The table an index belongs to, when the schema knows the index.
std::optional<RelationRef> table_of_index(const Analyzer& a, const RelationRef& index) {
  const model::Index* found = a.context.schema ? a.context.schema->find_index(index.name) : nullptr;
  if (!found) return std::nullopt;
  return from_model(found->table);
}

// "0", "0s", "0ms": a timeout of zero disables it. Anything that is not a number (an
// expression we cannot evaluate) counts as a real setting.
bool is_zero_setting(const std::string& value) {
  const char* start = value.c_str();
  char* end = nullptr;
  const double number = std::strtod(start, &end);
  return end != start && number == 0.0;
}

bool has_option(const json& options, const std::string& name) {
  for (const auto& item : items(options)) {
    if (text(body(item, "DefElem"), "defname") == name) return true;
  }
  return false;
}

}  // namespace schemashift::analyze::statements
