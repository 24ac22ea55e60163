#include "ops/lookups.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/names.hpp"
#include "sql/builtin_types.hpp"
#include "sql/parser.hpp"
#include "sql/tree.hpp"

namespace schemashift::ops {

model::Table* require_table(model::Schema& s, const model::QualifiedName& t, const core::SourceLocation& where,
                            core::Diagnostics& diags) {
  if (model::Table* table = s.find_table(t)) return table;
  std::vector<std::string> names;
  for (const auto& [key, table] : s.tables) names.push_back(display(table.name));
  std::string near = core::closest_match(display(t), names);
  if (near.empty()) {
    // `ordres` vs `public.orders`: the schema prefix alone is more edits than a typo may
    // take, so compare the bare names too, and suggest the name as the user would write it.
    std::vector<std::string> bare;
    std::vector<const model::Table*> tables;
    for (const auto& [key, table] : s.tables) {
      bare.push_back(table.name.name);
      tables.push_back(&table);
    }
    const std::string near_bare = core::closest_match(t.name, bare);
    const auto it = std::find(bare.begin(), bare.end(), near_bare);
    if (!near_bare.empty() && it != bare.end()) {
      const model::QualifiedName& found = tables[static_cast<std::size_t>(it - bare.begin())]->name;
      const bool in_public = found.schema.empty() || found.schema == "public";
      near = in_public && t.schema.empty() ? found.name : found.key();
    }
  }
  diags.error("unknown-table", where, "table '" + display(t) + "' does not exist in the schema",
              near.empty() ? "tables known at this point: " + core::join(names, ", ")
                           : "did you mean '" + near + "'?");
  return nullptr;
}

model::Column* require_column(model::Table& t, const std::string& column, const core::SourceLocation& where,
                              core::Diagnostics& diags) {
  if (model::Column* c = t.find_column(column)) return c;
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  const std::string near = core::closest_match(column, names);
  diags.error("unknown-column", where, "column '" + column + "' does not exist in table '" + display(t.name) + "'",
              near.empty() ? "columns: " + core::join(names, ", ") : "did you mean '" + near + "'?");
  return nullptr;
}

bool require_absent_column(const model::Table& t, const std::string& column, const core::SourceLocation& where,
                           core::Diagnostics& diags) {
  if (!t.find_column(column)) return true;
  diags.error("duplicate-column", where, "table '" + display(t.name) + "' already has a column '" + column + "'",
              "pick another name, or drop the existing column first");
  return false;
}

bool require_name_free(const model::Schema& s, const std::string& key, const std::string& what,
                       const core::SourceLocation& where, core::Diagnostics& diags) {
  if (!s.freed_at_contract.count(key)) return true;
  diags.error("name-freed-at-contract", where,
              what + " is freed earlier in this change, but only in the contract phase; until then the name is "
                     "still taken",
              "use the name in a later change, once this one's contract phase has run, or pick another name");
  return false;
}

namespace {

bool has_subquery(const sql::tree::json& node) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "SubLink" || key == "RangeSubselect" || has_subquery(value)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& element : node) {
      if (has_subquery(element)) return true;
    }
  }
  return false;
}

}  // namespace

bool require_expression_columns(model::Table& t, const std::string& expr, const core::SourceLocation& where,
                                core::Diagnostics& diags) {
  const auto tree = sql::parse_statement("SELECT " + expr);
  if (!tree || has_subquery(*tree)) return true;
  std::vector<std::string> names;
  sql::tree::collect_column_refs(*tree, names);
  bool ok = true;
  for (const auto& name : names) {
    if (!require_column(t, name, where, diags)) ok = false;
  }
  return ok;
}

bool require_new_relation_name(const model::Schema& s, const model::QualifiedName& n,
                               const core::SourceLocation& where, core::Diagnostics& diags) {
  if (!check_new_name(n.name, where, diags)) return false;
  if (!s.relation_name_taken(n)) return true;
  diags.error("duplicate-name", where, "a table, view or index named '" + display(n) + "' already exists",
              "relation names are shared by tables, views and indexes within a schema; pick another name");
  return false;
}

bool require_new_constraint_name(const model::Schema& s, const model::QualifiedName& table, const std::string& name,
                                 const core::SourceLocation& where, core::Diagnostics& diags) {
  if (!check_new_name(name, where, diags)) return false;
  if (!s.constraint_name_taken(table, name) && !s.relation_name_taken(sibling(table, name))) return true;
  diags.error("duplicate-name", where,
              "a constraint or relation named '" + name + "' already exists on '" + display(table) + "'",
              "give the constraint another `name:`");
  return false;
}

namespace {

// Whether PostgreSQL can build a foreign key from a `from` column to a `to` key column
// (ATAddForeignKeyConstraint): the key's operator family has an equality operator for the
// pair (the integers among themselves, the date/time types among themselves), or `from`
// converts implicitly to `to` (varchar to text, an integer to numeric or a float ...).
// Decided for the built-in scalar types whose families and implicit casts are fixed;
// anything else (arrays, domains, user types) is left to PostgreSQL: true.
bool fk_types_compatible(const model::TypeRef& from, const model::TypeRef& to) {
  if (from.array_dims || to.array_dims || !from.schema.empty() || !to.schema.empty()) return true;
  static const std::map<std::string, std::pair<char, int>> family = {
      // category, rank: within N, a lower rank converts implicitly to a higher one
      {"int2", {'N', 0}},   {"int4", {'N', 1}},        {"int8", {'N', 2}},      {"numeric", {'N', 3}},
      {"float4", {'N', 4}}, {"float8", {'N', 5}},      {"text", {'S', 0}},      {"varchar", {'S', 0}},
      {"bpchar", {'S', 0}}, {"date", {'D', 0}},        {"timestamp", {'D', 0}}, {"timestamptz", {'D', 0}},
      {"bool", {'B', 0}},   {"uuid", {'U', 0}},        {"jsonb", {'J', 0}},     {"bytea", {'Y', 0}},
      {"inet", {'I', 0}},   {"interval", {'T', 0}},    {"time", {'t', 0}},      {"timetz", {'z', 0}},
  };
  const auto f = family.find(from.name), t = family.find(to.name);
  if (f == family.end() || t == family.end()) return true;
  if (f->second.first != t->second.first) return false;
  if (f->second.first != 'N') return true;
  const bool both_integers = f->second.second <= 2 && t->second.second <= 2;
  return both_integers || f->second.second <= t->second.second;
}

}  // namespace

bool check_fk_target(const model::Schema& s, const model::Table& from, const std::vector<std::string>& from_cols,
                     const model::ForeignKeyRef& ref, const core::SourceLocation& where, core::Diagnostics& diags,
                     const ReferenceLocations* at) {
  const model::Table* to = s.find_table(ref.table);
  if (!to) {
    model::Schema& mutable_schema = const_cast<model::Schema&>(s);
    require_table(mutable_schema, ref.table, at && at->table.known() ? at->table : where, diags);
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < ref.columns.size(); ++i) {
    const std::string& c = ref.columns[i];
    if (!to->find_column(c)) {
      const bool located = at && i < at->columns.size() && at->columns[i].known();
      require_column(const_cast<model::Table&>(*to), c, located ? at->columns[i] : where, diags);
      ok = false;
    }
  }
  if (!ok) return false;
  if (from_cols.size() != ref.columns.size()) {
    diags.error("fk-column-count", where,
                fmt::format("foreign key has {} local column(s) but references {}", from_cols.size(), ref.columns.size()));
    return false;
  }
  // PostgreSQL requires the referenced columns to carry a PRIMARY KEY or UNIQUE constraint.
  const bool keyed = std::any_of(to->constraints.begin(), to->constraints.end(), [&](const model::Constraint& c) {
    if (c.kind != model::ConstraintKind::PrimaryKey && c.kind != model::ConstraintKind::Unique) return false;
    auto a = c.columns, b = ref.columns;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
  });
  if (!keyed) {
    diags.error("fk-target-not-unique", where,
                "'" + display(ref.table) + "(" + core::join(ref.columns, ", ") +
                    ")' is not a primary key or unique constraint, so it cannot be referenced",
                "reference the primary key, or add_unique on those columns first");
    return false;
  }
  for (std::size_t i = 0; i < from_cols.size(); ++i) {
    const model::Column* a = from.find_column(from_cols[i]);
    const model::Column* b = to->find_column(ref.columns[i]);
    if (!a || !b || a->type == b->type) continue;
    if (!fk_types_compatible(a->type, b->type)) {
      diags.error("fk-type-incompatible", where,
                  fmt::format("'{}' is {} but '{}.{}' is {}: PostgreSQL has no equality operator between them, so "
                              "the foreign key cannot be created",
                              from_cols[i], a->type.sql(), display(ref.table), ref.columns[i], b->type.sql()),
                  "use the same type on both sides");
      return false;
    }
    diags.warning("fk-type-mismatch", where,
                  fmt::format("'{}' is {} but '{}.{}' is {}; comparisons will need a cast", from_cols[i],
                              a->type.sql(), display(ref.table), ref.columns[i], b->type.sql()),
                  "use the same type on both sides");
  }
  return true;
}

bool require_known_type(const model::Schema& s, const model::TypeRef& type, const core::SourceLocation& where,
                        core::Diagnostics& diags) {
  // A schema-qualified name is trusted: the dump may not show every schema's types, and
  // writing the schema is the way to name a type the model does not know.
  if (!type.schema.empty() || sql::is_builtin_type(type.name)) return true;
  const model::QualifiedName as_public{"", type.name};
  const std::string key = as_public.key();
  // CREATE TYPE / CREATE DOMAIN in the dump; every table, view ... also has a row type.
  if (std::find(s.types.begin(), s.types.end(), key) != s.types.end()) return true;
  if (s.find_table(as_public) || s.other_relations.count(key)) return true;
  for (const auto& ext : s.extensions) {
    const auto& ext_types = sql::extension_types(ext);
    if (std::find(ext_types.begin(), ext_types.end(), type.name) != ext_types.end()) return true;
  }
  std::vector<std::string> candidates = sql::builtin_type_suggestions();
  for (const auto& t : s.types) {
    // The model keys types as "schema.name"; public ones are written bare.
    candidates.push_back(core::starts_with(t, "public.") ? t.substr(7) : t);
  }
  for (const auto& ext : s.extensions) {
    for (const auto& t : sql::extension_types(ext)) candidates.push_back(t);
  }
  std::string near = core::closest_match(type.name, candidates);
  const std::string spelled = type.spelled.empty() ? type.name : type.spelled;
  // Keep what followed the name: varchr(20) -> varchar(20).
  if (!near.empty() && core::starts_with(core::lower(spelled), type.name)) near += spelled.substr(type.name.size());
  diags.error("invalid-type", where,
              "unknown type '" + type.name + "' in '" + spelled +
                  "': neither a PostgreSQL built-in type nor a type or domain in the schema",
              near.empty() ? "examples: bigint, text, varchar(255), numeric(12,2), timestamptz, uuid, jsonb; "
                             "a type from another schema or an extension can be written qualified, e.g. "
                             "public." + type.name
                           : "did you mean '" + near + "'?");
  return false;
}

}  // namespace schemashift::ops
