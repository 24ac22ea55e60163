// drop_table: contract only. DROP TABLE takes ACCESS EXCLUSIVE on the table and on every
// table it references by foreign key (postgres-facts §2). The down recreates the structure
// (columns, constraints, indexes, comments, triggers); the rows cannot come back.
#include <algorithm>

#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "ops/checks.hpp"
#include "ops/names.hpp"
#include "ops/decode.hpp"
#include "ops/lookups.hpp"
#include "ops/sql_fragments.hpp"
#include "sql/quote.hpp"

namespace schemashift::ops {
namespace {

class DropTable final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<DropTable>();
    auto t = read_table(r);
    if (!t) return nullptr;
    op->name_ = *t;
    op->where_ = r.where("table");
    return op;
  }
  std::string name() const override { return "drop_table"; }
  std::string summary() const override { return "drop table " + display(name_); }
  std::string label() const override { return "drop_" + name_.name; }
  std::vector<model::QualifiedName> tables() const override { return {name_}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = require_table(schema, name_, where_, diags);
    if (!t) return false;
    for (const auto& [other, fk] : schema.referencing(name_)) {
      if (other->name == t->name) continue;
      diags.error("table-referenced", where_,
                  "table '" + display(name_) + "' is referenced by foreign key '" + fk->name + "' on '" +
                      display(other->name) + "'",
                  "drop that foreign key first (drop_constraint)");
      return false;
    }
    table_ = *t;
    for (const model::Index* ix : schema.indexes_of(name_)) {
      if (!ix->backs_constraint) indexes_.push_back(*ix);
    }
    for (const model::Index* ix : schema.indexes_of(name_)) schema.indexes.erase(sibling(name_, ix->name).key());
    // DROP TABLE drops the table's triggers too; the down replays their CREATE TRIGGER.
    for (const model::Trigger* tr : schema.triggers_of(name_)) triggers_.push_back(*tr);
    auto& all = schema.triggers;
    all.erase(std::remove_if(all.begin(), all.end(), [&](const model::Trigger& tr) { return tr.table == name_; }),
              all.end());
    schema.tables.erase(name_.key());
    return true;
  }

  std::vector<Step> steps(const Context&) const override {
    Step s;
    s.phase = Phase::Contract;
    s.table = name_;
    s.title = "Drop table " + display(name_);
    s.why = "Contract phase: deploy only after no application version reads or writes the table. "
            "Takes ACCESS EXCLUSIVE on it and on the tables it references.";
    s.up = {{"DROP TABLE IF EXISTS " + table_sql(name_), native::drop_table(name_, true)}};
    std::vector<std::string> lines;
    for (const auto& c : table_.columns) lines.push_back("  " + column_definition_sql(c));
    for (const auto& c : table_.constraints) lines.push_back("  CONSTRAINT " + ident(c.name) + " " + constraint_body_sql(c));
    model::Table recreated = table_;
    recreated.name = name_;  // spelled as the spec (and the SQL) spell it
    s.down = {{"CREATE TABLE IF NOT EXISTS " + table_sql(name_) + " (\n" + core::join(lines, ",\n") + "\n)",
               native::create_table(recreated, true)}};
    for (const auto& ix : indexes_) s.down.push_back({index_sql(ix, false, true), native::create_index(ix, false, true)});
    if (table_.comment) {
      s.down.push_back({"COMMENT ON TABLE " + table_sql(name_) + " IS " + sql::quote_literal(*table_.comment),
                        native::set_table_comment(name_, table_.comment)});
    }
    for (const auto& c : table_.columns) {
      if (c.comment) {
        s.down.push_back({"COMMENT ON COLUMN " + table_sql(name_) + "." + ident(c.name) + " IS " +
                              sql::quote_literal(*c.comment),
                          native::set_column_comment(name_, c.name, c.comment)});
      }
    }
    // DROP first so the down stays rerunnable (CREATE TRIGGER has no IF NOT EXISTS).
    for (const auto& tr : triggers_) {
      const std::string create = tr.create_sql_on(table_sql(name_));
      if (create.empty()) continue;
      s.down.push_back(Statement{"DROP TRIGGER IF EXISTS " + ident(tr.name) + " ON " + table_sql(name_)});
      s.down.push_back(Statement{create});
    }
    s.down_note = "DATA LOSS: the rows of " + display(name_) +
                  " cannot come back; the down only recreates the empty table. Take a backup (pg_dump -t " +
                  display(name_) + ") before the contract phase.";
    s.rerunnable = true;
    return {s};
  }
  std::vector<Check> preflight() const override {
    return {{"rows that will be lost with " + display(name_) + " (back them up first)",
             "SELECT count(*) AS rows_to_lose FROM " + table_sql(name_), Expect::Report}};
  }
  std::vector<Check> verify() const override {
    return {{"table " + display(name_) + " is gone", "SELECT to_regclass(" + sql::quote_literal(table_sql(name_)) + ") IS NULL",
             Expect::True, CheckAt::FirstStep, relation_fact(name_)}};
  }
  void describe(Impact& impact) const override { impact.dropped.push_back("table " + display(name_)); }

 private:
  model::QualifiedName name_;
  core::SourceLocation where_;
  model::Table table_;
  std::vector<model::Index> indexes_;
  std::vector<model::Trigger> triggers_;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("drop_table", schemashift::ops::DropTable);
