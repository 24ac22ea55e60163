// add_column. On PostgreSQL 11+ ADD COLUMN with a non-volatile default (or none) is a
// catalog change: one brief ACCESS EXCLUSIVE lock, no rewrite (postgres-facts §3.1), even
// with NOT NULL, because every existing row gets the stored default. Everything that would
// scan or rewrite under that lock is split out instead:
//   volatile default  -> add without it, SET DEFAULT for new rows, batched backfill;
//   `backfill:`       -> batched backfill of existing rows after the column exists;
//   NOT NULL without a constant default -> the CHECK NOT VALID recipe after the backfill;
//   unique / check / references -> concurrent index or NOT VALID + VALIDATE.
#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "ops/names.hpp"
#include "ops/decode.hpp"
#include "ops/literal_input.hpp"
#include "ops/lookups.hpp"
#include "ops/sql_fragments.hpp"
#include "ops/constraint_statements.hpp"
#include "ops/batched_update.hpp"
#include "ops/recipes.hpp"
#include "ops/checks.hpp"
#include "sql/quote.hpp"
#include "sql/parser.hpp"
#include "sql/types.hpp"

namespace schemashift::ops {
namespace {

class AddColumn final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics& diags) {
    auto op = std::make_unique<AddColumn>();
    bool ok = true;
    if (auto t = read_table(r)) op->table_ = *t; else ok = false;
    op->table_where_ = r.where("table");
    if (const core::Node* c = r.node("column", true)) {
      if (auto cs = read_column(*c, diags, false)) op->col_ = *cs; else ok = false;
    } else {
      ok = false;
    }
    if (auto b = r.string("backfill")) {
      op->backfill_ = core::trim(*b);
      op->backfill_where_ = r.where("backfill");
      std::string error;
      if (!sql::parse_statement("SELECT " + op->backfill_, &error)) {
        r.error("backfill", "`backfill` is not a SQL expression: " + error);
        ok = false;
      }
    }
    return ok ? std::move(op) : nullptr;
  }

  std::string name() const override { return "add_column"; }
  std::string summary() const override {
    return fmt::format("add column {}.{} {}", display(table_), col_.column.name, col_.column.type.sql());
  }
  std::string label() const override { return "add_" + table_.name + "_" + col_.column.name; }
  std::vector<model::QualifiedName> tables() const override { return {table_}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    const bool type_known = require_known_type(schema, col_.column.type, col_.type_where, diags);
    if (type_known && col_.default_literal &&
        !check_literal_for_type(*col_.default_literal, col_.column.type, schema, pg_version, diags)) {
      return false;
    }
    model::Table* t = require_table(schema, table_, table_where_, diags);
    if (!t) return false;
    if (!require_absent_column(*t, col_.column.name, col_.name_where, diags)) return false;
    if (!require_name_free(schema, column_name_key(table_, col_.column.name),
                           "column '" + display(table_) + "." + col_.column.name + "'", col_.name_where, diags)) {
      return false;
    }
    table_before_ = *t;
    table_before_.name = table_;  // keep the spec's spelling (users, not public.users)
    const model::Column& c = col_.column;
    volatile_default_ = c.default_sql && sql::is_volatile_expression(*c.default_sql);
    if (!t->created_in_change && !c.nullable && !c.default_sql && backfill_.empty()) {
      diags.error("not-null-without-default", col_.where,
                  "adding NOT NULL column '" + c.name + "' without a default fails on a table that has rows",
                  "give it a `default`, or a `backfill:` expression for existing rows, or add it nullable "
                  "and use set_not_null later");
      return false;
    }
    if (needs_backfill() && !t->primary_key()) {
      diags.error("backfill-needs-primary-key", col_.where,
                  "table '" + display(table_) + "' has no primary key, so existing rows cannot be backfilled in batches",
                  "add a primary key first, or use strategy: offline for this operation");
      return false;
    }
    bool ok = type_known;
    model::Table after = *t;
    after.columns.push_back(c);
    if (!backfill_.empty() && !require_expression_columns(after, backfill_, backfill_where_, diags)) ok = false;
    if (col_.references) {
      fk_.kind = model::ConstraintKind::ForeignKey;
      fk_.columns = {c.name};
      fk_.references = col_.references;
      fk_.name = col_.fk_name.empty() ? free_default_name(schema, table_, fk_.columns, "fkey", model::NameSpace::Constraint) : col_.fk_name;
      ok &= check_fk_target(schema, after, fk_.columns, *fk_.references, col_.references_where, diags,
                            &col_.references_at);
      ok &= require_new_constraint_name(schema, table_, fk_.name, col_.references_where, diags);
      after.constraints.push_back(fk_);
    }
    if (!col_.check_sql.empty()) {
      check_.kind = model::ConstraintKind::Check;
      check_.columns = {c.name};
      check_.check_sql = col_.check_sql;
      check_.name = free_default_name(schema, table_, {c.name}, "check", model::NameSpace::Constraint);
      ok &= require_new_constraint_name(schema, table_, check_.name, col_.where, diags);
      after.constraints.push_back(check_);
    }
    if (col_.unique) {
      unique_.kind = model::ConstraintKind::Unique;
      unique_.columns = {c.name};
      unique_.name = free_default_name(schema, table_, {c.name}, "key", model::NameSpace::RelationAndConstraint);
      unique_.index_name = unique_.name;
      ok &= require_new_constraint_name(schema, table_, unique_.name, col_.where, diags);
      after.constraints.push_back(unique_);
      model::Index ix;
      ix.name = unique_.name;
      ix.table = table_;
      ix.unique = true;
      ix.backs_constraint = true;
      ix.elements.push_back({c.name, "", false, "", ""});
      schema.indexes[sibling(table_, ix.name).key()] = ix;
    }
    if (!ok) return false;
    *t = after;
    return true;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    if (ctx.offline()) return offline_steps();
    std::vector<Step> steps;
    const bool is_new = table_before_.created_in_change;
    const model::Column& c = col_.column;
    // Added in one step when no row needs more than the stored default.
    const bool direct = is_new || !needs_backfill();

    Step add;
    add.phase = Phase::Expand;
    add.table = table_;
    add.title = "Add column " + display(table_) + "." + c.name;
    model::Column added = c;
    // With a constant default every existing row already satisfies NOT NULL (the default is
    // stored in the catalog), so the column is added NOT NULL at once and only the backfill
    // follows. Without one, NOT NULL must wait for the backfill and the CHECK recipe.
    const bool not_null_later = !c.nullable && !direct && (volatile_default_ || !c.default_sql);
    if (not_null_later) added.nullable = true;
    if (!direct && volatile_default_) added.default_sql.reset();
    add.up.push_back({fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {}", table_sql(table_),
                                  column_definition_sql(added)),
                      native::add_column(table_, added, true)});
    if (!direct && volatile_default_) {
      add.up.push_back({fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}", table_sql(table_), ident(c.name),
                                    *c.default_sql),
                        native::set_default(table_, c.name, *c.default_sql)});
    }
    add.why = direct ? (c.default_sql ? "A non-volatile default is stored in the catalog (PostgreSQL 11+): no rewrite, "
                                        "the lock lasts milliseconds."
                                      : "Adding a column without a default only changes the catalog.")
                     : volatile_default_
                           ? "A volatile default (" + *c.default_sql +
                                 ") would rewrite the whole table under ACCESS EXCLUSIVE; the column is added without "
                                 "it and the default applies to new rows only."
                           : not_null_later ? "Added nullable so existing rows need no scan; they are backfilled in batches next."
                                            : "The constant default is stored in the catalog (PostgreSQL 11+), so even NOT NULL "
                                              "needs no scan; existing rows are then backfilled in batches.";
    add.down = {{fmt::format("ALTER TABLE {} DROP COLUMN IF EXISTS {}", table_sql(table_), ident(c.name)),
                 native::drop_column(table_, c.name, true)}};
    add.down_note = "values written to " + display(table_) + "." + c.name + " since the migration ran are lost";
    add.rerunnable = add.up.size() == 1;
    if (c.comment) add.up.push_back({comment_sql(), native::set_column_comment(table_, c.name, c.comment)});
    if (c.comment) add.rerunnable = false;
    steps.push_back(add);

    if (!is_new && col_.references) add_validated_constraint(ctx, steps, fk_, "foreign key");
    if (!is_new && !col_.check_sql.empty()) add_validated_constraint(ctx, steps, check_, "check");
    if (is_new) inline_constraints(steps.front());
    if (!is_new && col_.unique) add_unique_steps(ctx, steps);

    if (!is_new && needs_backfill()) {
      Step fill;
      fill.phase = Phase::Migrate;
      fill.kind = StepKind::Backfill;
      fill.table = table_;
      fill.title = "Backfill " + display(table_) + "." + c.name;
      fill.transactional = false;
      fill.long_running = true;
      fill.rerunnable = true;
      const std::string value = !backfill_.empty() ? backfill_ : *c.default_sql;
      // Rows that already have a value (new rows, written by the application with the new
      // default) are left alone unless an explicit backfill expression is given.
      const std::string where = backfill_.empty() ? ident(c.name) + " IS NULL" : "";
      fill.up = {Statement{batched_update_sql(table_before_with_column(), {{c.name, value}}, where,
                                              ctx.settings().batch_size, ctx.settings(),
                                              display(table_) + "." + c.name)}};
      fill.why = "One transaction per batch, " + batch_sizing(ctx.settings().batch_size, ctx.settings()) +
                 ": row locks are held for one batch, and replicas and autovacuum keep up.";
      fill.down_note = "backfilled values are not restored; the column is dropped by the expand phase's down";
      steps.push_back(fill);
      if (not_null_later) {
        for (auto& s : not_null_steps(ctx, table_, c.name, Phase::Migrate)) steps.push_back(s);
      }
    }
    return steps;
  }

  std::vector<Check> preflight() const override {
    if (table_before_.created_in_change) return {};
    return {{"no column named " + col_.column.name + " yet on " + display(table_),
             column_absent_check(table_, col_.column.name).sql, Expect::True}};
  }

  std::vector<Check> verify(const Context& ctx) const override {
    const model::QualifiedName table = ctx.final_table(table_);
    std::vector<Check> v = {column_check(table, col_.column)};
    if (col_.references) v.push_back(constraint_check(table, fk_.name, true));
    if (col_.unique) v.push_back(constraint_check(table, unique_.name, true));
    if (!col_.check_sql.empty()) v.push_back(constraint_check(table, check_.name, true));
    return v;
  }

  void describe(Impact& impact) const override {
    std::string d = "+" + col_.column.name + " " + col_.column.type.sql();
    if (!col_.column.nullable) d += " NOT NULL";
    if (col_.column.default_sql) d += " DEFAULT " + *col_.column.default_sql;
    impact.modified_tables[display(table_)].push_back(d);
    if (col_.references) {
      impact.constraints.push_back(fmt::format("FK: {}.{} → {}.{} (ON DELETE {})", display(table_), col_.column.name,
                                               display(fk_.references->table), core::join(fk_.references->columns, ","),
                                               model::fk_action_sql(fk_.references->on_delete)));
    }
    if (!col_.check_sql.empty()) impact.constraints.push_back("CHECK: " + display(table_) + " " + col_.check_sql);
    if (col_.unique) impact.constraints.push_back("UNIQUE: " + display(table_) + " (" + col_.column.name + ")");
  }

 private:
  bool needs_backfill() const { return !backfill_.empty() || volatile_default_ || (!col_.column.nullable && !col_.column.default_sql); }

  model::Table table_before_with_column() const {
    model::Table t = table_before_;
    t.columns.push_back(col_.column);
    return t;
  }

  std::string comment_sql() const;

  void inline_constraints(Step& add) const {
    // A brand-new table has no rows: constraints can be added validated right away.
    for (const model::Constraint* c : {&fk_, &check_, &unique_}) {
      if (c->name.empty()) continue;
      add.up.push_back(add_constraint_statement(table_, *c, false));
      add.rerunnable = false;
    }
  }

  void add_validated_constraint(const Context& ctx, std::vector<Step>& steps, const model::Constraint& c,
                                const std::string& what) const {
    for (auto& s : not_valid_then_validate(
             ctx, table_, c, what, "NOT VALID skips the validation scan, so the lock is brief; new rows are checked immediately.",
             "VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE: reads and writes continue.")) {
      steps.push_back(std::move(s));
    }
  }

  void add_unique_steps(const Context& ctx, std::vector<Step>& steps) const {
    for (auto& s : unique_via_concurrent_index(
             ctx, table_, unique_,
             "CREATE UNIQUE INDEX CONCURRENTLY does not block writes; the constraint then adopts the finished index.",
             "USING INDEX makes the constraint without a second index build: a brief ACCESS EXCLUSIVE lock.")) {
      steps.push_back(std::move(s));
    }
  }

  std::vector<Step> offline_steps() const {
    Step s;
    s.phase = Phase::Expand;
    s.offline = true;
    s.table = table_;
    s.title = "Add column " + display(table_) + "." + col_.column.name + " (offline)";
    s.why = "strategy: offline — one naive statement; schedule a maintenance window.";
    model::Column c = col_.column;
    s.up.push_back({fmt::format("ALTER TABLE {} ADD COLUMN {}", table_sql(table_), column_definition_sql(c)),
                    native::add_column(table_, c, false)});
    if (!backfill_.empty()) {
      s.up.push_back(Statement{fmt::format("UPDATE {} SET {} = {}", table_sql(table_), ident(c.name), backfill_)});
    }
    for (const model::Constraint* k : {&fk_, &check_, &unique_}) {
      if (!k->name.empty()) s.up.push_back(add_constraint_statement(table_, *k, false));
    }
    s.down = {{fmt::format("ALTER TABLE {} DROP COLUMN IF EXISTS {}", table_sql(table_), ident(c.name)),
               native::drop_column(table_, c.name, true)}};
    s.down_note = "values in " + display(table_) + "." + c.name + " are lost";
    return {s};
  }

  model::QualifiedName table_;
  core::SourceLocation table_where_;
  ColumnSpec col_;
  std::string backfill_;
  core::SourceLocation backfill_where_;
  bool volatile_default_ = false;
  model::Table table_before_;
  model::Constraint fk_, check_, unique_;
};

std::string AddColumn::comment_sql() const {
  return "COMMENT ON COLUMN " + table_sql(table_) + "." + ident(col_.column.name) + " IS " +
         sql::quote_literal(*col_.column.comment);
}

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("add_column", schemashift::ops::AddColumn);
