// add_index: CREATE INDEX CONCURRENTLY (SHARE UPDATE EXCLUSIVE: reads and writes go on),
// in a migration of its own because it cannot run inside a transaction block. IF NOT
// EXISTS makes a retry after a lost connection succeed. On a table created in the same
// change there is nothing to wait for, so a plain CREATE INDEX is used.
#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "ops/names.hpp"
#include "ops/shadow_column.hpp"
#include "ops/recipes.hpp"
#include "ops/decode.hpp"
#include "ops/lookups.hpp"
#include "ops/sql_fragments.hpp"
#include "ops/checks.hpp"
#include "sql/parser.hpp"
#include "sql/quote.hpp"

namespace schemashift::ops {
namespace {

class AddIndex final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics& diags) {
    auto op = std::make_unique<AddIndex>();
    bool ok = true;
    if (auto t = read_table(r)) op->ix_.table = *t; else ok = false;
    op->table_where_ = r.where("table");
    if (auto n = r.string("name")) op->ix_.name = *n;
    op->name_where_ = r.where("name");
    if (const core::Node* cols = r.node("columns", true)) ok &= op->read_elements(*cols, diags); else ok = false;
    if (auto u = r.boolean("unique")) op->ix_.unique = *u;
    if (auto w = r.string("where")) {
      op->ix_.where_sql = core::trim(*w);
      std::string error;
      if (!sql::parse_statement("SELECT 1 WHERE " + op->ix_.where_sql, &error)) {
        r.error("where", "`where` is not a SQL condition: " + error);
        ok = false;
      }
    }
    if (auto m = r.choice("method", {"btree", "hash", "gist", "gin", "spgist", "brin"})) op->ix_.method = *m;
    if (auto inc = r.string_list("include")) op->ix_.include = *inc;
    for (std::size_t i = 0; i < op->ix_.include.size(); ++i) op->include_wheres_.push_back(r.where("include", i));
    return ok ? std::move(op) : nullptr;
  }

  std::string name() const override { return "add_index"; }
  std::string summary() const override {
    return fmt::format("add {}index {} on {} ({})", ix_.unique ? "unique " : "", ix_.name, display(ix_.table),
                       index_elements_sql(ix_));
  }
  std::string label() const override { return "index_" + ix_.name; }
  std::vector<model::QualifiedName> tables() const override { return {ix_.table}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = require_table(schema, ix_.table, table_where_, diags);
    if (!t) return false;
    bool ok = true;
    std::vector<std::string> cols;
    for (std::size_t i = 0; i < ix_.elements.size(); ++i) {
      const model::IndexElement& e = ix_.elements[i];
      if (e.column.empty()) continue;
      cols.push_back(e.column);
      if (!t->find_column(e.column)) { require_column(*t, e.column, element_wheres_[i], diags); ok = false; }
    }
    for (std::size_t i = 0; i < ix_.include.size(); ++i) {
      const std::string& c = ix_.include[i];
      if (!t->find_column(c)) { require_column(*t, c, include_wheres_[i], diags); ok = false; }
    }
    if (ix_.name.empty()) {
      // PostgreSQL's own choice for an unnamed index: table_col1_col2_idx (or _expr_idx).
      ix_.name = default_name(ix_.table, cols.empty() ? std::vector<std::string>{"expr"} : cols, "idx");
    }
    if (!require_new_relation_name(schema, sibling(ix_.table, ix_.name), name_where_.known() ? name_where_ : where,
                                   diags)) {
      return false;
    }
    if (!ok) return false;
    contract_why_ = after_swap_reason(*t, [&](const std::string& c) { return ix_.mentions_column(c); });
    if (contract_why_.empty()) contract_why_ = reused_name_reason(schema, relation_name_key(sibling(ix_.table, ix_.name)), ix_.name);
    table_is_new_ = t->created_in_change;
    schema.indexes[sibling(ix_.table, ix_.name).key()] = ix_;
    return true;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    return contract_why_.empty() ? planned_steps(ctx) : in_contract_phase(planned_steps(ctx), contract_why_);
  }

  std::vector<Step> planned_steps(const Context& ctx) const {
    Step s;
    s.phase = Phase::Expand;
    s.table = ix_.table;
    const model::QualifiedName qualified = sibling(ix_.table, ix_.name);
    if (table_is_new_ || ctx.offline()) {
      s.title = "Create index " + ix_.name;
      s.up = {{index_sql(ix_, false, true), native::create_index(ix_, false, true)}};
      s.down = {{"DROP INDEX IF EXISTS " + table_sql(qualified), native::drop_index(qualified, ix_.table, false, true)}};
      s.why = table_is_new_ ? "The table is new in this change: it is empty and unused, so a plain build is instant."
                            : "strategy: offline — a plain CREATE INDEX blocks writes for the whole build.";
      s.offline = ctx.offline() && !table_is_new_;
      s.rerunnable = true;
      return {s};
    }
    s.kind = StepKind::ConcurrentIndex;
    s.title = "Build index " + ix_.name + " concurrently";
    s.up = {{index_sql(ix_, true, true), native::create_index(ix_, true, true)}};
    s.down = {{"DROP INDEX CONCURRENTLY IF EXISTS " + table_sql(qualified),
               native::drop_index(qualified, ix_.table, true, true)}};
    s.transactional = false;
    s.long_running = true;
    s.rerunnable = true;
    s.why = "CONCURRENTLY takes SHARE UPDATE EXCLUSIVE: reads and writes continue during the build. "
            "If it fails it leaves an INVALID index: drop it (DROP INDEX CONCURRENTLY) and re-run.";
    return {s};
  }

  std::vector<Check> preflight() const override {
    std::vector<Check> c;
    if (!table_is_new_) {
      c.push_back({"no leftover INVALID index " + ix_.name + " from an earlier failed attempt",
                   "SELECT indexrelid::regclass AS invalid_index FROM pg_index WHERE indexrelid = to_regclass(" +
                       sql::quote_literal(table_sql(sibling(ix_.table, ix_.name))) + ") AND NOT indisvalid",
                   Expect::NoRows});
    }
    if (ix_.unique && !table_is_new_) {
      std::vector<std::string> cols;
      for (const auto& e : ix_.elements) cols.push_back(e.column.empty() ? "(" + e.expression + ")" : ident(e.column));
      c.push_back(duplicates_check("no duplicates that would fail the unique index", ix_.table, cols, ix_.where_sql));
    }
    return c;
  }

  std::vector<Check> verify(const Context&) const override { return {index_check(sibling(ix_.table, ix_.name), true)}; }

  void describe(Impact& impact) const override {
    impact.indexes.push_back(fmt::format("{}{} on {} ({}){}", ix_.unique ? "unique " : "", ix_.name,
                                         display(ix_.table), index_elements_sql(ix_),
                                         ix_.where_sql.empty() ? "" : " WHERE " + ix_.where_sql));
  }

 private:
  bool read_elements(const core::Node& n, core::Diagnostics& diags) {
    if (!n.is_sequence() || n.items.empty()) {
      diags.error("wrong-type", n.where, "`columns` must be a non-empty list",
                  "e.g. `columns: [email]` or `columns: [{expr: \"lower(email)\"}]`");
      return false;
    }
    bool ok = true;
    for (const auto& item : n.items) {
      model::IndexElement e;
      core::SourceLocation column_where = item.where;  // the item, or its `column:` value
      if (item.is_scalar()) {
        e.column = item.scalar;
      } else {
        spec::FieldReader r(item, "index column", diags);
        if (!r.ok()) { ok = false; continue; }
        auto col = r.string("column");
        auto expr = r.string("expr");
        if (col.has_value() == expr.has_value()) {
          diags.error("invalid-value", item.where, "an index element needs exactly one of `column` or `expr`");
          ok = false;
        }
        if (col) e.column = *col;
        column_where = r.where("column");
        if (expr) {
          e.expression = core::trim(*expr);
          std::string error;
          if (!sql::parse_statement("SELECT " + e.expression, &error)) {
            r.error("expr", "`expr` is not a SQL expression: " + error);
            ok = false;
          }
        }
        if (auto o = r.choice("order", {"asc", "desc"})) e.descending = *o == "desc";
        if (auto nl = r.choice("nulls", {"first", "last"})) e.nulls = *nl;
        if (auto oc = r.string("opclass")) e.opclass = *oc;
        r.finish();
        ok &= r.ok();
      }
      ix_.elements.push_back(e);
      element_wheres_.push_back(column_where);
    }
    return ok;
  }

  model::Index ix_;
  core::SourceLocation table_where_, name_where_;
  std::vector<core::SourceLocation> element_wheres_;  // one per element of ix_.elements
  std::vector<core::SourceLocation> include_wheres_;  // one per `include` item
  bool table_is_new_ = false;
  std::string contract_why_;  // why the steps wait for the contract phase; "" when they do not
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("add_index", schemashift::ops::AddIndex);
