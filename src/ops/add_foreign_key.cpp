// add_foreign_key: ADD CONSTRAINT ... NOT VALID (SHARE ROW EXCLUSIVE on both tables, but
// no scan, so milliseconds) in expand, then VALIDATE CONSTRAINT in its own migration
// (SHARE UPDATE EXCLUSIVE + ROW SHARE on the referenced table: traffic continues).
// postgres-facts §2, "Add FK".
#include <algorithm>

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

namespace schemashift::ops {
namespace {

class AddForeignKey final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics& diags) {
    auto op = std::make_unique<AddForeignKey>();
    bool ok = true;
    if (auto t = read_table(r)) op->table_ = *t; else ok = false;
    op->table_where_ = r.where("table");
    if (auto c = r.string_list("columns", true)) op->fk_.columns = *c; else ok = false;
    for (std::size_t i = 0; i < op->fk_.columns.size(); ++i) op->column_wheres_.push_back(r.where("columns", i));
    if (auto ref = read_foreign_key(r, diags, &op->ref_at_)) op->fk_.references = *ref; else ok = false;
    op->ref_where_ = r.where("references");
    if (auto n = r.string("name")) op->fk_.name = *n;
    op->fk_.kind = model::ConstraintKind::ForeignKey;
    return ok ? std::move(op) : nullptr;
  }

  std::string name() const override { return "add_foreign_key"; }
  std::string summary() const override {
    return fmt::format("add foreign key {}({}) → {}({})", display(table_), core::join(fk_.columns, ", "),
                       display(fk_.references->table), core::join(fk_.references->columns, ", "));
  }
  std::string label() const override { return "fk_" + fk_.name; }
  std::vector<model::QualifiedName> tables() const override { return {table_, fk_.references->table}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = require_table(schema, table_, table_where_, diags);
    if (!t) return false;
    bool ok = true;
    for (std::size_t i = 0; i < fk_.columns.size(); ++i) {
      const std::string& c = fk_.columns[i];
      if (!t->find_column(c)) { require_column(*t, c, column_wheres_[i], diags); ok = false; }
    }
    if (!ok) return false;
    if (fk_.name.empty()) fk_.name = free_default_name(schema, table_, fk_.columns, "fkey", model::NameSpace::Constraint);
    if (!require_new_constraint_name(schema, table_, fk_.name, where, diags)) return false;
    if (!check_fk_target(schema, *t, fk_.columns, *fk_.references, ref_where_, diags, &ref_at_)) return false;
    const auto among = [](const std::vector<std::string>& cols) {
      return [&cols](const std::string& c) { return std::find(cols.begin(), cols.end(), c) != cols.end(); };
    };
    const model::Table* target = schema.find_table(fk_.references->table);
    contract_why_ = after_swap_reason(*t, among(fk_.columns));
    if (contract_why_.empty() && target) contract_why_ = after_swap_reason(*target, among(fk_.references->columns));
    if (contract_why_.empty()) contract_why_ = reused_name_reason(schema, constraint_name_key(table_, fk_.name), fk_.name);
    table_is_new_ = t->created_in_change;
    // Without an index on the referencing columns every DELETE on the referenced table
    // scans this one: worth a warning, not an error.
    indexed_ = false;
    for (const model::Index* ix : schema.indexes_of(table_)) {
      if (!ix->elements.empty() && ix->elements.front().column == fk_.columns.front()) indexed_ = true;
    }
    if (!indexed_) {
      diags.warning("fk-without-index", where,
                    "no index on " + display(table_) + "(" + core::join(fk_.columns, ", ") +
                        "): deletes and key updates on " + display(fk_.references->table) + " will scan " +
                        display(table_),
                    "add an add_index operation on those columns before this one");
    }
    t->constraints.push_back(fk_);
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
      s.title = "Add foreign key " + fk_.name;
      s.why = table_is_new_ ? "The table is new and empty: validating costs nothing."
                            : "strategy: offline — validates under SHARE ROW EXCLUSIVE, blocking writes on both tables.";
      s.up = {add_constraint_statement(table_, fk_, false)};
      s.down = {drop_constraint_statement(table_, fk_.name, fk_.kind)};
      return {s};
    }
    return not_valid_then_validate(
        ctx, table_, fk_, "foreign key",
        "NOT VALID skips the scan: both tables are locked for milliseconds, and new rows are checked from now on.",
        "VALIDATE scans " + display(table_) +
            " under SHARE UPDATE EXCLUSIVE (ROW SHARE on the referenced table): reads and writes continue.");
  }

  std::vector<Check> preflight() const override {
    if (table_is_new_) return {};
    std::vector<std::string> join, not_null;
    for (std::size_t i = 0; i < fk_.columns.size(); ++i) {
      join.push_back("p." + ident(fk_.references->columns[i]) + " = c." + ident(fk_.columns[i]));
      not_null.push_back("c." + ident(fk_.columns[i]) + " IS NOT NULL");
    }
    return {{"no orphans: every " + display(table_) + "(" + core::join(fk_.columns, ", ") + ") has a parent",
             fmt::format("SELECT count(*) AS orphans FROM {} c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})",
                         table_sql(table_), core::join(not_null, " AND "), table_sql(fk_.references->table),
                         core::join(join, " AND ")),
             Expect::Zero, CheckAt::LastStep}};
  }
  std::vector<Check> verify(const Context& ctx) const override {
    return {constraint_check(ctx.final_table(table_), fk_.name, true)};
  }
  void describe(Impact& impact) const override {
    impact.constraints.push_back(fmt::format("FK: {}.{} → {}.{} (ON DELETE {})", display(table_),
                                             core::join(fk_.columns, ","), display(fk_.references->table),
                                             core::join(fk_.references->columns, ","),
                                             model::fk_action_sql(fk_.references->on_delete)));
  }

 private:
  model::QualifiedName table_;
  core::SourceLocation table_where_, ref_where_;
  std::vector<core::SourceLocation> column_wheres_;  // one per `columns` item
  ReferenceLocations ref_at_;
  model::Constraint fk_;
  bool table_is_new_ = false;
  std::string contract_why_;  // why the steps wait for the contract phase; "" when they do not
  bool indexed_ = false;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("add_foreign_key", schemashift::ops::AddForeignKey);
