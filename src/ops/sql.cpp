// sql: raw SQL for what the operations cannot express (triggers, functions, data fixes).
// The text is parsed with PostgreSQL's grammar up front, so a typo is reported against
// the spec's line instead of failing halfway through a deploy.
#include <fmt/format.h>

#include "core/text.hpp"
#include "model/sql_schema_loader.hpp"
#include "ops/operation.hpp"

#include "sql/parser.hpp"

namespace schemashift::ops {
namespace {

class RawSql final : public Operation {
 public:
  static std::unique_ptr<Operation> decode(spec::FieldReader& r, core::Diagnostics& diags) {
    auto op = std::make_unique<RawSql>();
    bool ok = true;
    std::vector<int> up_lines, down_lines;
    if (auto up = r.string("up", true)) {
      ok &= op->read_script(*up, r.node("up")->where, op->up_, up_lines, diags);
      op->up_text_ = *up;
    } else {
      ok = false;
    }
    if (auto down = r.string("down")) ok &= op->read_script(*down, r.node("down")->where, op->down_, down_lines, diags);
    if (auto t = r.boolean("transactional")) op->transactional_ = *t;
    if (!op->transactional_) {
      ok &= one_statement_outside_transaction(r, "up", up_lines, diags);
      ok &= one_statement_outside_transaction(r, "down", down_lines, diags);
    }
    if (auto p = r.choice("phase", {"expand", "migrate", "contract"})) {
      op->phase_ = *p == "expand" ? Phase::Expand : *p == "migrate" ? Phase::Migrate : Phase::Contract;
    }
    if (auto d = r.string("description")) op->description_ = core::trim(*d);
    return ok ? std::move(op) : nullptr;
  }

  std::string name() const override { return "sql"; }
  std::string summary() const override { return description_.empty() ? "raw SQL" : "SQL: " + description_; }
  std::string label() const override { return description_.empty() ? "sql" : core::slugify(description_, 40); }
  std::vector<model::QualifiedName> tables() const override { return {}; }

  // The model follows the SQL as the linter follows a migration (model::apply_statement),
  // so later operations, and the final schema the plan describes, see what it creates;
  // what the model cannot follow it simply does not learn.
  bool apply(model::Schema& schema, core::Diagnostics&) override {
    const sql::Script script = sql::parse_script(up_text_);
    for (const auto& st : script.statements) model::apply_statement(schema, up_text_, st);
    return true;
  }

  std::vector<Step> steps(const Context&) const override {
    Step s;
    s.phase = phase_;
    s.kind = StepKind::Raw;
    s.title = description_.empty() ? "Raw SQL" : description_;
    s.why = "Written by hand in the spec; analysed like every other statement.";
    s.up = statements(up_);
    s.down = statements(down_);
    s.transactional = transactional_;
    s.long_running = !transactional_;
    if (down_.empty()) s.down_note = "no `down` was given for this SQL: rolling back does not undo it";
    return {s};
  }
  std::vector<Check> verify(const Context&) const override { return {}; }
  void describe(Impact&) const override {}

 private:
  // sqlx sends a `-- no-transaction` file to the server as one query string, and PostgreSQL
  // runs a multi-statement string as one implicit transaction: CREATE INDEX CONCURRENTLY,
  // VACUUM or a DO block that COMMITs then fail. A migration outside a transaction therefore
  // holds one statement, and the operation that makes it may hold only one. Splitting the
  // text into several migrations is not done: the `down` statements need not match the
  // `up` ones one for one, so which down undoes which up would be a guess.
  static bool one_statement_outside_transaction(spec::FieldReader& r, const char* key, const std::vector<int>& lines,
                                                core::Diagnostics& diags) {
    if (lines.size() <= 1) return true;
    diags.error("sql-several-statements-outside-transaction", r.node(key)->where,
                fmt::format("`{}` holds {} statements, but `transactional: false` runs one statement per migration",
                            key, lines.size()),
                fmt::format("write one `sql` operation per statement (the second begins at line {} of the SQL text): "
                            "sqlx sends a no-transaction file as one query string, which PostgreSQL runs as one "
                            "implicit transaction",
                            lines[1]));
    return false;
  }

  bool read_script(const std::string& text, const core::SourceLocation& where, std::vector<std::string>& out,
                   std::vector<int>& lines, core::Diagnostics& diags) {
    sql::Script script = sql::parse_script(text);
    if (script.error) {
      diags.error("sql-syntax", where, "SQL does not parse: " + script.error->message,
                  fmt::format("at line {} column {} of the SQL text", script.error->line, script.error->column));
      return false;
    }
    for (const auto& st : script.statements) {
      out.push_back(core::trim(st.text));
      lines.push_back(st.line);
    }
    return true;
  }

  std::vector<std::string> up_, down_;
  std::string up_text_;  // `up` as written, for the schema model
  bool transactional_ = true;
  Phase phase_ = Phase::Expand;
  std::string description_;
};

}  // namespace
}  // namespace schemashift::ops

REGISTER_OPERATION("sql", schemashift::ops::RawSql);
