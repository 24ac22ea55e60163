// drop_table: contract only. DROP TABLE takes ACCESS EXCLUSIVE on the table and on every
// table it references by foreign key (postgres-facts §2). The down recreates the structure
// (columns, constraints, indexes, comments, triggers, the sequences of serial columns); the
// rows cannot come back, nor a sequence's position.
#include <algorithm>
#include <cctype>
#include <optional>

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

// The sequence a column default `nextval('name'::regclass)` draws from (a serial column, as
// pg_dump writes it), or nothing for any other default.
std::optional<model::QualifiedName> nextval_sequence(const model::Column& c) {
  static const std::string head = "nextval('", tail = "'::regclass)";
  if (!c.default_sql || c.default_sql->size() <= head.size() + tail.size() ||
      !core::starts_with(*c.default_sql, head) || c.default_sql->compare(c.default_sql->size() - tail.size(), tail.size(), tail) != 0) {
    return std::nullopt;
  }
  const std::string text = c.default_sql->substr(head.size(), c.default_sql->size() - head.size() - tail.size());
  // regclass text: dot-separated names, each bare (folded to lower case by the server) or
  // "double quoted" with "" for a quote.
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '\'') return std::nullopt;  // doubled quote of the literal: leave such names alone
    if (ch == '"') {
      if (quoted && i + 1 < text.size() && text[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (ch == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += quoted ? ch : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
  }
  if (quoted || parts.size() > 2 || parts.back().empty()) return std::nullopt;
  if (parts.size() == 1) return model::QualifiedName{"", parts[0]};
  return model::QualifiedName{parts[0] == "public" ? "" : parts[0], parts[1]};
}

// A sequence DROP TABLE drops with the table and its down must recreate: the one a serial
// column created (named as PostgreSQL names it, <table>_<column>_seq, and owned by the
// column). A sequence of another name may be shared and is not owned by this table; DROP
// TABLE leaves it, and the down's CREATE SEQUENCE IF NOT EXISTS finds it still there.
struct SerialSequence {
  model::QualifiedName name;
  std::string column;
  std::string type;  // AS smallint / integer / bigint: a serial's sequence has its column's type
  bool owned = false;
};

std::vector<SerialSequence> serial_sequences(const model::Table& t) {
  std::vector<SerialSequence> out;
  for (const auto& c : t.columns) {
    const auto seq = nextval_sequence(c);
    if (!seq) continue;
    const std::string type = c.type.name == "int2" ? "smallint" : c.type.name == "int4" ? "integer" : "bigint";
    const bool owned = seq->key() == model::QualifiedName{t.name.schema, model::make_object_name(t.name.name, c.name, "seq")}.key();
    out.push_back({*seq, c.name, type, owned});
  }
  return out;
}

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
    sequences_ = serial_sequences(*t);
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
    // A serial column's default needs its sequence: back before the table, owned by the
    // column after it, as `serial` makes them. Identity columns recreate their own.
    for (const auto& sq : sequences_) {
      s.down.push_back(Statement{"CREATE SEQUENCE IF NOT EXISTS " + table_sql(sq.name) + " AS " + sq.type});
    }
    s.down.push_back({"CREATE TABLE IF NOT EXISTS " + table_sql(name_) + " (\n" + core::join(lines, ",\n") + "\n)",
                      native::create_table(recreated, true)});
    for (const auto& sq : sequences_) {
      if (!sq.owned) continue;
      s.down.push_back(
          Statement{"ALTER SEQUENCE " + table_sql(sq.name) + " OWNED BY " + table_sql(name_) + "." + ident(sq.column)});
    }
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
                  " cannot come back; the down only recreates the empty table" +
                  (has_sequences() ? " and restarts its sequences at 1 (the pre-flight report shows their last values)"
                                   : std::string()) +
                  ". Take a backup (pg_dump -t " + display(name_) + ") before the contract phase.";
    s.rerunnable = true;
    return {s};
  }
  std::vector<Check> preflight() const override {
    std::vector<Check> checks = {{"rows that will be lost with " + display(name_) + " (back them up first)",
                                  "SELECT count(*) AS rows_to_lose FROM " + table_sql(name_), Expect::Report}};
    // A sequence dropped with the table comes back at its start: its position is recorded here.
    for (const auto& sq : sequences_) {
      if (!sq.owned) continue;
      checks.push_back({"last value of sequence " + display(sq.name) + " (the down restarts it at 1)",
                        "SELECT last_value, is_called FROM " + table_sql(sq.name), Expect::Report});
    }
    for (const auto& c : table_.columns) {
      if (c.identity == model::Identity::None) continue;
      checks.push_back({"last value of the identity sequence of " + display(name_) + "." + c.name +
                            " (the down restarts it at 1)",
                        "SELECT pg_sequence_last_value(pg_get_serial_sequence(" + sql::quote_literal(table_sql(name_)) +
                            ", " + sql::quote_literal(c.name) + ")) AS last_value",
                        Expect::Report});
    }
    return checks;
  }
  std::vector<Check> verify(const Context&) const override {
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
  std::vector<SerialSequence> sequences_;

  bool has_sequences() const {
    return std::any_of(sequences_.begin(), sequences_.end(), [](const SerialSequence& s) { return s.owned; }) ||
           std::any_of(table_.columns.begin(), table_.columns.end(),
                       [](const model::Column& c) { return c.identity != model::Identity::None; });
  }
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("drop_table", schemashift::ops::DropTable);
