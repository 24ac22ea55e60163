#pragma once
// The interface the planner plans with: one operation of a change spec. Each operation
// lives in one file (ops/<name>.cpp) that says how it is decoded, how it is validated
// against the evolving schema, which steps it expands into per phase, how each step is
// undone, and how to check it before and after. It registers itself by name
// (REGISTER_OPERATION), so a new operation is one new file and the planner never names one.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/check_expect.hpp"
#include "core/diagnostics.hpp"
#include "model/schema.hpp"
#include "plan/step.hpp"
#include "spec/change_spec.hpp"
#include "spec/field_reader.hpp"

namespace schemashift::plan {

// What a check's result must be for the change to go ahead. The runner runs pre-flight
// checks before a migration and stops on a failed one; a Report check only shows its result
// (the rows a DROP loses) and never stops anything.
using Expect = core::CheckExpect;

// Before which of its operation's migrations a pre-flight check runs. A name conflict or
// duplicates that fail an index build must be known before the first; NULLs that a
// validation meets only before the last, because an earlier migration of the same change
// (a backfill) may be what removes them.
enum class CheckAt { FirstStep, LastStep };

// A SQL check shown in the README, written to the runner's manifest and run by the runner.
struct Check {
  // Every field but the first two has a default, so `{title, sql}` and `{title, sql,
  // expect, at}` stay complete initialisers.
  Check(std::string title_ = {}, std::string sql_ = {}, Expect expect_ = Expect::True,
        CheckAt at_ = CheckAt::FirstStep, std::string subject_ = {}, std::vector<std::string> needs_ = {})
      : title(std::move(title_)), sql(std::move(sql_)), expect(expect_), at(at_), subject(std::move(subject_)),
        needs(std::move(needs_)) {}

  std::string title;
  std::string sql;
  Expect expect = Expect::True;
  CheckAt at = CheckAt::FirstStep;
  // For verify.sql, which describes the state after the whole change (planner.cpp): what
  // the check is about ("column public.users.age"; a later check about the same subject
  // replaces it) and the facts of the final schema it reads ("table public.users",
  // "column public.users.age"; left out when one no longer holds, e.g. after a rename).
  std::string subject;
  std::vector<std::string> needs;
};

// What the preview lists under "Schema Changes".
struct Impact {
  std::vector<std::string> new_tables;           // "contact_enrichment (9 columns)"
  std::map<std::string, std::vector<std::string>> modified_tables;  // table -> "+enrichment_status"
  std::vector<std::string> constraints;          // "FK: orders.customer_id → customers.id (ON DELETE RESTRICT)"
  std::vector<std::string> indexes;              // "idx_users_email on users (email)"
  std::vector<std::string> dropped;              // "column users.name", "table legacy"
};

// A table renamed by an operation: the rename runs in the expand phase, whatever the strategy.
struct TableRename {
  model::QualifiedName from, to;
};

struct Context {
  const spec::ChangeSpec& spec;
  spec::Strategy strategy;   // the spec's, or the operation's own override
  // Tables renamed by the operations after this one, in spec order. Their renames run in
  // the expand phase, so this operation's migrate and contract steps must name the table
  // as renamed: under the old name they would reach the compatibility view (or nothing).
  std::vector<TableRename> later_renames = {};
  // Columns the operations before this one make NOT NULL after the expand phase
  // (set_not_null runs in migrate): during expand they still accept NULLs.
  std::vector<std::pair<model::QualifiedName, std::string>> earlier_not_null = {};
  std::optional<long long> rows(const model::QualifiedName& table) const;
  const spec::Settings& settings() const { return spec.settings; }
  bool offline() const { return strategy == spec::Strategy::Offline; }
  // `table` as a step of `phase` must name it: its name after the later operations' renames
  // for the migrate and contract phases, as written for expand.
  model::QualifiedName table_in(const model::QualifiedName& table, Phase phase) const;
  // `table` as the end of the whole change names it. Only meaningful in the context given
  // to verify(), whose later_renames hold every later rename whatever the strategy.
  model::QualifiedName final_table(const model::QualifiedName& table) const { return table_in(table, Phase::Contract); }
  bool nullable_during_expand(const model::QualifiedName& table, const std::string& column) const;
};

class Operation {
 public:
  virtual ~Operation() = default;

  virtual std::string name() const = 0;     // YAML key, e.g. "add_column"
  virtual std::string summary() const = 0;  // "add column contacts.enrichment_status varchar(20)"
  virtual std::string label() const = 0;    // file-name fragment, e.g. "add_contacts_enrichment_status"

  // Checks the operation against `schema`, the state before it, and on success evolves
  // `schema` to the state after it, remembering what steps() needs. Returns false (with
  // diagnostics carrying the spec's line:col) when it does not fit.
  virtual bool apply(model::Schema& schema, core::Diagnostics& diags) = 0;
  virtual std::vector<Step> steps(const Context& ctx) const = 0;
  virtual std::vector<Check> preflight() const { return {}; }
  // verify.sql's checks: the state after the whole change, so tables are named as the
  // later renames leave them (ctx.final_table).
  virtual std::vector<Check> verify(const Context& ctx) const = 0;
  virtual void describe(Impact& impact) const = 0;
  // Tables this operation touches (for row hints and the diagram).
  virtual std::vector<model::QualifiedName> tables() const = 0;
  // The table this operation renames, if it renames one (Context::later_renames).
  virtual std::optional<TableRename> renamed_table() const { return std::nullopt; }
  // The column this operation makes NOT NULL after the expand phase, if any
  // (Context::earlier_not_null).
  virtual std::optional<std::pair<model::QualifiedName, std::string>> not_null_after_expand() const {
    return std::nullopt;
  }

  core::SourceLocation where;                      // the operation's name in the spec
  std::optional<spec::Strategy> strategy_override;  // `strategy:` on the operation
  // Resolved before apply() (override, else the spec's): some checks only apply online.
  spec::Strategy strategy = spec::Strategy::Online;
  bool online() const { return strategy == spec::Strategy::Online; }
  // The target server's major version (settings.pg_version), also set before apply(): which
  // literal values a type takes depends on it (e.g. '1_000' as an integer from 16 on).
  int pg_version = 15;
};

using Factory = std::function<std::unique_ptr<Operation>(spec::FieldReader&, core::Diagnostics&)>;

// name -> factory. Registration happens in each operation's file at static-init time.
std::map<std::string, Factory>& registry();
struct Registrar {
  Registrar(const char* name, Factory f);
};
#define SCHEMASHIFT_CONCAT2(a, b) a##b
#define SCHEMASHIFT_CONCAT(a, b) SCHEMASHIFT_CONCAT2(a, b)
#define REGISTER_OPERATION(NAME, CLASS)                                                    \
  static const ::schemashift::plan::Registrar SCHEMASHIFT_CONCAT(registrar_, __LINE__)(    \
      NAME, [](::schemashift::spec::FieldReader& r, ::schemashift::core::Diagnostics& d) \
                -> std::unique_ptr<::schemashift::plan::Operation> { return CLASS::decode(r, d); })

// Decodes every raw operation of the spec (unknown names get a "did you mean" hint).
std::vector<std::unique_ptr<Operation>> decode_operations(const spec::ChangeSpec& spec, core::Diagnostics& diags);
std::vector<std::string> operation_names();

}  // namespace schemashift::plan
