// rename_column: a bare RENAME breaks every running query that uses the old name. Online:
// a new column kept in sync by a trigger, batched backfill, NOT NULL via CHECK if the old
// column had it, index copies; contract drops the trigger and the old column once every
// application version uses the new name (ops/shadow_column.cpp).
#include <fmt/format.h>

#include "ops/column_simple.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "ops/shadow_column.hpp"
#include "ops/names.hpp"
#include "ops/lookups.hpp"
#include "ops/checks.hpp"

namespace schemashift::ops {
namespace {

class RenameColumn final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<RenameColumn>();
    bool ok = op->ref_.read(r);
    if (auto to = r.string("to", true)) op->to_ = *to; else ok = false;
    op->to_where_ = r.where("to");
    return ok ? std::move(op) : nullptr;
  }
  std::string name() const override { return "rename_column"; }
  std::string summary() const override { return "rename column " + ref_.qualified() + " to " + to_; }
  std::string label() const override { return "rename_" + ref_.table.name + "_" + ref_.column + "_to_" + to_; }
  std::vector<model::QualifiedName> tables() const override { return {ref_.table}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = nullptr;
    model::Column* c = ref_.resolve(schema, diags, &t);
    if (!c) return false;
    if (!check_new_name(to_, to_where_, diags) || !require_absent_column(*t, to_, to_where_, diags)) return false;
    if (!require_name_free(schema, column_name_key(ref_.table, to_), "column '" + display(ref_.table) + "." + to_ + "'",
                           to_where_, diags)) {
      return false;
    }
    table_is_new_ = t->created_in_change;
    if (online() && !table_is_new_ && !check_shadow_supported(schema, *t, ref_.column, ref_.column_where, diags)) {
      return false;
    }
    plan_.table = *t;
    plan_.table.name = ref_.table;  // keep the spec's spelling
    plan_.old_column = *c;
    plan_.new_name = to_;
    plan_.new_type = c->type;
    plan_.trigger_to_new = "NEW." + ident(ref_.column);
    plan_.trigger_to_old = "NEW." + ident(to_);
    plan_.update_to_new = ident(ref_.column);
    plan_.update_to_old = ident(to_);
    plan_.old_indexes = indexes_on(schema, ref_.table, ref_.column);
    c->name = to_;
    for (auto& k : t->constraints) {
      for (auto& col : k.columns) if (col == ref_.column) col = to_;
    }
    for (auto& [key, ix] : schema.indexes) {
      if (ix.table == ref_.table) {
        for (auto& e : ix.elements) if (e.column == ref_.column) e.column = to_;
      }
    }
    // Online, the old column's indexes go with it at contract and their copies on the new
    // column are renamed to the indexes' own names there (shadow_column.cpp): the model
    // keeps each index under its name, now over the new column.
    return true;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    if (ctx.offline() || table_is_new_) {
      Step s;
      s.phase = Phase::Expand;
      s.table = ref_.table;
      s.offline = ctx.offline() && !table_is_new_;
      s.title = "Rename column " + ref_.qualified() + " to " + to_;
      s.why = table_is_new_ ? "The table is new in this change: nothing uses the old name yet."
                            : "strategy: offline — running code that uses the old name fails until it is deployed.";
      s.up = {{fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", table_sql(ref_.table), ident(ref_.column), ident(to_)),
               native::rename_column(ref_.table, ref_.column, to_, plan_.old_indexes)}};
      s.down = {{fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", table_sql(ref_.table), ident(to_), ident(ref_.column)),
                 native::rename_column(ref_.table, to_, ref_.column, plan_.old_indexes)}};
      return {s};
    }
    return shadow_column_steps(plan_, ctx);
  }

  std::vector<Check> verify(const Context& ctx) const override {
    const model::QualifiedName table = ctx.final_table(ref_.table);
    model::Column after = plan_.old_column;
    after.name = to_;
    return {column_check(table, after), column_absent_check(table, ref_.column)};
  }
  void describe(Impact& impact) const override {
    impact.modified_tables[display(ref_.table)].push_back("~" + ref_.column + " → " + to_);
  }

 private:
  ColumnRef ref_;
  std::string to_;
  core::SourceLocation to_where_;
  ShadowColumnPlan plan_;
  bool table_is_new_ = false;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("rename_column", schemashift::ops::RenameColumn);
