#pragma once
// The database schema as a change sees it. Value types only: operations copy, check
// and evolve a Schema so that each later operation is validated against the state the
// earlier ones left behind (does the column exist yet? is this table new in the change?).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/source_location.hpp"
#include "sql/type_ref.hpp"

namespace schemashift::model {

// A relation name as the user wrote it. An empty schema means "public" (search_path);
// it is kept empty so that generated SQL spells names the way the team does.
struct QualifiedName {
  std::string schema;  // empty = public
  std::string name;

  std::string key() const;      // "public.users" — identity for lookups
  std::string display() const;  // "users", "app.users" — as written, unquoted, for messages
  bool operator==(const QualifiedName& o) const { return key() == o.key(); }
  bool operator<(const QualifiedName& o) const { return key() < o.key(); }
};

// A column type (defined beside the type parser that produces it).
using sql::TypeRef;

enum class Identity { None, Always, ByDefault };

struct Column {
  std::string name;
  TypeRef type;
  bool nullable = true;
  std::optional<std::string> default_sql;  // SQL expression, already rendered (literals quoted)
  Identity identity = Identity::None;
  std::optional<std::string> comment;
  // An online type change earlier in the same change builds the column anew beside the old
  // one and swaps it in under this name in the contract phase. Until then the name is the
  // old column's: an index or constraint built on it earlier would go with the old column.
  bool swapped_in_at_contract = false;
};

enum class ConstraintKind { PrimaryKey, Unique, Check, ForeignKey, Exclude };

enum class FkAction { NoAction, Restrict, Cascade, SetNull, SetDefault };

struct ForeignKeyRef {
  QualifiedName table;
  std::vector<std::string> columns;
  FkAction on_delete = FkAction::NoAction;
  FkAction on_update = FkAction::NoAction;
  bool on_delete_explicit = false;  // the dump or spec said ON DELETE (seed rule: must be explicit)
};

struct Constraint {
  std::string name;
  ConstraintKind kind = ConstraintKind::Check;
  std::vector<std::string> columns;  // PK/UNIQUE/FK local columns; CHECK: columns it mentions, if known
  std::string check_sql;             // CHECK expression (without CHECK ( ))
  std::optional<ForeignKeyRef> references;
  bool validated = true;             // false = NOT VALID
  std::string index_name;            // PK/UNIQUE backing index
};

struct IndexElement {
  std::string column;      // set for a plain column
  std::string expression;  // set for an expression element (SQL)
  bool descending = false;
  std::string opclass;
  std::string nulls;       // "", "first", "last"
};

struct Index {
  std::string name;
  QualifiedName table;
  std::vector<IndexElement> elements;
  bool unique = false;
  std::string method = "btree";
  std::string where_sql;                // partial index predicate
  std::vector<std::string> include;     // INCLUDE columns
  bool backs_constraint = false;        // owned by a PK/UNIQUE constraint
  bool valid = true;

  bool mentions_column(const std::string& column) const;
};

struct Table {
  QualifiedName name;
  std::vector<Column> columns;
  std::vector<Constraint> constraints;
  std::optional<std::string> comment;
  bool created_in_change = false;      // brand-new in this change: no rows, no readers yet
  core::SourceLocation defined_at;     // where the schema source or the spec defined it
  // A partitioned table: its PARTITION BY clause as written ("PARTITION BY RANGE
  // (recorded_at)"). Empty for a table that holds its own rows.
  std::string partition_key;
  // A partition (CREATE TABLE ... PARTITION OF, ATTACH PARTITION): the partitioned table,
  // its bound as written ("FOR VALUES FROM (...) TO (...)", "DEFAULT"), and whether it is
  // the DEFAULT partition, which holds the rows no other partition's bound takes.
  std::optional<QualifiedName> partition_of;
  std::string partition_bound;
  bool default_partition = false;

  const Column* find_column(const std::string& n) const;
  Column* find_column(const std::string& n);
  const Constraint* find_constraint(const std::string& n) const;
  const Constraint* primary_key() const;
};

struct Function {
  QualifiedName name;
  std::string signature;  // argument types as written, for DROP FUNCTION
};

struct Trigger {
  std::string name;
  QualifiedName table;
  // The CREATE TRIGGER statement exactly as the schema source wrote it (no trailing ';'),
  // and the byte range [table_begin, table_end) of the table name inside it, so that the
  // statement can be replayed (drop_table's down) under the table's current name.
  // create_sql is empty for a trigger whose text is not known.
  std::string create_sql;
  std::size_t table_begin = 0;
  std::size_t table_end = 0;

  // create_sql with the table name replaced by `table_sql` (already quoted); "" if unknown.
  std::string create_sql_on(const std::string& table_sql) const;
};

struct Schema {
  std::map<std::string, Table> tables;    // keyed by QualifiedName::key()
  std::map<std::string, Index> indexes;   // keyed by schema-qualified index name
  std::map<std::string, Function> functions;
  std::vector<Trigger> triggers;
  std::vector<std::string> extensions;
  std::vector<std::string> types;          // user-defined type names (enums, domains)
  // The labels of each enum type, keyed by QualifiedName::key(): a literal value of the type
  // must be one of them (enum_in). A type missing here is not judged.
  std::map<std::string, std::vector<std::string>> enum_labels;
  // Other relations in pg_class (sequences, views, materialized views), keyed by
  // QualifiedName::key(), value = kind ("sequence", "view" ...). Tracked only because a new
  // table or index may not reuse their names.
  std::map<std::string, std::string> other_relations;
  // Names an operation of the change being planned frees only in its contract phase
  // (drop_constraint, drop_index, drop_column; a type change's shadow column, renamed at
  // contract): "constraint <table key>.<name>", "relation <key>", "column <table
  // key>.<name>". Until then an object the model no longer shows holds the name, so
  // whatever reuses it must wait for the contract phase or be refused.
  std::set<std::string> freed_at_contract;

  const Table* find_table(const QualifiedName& n) const;
  Table* find_table(const QualifiedName& n);
  const Index* find_index(const QualifiedName& n) const;
  std::vector<const Index*> indexes_of(const QualifiedName& table) const;
  std::vector<const Trigger*> triggers_of(const QualifiedName& table) const;  // in source order
  // The partitions of a partitioned table, in name order (not their own partitions).
  std::vector<const Table*> partitions_of(const QualifiedName& table) const;
  // Its DEFAULT partition; nullptr when it has none (or is not known to).
  const Table* default_partition_of(const QualifiedName& table) const;
  // Any relation, index or constraint already using this name in the table's schema.
  bool relation_name_taken(const QualifiedName& n) const;
  bool constraint_name_taken(const QualifiedName& table, const std::string& name) const;
  // Foreign keys in any table that point at `table` (and, if given, at `column`).
  std::vector<std::pair<const Table*, const Constraint*>> referencing(const QualifiedName& table,
                                                                        const std::string& column = {}) const;
};

// Whether an SQL expression refers to `column` (PostgreSQL's grammar; text that does not
// parse is assumed to, the cautious answer).
bool expression_mentions(const std::string& expr, const std::string& column);

const char* fk_action_sql(FkAction a);  // "NO ACTION", "CASCADE" ...

}  // namespace schemashift::model
