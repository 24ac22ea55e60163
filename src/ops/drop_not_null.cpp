// drop_not_null: catalog only (brief ACCESS EXCLUSIVE). Expand phase: relaxing a
// constraint never breaks running code. Its down re-tightens through the CHECK recipe.
#include <fmt/format.h>

#include "ops/column_simple.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "ops/names.hpp"
#include "ops/checks.hpp"

namespace schemashift::ops {
namespace {

class DropNotNull final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<DropNotNull>();
    return op->ref_.read(r) ? std::move(op) : nullptr;
  }
  std::string name() const override { return "drop_not_null"; }
  std::string summary() const override { return "drop NOT NULL on " + ref_.qualified(); }
  std::string label() const override { return "nullable_" + ref_.table.name + "_" + ref_.column; }
  std::vector<model::QualifiedName> tables() const override { return {ref_.table}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = nullptr;
    model::Column* c = ref_.resolve(schema, diags, &t);
    if (!c) return false;
    if (c->nullable) {
      diags.error("already-nullable", ref_.column_where, "column '" + ref_.qualified() + "' is already nullable");
      return false;
    }
    if (const model::Constraint* pk = t->primary_key()) {
      for (const auto& k : pk->columns) {
        if (k == ref_.column) {
          diags.error("primary-key-column", ref_.column_where,
                      "column '" + ref_.qualified() + "' is part of the primary key and cannot be nullable");
          return false;
        }
      }
    }
    c->nullable = true;
    column_after_ = *c;
    return true;
  }

  std::vector<Step> steps(const Context&) const override {
    Step s;
    s.phase = Phase::Expand;
    s.table = ref_.table;
    s.title = "DROP NOT NULL on " + ref_.qualified();
    s.why = "Catalog only: a brief ACCESS EXCLUSIVE lock, no scan.";
    s.up = {{fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL", table_sql(ref_.table), ident(ref_.column)),
             native::drop_not_null(ref_.table, ref_.column)}};
    // Rolling back scans the table under ACCESS EXCLUSIVE (and fails if NULLs were written
    // meanwhile): said plainly rather than hidden.
    s.down = {{fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", table_sql(ref_.table), ident(ref_.column)),
               native::set_not_null(ref_.table, ref_.column)}};
    s.down_note = "SET NOT NULL scans " + display(ref_.table) +
                  " under ACCESS EXCLUSIVE and fails if NULLs were written since; fill them first";
    s.rerunnable = true;
    return {s};
  }
  std::vector<Check> verify(const Context& ctx) const override {
    return {column_check(ctx.final_table(ref_.table), column_after_)};
  }
  void describe(Impact& impact) const override {
    impact.modified_tables[display(ref_.table)].push_back("~" + ref_.column + " DROP NOT NULL");
  }

 private:
  ColumnRef ref_;
  model::Column column_after_;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("drop_not_null", schemashift::ops::DropNotNull);
