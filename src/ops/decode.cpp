#include "ops/decode.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "ops/literal_input.hpp"
#include "ops/names.hpp"
#include "sql/parser.hpp"
#include "sql/quote.hpp"
#include "sql/types.hpp"

namespace schemashift::ops {

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
  switch (literal_form(n)) {
    case LiteralForm::Null: return "NULL";
    case LiteralForm::Boolean:
    case LiteralForm::Number: return n.scalar;
    case LiteralForm::Text: break;
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

// `on_delete` (required) and `on_update` into `ref`; false when on_delete is missing or
// invalid. The seeds' rule: a foreign key must say what happens on delete. PostgreSQL's
// implicit NO ACTION is rarely what was meant, so it must be written out.
static bool read_fk_actions(spec::FieldReader& r, model::ForeignKeyRef& ref) {
  bool ok = true;
  if (auto v = r.choice("on_delete", kFkActions, true)) {
    ref.on_delete = *parse_fk_action(*v);
    ref.on_delete_explicit = true;
  } else {
    ok = false;
  }
  if (auto v = r.choice("on_update", kFkActions)) ref.on_update = *parse_fk_action(*v);
  return ok;
}

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
  ok &= read_fk_actions(r, ref);
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
  ok &= read_fk_actions(r, ref);
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
    ok &= check_new_name(*v, r.where("name"), diags);
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
  if (has_default && r.has("default")) cs.default_literal = *r.node("default");
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

}  // namespace schemashift::ops
