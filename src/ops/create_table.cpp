// create_table: a brand-new table. Nothing reads it yet, so everything (constraints, FKs)
// goes inline in one CREATE TABLE; only the referenced tables are briefly locked
// (SHARE ROW EXCLUSIVE for the FK triggers, postgres-facts §2).
#include <algorithm>

#include <fmt/format.h>

#include "core/text.hpp"
#include "model/object_names.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "ops/checks.hpp"
#include "ops/names.hpp"
#include "ops/decode.hpp"
#include "ops/literal_input.hpp"
#include "ops/lookups.hpp"
#include "ops/sql_fragments.hpp"
#include "sql/quote.hpp"

namespace schemashift::ops {
namespace {

// The name PostgreSQL gives a constraint the spec did not name: shortened to 63 bytes, and
// suffixed (t_check, t_check1 ...) past the names already taken in the schema and by the
// constraints this CREATE TABLE has named so far.
std::string generated_name(const model::Schema& schema, const model::Table& t, const std::string& name2,
                           const std::string& label, model::NameSpace space) {
  std::vector<std::string> in_statement;
  for (const auto& c : t.constraints) in_statement.push_back(c.name);
  return model::choose_name(schema, t.name, name2, label, space, in_statement);
}

struct TableConstraintSpec {
  model::Constraint constraint;
  core::SourceLocation where;
  std::vector<core::SourceLocation> column_wheres;  // one per `columns` item
  ReferenceLocations references_at;                 // foreign_key: where `references` names things
  bool named = false;
};

class CreateTable final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics& diags) {
    auto op = std::make_unique<CreateTable>();
    bool ok = true;
    if (auto t = read_table(r)) op->table_ = *t; else ok = false;
    op->table_where_ = r.where("table");
    if (const core::Node* cols = r.node("columns", true)) {
      if (!cols->is_sequence() || cols->items.empty()) {
        r.error("columns", "`columns` must be a non-empty list of column definitions");
        ok = false;
      } else {
        for (const auto& c : cols->items) {
          if (auto cs = read_column(c, diags, true)) op->columns_.push_back(*cs); else ok = false;
        }
      }
    } else {
      ok = false;
    }
    if (auto pk = r.string_list("primary_key")) {
      op->primary_key_ = *pk;
      op->pk_where_ = r.where("primary_key");
      for (std::size_t i = 0; i < pk->size(); ++i) op->pk_wheres_.push_back(r.where("primary_key", i));
    }
    if (const core::Node* cons = r.node("constraints")) ok &= op->read_constraints(*cons, diags);
    if (auto v = r.string("comment")) op->comment_ = *v;
    return ok ? std::move(op) : nullptr;
  }

  std::string name() const override { return "create_table"; }
  std::string summary() const override {
    return fmt::format("create table {} ({} columns)", display(table_), columns_.size());
  }
  std::string label() const override { return "create_" + table_.name; }
  std::vector<model::QualifiedName> tables() const override {
    std::vector<model::QualifiedName> t = {table_};
    for (const auto& c : built_.constraints)
      if (c.references) t.push_back(c.references->table);
    return t;
  }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    bool types_known = true;
    bool literals_fit = true;
    for (const auto& cs : columns_) {
      const bool known = require_known_type(schema, cs.column.type, cs.type_where, diags);
      types_known &= known;
      if (known && cs.default_literal) {
        literals_fit &= check_literal_for_type(*cs.default_literal, cs.column.type, schema, pg_version, diags);
      }
    }
    if (!require_new_relation_name(schema, table_, table_where_, diags)) return false;
    if (!require_name_free(schema, relation_name_key(table_), "'" + display(table_) + "'", table_where_, diags)) {
      return false;
    }
    bool ok = types_known && literals_fit;
    model::Table t;
    t.name = table_;
    t.created_in_change = true;
    t.comment = comment_;
    t.defined_at = where;
    std::vector<std::string> pk_cols = primary_key_;
    for (const auto& cs : columns_) {
      if (t.find_column(cs.column.name)) {
        diags.error("duplicate-column", cs.name_where, "column '" + cs.column.name + "' is defined twice");
        ok = false;
        continue;
      }
      t.columns.push_back(cs.column);
      if (cs.primary_key) {
        if (!primary_key_.empty()) {
          diags.error("duplicate-primary-key", cs.where,
                      "primary key given both on column '" + cs.column.name + "' and in `primary_key`",
                      "keep one of them");
          ok = false;
        }
        pk_cols.push_back(cs.column.name);
      }
    }
    // Primary key first: PostgreSQL names and orders it that way, and so do dumps.
    if (!pk_cols.empty()) {
      for (std::size_t i = 0; i < pk_cols.size(); ++i) {
        const std::string& c = pk_cols[i];
        // pk_cols starts with the `primary_key` list, item by item.
        const core::SourceLocation& at = i < pk_wheres_.size() ? pk_wheres_[i] : pk_where_.known() ? pk_where_ : where;
        if (model::Column* col = t.find_column(c)) col->nullable = false;
        else { require_column(t, c, at, diags); ok = false; }
      }
      model::Constraint pk;
      pk.name = generated_name(schema, t, "", "pkey", model::NameSpace::RelationAndConstraint);
      pk.kind = model::ConstraintKind::PrimaryKey;
      pk.columns = pk_cols;
      pk.index_name = pk.name;
      t.constraints.push_back(pk);
    }
    for (const auto& cs : columns_) {
      if (cs.unique) {
        model::Constraint u;
        u.kind = model::ConstraintKind::Unique;
        u.columns = {cs.column.name};
        u.name = generated_name(schema, t, model::name_addition(u.columns), "key", model::NameSpace::RelationAndConstraint);
        u.index_name = u.name;
        t.constraints.push_back(u);
      }
      if (!cs.check_sql.empty()) {
        model::Constraint c;
        c.kind = model::ConstraintKind::Check;
        c.columns = {cs.column.name};
        c.check_sql = cs.check_sql;
        c.name = generated_name(schema, t, cs.column.name, "check", model::NameSpace::Constraint);
        t.constraints.push_back(c);
      }
      if (cs.references) {
        model::Constraint fk;
        fk.kind = model::ConstraintKind::ForeignKey;
        fk.columns = {cs.column.name};
        fk.references = cs.references;
        fk.name = cs.fk_name.empty() ? generated_name(schema, t, model::name_addition(fk.columns), "fkey", model::NameSpace::Constraint)
                                   : cs.fk_name;
        // The new table is visible to the FK target check (self-references are fine).
        model::Schema with_self = schema;
        with_self.tables[t.name.key()] = t;
        ok &= check_fk_target(with_self, t, fk.columns, *fk.references, cs.references_where, diags,
                              &cs.references_at);
        t.constraints.push_back(fk);
      }
    }
    for (const auto& tc : constraints_) {
      model::Constraint c = tc.constraint;
      for (std::size_t i = 0; i < c.columns.size(); ++i) {
        const std::string& col = c.columns[i];
        const core::SourceLocation& at = i < tc.column_wheres.size() ? tc.column_wheres[i] : tc.where;
        if (!t.find_column(col)) { require_column(t, col, at, diags); ok = false; }
      }
      if (c.kind == model::ConstraintKind::ForeignKey) {
        model::Schema with_self = schema;
        with_self.tables[t.name.key()] = t;
        ok &= check_fk_target(with_self, t, c.columns, *c.references, tc.where, diags, &tc.references_at);
      }
      if (!tc.named) {
        const bool unique = c.kind == model::ConstraintKind::Unique;
        const char* label = unique ? "key" : c.kind == model::ConstraintKind::ForeignKey ? "fkey" : "check";
        c.name = generated_name(schema, t,
                                c.kind == model::ConstraintKind::Check ? std::string{} : model::name_addition(c.columns), label,
                                unique ? model::NameSpace::RelationAndConstraint : model::NameSpace::Constraint);
      }
      if (c.kind == model::ConstraintKind::Unique) c.index_name = c.name;
      t.constraints.push_back(c);
    }
    for (const auto& c : t.constraints) {
      ok &= check_new_name(c.name, where, diags);
      const int same = static_cast<int>(std::count_if(t.constraints.begin(), t.constraints.end(),
                                                      [&](const model::Constraint& o) { return o.name == c.name; }));
      if (same > 1) {
        diags.error("duplicate-name", where, "constraint name '" + c.name + "' is used twice in table '" +
                                                 display(table_) + "'", "give the constraints distinct `name:`s");
        ok = false;
        break;
      }
    }
    if (!ok) return false;
    for (const auto& c : t.constraints) {
      if (c.kind == model::ConstraintKind::PrimaryKey || c.kind == model::ConstraintKind::Unique) {
        model::Index ix;
        ix.name = c.index_name;
        ix.table = table_;
        ix.unique = true;
        ix.backs_constraint = true;
        for (const auto& col : c.columns) ix.elements.push_back({col, "", false, "", ""});
        schema.indexes[sibling(table_, ix.name).key()] = ix;
      }
    }
    built_ = t;
    schema.tables[table_.key()] = t;
    return true;
  }

  std::vector<Step> steps(const Context&) const override {
    Step s;
    s.phase = Phase::Expand;
    s.title = "Create table " + display(table_);
    s.why = "A new table has no readers or rows yet: constraints and foreign keys go inline, nothing to validate later.";
    std::vector<std::string> lines;
    for (const auto& c : built_.columns) lines.push_back("  " + column_definition_sql(c));
    for (const auto& c : built_.constraints) {
      lines.push_back("  CONSTRAINT " + ident(c.name) + " " + constraint_body_sql(c));
    }
    s.up.push_back({"CREATE TABLE IF NOT EXISTS " + table_sql(table_) + " (\n" + core::join(lines, ",\n") + "\n)",
                    native::create_table(built_, true)});
    if (built_.comment) {
      s.up.push_back({"COMMENT ON TABLE " + table_sql(table_) + " IS " + sql_literal(*built_.comment),
                      native::set_table_comment(table_, built_.comment)});
    }
    for (const auto& c : built_.columns) {
      if (c.comment) {
        s.up.push_back({"COMMENT ON COLUMN " + table_sql(table_) + "." + ident(c.name) + " IS " + sql_literal(*c.comment),
                        native::set_column_comment(table_, c.name, c.comment)});
      }
    }
    s.down = {{"DROP TABLE IF EXISTS " + table_sql(table_), native::drop_table(table_, true)}};
    s.down_note = "dropping " + display(table_) + " deletes any rows written to it since the migration ran";
    s.rerunnable = !built_.comment && std::none_of(built_.columns.begin(), built_.columns.end(),
                                                   [](const model::Column& c) { return c.comment.has_value(); });
    s.table = table_;
    return {s};
  }

  std::vector<Check> verify(const Context& ctx) const override {
    const model::QualifiedName table = ctx.final_table(table_);
    return {{"table " + display(table) + " exists",
             "SELECT to_regclass(" + sql_literal(table_sql(table)) + ") IS NOT NULL", Expect::True,
             CheckAt::FirstStep, relation_fact(table), {table_fact(table)}}};
  }

  void describe(Impact& impact) const override {
    std::size_t indexes = 0;
    for (const auto& c : built_.constraints)
      if (c.kind == model::ConstraintKind::PrimaryKey || c.kind == model::ConstraintKind::Unique) ++indexes;
    impact.new_tables.push_back(fmt::format("{} ({} columns, {} constraints)", display(table_), built_.columns.size(),
                                            built_.constraints.size()));
    for (const auto& c : built_.constraints) {
      if (c.kind == model::ConstraintKind::ForeignKey) {
        impact.constraints.push_back(fmt::format("FK: {}.{} → {}.{} (ON DELETE {})", display(table_),
                                                 core::join(c.columns, ","), display(c.references->table),
                                                 core::join(c.references->columns, ","),
                                                 model::fk_action_sql(c.references->on_delete)));
      } else if (c.kind == model::ConstraintKind::Check) {
        impact.constraints.push_back("CHECK: " + display(table_) + " " + c.check_sql);
      } else if (c.kind == model::ConstraintKind::Unique) {
        impact.constraints.push_back("UNIQUE: " + display(table_) + " (" + core::join(c.columns, ", ") + ")");
      }
    }
  }

 private:
  static std::string sql_literal(const std::string& s) { return sql::quote_literal(s); }

  bool read_constraints(const core::Node& n, core::Diagnostics& diags) {
    if (!n.is_sequence()) {
      diags.error("wrong-type", n.where, "`constraints` must be a list");
      return false;
    }
    bool ok = true;
    for (const auto& item : n.items) {
      spec::FieldReader r(item, "constraint", diags);
      if (!r.ok()) { ok = false; continue; }
      TableConstraintSpec tc;
      tc.where = item.where;
      auto type = r.choice("type", {"unique", "check", "foreign_key"}, true);
      if (auto v = r.string("name")) {
        tc.constraint.name = *v;
        tc.named = true;
      }
      if (type == "unique") {
        tc.constraint.kind = model::ConstraintKind::Unique;
        if (auto cols = r.string_list("columns", true)) tc.constraint.columns = *cols;
      } else if (type == "check") {
        tc.constraint.kind = model::ConstraintKind::Check;
        if (auto e = r.string("expr", true)) tc.constraint.check_sql = core::trim(*e);
      } else if (type == "foreign_key") {
        tc.constraint.kind = model::ConstraintKind::ForeignKey;
        if (auto cols = r.string_list("columns", true)) tc.constraint.columns = *cols;
        // on_delete sits beside `references` here, exactly as in add_foreign_key.
        tc.constraint.references = read_foreign_key(r, diags, &tc.references_at);
        if (!tc.constraint.references) ok = false;
      }
      for (std::size_t i = 0; i < tc.constraint.columns.size(); ++i) tc.column_wheres.push_back(r.where("columns", i));
      r.finish();
      ok &= r.ok() && type.has_value();
      constraints_.push_back(tc);
    }
    return ok;
  }

  model::QualifiedName table_;
  core::SourceLocation table_where_;
  std::vector<ColumnSpec> columns_;
  std::vector<std::string> primary_key_;
  core::SourceLocation pk_where_;
  std::vector<core::SourceLocation> pk_wheres_;  // one per `primary_key` item
  std::vector<TableConstraintSpec> constraints_;
  std::optional<std::string> comment_;
  model::Table built_;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("create_table", schemashift::ops::CreateTable);
