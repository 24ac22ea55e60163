// set_not_null: a plain SET NOT NULL scans the whole table under ACCESS EXCLUSIVE. Instead
// (PostgreSQL 12+): batched fill of existing NULLs (when `fill` is given) -> CHECK (col IS
// NOT NULL) NOT VALID -> VALIDATE (weak lock) -> SET NOT NULL (scan skipped because the
// validated CHECK proves it) -> drop the helper CHECK. postgres-facts §2 and §3.3.
#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/column_simple.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "sql/quote.hpp"
#include "ops/names.hpp"
#include "ops/decode.hpp"
#include "ops/literal_input.hpp"
#include "ops/batched_update.hpp"
#include "ops/recipes.hpp"
#include "ops/checks.hpp"

namespace schemashift::ops {
namespace {

class SetNotNull final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<SetNotNull>();
    bool ok = op->ref_.read(r);
    bool present = false;
    if (auto f = read_value_pair(r, "fill", present)) op->fill_ = *f;
    if (!op->fill_.empty() && r.has("fill")) op->fill_literal_ = *r.node("fill");
    ok &= r.ok();
    return ok ? std::move(op) : nullptr;
  }

  std::string name() const override { return "set_not_null"; }
  std::string summary() const override { return "set NOT NULL on " + ref_.qualified(); }
  std::string label() const override { return "not_null_" + ref_.table.name + "_" + ref_.column; }
  std::vector<model::QualifiedName> tables() const override { return {ref_.table}; }
  // Every shape of this operation sets NOT NULL in the migrate phase.
  std::optional<std::pair<model::QualifiedName, std::string>> not_null_after_expand() const override {
    return std::make_pair(ref_.table, ref_.column);
  }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = nullptr;
    model::Column* c = ref_.resolve(schema, diags, &t);
    if (!c) return false;
    if (fill_literal_ && !check_literal_for_type(*fill_literal_, c->type, schema, pg_version, diags)) return false;
    if (!c->nullable) {
      diags.error("already-not-null", ref_.column_where, "column '" + ref_.qualified() + "' is already NOT NULL");
      return false;
    }
    if (!fill_.empty() && !t->primary_key()) {
      diags.error("backfill-needs-primary-key", ref_.column_where,
                  "table '" + display(ref_.table) + "' has no primary key, so NULLs cannot be filled in batches",
                  "add a primary key first, or fill the NULLs with a `sql` operation");
      return false;
    }
    table_before_ = *t;
    table_before_.name = ref_.table;  // keep the spec's spelling
    table_is_new_ = t->created_in_change;
    c->nullable = false;
    column_after_ = *c;
    return true;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    const std::string t = table_sql(ref_.table), col = ident(ref_.column);
    if (table_is_new_ || ctx.offline()) {
      Step s;
      s.phase = Phase::Migrate;
      s.table = ref_.table;
      s.offline = ctx.offline() && !table_is_new_;
      s.title = "SET NOT NULL on " + ref_.qualified();
      s.why = table_is_new_ ? "The table is new and empty: nothing to scan."
                            : "strategy: offline — scans the whole table under ACCESS EXCLUSIVE.";
      if (!fill_.empty()) {
        s.up.push_back(Statement{fmt::format("UPDATE {} SET {} = {} WHERE {} IS NULL", t, col, fill_, col)});
      }
      s.up.push_back({fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", t, col),
                      native::set_not_null(ref_.table, ref_.column)});
      s.down = {{fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL", t, col),
                 native::drop_not_null(ref_.table, ref_.column)}};
      if (!fill_.empty()) s.down_note = "NULLs replaced by the fill value are not restored";
      return {s};
    }
    std::vector<Step> steps;
    if (!fill_.empty()) {
      Step fill;
      fill.phase = Phase::Migrate;
      fill.kind = StepKind::Backfill;
      fill.table = ref_.table;
      fill.title = "Fill NULLs in " + ref_.qualified() + " in batches";
      fill.why = "One short transaction per batch; the NOT NULL steps below need every row filled.";
      fill.up = {Statement{batched_update_sql(table_before_, {{ref_.column, fill_}}, col + " IS NULL",
                                              ctx.settings().batch_size, ctx.settings(), ref_.qualified())}};
      fill.transactional = false;
      fill.long_running = true;
      fill.rerunnable = true;
      fill.down_note = "NULLs replaced by the fill value are not restored (the original NULLs are not recorded)";
      steps.push_back(fill);
    }
    for (auto& s : not_null_steps(ctx, ref_.table, ref_.column, Phase::Migrate)) steps.push_back(s);
    return steps;
  }

  std::vector<Check> preflight() const override {
    return {{fill_.empty() ? "no NULLs left in " + ref_.qualified() + " (otherwise VALIDATE fails)"
                           : "NULLs in " + ref_.qualified() + " that the fill will replace",
             fmt::format("SELECT count(*) AS null_rows FROM {} WHERE {} IS NULL", table_sql(ref_.table),
                         ident(ref_.column)),
             fill_.empty() ? Expect::Zero : Expect::Report, CheckAt::LastStep}};
  }
  std::vector<Check> verify(const Context& ctx) const override {
    return {column_check(ctx.final_table(ref_.table), column_after_)};
  }
  void describe(Impact& impact) const override {
    impact.modified_tables[display(ref_.table)].push_back("~" + ref_.column + " SET NOT NULL");
  }

 private:
  ColumnRef ref_;
  std::optional<core::Node> fill_literal_;  // `fill:` as written, checked against the column's type
  std::string fill_;
  model::Table table_before_;
  model::Column column_after_;
  bool table_is_new_ = false;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("set_not_null", schemashift::ops::SetNotNull);
