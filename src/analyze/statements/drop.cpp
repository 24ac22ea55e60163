// DROP of tables, indexes and other objects, and TRUNCATE (§2).
#include "analyze/statements/analyzer.hpp"

#include <set>

#include "core/text.hpp"

namespace schemashift::analyze::statements {

namespace {

// §2: DROP TABLE takes AE on every table it references by FK (their triggers are removed);
// with CASCADE, the FKs of referencing tables are dropped too (AE on those tables).
void lock_fk_neighbours_of_dropped_table(const RelationRef& rel, bool cascade, Analyzer& a) {
  const model::Table* table = a.table(rel.name);
  if (!table) return;
  for (const auto& c : table->constraints) {
    if (c.references) a.lock(from_model(c.references->table), M::AccessExclusive, Work::Catalog);
  }
  if (!cascade) return;
  for (const auto& [referencing, constraint] : a.context.schema->referencing(rel.name)) {
    a.lock(from_model(referencing->name), M::AccessExclusive, Work::Catalog);
  }
}

// §2: DROP INDEX locks table and index AE; CONCURRENTLY uses SUE outside a transaction.
void drop_index(const RelationRef& index, bool concurrent, Analyzer& a) {
  const LockMode mode = concurrent ? M::ShareUpdateExclusive : M::AccessExclusive;
  if (const auto table = table_of_index(a, index)) a.lock(*table, mode, Work::Catalog);
  a.lock(index, mode, Work::Catalog);
  if (concurrent) a.outside_transaction();
}

// DROP TRIGGER IF EXISTS of a trigger the table does not have: PostgreSQL 15 finds that
// out under ACCESS SHARE and releases it (get_object_address_relobject), so the table ends
// up unlocked. Only when the table is fully known (columns from its CREATE TABLE), so that
// its triggers are too; a table the model only saw altered may have triggers it never saw.
bool known_absent_trigger(const RelationRef& table, const std::string& trigger, Analyzer& a) {
  if (!a.context.schema) return false;
  const model::Table* t = a.table(table.name);
  if (t == nullptr || t->columns.empty()) return false;
  for (const model::Trigger* existing : a.context.schema->triggers_of(t->name)) {
    if (existing->name == trigger) return false;
  }
  return true;
}

}  // namespace

void analyze_drop(const json& s, Analyzer& a) {
  const std::string type = text(s, "removeType");
  const bool concurrent = flag(s, "concurrent");
  const bool cascade = text(s, "behavior") == "DROP_CASCADE";
  static const std::set<std::string> relation_types = {"OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW",
                                                       "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE"};
  // Objects attached to a table ("trg ON users"): the name list ends with the object.
  static const std::set<std::string> table_member_types = {"OBJECT_TRIGGER", "OBJECT_RULE", "OBJECT_POLICY"};
  std::vector<std::string> names;
  for (const auto& object : items(member(s, "objects"))) {
    std::vector<std::string> parts = string_list(object);
    if (parts.empty()) continue;
    if (table_member_types.count(type) && parts.size() >= 2) {
      const std::string member_name = parts.back();
      parts.pop_back();
      const RelationRef table = relation_from_parts(parts);
      names.push_back(member_name + " ON " + table.written);
      if (type == "OBJECT_TRIGGER" && flag(s, "missing_ok") && known_absent_trigger(table, member_name, a)) {
        a.note("the table has no trigger " + member_name + ": IF EXISTS skips it without locking the table");
        continue;
      }
      a.lock(table, M::AccessExclusive, Work::Catalog);
      continue;
    }
    names.push_back(core::join(parts, "."));
    if (type == "OBJECT_INDEX") {
      drop_index(relation_from_parts(parts), concurrent, a);
    } else if (relation_types.count(type)) {
      const RelationRef rel = relation_from_parts(parts);
      a.lock(rel, M::AccessExclusive, Work::Catalog);
      if (type == "OBJECT_TABLE") lock_fk_neighbours_of_dropped_table(rel, cascade, a);
    }
  }
  // Functions and types are not plain name lists: their opening words say enough.
  a.result.summary = names.empty() ? leading_words(a.statement.text)
                                   : "DROP " + object_word(type) + (concurrent ? " CONCURRENTLY " : " ") +
                                         core::join(names, ", ");
}

// §2: TRUNCATE takes AE on each listed table (and, with CASCADE, on referencing tables).
void analyze_truncate(const json& s, Analyzer& a) {
  std::vector<RelationRef> rels;
  for (const auto& item : items(member(s, "relations"))) rels.push_back(range_var(body(item, "RangeVar")));
  const bool cascade = text(s, "behavior") == "DROP_CASCADE";
  for (const auto& rel : rels) {
    a.lock(rel, M::AccessExclusive, Work::Catalog);
    if (cascade && a.context.schema) {
      for (const auto& [referencing, constraint] : a.context.schema->referencing(rel.name)) {
        a.lock(from_model(referencing->name), M::AccessExclusive, Work::Catalog);
      }
    }
  }
  a.note("removes every row");
  a.result.truncates = true;
  a.result.summary = "TRUNCATE " + join_written(rels);
}

}  // namespace schemashift::analyze::statements
