// add_unique: ADD CONSTRAINT ... UNIQUE builds its index under ACCESS EXCLUSIVE for the
// whole build (postgres-facts §2). Instead: CREATE UNIQUE INDEX CONCURRENTLY (expand, own
// migration), then ADD CONSTRAINT ... UNIQUE USING INDEX (brief, catalog only).
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

class AddUnique final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<AddUnique>();
    bool ok = true;
    if (auto t = read_table(r)) op->table_ = *t; else ok = false;
    op->table_where_ = r.where("table");
    if (auto c = r.string_list("columns", true)) op->unique_.columns = *c; else ok = false;
    for (std::size_t i = 0; i < op->unique_.columns.size(); ++i) op->column_wheres_.push_back(r.where("columns", i));
    if (auto n = r.string("name")) op->unique_.name = *n;
    op->unique_.kind = model::ConstraintKind::Unique;
    return ok ? std::move(op) : nullptr;
  }

  std::string name() const override { return "add_unique"; }
  std::string summary() const override {
    return "add unique " + unique_.name + " on " + display(table_) + " (" + core::join(unique_.columns, ", ") + ")";
  }
  std::string label() const override { return "unique_" + unique_.name; }
  std::vector<model::QualifiedName> tables() const override { return {table_}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = require_table(schema, table_, table_where_, diags);
    if (!t) return false;
    bool ok = true;
    for (std::size_t i = 0; i < unique_.columns.size(); ++i) {
      const std::string& c = unique_.columns[i];
      if (!t->find_column(c)) { require_column(*t, c, column_wheres_[i], diags); ok = false; }
    }
    if (!ok) return false;
    if (unique_.name.empty()) unique_.name = free_default_name(schema, table_, unique_.columns, "key", model::NameSpace::RelationAndConstraint);
    unique_.index_name = unique_.name;
    if (!require_new_constraint_name(schema, table_, unique_.name, where, diags)) return false;
    contract_why_ = after_swap_reason(*t, [&](const std::string& c) {
      return std::find(unique_.columns.begin(), unique_.columns.end(), c) != unique_.columns.end();
    });
    if (contract_why_.empty()) contract_why_ = reused_name_reason(schema, constraint_name_key(table_, unique_.name), unique_.name);
    if (contract_why_.empty()) {
      contract_why_ = reused_name_reason(schema, relation_name_key(sibling(table_, unique_.name)), unique_.name);
    }
    table_is_new_ = t->created_in_change;
    t->constraints.push_back(unique_);
    model::Index ix = index();
    ix.backs_constraint = true;
    schema.indexes[sibling(table_, ix.name).key()] = ix;
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
      s.title = "Add unique constraint " + unique_.name;
      s.why = table_is_new_ ? "The table is new and empty: the index build is instant."
                            : "strategy: offline — builds the index under ACCESS EXCLUSIVE (reads and writes wait).";
      s.up = {add_constraint_statement(table_, unique_, false)};
      s.down = {drop_constraint_statement(table_, unique_.name, unique_.kind)};
      return {s};
    }
    return unique_via_concurrent_index(
        ctx, table_, unique_,
        "Reads and writes continue during the build. A failed build leaves an INVALID index that still "
        "enforces uniqueness: drop it (DROP INDEX CONCURRENTLY) before retrying.",
        "USING INDEX adopts the finished index: a brief ACCESS EXCLUSIVE lock, no second build.");
  }

  std::vector<Check> preflight() const override {
    if (table_is_new_) return {};
    std::vector<std::string> keys;
    for (const auto& c : unique_.columns) keys.push_back(ident(c));
    return {duplicates_check("no duplicates in " + display(table_) + " (" + core::join(unique_.columns, ", ") + ")",
                             table_, keys, "")};
  }
  std::vector<Check> verify(const Context& ctx) const override {
    return {constraint_check(ctx.final_table(table_), unique_.name, true)};
  }
  void describe(Impact& impact) const override {
    impact.constraints.push_back("UNIQUE: " + display(table_) + " (" + core::join(unique_.columns, ", ") + ")");
  }

 private:
  model::Index index() const {
    model::Index ix;
    ix.name = unique_.name;
    ix.table = table_;
    ix.unique = true;
    for (const auto& c : unique_.columns) ix.elements.push_back({c, "", false, "", ""});
    return ix;
  }

  model::QualifiedName table_;
  core::SourceLocation table_where_;
  std::vector<core::SourceLocation> column_wheres_;  // one per `columns` item
  model::Constraint unique_;
  bool table_is_new_ = false;
  std::string contract_why_;  // why the steps wait for the contract phase; "" when they do not
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("add_unique", schemashift::ops::AddUnique);
