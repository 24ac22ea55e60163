#pragma once
// The schema loader shared by the model/load_*.cpp files and model/follow_migration.cpp
// (internal to model/; the interface is model/sql_schema_loader.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sql/tree_node.hpp"

#include "core/diagnostics.hpp"
#include "model/schema.hpp"
#include "model/schema_index.hpp"
#include "sql/parser.hpp"
#include "sql/source_text.hpp"
#include "sql/tree.hpp"

namespace schemashift::model::loader {

using sql::tree::json;

// The column name PostgreSQL derives for an index element (FigureIndexColname): the
// column, the function name of a call, or "expr".
std::string index_element_name(const json& elem);

// A PRIMARY KEY / UNIQUE / CHECK / FOREIGN KEY / EXCLUDE clause waiting to be added to a
// table once all its columns are known.
struct PendingConstraint {
  const json* node = nullptr;    // the Constraint body
  std::string column;            // set for a column constraint
  std::size_t limit = SIZE_MAX;  // byte offset where the next clause starts
};

class SchemaLoader {
 public:
  // `index` (optional): the name index of the schema apply() is given, kept by the caller
  // from one statement to the next (SchemaFollower, replay_migrations).
  SchemaLoader(const std::string& script, const std::string& file, core::Diagnostics& diags,
               SchemaIndex* index = nullptr)
      : script_(script), file_(file), diags_(diags), index_(index) {}

  std::optional<Schema> run();
  // Incremental use (the linter): load one statement into an existing schema.
  Schema apply(Schema schema, const sql::Statement& st);

 private:
  void load_statement(const sql::Statement& st);
  void load_create_table(const json& create);
  void load_alter_table(const json& alter);
  void load_alter_table_command(Table& table, const json& cmd);
  void load_index(const json& index);
  void load_comment(const json& comment);
  void load_function(const json& function);
  void load_trigger(const json& trigger);
  void load_type_name(const QualifiedName& name);
  void load_named_object(const std::string& kind, const json& body);
  void load_enum_change(const json& body);
  void warn_if_table_changed(const std::string& kind, const json& body);
  void load_create_table_as(const json& create);
  void load_partition_of(Table& table, const json& create);
  void load_partition_command(Table& parent, const json& cmd);
  std::string statement_text_from(const json& node, std::size_t end) const;
  std::string partition_bound_text(const json& bound, std::size_t end) const;

  // Incremental mode only (the linter following a migration folder): statements that
  // change or remove what earlier statements defined keep the model in step, and tables
  // the model has not seen are assumed to exist (see placeholder_table).
  Table& placeholder_table(const QualifiedName& name);
  void apply_alter_column_type(Table& table, const json& cmd);
  void apply_rename(const json& rename);
  void apply_drop(const json& drop);
  void rename_relation(const QualifiedName& from, const std::string& to);
  void rename_column(Table& table, const std::string& from, const std::string& to);
  void rename_constraint(Table& table, const std::string& from, const std::string& to);
  void drop_table(const QualifiedName& name, bool cascade);
  void drop_column(Table& table, const std::string& column, bool cascade);
  void drop_constraint(Table& table, const std::string& name);
  void drop_index(const QualifiedName& name);

  Column make_column(const Table& table, const json& column_def, std::vector<PendingConstraint>& pending);
  void add_constraints(Table& table, const std::vector<PendingConstraint>& pending);
  void add_constraint(Table& table, const PendingConstraint& pending);
  void add_key_constraint(Table& table, const json& con, Constraint c, const std::vector<std::string>& include);
  void adopt_index_for_constraint(Table& table, const json& con, Constraint c);
  void add_check_constraint(Table& table, const PendingConstraint& pending, Constraint c);
  void add_foreign_key(Table& table, const PendingConstraint& pending, Constraint c);
  void add_exclusion_constraint(Table& table, const json& con, Constraint c);
  void resolve_foreign_key_columns();
  void resolve_foreign_keys_of(Table& table);
  // Keeps index_ in step: `table` just gained its last constraint / the schema changed
  // in a way the index does not follow in detail.
  void constraint_added(const Table& table);
  void invalidate_index();

  std::string default_text(const json& con, std::size_t limit) const;
  std::string set_default_text(const json& expr) const;
  std::string check_text(const json& con) const;
  bool says_on_delete(const json& con, std::size_t limit) const;
  std::vector<IndexElement> index_elements(const json& index) const;
  std::string index_where_text(const json& index) const;
  void register_sequence(const QualifiedName& table, const std::string& sequence);
  void set_identity(const QualifiedName& table, Column& column, const json& con);

  core::SourceLocation location_of(std::size_t offset) const;
  core::SourceLocation statement_location() const;
  void warn_unsupported(const std::string& what);

  const std::string& script_;
  const std::string& file_;
  core::Diagnostics& diags_;
  Schema schema_;
  const sql::Statement* statement_ = nullptr;  // the statement being loaded
  // The statement's tokens (from the script's scan), set up when an expression's text is first needed.
  mutable std::optional<sql::SourceText> source_;
  const sql::SourceText& source() const;
  // apply(): the input is a migration, not a schema dump. Changes are followed instead of
  // warned about, and an ALTER TABLE of an unknown table means the table already exists.
  bool incremental_ = false;
  SchemaIndex* index_ = nullptr;  // the caller's, or own_index_ for run()
  SchemaIndex own_index_;
};

}  // namespace schemashift::model::loader
