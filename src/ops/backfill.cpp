// backfill: a data change over an existing table, as keyset batches on the primary key,
// one transaction per batch (never one transaction over the whole table), retried on
// lock timeouts, idempotent (rows already holding the value are skipped).
#include <fmt/format.h>

#include "core/duration.hpp"
#include "core/text.hpp"
#include "ops/operation.hpp"
#include "ops/checks.hpp"
#include "ops/names.hpp"
#include "ops/decode.hpp"
#include "ops/lookups.hpp"
#include "ops/batched_update.hpp"
#include "sql/parser.hpp"
#include "sql/types.hpp"

namespace schemashift::ops {
namespace {

class Backfill final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics& diags) {
    auto op = std::make_unique<Backfill>();
    bool ok = true;
    if (auto t = read_table(r)) op->table_ = *t; else ok = false;
    op->table_where_ = r.where("table");
    if (const core::Node* set = r.node("set", true)) {
      if (!set->is_map() || set->entries.empty()) {
        r.error("set", "`set` must be a map of column: SQL expression", "e.g. `set: {avatar_url: \"'x' || legacy\"}`");
        ok = false;
      } else {
        for (const auto& e : set->entries) {
          if (!e.value.is_scalar()) {
            diags.error("wrong-type", e.value.where, "the value for `" + e.key + "` must be a SQL expression");
            ok = false;
            continue;
          }
          std::string error;
          if (!sql::parse_statement("SELECT " + e.value.scalar, &error)) {
            diags.error("invalid-expression", e.value.where, "not a SQL expression: " + error,
                        "text literals need SQL quotes inside the YAML string: \"'pending'\"");
            ok = false;
            continue;
          }
          op->assignments_.push_back({e.key, core::trim(e.value.scalar)});
          op->set_where_.push_back(e.key_where);
          op->expr_where_.push_back(e.value.where);
        }
      }
    } else {
      ok = false;
    }
    if (auto w = r.string("where")) {
      op->where_sql_ = core::trim(*w);
      op->where_where_ = r.where("where");
      std::string error;
      if (!sql::parse_statement("SELECT 1 WHERE " + op->where_sql_, &error)) {
        r.error("where", "`where` is not a SQL condition: " + error);
        ok = false;
      }
    }
    if (auto b = r.integer("batch_size", false, 1, 1'000'000)) op->batch_size_ = *b;
    return ok ? std::move(op) : nullptr;
  }

  std::string name() const override { return "backfill"; }
  std::string summary() const override {
    std::vector<std::string> cols;
    for (const auto& [c, e] : assignments_) cols.push_back(c);
    return "backfill " + display(table_) + " (" + core::join(cols, ", ") + ")";
  }
  std::string label() const override { return "backfill_" + table_.name + "_" + assignments_.front().first; }
  std::vector<model::QualifiedName> tables() const override { return {table_}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = require_table(schema, table_, table_where_, diags);
    if (!t) return false;
    bool ok = true;
    for (std::size_t i = 0; i < assignments_.size(); ++i) {
      if (!t->find_column(assignments_[i].first)) {
        require_column(*t, assignments_[i].first, set_where_[i], diags);
        ok = false;
      }
    }
    for (std::size_t i = 0; i < assignments_.size(); ++i) {
      if (!require_expression_columns(*t, assignments_[i].second, expr_where_[i], diags)) ok = false;
    }
    if (!where_sql_.empty() && !require_expression_columns(*t, where_sql_, where_where_, diags)) ok = false;
    if (!t->primary_key() && !t->created_in_change) {
      diags.error("backfill-needs-primary-key", table_where_,
                  "table '" + display(table_) + "' has no primary key to batch on",
                  "add a primary key first, or use a `sql` operation");
      ok = false;
    }
    table_snapshot_ = *t;
    table_snapshot_.name = table_;  // keep the spec's spelling
    return ok;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    Step s;
    s.phase = Phase::Migrate;
    s.table = table_;
    s.kind = StepKind::Backfill;
    std::vector<std::string> sets;
    for (const auto& [c, e] : assignments_) sets.push_back(ident(c) + " = " + e);
    if (ctx.offline()) {
      s.offline = true;
      s.title = "Update " + display(table_) + " in one statement (offline)";
      s.why = "strategy: offline — one transaction over the whole table: row locks on every matching row until commit.";
      s.up = {Statement{fmt::format("UPDATE {} SET {}{}", table_sql(table_), core::join(sets, ", "),
                                    where_sql_.empty() ? "" : " WHERE " + where_sql_)}};
      s.down_note = "the previous values are not restored";
      return {s};
    }
    const long long batch = batch_size_ ? batch_size_ : ctx.settings().batch_size;
    // Batches are sized by time unless batch_time is 0: then every one has `batch` rows.
    const spec::Settings& settings = ctx.settings();
    s.title = "Backfill " + display(table_) + " in batches of " +
              (settings.batch_time_ms > 0 ? "about " + core::format_duration(settings.batch_time_ms) : core::thousands(batch));
    s.why = "Keyset batches on the primary key, one COMMIT per batch: row locks last one batch, "
            "replicas and VACUUM keep up, and an interrupted run resumes where it stopped.";
    s.up = {Statement{batched_update_sql(table_snapshot_, assignments_, where_sql_, batch, ctx.settings(), display(table_))}};
    s.transactional = false;
    s.long_running = true;
    s.rerunnable = true;
    s.down_note = "the previous values are not restored (they are not recorded)";
    return {s};
  }

  std::vector<Check> preflight() const override {
    return {{"rows the backfill will visit in " + display(table_),
             fmt::format("SELECT count(*) AS rows_to_update FROM {}{}", table_sql(table_),
                         where_sql_.empty() ? "" : " WHERE " + where_sql_),
             Expect::Report}};
  }
  // A column set from an expression that gives another value when evaluated again (now(),
  // random(), gen_random_uuid(), an unknown function) cannot be compared with it after the
  // fact: for those columns the check is that every row got a value; the others are
  // compared with their expression.
  std::vector<Check> verify(const Context& ctx) const override {
    const model::QualifiedName table = ctx.final_table(table_);
    std::vector<std::string> targets, values, filled;
    for (const auto& [c, e] : assignments_) {
      if (sql::changes_between_evaluations(e)) {
        filled.push_back(ident(c));
        continue;
      }
      targets.push_back(ident(c));
      values.push_back("(" + e + ")");
    }
    std::vector<std::string> differs;
    if (!targets.empty()) {
      const std::string lhs = targets.size() == 1 ? targets[0] : "(" + core::join(targets, ", ") + ")";
      const std::string rhs = values.size() == 1 ? values[0] : "ROW(" + core::join(values, ", ") + ")";
      differs.push_back(lhs + " IS DISTINCT FROM " + rhs);
    }
    for (const auto& c : filled) differs.push_back(c + " IS NULL");
    const std::string title = targets.empty() ? "every row of " + display(table) + " has a backfilled value"
                              : filled.empty() ? "every row of " + display(table) + " holds the backfilled value"
                                               : "every row of " + display(table) +
                                                     " holds the backfilled value (a value, for volatile ones)";
    return {{title, fmt::format("SELECT NOT EXISTS (SELECT 1 FROM {} WHERE {}{})", table_sql(table),
                                where_sql_.empty() ? "" : "(" + where_sql_ + ") AND ",
                                differs.size() == 1 ? differs[0] : "(" + core::join(differs, " OR ") + ")")}};
  }
  void describe(Impact& impact) const override {
    for (const auto& [c, e] : assignments_) impact.modified_tables[display(table_)].push_back("~" + c + " backfilled");
  }

 private:
  model::QualifiedName table_;
  core::SourceLocation table_where_;
  std::vector<std::pair<std::string, std::string>> assignments_;
  std::vector<core::SourceLocation> expr_where_;  // each `set` expression's position
  core::SourceLocation where_where_;
  std::vector<core::SourceLocation> set_where_;
  std::string where_sql_;
  long long batch_size_ = 0;
  model::Table table_snapshot_;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("backfill", schemashift::ops::Backfill);
