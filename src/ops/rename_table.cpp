// rename_table: a bare RENAME breaks every running query that uses the old name. Expand:
// rename + a view under the old name (a simple view is auto-updatable, so old code keeps
// reading and writing through it); contract: drop the view once no code uses the old name.
#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/native.hpp"
#include "ops/operation.hpp"
#include "ops/checks.hpp"
#include "ops/names.hpp"
#include "ops/decode.hpp"
#include "ops/lookups.hpp"
#include "sql/quote.hpp"

namespace schemashift::ops {
namespace {

// Whether the table's primary key takes its values from a sequence or a generator, as
// ActiveRecord's pk_and_sequence_for finds it: a sequence owned by the key's first column
// (serial, identity) or a default calling nextval or uuid_generate*. The model does not
// record OWNED BY, so a sequence named <table>_<column>_seq counts as owned (the cautious
// answer: the backend then writes SQL).
bool primary_key_generated(const model::Schema& schema, const model::Table& t) {
  const model::Constraint* pk = t.primary_key();
  if (!pk || pk->columns.empty()) return false;
  const model::Column* c = t.find_column(pk->columns.front());
  if (!c) return true;
  if (c->identity != model::Identity::None) return true;
  if (c->default_sql) {
    const std::string d = core::lower(*c->default_sql);
    if (d.find("nextval") != std::string::npos || d.find("uuid_generate") != std::string::npos) return true;
  }
  return schema.other_relations.count(sibling(t.name, t.name.name + "_" + c->name + "_seq").key()) > 0;
}

// An object an earlier operation drops only in the contract phase still exists when the
// rename runs (expand), although the model no longer shows it: its indexes' names (a freed
// relation of the table's schema may be one), and whether a constraint or column of the
// table is among them (it may be the primary key: unknown, so cautious).
std::vector<std::string> freed_relation_names(const model::Schema& schema, const model::QualifiedName& table) {
  const std::string prefix = relation_name_key(sibling(table, ""));
  std::vector<std::string> names;
  for (const auto& key : schema.freed_at_contract) {
    if (key.compare(0, prefix.size(), prefix) == 0) names.push_back(key.substr(prefix.size()));
  }
  return names;
}

bool table_part_freed(const model::Schema& schema, const model::QualifiedName& table) {
  const std::string constraint = constraint_name_key(table, "");
  const std::string column = column_name_key(table, "");
  return std::any_of(schema.freed_at_contract.begin(), schema.freed_at_contract.end(), [&](const std::string& key) {
    return key.compare(0, constraint.size(), constraint) == 0 || key.compare(0, column.size(), column) == 0;
  });
}

class RenameTable final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics&) {
    auto op = std::make_unique<RenameTable>();
    bool ok = true;
    if (auto t = read_table(r)) op->from_ = *t; else ok = false;
    op->from_where_ = r.where("table");
    if (auto to = r.string("to", true)) {
      op->to_ = {op->from_.schema, *to};
      op->to_where_ = r.where("to");
    } else {
      ok = false;
    }
    return ok ? std::move(op) : nullptr;
  }
  std::string name() const override { return "rename_table"; }
  std::string summary() const override { return "rename table " + display(from_) + " to " + to_.name; }
  std::string label() const override { return "rename_" + from_.name + "_to_" + to_.name; }
  std::vector<model::QualifiedName> tables() const override { return {from_, to_}; }
  std::optional<plan::TableRename> renamed_table() const override { return plan::TableRename{from_, to_}; }

  bool apply(model::Schema& schema, core::Diagnostics& diags) override {
    model::Table* t = require_table(schema, from_, from_where_, diags);
    if (!t) return false;
    if (!require_new_relation_name(schema, to_, to_where_, diags)) return false;
    if (!require_name_free(schema, relation_name_key(to_), "'" + display(to_) + "'", to_where_, diags)) return false;
    // The facts a framework's rename helper acts on (native::rename_table), as they stand when
    // the rename runs; its down finds the same objects, under the names the SQL kept.
    pk_generated_ = primary_key_generated(schema, *t) || table_part_freed(schema, from_);
    index_names_ = freed_relation_names(schema, from_);
    for (const model::Index* ix : schema.indexes_of(from_)) index_names_.push_back(ix->name);
    model::Table moved = *t;
    moved.name = to_;
    table_is_new_ = moved.created_in_change;
    for (const auto& c : moved.columns) view_columns_.push_back(c.name);
    // The compatibility view holds the old name until the contract phase drops it.
    if (online() && !table_is_new_) schema.freed_at_contract.insert(relation_name_key(from_));
    schema.tables.erase(from_.key());
    schema.tables[to_.key()] = moved;
    // A constraint or column an earlier operation drops at contract is still on the table
    // until then, under its new name: its name stays taken there.
    const std::pair<std::string, std::string> moves[] = {{constraint_name_key(from_, ""), constraint_name_key(to_, "")},
                                                         {column_name_key(from_, ""), column_name_key(to_, "")}};
    std::set<std::string> freed;
    for (const auto& key : schema.freed_at_contract) {
      std::string moved = key;
      for (const auto& [old_prefix, new_prefix] : moves) {
        if (key.compare(0, old_prefix.size(), old_prefix) == 0) moved = new_prefix + key.substr(old_prefix.size());
      }
      freed.insert(moved);
    }
    schema.freed_at_contract = std::move(freed);
    for (auto& [key, ix] : schema.indexes) {
      if (ix.table == from_) ix.table = to_;
    }
    for (auto& trigger : schema.triggers) {
      if (trigger.table == from_) trigger.table = to_;
    }
    for (auto& [key, other] : schema.tables) {
      for (auto& k : other.constraints) {
        if (k.references && k.references->table == from_) k.references->table = to_;
      }
    }
    return true;
  }

  std::vector<Step> steps(const Context& ctx) const override {
    const Statement rename{fmt::format("ALTER TABLE {} RENAME TO {}", table_sql(from_), ident(to_.name)),
                           native::rename_table(from_, to_.name, pk_generated_, index_names_)};
    const Statement back{fmt::format("ALTER TABLE {} RENAME TO {}", table_sql(to_), ident(from_.name)),
                         native::rename_table(to_, from_.name, pk_generated_, index_names_)};
    if (ctx.offline() || table_is_new_) {
      Step s;
      s.phase = Phase::Expand;
      s.table = from_;
      s.offline = ctx.offline() && !table_is_new_;
      s.title = "Rename table " + display(from_) + " to " + to_.name;
      s.why = table_is_new_ ? "The table is new in this change: nothing uses the old name yet."
                            : "strategy: offline — code using the old name fails from this moment until it is deployed.";
      s.up = {rename};
      s.down = {back};
      return {s};
    }
    Step expand;
    expand.phase = Phase::Expand;
    expand.table = from_;
    expand.title = "Rename table " + display(from_) + " to " + to_.name + " behind a compatibility view";
    expand.why = "The rename is catalog only; the view keeps the old name working for reads and writes "
                 "(simple views are automatically updatable) while the application moves to the new name.";
    expand.up = {rename, Statement{fmt::format("CREATE VIEW {} AS SELECT * FROM {}", table_sql(from_), table_sql(to_))}};
    expand.down = {Statement{"DROP VIEW IF EXISTS " + table_sql(from_)}, back};
    Step contract;
    contract.phase = Phase::Contract;
    contract.table = to_;
    contract.title = "Drop compatibility view " + display(from_);
    contract.why = "Deploy only after no application version uses the old name.";
    contract.up = {Statement{"DROP VIEW IF EXISTS " + table_sql(from_)}};
    // The columns the view had when it was made, named: `SELECT *` would take in columns
    // later operations added, and those operations' downs could then not drop them.
    contract.down = {Statement{fmt::format("CREATE VIEW {} AS SELECT {} FROM {}", table_sql(from_),
                                           idents(view_columns_), table_sql(to_))}};
    contract.rerunnable = true;
    return {expand, contract};
  }
  std::vector<Check> verify(const Context& ctx) const override {
    const model::QualifiedName table = ctx.final_table(to_);
    return {{"table " + display(table) + " exists",
             "SELECT to_regclass(" + sql::quote_literal(table_sql(table)) + ") IS NOT NULL",
             Expect::True, CheckAt::FirstStep, relation_fact(table), {table_fact(table)}}};
  }
  void describe(Impact& impact) const override {
    impact.modified_tables[display(from_)].push_back("renamed to " + to_.name);
  }

 private:
  model::QualifiedName from_, to_;
  core::SourceLocation from_where_, to_where_;
  bool table_is_new_ = false;
  bool pk_generated_ = false;
  std::vector<std::string> index_names_;  // the table's indexes when the rename runs
  std::vector<std::string> view_columns_;  // the table's columns at the rename, as the view shows them
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("rename_table", schemashift::ops::RenameTable);
