// drop_constraint: contract phase (the application may rely on the constraint until it
// has been changed). DROP CONSTRAINT is catalog-only but takes ACCESS EXCLUSIVE on the
// table, and on the referenced table too for a foreign key (postgres-facts §2). Its down
// re-adds the constraint the safe way: NOT VALID then VALIDATE for CHECK/FK.
#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "ops/names.hpp"
#include "ops/decode.hpp"
#include "ops/lookups.hpp"
#include "ops/constraint_statements.hpp"
#include "ops/checks.hpp"

namespace schemashift::ops {
namespace {

class DropConstraint final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<DropConstraint>();
    bool ok = true;
    if (auto t = read_table(r)) op->table_ = *t; else ok = false;
    op->table_where_ = r.where("table");
    if (auto n = r.string("name", true)) op->name_ = *n; else ok = false;
    op->name_where_ = r.where("name");
    return ok ? std::move(op) : nullptr;
  }

  std::string name() const override { return "drop_constraint"; }
  std::string summary() const override { return "drop constraint " + name_ + " on " + display(table_); }
  std::string label() const override { return "drop_" + name_; }
  std::vector<model::QualifiedName> tables() const override { return {table_}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = require_table(schema, table_, table_where_, diags);
    if (!t) return false;
    const model::Constraint* c = t->find_constraint(name_);
    if (!c) {
      std::vector<std::string> names;
      for (const auto& k : t->constraints) names.push_back(k.name);
      const std::string near = core::closest_match(name_, names);
      diags.error("unknown-constraint", name_where_,
                  "constraint '" + name_ + "' does not exist on '" + display(table_) + "'",
                  near.empty() ? "constraints: " + core::join(names, ", ") : "did you mean '" + near + "'?");
      return false;
    }
    if (c->kind == model::ConstraintKind::PrimaryKey || c->kind == model::ConstraintKind::Unique) {
      for (const auto& [tk, other] : schema.tables) {
        for (const auto& fk : other.constraints) {
          if (fk.kind == model::ConstraintKind::ForeignKey && fk.references && fk.references->table == table_ &&
              fk.references->columns == c->columns) {
            diags.error("constraint-in-use", name_where_,
                        "foreign key '" + fk.name + "' on '" + display(other.name) + "' depends on '" + name_ + "'",
                        "drop that foreign key first");
            return false;
          }
        }
      }
    }
    dropped_ = *c;
    schema.freed_at_contract.insert(constraint_name_key(table_, name_));
    if (!c->index_name.empty()) schema.freed_at_contract.insert(relation_name_key(sibling(table_, c->index_name)));
    t->constraints.erase(t->constraints.begin() + (c - t->constraints.data()));
    if (!dropped_.index_name.empty()) schema.indexes.erase(sibling(table_, dropped_.index_name).key());
    return true;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    // A later rename_table has renamed the table by then (its old name is a view).
    const model::QualifiedName table = ctx.table_in(table_, Phase::Contract);
    // Its down re-adds the constraint then, so a foreign key must reference the renamed table
    // too (a view cannot be referenced).
    model::Constraint restored = dropped_;
    if (restored.references) restored.references->table = ctx.table_in(restored.references->table, Phase::Contract);
    Step s;
    s.phase = Phase::Contract;
    s.table = table;
    s.offline = false;
    s.title = "Drop constraint " + name_ + " on " + display(table);
    s.why = "Catalog only, but under ACCESS EXCLUSIVE (also on the referenced table for a foreign key): "
            "lock_timeout keeps it from queueing in front of application queries.";
    s.up = {{"ALTER TABLE " + table_sql(table) + " DROP CONSTRAINT IF EXISTS " + ident(name_),
             native::drop_constraint(table, name_, dropped_.kind, true)}};
    const bool recheck = dropped_.kind == model::ConstraintKind::Check ||
                         dropped_.kind == model::ConstraintKind::ForeignKey;
    s.down = {add_constraint_statement(table, restored, recheck)};
    if (recheck && dropped_.validated) {
      s.down.push_back({"ALTER TABLE " + table_sql(table) + " VALIDATE CONSTRAINT " + ident(name_),
                        native::validate_constraint(table, name_, dropped_.kind)});
    }
    s.rerunnable = true;
    return {s};
  }

  std::vector<Check> verify(const Context& ctx) const override {
    const model::QualifiedName table = ctx.final_table(table_);
    return {{"constraint " + name_ + " is gone from " + display(table),
             "SELECT NOT (" + constraint_check(table, name_, false).sql.substr(7) + ")", Expect::True,
             CheckAt::FirstStep, constraint_fact(table, name_), {table_fact(table)}}};
  }
  void describe(Impact& impact) const override { impact.dropped.push_back("constraint " + name_ + " on " + display(table_)); }

 private:
  model::QualifiedName table_;
  core::SourceLocation table_where_, name_where_;
  std::string name_;
  model::Constraint dropped_;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("drop_constraint", schemashift::ops::DropConstraint);
