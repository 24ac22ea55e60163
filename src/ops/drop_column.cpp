// drop_column: contract only — deployed after no running code reads or writes the column.
// DROP COLUMN is catalog-only under a brief ACCESS EXCLUSIVE lock. The down recreates the
// structure (column, its indexes and constraints); the data cannot come back.
#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/column_simple.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "sql/quote.hpp"
#include "ops/names.hpp"
#include "ops/sql_fragments.hpp"
#include "ops/constraint_statements.hpp"
#include "ops/checks.hpp"

namespace schemashift::ops {
namespace {

class DropColumn final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<DropColumn>();
    return op->ref_.read(r) ? std::move(op) : nullptr;
  }
  std::string name() const override { return "drop_column"; }
  std::string summary() const override { return "drop column " + ref_.qualified(); }
  std::string label() const override { return "drop_" + ref_.table.name + "_" + ref_.column; }
  std::vector<model::QualifiedName> tables() const override { return {ref_.table}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = nullptr;
    model::Column* c = ref_.resolve(schema, diags, &t);
    if (!c) return false;
    for (const auto& [table, fk] : schema.referencing(ref_.table, ref_.column)) {
      diags.error("column-referenced", ref_.column_where,
                  "column '" + ref_.qualified() + "' is referenced by foreign key '" + fk->name + "' on '" +
                      display(table->name) + "'",
                  "drop that foreign key first (drop_constraint)");
      return false;
    }
    column_ = *c;
    schema.freed_at_contract.insert(column_name_key(ref_.table, ref_.column));
    // Constraints and indexes that involve the column disappear with it.
    for (const auto& k : t->constraints) {
      if (std::find(k.columns.begin(), k.columns.end(), ref_.column) == k.columns.end()) continue;
      constraints_.push_back(k);
      schema.freed_at_contract.insert(constraint_name_key(ref_.table, k.name));
      if (!k.index_name.empty()) schema.freed_at_contract.insert(relation_name_key(sibling(ref_.table, k.index_name)));
    }
    for (const model::Index* ix : schema.indexes_of(ref_.table)) {
      if (!ix->mentions_column(ref_.column) || ix->backs_constraint) continue;
      indexes_.push_back(*ix);
      schema.freed_at_contract.insert(relation_name_key(sibling(ref_.table, ix->name)));
    }
    t->columns.erase(t->columns.begin() + (c - t->columns.data()));
    t->constraints.erase(std::remove_if(t->constraints.begin(), t->constraints.end(),
                                        [&](const model::Constraint& k) {
                                          return std::find(k.columns.begin(), k.columns.end(), ref_.column) !=
                                                 k.columns.end();
                                        }),
                         t->constraints.end());
    for (const auto& ix : indexes_) schema.indexes.erase(sibling(ref_.table, ix.name).key());
    for (const auto& k : constraints_) {
      if (!k.index_name.empty()) schema.indexes.erase(sibling(ref_.table, k.index_name).key());
    }
    return true;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    Step s;
    s.phase = Phase::Contract;
    s.table = ref_.table;
    s.offline = false;
    s.title = "Drop column " + ref_.qualified();
    s.why = "Catalog only (the space is reclaimed later by normal writes and VACUUM), under a brief ACCESS "
            "EXCLUSIVE lock. Contract phase: deploy only after no running application version uses the column.";
    s.up = {{fmt::format("ALTER TABLE {} DROP COLUMN IF EXISTS {}", table_sql(ref_.table), ident(ref_.column)),
             native::drop_column(ref_.table, ref_.column, true)}};
    model::Column restored = column_;
    // Re-added nullable: the old values cannot come back, so NOT NULL could not hold.
    const bool was_not_null = !restored.nullable;
    if (!restored.default_sql) restored.nullable = true;
    s.down = {{fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {}", table_sql(ref_.table),
                           column_definition_sql(restored)),
               native::add_column(ref_.table, restored, true)}};
    if (column_.comment) {
      s.down.push_back({"COMMENT ON COLUMN " + table_sql(ref_.table) + "." + ident(ref_.column) + " IS " +
                            sql::quote_literal(*column_.comment),
                        native::set_column_comment(ref_.table, ref_.column, column_.comment)});
    }
    for (const auto& k : constraints_) s.down.push_back(add_constraint_statement(ref_.table, k, false));
    for (const auto& ix : indexes_) s.down.push_back({index_sql(ix, false, true), native::create_index(ix, false, true)});
    s.down_note = "DATA LOSS: the values of " + ref_.qualified() +
                  " cannot come back; the down only recreates the column" +
                  (was_not_null && !column_.default_sql ? " (nullable, since its old values are gone)" : "") +
                  ". Take a backup (pg_dump -t " + display(ref_.table) + ") before the contract phase.";
    s.rerunnable = true;
    (void)ctx;
    return {s};
  }

  std::vector<Check> preflight() const override {
    return {{"backup of " + ref_.qualified() + " taken (the drop cannot be undone)",
             fmt::format("SELECT count(*) AS rows_with_values FROM {} WHERE {} IS NOT NULL", table_sql(ref_.table),
                         ident(ref_.column)),
             Expect::Report}};
  }
  std::vector<Check> verify(const Context& ctx) const override {
    return {column_absent_check(ctx.final_table(ref_.table), ref_.column)};
  }
  void describe(Impact& impact) const override {
    impact.modified_tables[display(ref_.table)].push_back("-" + ref_.column);
    impact.dropped.push_back("column " + ref_.qualified());
  }

 private:
  ColumnRef ref_;
  model::Column column_;
  std::vector<model::Constraint> constraints_;
  std::vector<model::Index> indexes_;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("drop_column", schemashift::ops::DropColumn);
