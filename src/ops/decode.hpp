#pragma once
// Decoding the spec fields several operations share: a table name, a default/expression
// pair, `references:` maps and column definitions, each with its diagnostics.
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/node.hpp"
#include "model/schema.hpp"
#include "spec/field_reader.hpp"

namespace schemashift::ops {

std::optional<model::QualifiedName> read_table(spec::FieldReader& r, const std::string& key = "table");
// `default:` (literal) / `default_expr:` (SQL) pair -> SQL expression. `base` is "default" or "fill".
std::optional<std::string> read_value_pair(spec::FieldReader& r, const std::string& base, bool& present);
std::optional<model::FkAction> parse_fk_action(const std::string& s);
// Where the parts of a `references:` map were written, so that an unknown referenced table
// or column is reported at the value itself. Unknown (empty) locations fall back to the
// caller's location.
struct ReferenceLocations {
  core::SourceLocation table;                 // the `table:` value
  std::vector<core::SourceLocation> columns;  // the `column:` value / each `columns:` item
};
std::optional<model::ForeignKeyRef> read_references(const core::Node& n, bool multi_column, core::Diagnostics& diags,
                                                    std::string* name = nullptr, ReferenceLocations* at = nullptr);

// Reads `references: {table, columns}`, `on_delete` (required) and `on_update` from `r`
// (the shape add_foreign_key and create_table.constraints share).
std::optional<model::ForeignKeyRef> read_foreign_key(spec::FieldReader& r, core::Diagnostics& diags,
                                                     ReferenceLocations* at = nullptr);

struct ColumnSpec {
  model::Column column;
  bool primary_key = false;
  bool unique = false;
  std::string check_sql;
  std::optional<model::ForeignKeyRef> references;
  std::string fk_name;
  core::SourceLocation where;
  core::SourceLocation name_where;
  core::SourceLocation type_where;
  core::SourceLocation references_where;
  ReferenceLocations references_at;
  // `default:` as written, judged against the column's type once the schema is known
  // (check_literal_for_type: an enum's labels come from it).
  std::optional<core::Node> default_literal;
};
std::optional<ColumnSpec> read_column(const core::Node& n, core::Diagnostics& diags, bool allow_primary_key);

}  // namespace schemashift::ops
