#pragma once
// The current schema, read from `pg_dump --schema-only` output or hand-written DDL.
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "model/schema.hpp"
#include "model/schema_index.hpp"
#include "sql/parser.hpp"

namespace schemashift::model {

// Builds the schema model from `pg_dump --schema-only` style SQL (also hand-written DDL).
// Parse errors and unsupported-but-important statements are reported with file:line:col.
// Returns nullopt only when the text does not parse.
//
// Loaded: tables (columns, types, defaults, NOT NULL, identity, serial), PRIMARY KEY /
// UNIQUE / CHECK / FOREIGN KEY / EXCLUDE constraints (inline, table-level and pg_dump's
// ALTER TABLE ONLY ... ADD CONSTRAINT), indexes, comments on tables and columns, functions,
// triggers, extensions, enum/domain/composite/range types, and the names of sequences,
// views and materialized views. Session settings, ownership, grants and the like are
// skipped silently; statements that would change a table in a way the model cannot follow
// (DROP, RENAME, ALTER COLUMN TYPE, inheritance ...) produce a warning.
std::optional<Schema> load_schema_sql(const std::string& sql_text, const std::string& file_name,
                                      core::Diagnostics& diags);

// Applies one statement of `script` to `schema`, as load_schema_sql would: how the linter
// follows a migration folder statement by statement. Problems are ignored (the schema
// just does not learn from a statement it cannot follow). Unlike load_schema_sql, which
// reads a schema dump and warns about changes it cannot follow, this treats the input as
// a migration: ALTER COLUMN TYPE, DROP COLUMN / CONSTRAINT / TABLE / INDEX and RENAME of
// tables, columns, constraints and indexes update the model, and an ALTER TABLE (or
// CREATE INDEX) of a table the model does not know records a placeholder table (no
// columns, created_in_change = false) so that what later statements add or validate on
// it is remembered.
void apply_statement(Schema& schema, const std::string& script, const sql::Statement& statement);

// apply_statement for a run of statements into one schema (the linter following a file):
// the schema's name index (schema_index.hpp) is kept from one statement to the next, so
// that each costs what it touches, not the size of the schema. Nothing else may change
// `schema` while the follower is in use.
//
// `index`, if given, is the caller's index of `schema`, kept from one file to the next
// (lint follows a folder file by file): a follower per file with an index of its own read
// the whole schema again for every file, which made a folder's history cost N² in its
// length. The caller keeps it only as long as nothing else changes `schema`.
class SchemaFollower {
 public:
  explicit SchemaFollower(Schema& schema, SchemaIndex* index = nullptr)
      : schema_(schema), index_(index ? index : &own_index_) {}
  SchemaFollower(const SchemaFollower&) = delete;
  SchemaFollower& operator=(const SchemaFollower&) = delete;
  void apply(const std::string& script, const sql::Statement& statement);
  const SchemaIndex& index() const { return *index_; }

 private:
  Schema& schema_;
  SchemaIndex own_index_;
  SchemaIndex* index_;
};

// One file of a migration folder: its path (for diagnostics) and text.
struct MigrationScript {
  std::string path;
  std::string text;
};

// The schema a folder of migrations builds, the files given in apply order (down
// migrations left out by the caller): every statement applied as apply_statement does —
// the same following of a folder the linter does — starting from an empty schema. A file
// that does not parse is an error at its file:line:col and gives nullopt; what the model
// cannot follow is a warning at the statement, as for a dump.
std::optional<Schema> replay_migrations(const std::vector<MigrationScript>& files, core::Diagnostics& diags);

}  // namespace schemashift::model
