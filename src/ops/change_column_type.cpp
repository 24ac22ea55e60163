// change_column_type. Binary-coercible changes (varchar(n)->varchar(m>=n), varchar->text,
// numeric precision up, ...) are catalog-only: one brief ALTER (postgres-facts §3.2).
// Anything else rewrites the table under ACCESS EXCLUSIVE, so online it becomes the
// shadow-column shape with a cast, and the contract phase swaps the converted column in
// under the old name: application code never has to change.
#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/column_simple.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "ops/shadow_column.hpp"
#include "sql/parser.hpp"
#include "sql/types.hpp"
#include "ops/names.hpp"
#include "ops/lookups.hpp"
#include "ops/sync_trigger.hpp"
#include "ops/checks.hpp"

namespace schemashift::ops {
namespace {

class ChangeColumnType final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics& diags) {
    auto op = std::make_unique<ChangeColumnType>();
    bool ok = op->ref_.read(r);
    op->type_where_ = r.where("type");
    if (auto t = r.string("type", true)) {
      std::string error;
      if (auto parsed = sql::parse_type(*t, &error)) {
        op->type_ = *parsed;
      } else {
        diags.error("invalid-type", r.where("type"), "'" + *t + "' is not a PostgreSQL type: " + error);
        ok = false;
      }
    } else {
      ok = false;
    }
    for (const char* key : {"using", "reverse_using"}) {
      if (auto u = r.string(key)) {
        std::string error;
        if (!sql::parse_statement("SELECT " + *u, &error)) {
          r.error(key, std::string("`") + key + "` is not a SQL expression: " + error);
          ok = false;
        }
        (std::string(key) == "using" ? op->using_ : op->reverse_using_) = core::trim(*u);
      }
    }
    return ok ? std::move(op) : nullptr;
  }
  std::string name() const override { return "change_column_type"; }
  std::string summary() const override {
    return fmt::format("change type of {} from {} to {}", ref_.qualified(), old_.type.sql(), type_.sql());
  }
  std::string label() const override { return "retype_" + ref_.table.name + "_" + ref_.column; }
  std::vector<model::QualifiedName> tables() const override { return {ref_.table}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    const bool type_known = require_known_type(schema, type_, type_where_, diags);
    model::Table* t = nullptr;
    model::Column* c = ref_.resolve(schema, diags, &t);
    if (!c || !type_known) return false;
    if (c->type == type_) {
      diags.error("same-type", ref_.column_where, "column '" + ref_.qualified() + "' already is " + type_.sql());
      return false;
    }
    old_ = *c;
    table_is_new_ = t->created_in_change;
    coercible_ = sql::binary_coercible(c->type, type_) && using_.empty();
    if (online() && !coercible_ && !table_is_new_) {
      if (!check_shadow_supported(schema, *t, ref_.column, ref_.column_where, diags)) return false;
      if (!t->primary_key()) {
        diags.error("backfill-needs-primary-key", ref_.column_where,
                    "table '" + display(ref_.table) + "' has no primary key to backfill the converted column in batches",
                    "add a primary key first, or use `strategy: offline` for this operation");
        return false;
      }
      plan_.table = *t;
      plan_.table.name = ref_.table;  // keep the spec's spelling
      plan_.old_column = old_;
      plan_.new_name = shadow_column_name(schema, *t, ref_.column);
      // The shadow column holds its name until the contract phase renames it away.
      schema.freed_at_contract.insert(column_name_key(ref_.table, plan_.new_name));
      plan_.new_type = type_;
      plan_.swap_names = true;
      const std::string col = ident(ref_.column);
      const std::string forward = using_.empty() ? col + "::" + type_.sql() : using_;
      const std::string backward = reverse_using_.empty() ? col + "::" + old_.type.sql() : reverse_using_;
      // The reverse conversion is written over the column's own name but must read the
      // new column: a one-column derived row gives it that name.
      plan_.trigger_to_new = over_new_row(forward);
      plan_.trigger_to_old = fmt::format("(SELECT {} FROM (SELECT NEW.{} AS {}) AS converted)", backward,
                                         ident(plan_.new_name), col);
      plan_.update_to_new = forward;
      plan_.update_to_old = fmt::format("(SELECT {} FROM (SELECT {}.{} AS {}) AS converted)", backward,
                                        table_sql(ref_.table), ident(plan_.new_name), col);
      plan_.old_indexes = indexes_on(schema, ref_.table, ref_.column);
      c->swapped_in_at_contract = true;
    }
    c->type = type_;
    return true;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    const auto optional_using = [](const std::string& u) { return u.empty() ? std::nullopt : std::optional<std::string>(u); };
    const Statement alter{fmt::format("ALTER TABLE {} ALTER COLUMN {} TYPE {}{}", table_sql(ref_.table),
                                      ident(ref_.column), type_.sql(), using_.empty() ? "" : " USING " + using_),
                          native::alter_column_type(ref_.table, ref_.column, type_, optional_using(using_))};
    const Statement undo{fmt::format("ALTER TABLE {} ALTER COLUMN {} TYPE {}{}", table_sql(ref_.table),
                                     ident(ref_.column), old_.type.sql(),
                                     reverse_using_.empty() ? "" : " USING " + reverse_using_),
                         native::alter_column_type(ref_.table, ref_.column, old_.type, optional_using(reverse_using_))};
    if (coercible_ || table_is_new_ || ctx.offline()) {
      Step s;
      s.phase = Phase::Expand;
      s.table = ref_.table;
      s.offline = ctx.offline() && !coercible_ && !table_is_new_;
      s.title = "Change " + ref_.qualified() + " to " + type_.sql();
      s.why = coercible_ ? old_.type.sql() + " → " + type_.sql() +
                               " is binary coercible: catalog only, no table rewrite (indexes on the column may be "
                               "rebuilt)."
              : table_is_new_ ? "The table is new in this change: it is empty."
                              : "strategy: offline — rewrites the table and its indexes under ACCESS EXCLUSIVE.";
      s.up = {alter};
      s.down = {undo};
      if (coercible_) s.down_note = "narrowing back rewrites the table and fails if longer values were written";
      return {s};
    }
    return shadow_column_steps(plan_, ctx);
  }

  std::vector<Check> preflight() const override {
    if (coercible_ || table_is_new_) return {};
    const std::string forward = using_.empty() ? ident(ref_.column) + "::" + type_.sql() : using_;
    return {{"every existing value converts to " + type_.sql() + " (this query fails if one does not)",
             fmt::format("SELECT count({}) AS converted FROM {}", forward, table_sql(ref_.table)), Expect::Report}};
  }
  std::vector<Check> verify(const Context& ctx) const override {
    const model::QualifiedName table = ctx.final_table(ref_.table);
    model::Column after = old_;
    after.type = type_;
    return {column_check(table, after)};
  }
  void describe(Impact& impact) const override {
    impact.modified_tables[display(ref_.table)].push_back("~" + ref_.column + " " + old_.type.sql() + " → " + type_.sql());
  }

 private:
  ColumnRef ref_;
  model::TypeRef type_;
  core::SourceLocation type_where_;
  std::string using_, reverse_using_;
  model::Column old_;
  bool table_is_new_ = false;
  bool coercible_ = false;
  ShadowColumnPlan plan_;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("change_column_type", schemashift::ops::ChangeColumnType);
