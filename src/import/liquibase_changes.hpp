#pragma once
// What one Liquibase change element runs on PostgreSQL, as SQL text: the statements
// Liquibase 4.28's generators write for PostgreSQL (createTable, addColumn, createIndex,
// addForeignKeyConstraint, ..., `<sql>` and `<sqlFile>` text as written), so that a
// changelog is imported by the same statement mapping as a SQL folder (docs/import.md).
// Names are written as Liquibase's default (LEGACY) quoting leaves them on PostgreSQL: a
// mixed-case name quoted, any other folded to lower case, keywords and other characters
// quoted. Also the rollback Liquibase derives by itself for the changes that have one.
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "import/source.hpp"
#include "render/liquibase_changelog.hpp"

namespace schemashift::import {

// A script being generated: statements appended with the position each comes from.
struct SqlBuilder {
  std::string text;
  std::vector<Script::Origin> origins;

  // One statement (";\n" appended), positioned at `at`.
  void statement(const std::string& sql, const core::SourceLocation& at);
  // Text holding statements of its own (a `<sql>` body), positioned at `at`; a newline is
  // added when it does not end with one, and a ';' when its last statement has none.
  void script(const std::string& sql, const core::SourceLocation& at);
};

struct ChangeContext {
  std::string changelog_dir;   // the changeSet's file's folder (relativeToChangelogFile)
  std::string search_root;     // Liquibase's search path: the root changelog's folder
  bool quote_all = false;      // objectQuotingStrategy="QUOTE_ALL_OBJECTS"
};

// Appends the SQL of `change`; false (with an error at the element, or at an unknown
// attribute) when the change type, an attribute or a nested element is not known, or the
// change cannot be written faithfully. `notes` gets what the spec should say about it.
bool change_sql(const render::XmlElement& change, const ChangeContext& ctx, SqlBuilder& out,
                core::Diagnostics& diags, std::vector<std::string>& notes);

// The changes Liquibase undoes by itself (createTable -> dropTable, addColumn -> dropColumn,
// renameColumn back, createIndex -> dropIndex, add*Constraint -> drop, ...): the undoing
// change elements, in the order they run; nullopt when `change` has no automatic rollback.
std::optional<std::vector<render::XmlElement>> auto_rollback(const render::XmlElement& change);

// Liquibase's quoting of one name on PostgreSQL (exposed for tests).
std::string liquibase_name(const std::string& name, bool quote_all = false);
// A Liquibase type name as PostgreSQL reads it: "datetime" -> "TIMESTAMP WITHOUT TIME ZONE".
std::string liquibase_type(const std::string& type);

}  // namespace schemashift::import
