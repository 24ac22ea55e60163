// set_default / drop_default: catalog only, affect future INSERTs only (existing rows keep
// their values, postgres-facts §2). Brief ACCESS EXCLUSIVE under a short lock_timeout.
#include <fmt/format.h>

#include "ops/column_simple.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "sql/quote.hpp"
#include "ops/checks.hpp"
#include "ops/names.hpp"
#include "ops/decode.hpp"
#include "ops/literal_input.hpp"
#include "ops/recipes.hpp"

namespace schemashift::ops {
namespace {

class ColumnDefault : public Operation {
 protected:
  ColumnRef ref_;
  std::optional<std::string> before_, after_;
  std::optional<core::Node> literal_;  // `default:` as written, checked against the column's type
  std::string contract_why_;  // why the step waits for the contract phase; "" when it does not

  bool change(model::Schema& schema, core::Diagnostics& diags) {
    // After an online type change of the column, the default is set on the converted
    // column once it is swapped in (the swap carries the old default over first).
    model::Column* c = ref_.resolve(schema, diags, nullptr, &contract_why_);
    if (!c) return false;
    if (literal_ && !check_literal_for_type(*literal_, c->type, schema, pg_version, diags)) return false;
    before_ = c->default_sql;
    c->default_sql = after_;
    return true;
  }
  static Statement statement(const ColumnRef& r, const std::optional<std::string>& value) {
    if (value) {
      return {fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}", table_sql(r.table), ident(r.column), *value),
              native::set_default(r.table, r.column, *value)};
    }
    return {fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT", table_sql(r.table), ident(r.column)),
            native::drop_default(r.table, r.column)};
  }

 public:
  std::vector<model::QualifiedName> tables() const override { return {ref_.table}; }
  std::vector<Step> steps(const Context&) const override {
    Step s;
    s.phase = Phase::Expand;
    s.table = ref_.table;
    s.title = (after_ ? "SET DEFAULT " + *after_ : std::string("DROP DEFAULT")) + " on " + ref_.qualified();
    s.why = "Catalog only; applies to rows inserted from now on, existing rows keep their values.";
    s.up = {statement(ref_, after_)};
    s.down = {statement(ref_, before_)};
    s.rerunnable = true;
    return contract_why_.empty() ? std::vector<Step>{s} : in_contract_phase({s}, contract_why_);
  }
  std::vector<Check> verify(const Context& ctx) const override {
    const model::QualifiedName table = ctx.final_table(ref_.table);
    const std::string column = display(table) + "." + ref_.column;
    const std::string att = fmt::format(
        "(SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid "
        "AND a.attnum = d.adnum WHERE d.adrelid = {}::regclass AND a.attname = {})",
        sql::quote_literal(table_sql(table)), sql::quote_literal(ref_.column));
    return {{after_ ? "column " + column + " has a default" : "column " + column + " has no default",
             after_ ? "SELECT " + att + " IS NOT NULL" : "SELECT " + att + " IS NULL", Expect::True, CheckAt::FirstStep,
             "default of " + column_fact(table, ref_.column), {column_fact(table, ref_.column)}}};
  }
  void describe(Impact& impact) const override {
    impact.modified_tables[display(ref_.table)].push_back("~" + ref_.column + (after_ ? " DEFAULT " + *after_ : " DROP DEFAULT"));
  }
};

class SetDefault final : public ColumnDefault {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<SetDefault>();
    bool ok = op->ref_.read(r);
    bool present = false;
    op->after_ = read_value_pair(r, "default", present);
    if (op->after_ && r.has("default")) op->literal_ = *r.node("default");
    if (!present) {
      r.error("default", "set_default needs `default` (a literal) or `default_expr` (SQL)");
      ok = false;
    }
    return ok && op->after_ ? std::move(op) : nullptr;
  }
  std::string name() const override { return "set_default"; }
  std::string summary() const override { return "set default of " + ref_.qualified() + " to " + *after_; }
  std::string label() const override { return "default_" + ref_.table.name + "_" + ref_.column; }
  bool apply(model::Schema& s, core::Diagnostics& d) override { return change(s, d); }
};

class DropDefault final : public ColumnDefault {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<DropDefault>();
    return op->ref_.read(r) ? std::move(op) : nullptr;
  }
  std::string name() const override { return "drop_default"; }
  std::string summary() const override { return "drop default of " + ref_.qualified(); }
  std::string label() const override { return "drop_default_" + ref_.table.name + "_" + ref_.column; }
  bool apply(model::Schema& s, core::Diagnostics& d) override {
    if (!change(s, d)) return false;
    if (!before_) {
      d.error("no-default", ref_.column_where, "column '" + ref_.qualified() + "' has no default to drop");
      return false;
    }
    return true;
  }
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("set_default", schemashift::ops::SetDefault);
REGISTER_OPERATION("drop_default", schemashift::ops::DropDefault);
