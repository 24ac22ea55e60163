// add_check: ADD CONSTRAINT ... CHECK ... NOT VALID (brief ACCESS EXCLUSIVE, no scan),
// then VALIDATE CONSTRAINT under SHARE UPDATE EXCLUSIVE in its own migration.
#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/operation.hpp"
#include "ops/names.hpp"
#include "ops/shadow_column.hpp"
#include "ops/decode.hpp"
#include "ops/lookups.hpp"
#include "ops/constraint_statements.hpp"
#include "ops/recipes.hpp"
#include "ops/checks.hpp"
#include "sql/parser.hpp"

namespace schemashift::ops {
namespace {

class AddCheck final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<AddCheck>();
    bool ok = true;
    if (auto t = read_table(r)) op->table_ = *t; else ok = false;
    op->table_where_ = r.where("table");
    if (auto e = r.string("expr", true)) {
      op->check_.check_sql = core::trim(*e);
      std::string error;
      if (!sql::parse_statement("SELECT 1 WHERE " + op->check_.check_sql, &error)) {
        r.error("expr", "`expr` is not a SQL condition: " + error);
        ok = false;
      }
    } else {
      ok = false;
    }
    if (auto n = r.string("name")) op->check_.name = *n;
    op->check_.kind = model::ConstraintKind::Check;
    return ok ? std::move(op) : nullptr;
  }

  std::string name() const override { return "add_check"; }
  std::string summary() const override { return "add check " + check_.name + " on " + display(table_); }
  std::string label() const override { return "check_" + check_.name; }
  std::vector<model::QualifiedName> tables() const override { return {table_}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = require_table(schema, table_, table_where_, diags);
    if (!t) return false;
    if (check_.name.empty()) check_.name = free_default_name(schema, table_, {}, "check", model::NameSpace::Constraint);
    if (!require_new_constraint_name(schema, table_, check_.name, where, diags)) return false;
    contract_why_ = after_swap_reason(*t, [&](const std::string& c) { return model::expression_mentions(check_.check_sql, c); });
    if (contract_why_.empty()) contract_why_ = reused_name_reason(schema, constraint_name_key(table_, check_.name), check_.name);
    table_is_new_ = t->created_in_change;
    t->constraints.push_back(check_);
    return true;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    return contract_why_.empty() ? planned_steps(ctx) : in_contract_phase(planned_steps(ctx), contract_why_);
  }

  std::vector<Step> planned_steps(const Context& ctx) const {
    if (table_is_new_ || ctx.offline()) {
      Step s;
      s.phase = Phase::Expand;
      s.table = table_;
      s.offline = ctx.offline() && !table_is_new_;
      s.title = "Add check " + check_.name;
      s.why = table_is_new_ ? "The table is new and empty: validating costs nothing."
                            : "strategy: offline — scans the table under ACCESS EXCLUSIVE.";
      s.up = {add_constraint_statement(table_, check_, false)};
      s.down = {drop_constraint_statement(table_, check_.name, check_.kind)};
      return {s};
    }
    return not_valid_then_validate(
        ctx, table_, check_, "check",
        "NOT VALID skips the scan under ACCESS EXCLUSIVE; inserts and updates are checked from now on.",
        "VALIDATE scans under SHARE UPDATE EXCLUSIVE: reads and writes continue.");
  }

  std::vector<Check> preflight() const override {
    if (table_is_new_) return {};
    return {{"no existing row violates " + check_.name,
             fmt::format("SELECT count(*) AS violating_rows FROM {} WHERE NOT ({})", table_sql(table_),
                         check_.check_sql),
             Expect::Zero, CheckAt::LastStep}};
  }
  std::vector<Check> verify(const Context& ctx) const override {
    return {constraint_check(ctx.final_table(table_), check_.name, true)};
  }
  void describe(Impact& impact) const override {
    impact.constraints.push_back("CHECK: " + display(table_) + " " + check_.check_sql);
  }

 private:
  model::QualifiedName table_;
  core::SourceLocation table_where_;
  model::Constraint check_;
  bool table_is_new_ = false;
  std::string contract_why_;  // why the steps wait for the contract phase; "" when they do not
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("add_check", schemashift::ops::AddCheck);
