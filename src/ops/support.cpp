#include "ops/support.hpp"
#include "ops/native.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/text.hpp"
#include "sql/builtin_types.hpp"
#include "sql/parser.hpp"
#include "sql/quote.hpp"
#include "sql/types.hpp"

namespace schemashift::ops {

// ---- names ------------------------------------------------------------------

model::QualifiedName parse_table_name(const std::string& text) {
  const std::string t = core::trim(text);
  const auto dot = t.find('.');
  if (dot == std::string::npos) return {"", t};
  return {t.substr(0, dot), t.substr(dot + 1)};
}

std::string ident(const std::string& name) { return sql::quote_ident(name); }

std::string idents(const std::vector<std::string>& names) {
  std::vector<std::string> q;
  for (const auto& n : names) q.push_back(ident(n));
  return core::join(q, ", ");
}

std::string table_sql(const model::QualifiedName& t) {
  return t.schema.empty() ? ident(t.name) : ident(t.schema) + "." + ident(t.name);
}

std::string display(const model::QualifiedName& t) { return t.schema.empty() ? t.name : t.schema + "." + t.name; }

bool check_name_length(const std::string& name, const core::SourceLocation& where, core::Diagnostics& diags) {
  // PostgreSQL silently truncates identifiers to NAMEDATALEN-1 = 63 bytes; two long names
  // could then collide, so a long name is an error here rather than a surprise there.
  if (name.size() <= 63) return true;
  diags.error("name-too-long", where,
              fmt::format("name '{}' is {} bytes; PostgreSQL identifiers are at most 63", name, name.size()),
              "choose a shorter name (PostgreSQL would silently truncate it)");
  return false;
}

std::string default_name(const model::QualifiedName& table, const std::vector<std::string>& columns,
                         const std::string& suffix) {
  std::string name = table.name;
  for (const auto& c : columns) name += "_" + c;
  return name + "_" + suffix;
}

model::QualifiedName sibling(const model::QualifiedName& table, const std::string& name) {
  return {table.schema, name};
}

// ---- decoding -----------------------------------------------------------------

std::optional<model::QualifiedName> read_table(spec::FieldReader& r, const std::string& key) {
  auto v = r.string(key, true);
  if (!v) return std::nullopt;
  model::QualifiedName t = parse_table_name(*v);
  if (t.name.empty() || t.name.find('.') != std::string::npos) {
    r.error(key, "`" + key + "` must be a table name such as users or billing.invoices, got '" + *v + "'");
    return std::nullopt;
  }
  return t;
}

// Renders a YAML scalar as a SQL literal: quoted text, bare numbers and booleans, NULL.
static std::string literal_sql(const core::Node& n) {
  if (n.is_null()) return "NULL";
  if (!n.quoted) {
    const std::string& s = n.scalar;
    if (s == "true" || s == "false") return s;
    if (s == "null" || s == "~") return "NULL";
    const bool numeric = !s.empty() && s.find_first_not_of("0123456789.-+eE") == std::string::npos &&
                         std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric) return s;
  }
  return sql::quote_literal(n.scalar);
}

std::optional<std::string> read_value_pair(spec::FieldReader& r, const std::string& base, bool& present) {
  const core::Node* literal = r.scalar_or_null(base);
  auto expr = r.string(base + "_expr");
  present = literal || expr;
  if (literal && expr) {
    r.error(base + "_expr", "give either `" + base + "` (a literal value) or `" + base + "_expr` (SQL), not both");
    return std::nullopt;
  }
  if (literal) return literal_sql(*literal);
  if (expr) {
    std::string error;
    if (!sql::parse_statement("SELECT " + *expr, &error)) {
      r.error(base + "_expr", "`" + base + "_expr` is not a SQL expression: " + error,
              "for a literal text value use `" + base + ":` instead, e.g. `" + base + ": pending`");
      return std::nullopt;
    }
    return core::trim(*expr);
  }
  return std::nullopt;
}

std::optional<model::FkAction> parse_fk_action(const std::string& s) {
  const std::string v = core::lower(core::trim(s));
  if (v == "cascade") return model::FkAction::Cascade;
  if (v == "restrict") return model::FkAction::Restrict;
  if (v == "set_null" || v == "set null") return model::FkAction::SetNull;
  if (v == "set_default" || v == "set default") return model::FkAction::SetDefault;
  if (v == "no_action" || v == "no action") return model::FkAction::NoAction;
  return std::nullopt;
}

static const std::vector<std::string> kFkActions = {"cascade", "restrict", "set_null", "set_default", "no_action"};

std::optional<model::ForeignKeyRef> read_references(const core::Node& n, bool multi_column, core::Diagnostics& diags,
                                                    std::string* name, ReferenceLocations* at) {
  spec::FieldReader r(n, "references", diags);
  if (!r.ok()) return std::nullopt;
  model::ForeignKeyRef ref;
  bool ok = true;
  if (auto t = read_table(r)) ref.table = *t; else ok = false;
  if (multi_column) {
    if (auto cols = r.string_list("columns", true)) ref.columns = *cols; else ok = false;
  } else {
    if (auto col = r.string("column", true)) ref.columns = {*col}; else ok = false;
  }
  if (at) {
    at->table = r.where("table");
    at->columns.clear();
    for (std::size_t i = 0; i < ref.columns.size(); ++i) {
      at->columns.push_back(multi_column ? r.where("columns", i) : r.where("column"));
    }
  }
  if (name) {
    if (auto v = r.string("name")) *name = *v;
  }
  // The seeds' rule: a foreign key must say what happens on delete. PostgreSQL's implicit
  // NO ACTION is rarely what was meant, so it must be written out.
  if (auto v = r.choice("on_delete", kFkActions, true)) {
    ref.on_delete = *parse_fk_action(*v);
    ref.on_delete_explicit = true;
  } else {
    ok = false;
  }
  if (auto v = r.choice("on_update", kFkActions)) ref.on_update = *parse_fk_action(*v);
  r.finish();
  if (!ok || !r.ok()) return std::nullopt;
  return ref;
}

std::optional<model::ForeignKeyRef> read_foreign_key(spec::FieldReader& r, core::Diagnostics& diags,
                                                     ReferenceLocations* at) {
  model::ForeignKeyRef ref;
  bool ok = true;
  if (const core::Node* n = r.node("references", true)) {
    spec::FieldReader rr(*n, "references", diags);
    if (rr.ok()) {
      if (auto t = read_table(rr)) ref.table = *t; else ok = false;
      if (auto cols = rr.string_list("columns", true)) ref.columns = *cols; else ok = false;
      if (at) {
        at->table = rr.where("table");
        at->columns.clear();
        for (std::size_t i = 0; i < ref.columns.size(); ++i) at->columns.push_back(rr.where("columns", i));
      }
      rr.finish();
      ok &= rr.ok();
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (auto v = r.choice("on_delete", kFkActions, true)) {
    ref.on_delete = *parse_fk_action(*v);
    ref.on_delete_explicit = true;
  } else {
    ok = false;
  }
  if (auto v = r.choice("on_update", kFkActions)) ref.on_update = *parse_fk_action(*v);
  if (!ok) return std::nullopt;
  return ref;
}

std::optional<ColumnSpec> read_column(const core::Node& n, core::Diagnostics& diags, bool allow_primary_key) {
  spec::FieldReader r(n, "column", diags);
  if (!r.ok()) return std::nullopt;
  ColumnSpec cs;
  cs.where = n.where;
  bool ok = true;
  cs.name_where = r.where("name");
  if (auto v = r.string("name", true)) {
    cs.column.name = *v;
    ok &= check_name_length(*v, r.where("name"), diags);
  } else {
    ok = false;
  }
  if (auto v = r.string("type", true)) {
    cs.type_where = r.where("type");
    std::string error;
    if (auto t = sql::parse_type(*v, &error)) {
      cs.column.type = *t;
    } else {
      diags.error("invalid-type", cs.type_where, "'" + *v + "' is not a PostgreSQL type: " + error,
                  "examples: bigint, text, varchar(255), numeric(12,2), timestamptz, uuid, jsonb");
      ok = false;
    }
  } else {
    ok = false;
  }
  if (auto v = r.boolean("nullable")) cs.column.nullable = *v;
  bool has_default = false;
  if (auto d = read_value_pair(r, "default", has_default)) cs.column.default_sql = *d;
  if (allow_primary_key) {
    if (auto v = r.boolean("primary_key")) cs.primary_key = *v;
  }
  if (auto v = r.boolean("unique")) cs.unique = *v;
  if (auto v = r.string("check")) cs.check_sql = core::trim(*v);
  if (auto v = r.choice("identity", {"always", "by_default"})) {
    cs.column.identity = *v == "always" ? model::Identity::Always : model::Identity::ByDefault;
    if (cs.column.default_sql) {
      r.error("identity", "an identity column cannot also have a default");
    }
  }
  if (auto v = r.string("comment")) cs.column.comment = *v;
  if (const core::Node* ref = r.node("references")) {
    cs.references_where = ref->where;
    cs.references = read_references(*ref, false, diags, &cs.fk_name, &cs.references_at);
    ok &= cs.references.has_value();
  }
  if (cs.primary_key) cs.column.nullable = false;
  r.finish();
  if (!ok || !r.ok()) return std::nullopt;
  return cs;
}

// ---- lookups -------------------------------------------------------------------------

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

bool require_new_relation_name(const model::Schema& s, const model::QualifiedName& n,
                               const core::SourceLocation& where, core::Diagnostics& diags) {
  if (!check_name_length(n.name, where, diags)) return false;
  if (!s.relation_name_taken(n)) return true;
  diags.error("duplicate-name", where, "a table, view or index named '" + display(n) + "' already exists",
              "relation names are shared by tables, views and indexes within a schema; pick another name");
  return false;
}

bool require_new_constraint_name(const model::Schema& s, const model::QualifiedName& table, const std::string& name,
                                 const core::SourceLocation& where, core::Diagnostics& diags) {
  if (!check_name_length(name, where, diags)) return false;
  if (!s.constraint_name_taken(table, name) && !s.relation_name_taken(sibling(table, name))) return true;
  diags.error("duplicate-name", where,
              "a constraint or relation named '" + name + "' already exists on '" + display(table) + "'",
              "give the constraint another `name:`");
  return false;
}

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
    if (a && b && a->type != b->type) {
      diags.warning("fk-type-mismatch", where,
                    fmt::format("'{}' is {} but '{}.{}' is {}; comparisons will need a cast", from_cols[i],
                                a->type.sql(), display(ref.table), ref.columns[i], b->type.sql()),
                    "use the same type on both sides");
    }
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

// ---- SQL fragments ----------------------------------------------------------------

std::string column_definition_sql(const model::Column& c) {
  std::string s = ident(c.name) + " " + c.type.sql();
  if (c.identity == model::Identity::Always) s += " GENERATED ALWAYS AS IDENTITY";
  if (c.identity == model::Identity::ByDefault) s += " GENERATED BY DEFAULT AS IDENTITY";
  if (c.default_sql) s += " DEFAULT " + *c.default_sql;
  if (!c.nullable) s += " NOT NULL";
  return s;
}

std::string references_sql(const model::ForeignKeyRef& r) {
  std::string s = "REFERENCES " + table_sql(r.table) + " (" + idents(r.columns) + ")";
  if (r.on_delete_explicit || r.on_delete != model::FkAction::NoAction) {
    s += std::string(" ON DELETE ") + model::fk_action_sql(r.on_delete);
  }
  if (r.on_update != model::FkAction::NoAction) s += std::string(" ON UPDATE ") + model::fk_action_sql(r.on_update);
  return s;
}

std::string constraint_body_sql(const model::Constraint& c) {
  switch (c.kind) {
    case model::ConstraintKind::PrimaryKey: return "PRIMARY KEY (" + idents(c.columns) + ")";
    case model::ConstraintKind::Unique: return "UNIQUE (" + idents(c.columns) + ")";
    case model::ConstraintKind::Check: return "CHECK (" + c.check_sql + ")";
    case model::ConstraintKind::ForeignKey:
      return "FOREIGN KEY (" + idents(c.columns) + ") " + references_sql(*c.references);
    case model::ConstraintKind::Exclude: return c.check_sql;
  }
  return {};
}

std::string index_elements_sql(const model::Index& ix) {
  std::vector<std::string> parts;
  for (const auto& e : ix.elements) {
    std::string p = e.column.empty() ? "(" + e.expression + ")" : ident(e.column);
    if (!e.opclass.empty()) p += " " + e.opclass;
    if (e.descending) p += " DESC";
    if (!e.nulls.empty()) p += core::lower(e.nulls) == "first" ? " NULLS FIRST" : " NULLS LAST";
    parts.push_back(p);
  }
  return core::join(parts, ", ");
}

std::string index_sql(const model::Index& ix, bool concurrently, bool if_not_exists) {
  std::string s = ix.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  if (concurrently) s += "CONCURRENTLY ";
  if (if_not_exists) s += "IF NOT EXISTS ";
  s += ident(ix.name) + " ON " + table_sql(ix.table);
  if (ix.method != "btree") s += " USING " + ix.method;
  s += " (" + index_elements_sql(ix) + ")";
  if (!ix.include.empty()) s += " INCLUDE (" + idents(ix.include) + ")";
  if (!ix.where_sql.empty()) s += " WHERE " + ix.where_sql;
  return s;
}

// ---- recipes -------------------------------------------------------------------------

namespace {

struct KeyColumn {
  std::string name;
  std::string type;
};

std::vector<KeyColumn> key_columns(const model::Table& table) {
  std::vector<KeyColumn> keys;
  if (const model::Constraint* pk = table.primary_key()) {
    for (const auto& c : pk->columns) {
      const model::Column* col = table.find_column(c);
      keys.push_back({c, col ? col->type.sql() : "text"});
    }
  }
  return keys;
}

std::string tuple(const std::vector<std::string>& items) {
  return items.size() == 1 ? items[0] : "(" + core::join(items, ", ") + ")";
}

std::string seconds_literal(long long ms) { return fmt::format("{:.3f}", static_cast<double>(ms) / 1000.0); }

}  // namespace

std::string batched_update_sql(const model::Table& table, const std::vector<std::pair<std::string, std::string>>& assignments,
                               const std::string& where_sql, long long batch_size, const spec::Settings& settings,
                               const std::string& label) {
  const std::vector<KeyColumn> keys = key_columns(table);
  std::vector<std::string> key_names, last_vars, end_vars, order_desc, declares;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    key_names.push_back(ident(keys[i].name));
    last_vars.push_back(fmt::format("last_k{}", i + 1));
    end_vars.push_back(fmt::format("end_k{}", i + 1));
    order_desc.push_back(ident(keys[i].name) + " DESC");
    declares.push_back(fmt::format("  last_k{0} {1};\n  end_k{0} {1};\n", i + 1, keys[i].type));
  }
  const std::string tbl = table_sql(table.name);
  const std::string k = core::join(key_names, ", ");
  const std::string kt = tuple(key_names);
  std::vector<std::string> set_parts, targets, values;
  for (const auto& [col, expr] : assignments) {
    set_parts.push_back(ident(col) + " = " + expr);
    // A volatile value (gen_random_uuid()) is new on every evaluation: comparing the column
    // with it never skips a row, it only calls the function twice.
    if (sql::calls_known_volatile_function(expr)) continue;
    targets.push_back(ident(col));
    values.push_back("(" + expr + ")");
  }
  // Skipping rows that already hold the target value makes a re-run cheap and the
  // backfill idempotent: an interrupted run just continues.
  std::vector<std::string> conditions;
  if (!where_sql.empty()) conditions.push_back("(" + where_sql + ")");
  if (!targets.empty()) {
    conditions.push_back(tuple(targets) + " IS DISTINCT FROM " +
                         (values.size() == 1 ? values[0] : "ROW(" + core::join(values, ", ") + ")"));
  }
  const std::string predicate = conditions.empty() ? "" : " AND " + core::join(conditions, " AND ");

  // The first batch has no lower bound. Two query shapes instead of `last IS NULL OR k > last`,
  // because that OR defeats the primary-key index once PL/pgSQL switches to a generic plan.
  const std::string select_first = fmt::format(
      "SELECT {k} INTO {ends} FROM (SELECT {k} FROM {t} ORDER BY {k} LIMIT batch_size) AS batch ORDER BY {desc} LIMIT 1",
      fmt::arg("k", k), fmt::arg("ends", core::join(end_vars, ", ")), fmt::arg("t", tbl),
      fmt::arg("desc", core::join(order_desc, ", ")));
  const std::string select_next = fmt::format(
      "SELECT {k} INTO {ends} FROM (SELECT {k} FROM {t} WHERE {kt} > {last} ORDER BY {k} LIMIT batch_size) AS batch "
      "ORDER BY {desc} LIMIT 1",
      fmt::arg("k", k), fmt::arg("ends", core::join(end_vars, ", ")), fmt::arg("t", tbl), fmt::arg("kt", kt),
      fmt::arg("last", tuple(last_vars)), fmt::arg("desc", core::join(order_desc, ", ")));
  const std::string set_sql = core::join(set_parts, ", ");
  const std::string body = fmt::format(
      R"(
-- Backfill {label}: keyset batches on the primary key, one transaction per batch,
-- so locks are held for one batch only and an interruption keeps the work done so far.
DECLARE
  batch_size  constant integer := {batch};
  max_retries constant integer := {retries};
{declares}  started     boolean := false;
  attempt     integer;
  changed     bigint;
  batches     bigint := 0;
  total       bigint := 0;
BEGIN
  LOOP
    IF NOT started THEN
      {select_first};
    ELSE
      {select_next};
    END IF;
    EXIT WHEN NOT FOUND;
    attempt := 0;
    LOOP
      BEGIN
        -- Short lock_timeout per batch: never queue behind a long transaction and
        -- block the application; back off and retry instead.
        PERFORM set_config('lock_timeout', '{lock_timeout}', true);
        IF NOT started THEN
          UPDATE {t} SET {set} WHERE {kt} <= {end}{pred};
        ELSE
          UPDATE {t} SET {set} WHERE {kt} > {last} AND {kt} <= {end}{pred};
        END IF;
        GET DIAGNOSTICS changed = ROW_COUNT;
        EXIT;
      EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
        attempt := attempt + 1;
        IF attempt > max_retries THEN
          RAISE;
        END IF;
        PERFORM pg_sleep(least(5.0, 0.1 * power(2, attempt)));
      END;
    END LOOP;
    {assign_last};
    started := true;
    total := total + changed;
    batches := batches + 1;
    COMMIT;
    IF batches % 100 = 0 THEN
      RAISE NOTICE 'backfill {label}: % batches, % rows updated', batches, total;
    END IF;
    PERFORM pg_sleep({pause});
  END LOOP;
  RAISE NOTICE 'backfill {label}: done, % rows updated in % batches', total, batches;
END
)",
      fmt::arg("label", label), fmt::arg("batch", batch_size), fmt::arg("retries", settings.lock_retries),
      fmt::arg("declares", core::join(declares, "")), fmt::arg("select_first", select_first),
      fmt::arg("select_next", select_next),
      fmt::arg("lock_timeout", std::to_string(settings.lock_timeout_ms) + "ms"), fmt::arg("t", tbl),
      fmt::arg("set", set_sql), fmt::arg("kt", kt), fmt::arg("end", tuple(end_vars)), fmt::arg("pred", predicate),
      fmt::arg("last", tuple(last_vars)),
      fmt::arg("assign_last", [&] {
        std::vector<std::string> a;
        for (std::size_t i = 0; i < keys.size(); ++i) a.push_back(last_vars[i] + " := " + end_vars[i]);
        return core::join(a, ";\n    ");
      }()),
      fmt::arg("pause", seconds_literal(settings.batch_pause_ms)));
  const std::string tag = sql::dollar_quote(body);
  return "DO " + tag + body + tag;
}

std::vector<Step> not_valid_then_validate(const model::QualifiedName& table, const model::Constraint& c,
                                          const std::string& what, const std::string& add_why,
                                          const std::string& validate_why) {
  Step add;
  add.phase = Phase::Expand;
  add.table = table;
  add.title = "Add " + what + " " + c.name + " NOT VALID";
  add.why = add_why;
  add.up = {add_constraint_statement(table, c, true)};
  add.down = {drop_constraint_statement(table, c.name, c.kind)};
  Step v;
  v.phase = Phase::Migrate;
  v.kind = StepKind::Validate;
  v.table = table;
  v.title = "Validate " + what + " " + c.name;
  v.why = validate_why;
  v.up = {{"ALTER TABLE " + table_sql(table) + " VALIDATE CONSTRAINT " + ident(c.name),
           native::validate_constraint(table, c.name, c.kind)}};
  v.long_running = true;
  v.rerunnable = true;
  return {add, v};
}

std::vector<Step> unique_via_concurrent_index(const model::QualifiedName& table, const model::Constraint& unique,
                                              const std::string& index_why, const std::string& attach_why) {
  model::Index ix;
  ix.name = unique.name;
  ix.table = table;
  ix.unique = true;
  for (const auto& c : unique.columns) ix.elements.push_back({c, "", false, "", ""});
  Step idx;
  idx.phase = Phase::Expand;
  idx.kind = StepKind::ConcurrentIndex;
  idx.table = table;
  idx.title = "Build unique index " + ix.name + " concurrently";
  idx.why = index_why;
  idx.up = {{index_sql(ix, true, true), native::create_index(ix, true, true)}};
  idx.down = {{"DROP INDEX CONCURRENTLY IF EXISTS " + table_sql(sibling(table, ix.name)),
               native::drop_index(sibling(table, ix.name), table, true, true)}};
  idx.transactional = false;
  idx.long_running = true;
  idx.rerunnable = true;
  Step con;
  con.phase = Phase::Migrate;
  con.table = table;
  con.title = "Attach " + unique.name + " as a UNIQUE constraint";
  con.why = attach_why;
  con.up = {{"ALTER TABLE " + table_sql(table) + " ADD CONSTRAINT " + ident(unique.name) + " UNIQUE USING INDEX " +
                 ident(unique.name),
             native::add_unique_using_index(table, unique.name, unique.name)}};
  // Dropping the constraint drops its index too; the index step's down then finds nothing.
  con.down = {drop_constraint_statement(table, unique.name, model::ConstraintKind::Unique)};
  con.down_note = "dropping the constraint drops its index; the expand phase's down then finds nothing to drop";
  return {idx, con};
}

std::vector<Step> not_null_steps(const model::QualifiedName& table, const std::string& column, Phase phase,
                                 int pg_version) {
  const std::string check = default_name(table, {column}, "not_null");
  const std::string t = table_sql(table);
  std::vector<Step> steps;

  Step add;
  add.phase = phase;
  add.title = "Add CHECK (" + column + " IS NOT NULL) NOT VALID on " + display(table);
  add.why = "NOT VALID skips the scan: the ACCESS EXCLUSIVE lock lasts milliseconds, and new rows are checked from now on.";
  add.up = {not_null_check_statement(table, check, column)};
  add.down = {drop_constraint_statement(table, check, model::ConstraintKind::Check)};
  add.table = table;
  steps.push_back(add);

  Step validate;
  validate.phase = phase;
  validate.kind = StepKind::Validate;
  validate.title = "Validate " + check;
  validate.why = "VALIDATE scans the table under SHARE UPDATE EXCLUSIVE, which does not block reads or writes.";
  validate.up = {{fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", t, ident(check)),
                  native::validate_constraint(table, check, model::ConstraintKind::Check)}};
  validate.long_running = true;
  validate.rerunnable = true;
  validate.table = table;
  validate.proves_not_null = column;
  validate.proving_constraint = check;
  steps.push_back(validate);

  Step set;
  set.phase = phase;
  set.title = "SET NOT NULL on " + display(table) + "." + column;
  set.why = pg_version >= 12
                ? "PostgreSQL 12+ skips the full-table scan because the validated CHECK already proves no NULLs; "
                  "the helper CHECK is then redundant."
                : "PostgreSQL 11 scans the table here under ACCESS EXCLUSIVE: plan a maintenance window.";
  set.up = {{fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", t, ident(column)),
             native::set_not_null(table, column)},
            {fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", t, ident(check)),
             native::drop_constraint(table, check, model::ConstraintKind::Check, false)}};
  // Restores the state after VALIDATE (the helper CHECK exists, the column is nullable).
  // The CHECK comes back NOT VALID: validating it again would scan under ACCESS EXCLUSIVE.
  set.down = {not_null_check_statement(table, check, column),
              {fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL", t, ident(column)),
               native::drop_not_null(table, column)}};
  set.table = table;
  steps.push_back(set);
  return steps;
}

std::string over_new_row(const std::string& expr) {
  // Evaluates an expression written over the table's columns (`age::bigint`) against the
  // trigger's NEW row, so users never have to write NEW.age themselves.
  return "(SELECT " + expr + " FROM (SELECT (NEW).*) AS row_values)";
}

SyncTrigger sync_trigger(const model::QualifiedName& table, const std::string& old_col, const std::string& new_col,
                         const std::string& old_to_new, const std::string& new_to_old) {
  SyncTrigger st;
  // Long names are shortened by slug so the trigger and function stay within 63 bytes.
  st.function_name = core::slugify("schemashift_sync_" + table.name + "_" + old_col + "_" + new_col, 63);
  st.trigger_name = core::slugify("schemashift_sync_" + old_col + "_" + new_col, 63);
  const model::QualifiedName fn = sibling(table, st.function_name);
  const std::string o = ident(old_col), n = ident(new_col);
  auto eval = [](const std::string& expr) { return expr; };
  const std::string body = fmt::format(
      R"(
BEGIN
  -- Keeps {o} and {n} equal while old and new application versions run side by side.
  -- A write to the new column wins; otherwise the old column is copied forward.
  IF TG_OP = 'INSERT' THEN
    IF NEW.{n} IS NULL THEN
      NEW.{n} := {to_new};
    ELSE
      NEW.{o} := {to_old};
    END IF;
  ELSIF NEW.{n} IS DISTINCT FROM OLD.{n} THEN
    NEW.{o} := {to_old};
  ELSIF NEW.{o} IS DISTINCT FROM OLD.{o} THEN
    NEW.{n} := {to_new};
  END IF;
  RETURN NEW;
END
)",
      fmt::arg("o", o), fmt::arg("n", n), fmt::arg("to_new", eval(old_to_new)), fmt::arg("to_old", eval(new_to_old)));
  const std::string tag = sql::dollar_quote(body);
  st.create = {
      "CREATE OR REPLACE FUNCTION " + table_sql(fn) + "() RETURNS trigger LANGUAGE plpgsql AS " + tag + body + tag,
      fmt::format("CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()",
                  ident(st.trigger_name), table_sql(table), table_sql(fn)),
  };
  st.drop = {
      fmt::format("DROP TRIGGER IF EXISTS {} ON {}", ident(st.trigger_name), table_sql(table)),
      "DROP FUNCTION IF EXISTS " + table_sql(fn) + "()",
  };
  return st;
}

}  // namespace schemashift::ops

namespace schemashift::ops {

std::string format_type_name(const model::TypeRef& t) {
  static const std::map<std::string, std::string> names = {
      {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"}, {"float4", "real"},
      {"float8", "double precision"}, {"bool", "boolean"}, {"varchar", "character varying"},
      {"bpchar", "character"}, {"timestamptz", "timestamp with time zone"},
      {"timestamp", "timestamp without time zone"}, {"timetz", "time with time zone"},
      {"time", "time without time zone"}, {"varbit", "bit varying"}};
  auto it = names.find(t.name);
  std::string base = it == names.end() ? t.name : it->second;
  std::string mods;
  if (!t.modifiers.empty()) {
    std::vector<std::string> m;
    for (long v : t.modifiers) m.push_back(std::to_string(v));
    mods = "(" + core::join(m, ",") + ")";
  }
  // format_type puts the precision inside: "timestamp(3) with time zone".
  std::string out;
  const auto space = base.find(' ');
  if (!mods.empty() && (t.name == "timestamptz" || t.name == "timestamp" || t.name == "timetz" || t.name == "time")) {
    out = base.substr(0, space) + mods + base.substr(space);
  } else {
    out = base + mods;
  }
  if (!t.schema.empty() && t.schema != "public") out = t.schema + "." + out;
  for (int i = 0; i < t.array_dims; ++i) out += "[]";
  return out;
}

static std::string regclass(const model::QualifiedName& t) { return sql::quote_literal(table_sql(t)) + "::regclass"; }

Check column_check(const model::QualifiedName& table, const model::Column& c) {
  return {fmt::format("column {}.{} is {}{}", display(table), c.name, c.type.sql(), c.nullable ? "" : " NOT NULL"),
          fmt::format("SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {} AND attname = {} "
                      "AND NOT attisdropped AND format_type(atttypid, atttypmod) = {} AND attnotnull = {})",
                      regclass(table), sql::quote_literal(c.name), sql::quote_literal(format_type_name(c.type)),
                      c.nullable ? "false" : "true")};
}

Check column_absent_check(const model::QualifiedName& table, const std::string& column) {
  return {fmt::format("column {}.{} is gone", display(table), column),
          fmt::format("SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {} AND attname = {} "
                      "AND NOT attisdropped)",
                      regclass(table), sql::quote_literal(column))};
}

Check constraint_check(const model::QualifiedName& table, const std::string& name, bool must_be_validated) {
  return {fmt::format("constraint {} on {} exists{}", name, display(table), must_be_validated ? " and is validated" : ""),
          fmt::format("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {} AND conname = {}{})",
                      regclass(table), sql::quote_literal(name), must_be_validated ? " AND convalidated" : "")};
}

Check index_check(const model::QualifiedName& index, bool must_exist) {
  if (!must_exist) {
    return {"index " + display(index) + " is gone",
            "SELECT to_regclass(" + sql::quote_literal(table_sql(index)) + ") IS NULL"};
  }
  // CREATE INDEX CONCURRENTLY leaves an INVALID index behind when it fails; existence
  // alone would hide that, so validity is what is checked.
  return {"index " + display(index) + " exists and is valid",
          "SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(" +
              sql::quote_literal(table_sql(index)) + ") AND indisvalid AND indisready)"};
}

std::string add_constraint_sql(const model::QualifiedName& table, const model::Constraint& c, bool not_valid) {
  return "ALTER TABLE " + table_sql(table) + " ADD CONSTRAINT " + ident(c.name) + " " + constraint_body_sql(c) +
         (not_valid ? " NOT VALID" : "");
}

std::string drop_constraint_sql(const model::QualifiedName& table, const std::string& name) {
  return "ALTER TABLE " + table_sql(table) + " DROP CONSTRAINT IF EXISTS " + ident(name);
}

Statement add_constraint_statement(const model::QualifiedName& table, const model::Constraint& c, bool not_valid) {
  return {add_constraint_sql(table, c, not_valid), native::add_constraint(table, c, not_valid)};
}

Statement drop_constraint_statement(const model::QualifiedName& table, const std::string& name,
                                    model::ConstraintKind kind) {
  return {drop_constraint_sql(table, name), native::drop_constraint(table, name, kind, true)};
}

Statement not_null_check_statement(const model::QualifiedName& table, const std::string& check,
                                   const std::string& column) {
  model::Constraint c;
  c.kind = model::ConstraintKind::Check;
  c.name = check;
  c.columns = {column};
  c.check_sql = ident(column) + " IS NOT NULL";
  return add_constraint_statement(table, c, true);
}

}  // namespace schemashift::ops
