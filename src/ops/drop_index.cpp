// drop_index: DROP INDEX CONCURRENTLY IF EXISTS in the contract phase (a plain DROP INDEX
// takes ACCESS EXCLUSIVE on the table, postgres-facts §2). Its down rebuilds the index
// concurrently from the definition captured from the schema.
#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "ops/names.hpp"
#include "ops/sql_fragments.hpp"
#include "ops/checks.hpp"
#include "sql/quote.hpp"

namespace schemashift::ops {
namespace {

class DropIndex final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<DropIndex>();
    auto n = r.string("name", true);
    if (!n) return nullptr;
    op->name_ = parse_table_name(*n);
    op->name_where_ = r.where("name");
    return op;
  }

  std::string name() const override { return "drop_index"; }
  std::string summary() const override { return "drop index " + display(name_); }
  std::string label() const override { return "drop_index_" + name_.name; }
  std::vector<model::QualifiedName> tables() const override { return {ix_.table}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    const model::Index* ix = schema.find_index(name_);
    if (!ix) {
      // An online rename_column keeps each index's name (its copy on the new column takes
      // the name back at contract), so the name to give is the index's own.
      std::vector<std::string> names;
      for (const auto& [key, other] : schema.indexes) names.push_back(other.name);
      const std::string near = core::closest_match(name_.name, names);
      diags.error("unknown-index", name_where_, "index '" + display(name_) + "' does not exist in the schema",
                  near.empty() ? "index names are schema-wide; check the dump for the exact name"
                               : "did you mean '" + near + "'?");
      return false;
    }
    if (ix->backs_constraint) {
      diags.error("index-backs-constraint", name_where_,
                  "index '" + display(name_) + "' belongs to a PRIMARY KEY or UNIQUE constraint",
                  "use drop_constraint, which drops the index with it");
      return false;
    }
    ix_ = *ix;
    table_is_new_ = schema.find_table(ix_.table) && schema.find_table(ix_.table)->created_in_change;
    if (!table_is_new_) schema.freed_at_contract.insert(relation_name_key(name_));
    schema.indexes.erase(name_.key());
    return true;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    Step s;
    s.phase = Phase::Contract;
    // A later rename_table has renamed the table by then (its old name is a view): the
    // index's down rebuilds it on the table under that name.
    model::Index ix = ix_;
    ix.table = ctx.table_in(ix_.table, Phase::Contract);
    s.table = ix.table;
    const model::QualifiedName q = sibling(ix.table, ix.name);
    if (ctx.offline() || table_is_new_) {
      s.title = "Drop index " + ix_.name;
      s.up = {{"DROP INDEX IF EXISTS " + table_sql(q), native::drop_index(q, ix.table, false, true)}};
      s.down = {{index_sql(ix, false, true), native::create_index(ix, false, true)}};
      s.offline = ctx.offline();
      s.why = "strategy: offline — DROP INDEX takes ACCESS EXCLUSIVE on the table.";
    } else {
      s.kind = StepKind::ConcurrentIndex;
      s.title = "Drop index " + ix_.name + " concurrently";
      s.up = {{"DROP INDEX CONCURRENTLY IF EXISTS " + table_sql(q), native::drop_index(q, ix.table, true, true)}};
      s.down = {{index_sql(ix, true, true), native::create_index(ix, true, true)}};
      s.transactional = false;
      s.long_running = true;
      s.why = "DROP INDEX CONCURRENTLY waits for running queries instead of locking the table.";
    }
    s.rerunnable = true;
    s.down_note = "the index is rebuilt from scratch (a full scan of " + display(ix.table) + ")";
    return {s};
  }

  std::vector<Check> preflight() const override {
    return {{"queries no longer need " + ix_.name + " (idx_scan should stay flat)",
             "SELECT relname, indexrelname, idx_scan FROM pg_stat_user_indexes WHERE indexrelid = to_regclass(" +
                 sql_text(table_sql(sibling(ix_.table, ix_.name))) + ")",
             Expect::Report}};
  }
  std::vector<Check> verify(const Context&) const override {
    return {index_check(sibling(ix_.table, ix_.name), false)};
  }
  void describe(Impact& impact) const override { impact.dropped.push_back("index " + ix_.name + " on " + display(ix_.table)); }

 private:
  static std::string sql_text(const std::string& s) { return sql::quote_literal(s); }
  model::QualifiedName name_;
  core::SourceLocation name_where_;
  model::Index ix_;
  bool table_is_new_ = false;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("drop_index", schemashift::ops::DropIndex);
