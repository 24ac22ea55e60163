#pragma once
// What the schema loader looks up for every constraint it adds, indexed: the constraint
// names a schema uses (PostgreSQL's generated names must be free in the whole schema),
// and the tables whose foreign keys still wait for the referenced primary key. Scanning
// every table for each lookup made loading or following N tables cost N² (issue 10: an
// 8,000-table dump took seconds); with the index each statement costs what it touches.
//
// The index describes one Schema and is filled lazily, on the first lookup, from that
// schema as it is then. From there on the loader holding it reports every constraint it
// adds; a change it does not follow in detail (a drop or a rename) calls invalidate(),
// and the next lookup reads the schema again. Nothing else may change the schema while
// the index is in use (ops/ change it directly: they use the plain scans in
// object_names.hpp instead).
#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <unordered_map>

#include "model/schema.hpp"

namespace schemashift::model {

class SchemaIndex {
 public:
  // Whether a constraint in `name`'s schema (any table) is called name.name.
  bool constraint_name_used(const Schema& schema, const QualifiedName& name);
  // Keys of the tables with a foreign key whose referenced columns are not known yet (a
  // REFERENCES t without a column list, before t has a primary key), in key order. The
  // caller erases a table once its foreign keys are resolved.
  std::set<std::string>& tables_with_unresolved_foreign_keys(const Schema& schema);

  // `table` gained constraint `c` (after the push_back).
  void constraint_added(const QualifiedName& table, const Constraint& c);
  // The schema changed in a way not reported above.
  void invalidate() { names_built_ = fks_built_ = false; }

  // How many times a part of the index read a whole schema, the larger count of the two
  // parts (tests check that following N tables reads it once, not N times).
  std::size_t builds() const { return std::max(name_builds_, fk_builds_); }

 private:
  // The two parts are read separately: the waiting foreign keys are asked for after
  // every statement, and reading them costs no allocation; the names (a key string per
  // constraint) only when a name has to be generated, which few files do.
  void build_names(const Schema& schema);
  void build_fks(const Schema& schema);

  bool names_built_ = false;
  bool fks_built_ = false;
  std::size_t name_builds_ = 0;
  std::size_t fk_builds_ = 0;
  std::unordered_map<std::string, std::size_t> constraint_names_;  // QualifiedName::key() -> constraints so named
  std::set<std::string> unresolved_fk_tables_;
};

}  // namespace schemashift::model
