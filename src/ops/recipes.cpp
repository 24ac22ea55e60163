#include "ops/recipes.hpp"

#include <fmt/format.h>

#include "ops/constraint_statements.hpp"
#include "ops/names.hpp"
#include "ops/native.hpp"
#include "ops/sql_fragments.hpp"

namespace schemashift::ops {

std::vector<Step> not_valid_then_validate(const Context& ctx, const model::QualifiedName& table, const model::Constraint& c,
                                          const std::string& what, const std::string& add_why,
                                          const std::string& validate_why) {
  const model::QualifiedName later = ctx.table_in(table, Phase::Migrate);
  Step add;
  add.phase = Phase::Expand;
  add.table = table;
  add.title = "Add " + what + " " + c.name + " NOT VALID";
  add.why = add_why;
  add.up = {add_constraint_statement(table, c, true)};
  add.down = {drop_constraint_statement(table, c.name, c.kind)};
  Step v;
  v.phase = Phase::Migrate;
  v.kind = StepKind::Validate;
  v.table = later;
  v.title = "Validate " + what + " " + c.name;
  v.why = validate_why;
  v.up = {{"ALTER TABLE " + table_sql(later) + " VALIDATE CONSTRAINT " + ident(c.name),
           native::validate_constraint(later, c.name, c.kind)}};
  v.long_running = true;
  v.rerunnable = true;
  return {add, v};
}

std::vector<Step> unique_via_concurrent_index(const Context& ctx, const model::QualifiedName& table, const model::Constraint& unique,
                                              const std::string& index_why, const std::string& attach_why) {
  model::Index ix;
  ix.name = unique.name;
  ix.table = table;
  ix.unique = true;
  for (const auto& c : unique.columns) ix.elements.push_back({c, "", false, "", ""});
  Step idx;
  idx.phase = Phase::Expand;
  idx.kind = StepKind::ConcurrentIndex;
  idx.table = table;
  idx.title = "Build unique index " + ix.name + " concurrently";
  idx.why = index_why;
  idx.up = {{index_sql(ix, true, true), native::create_index(ix, true, true)}};
  idx.down = {{"DROP INDEX CONCURRENTLY IF EXISTS " + table_sql(sibling(table, ix.name)),
               native::drop_index(sibling(table, ix.name), table, true, true)}};
  idx.transactional = false;
  idx.long_running = true;
  idx.rerunnable = true;
  const model::QualifiedName later = ctx.table_in(table, Phase::Migrate);
  Step con;
  con.phase = Phase::Migrate;
  con.table = later;
  con.title = "Attach " + unique.name + " as a UNIQUE constraint";
  con.why = attach_why;
  con.up = {{"ALTER TABLE " + table_sql(later) + " ADD CONSTRAINT " + ident(unique.name) + " UNIQUE USING INDEX " +
                 ident(unique.name),
             native::add_unique_using_index(later, unique.name, unique.name)}};
  // Dropping the constraint drops its index too; the index step's down then finds nothing.
  con.down = {drop_constraint_statement(later, unique.name, model::ConstraintKind::Unique)};
  con.down_note = "dropping the constraint drops its index; the expand phase's down then finds nothing to drop";
  return {idx, con};
}

std::vector<Step> not_null_steps(const Context& ctx, const model::QualifiedName& table, const std::string& column,
                                 Phase phase) {
  return not_null_steps(table, column, phase, ctx.settings().pg_version, ctx.table_in(table, phase));
}

std::vector<Step> not_null_steps(const model::QualifiedName& written, const std::string& column, Phase phase,
                                 int pg_version, const std::optional<model::QualifiedName>& table_in_phase) {
  const std::string check = default_name(written, {column}, "not_null");
  const model::QualifiedName table = table_in_phase.value_or(written);
  const std::string t = table_sql(table);
  std::vector<Step> steps;

  Step add;
  add.phase = phase;
  add.title = "Add CHECK (" + column + " IS NOT NULL) NOT VALID on " + display(table);
  add.why = "NOT VALID skips the scan: the ACCESS EXCLUSIVE lock lasts milliseconds, and new rows are checked from now on.";
  add.up = {not_null_check_statement(table, check, column)};
  add.down = {drop_constraint_statement(table, check, model::ConstraintKind::Check)};
  add.table = table;
  steps.push_back(add);

  Step validate;
  validate.phase = phase;
  validate.kind = StepKind::Validate;
  validate.title = "Validate " + check;
  validate.why = "VALIDATE scans the table under SHARE UPDATE EXCLUSIVE, which does not block reads or writes.";
  validate.up = {{fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", t, ident(check)),
                  native::validate_constraint(table, check, model::ConstraintKind::Check)}};
  validate.long_running = true;
  validate.rerunnable = true;
  validate.table = table;
  validate.proves_not_null = column;
  validate.proving_constraint = check;
  steps.push_back(validate);

  Step set;
  set.phase = phase;
  set.title = "SET NOT NULL on " + display(table) + "." + column;
  set.why = pg_version >= 12
                ? "PostgreSQL 12+ skips the full-table scan because the validated CHECK already proves no NULLs; "
                  "the helper CHECK is then redundant."
                : "PostgreSQL 11 scans the table here under ACCESS EXCLUSIVE: plan a maintenance window.";
  set.up = {{fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", t, ident(column)),
             native::set_not_null(table, column)},
            {fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", t, ident(check)),
             native::drop_constraint(table, check, model::ConstraintKind::Check, false)}};
  // Restores the state after VALIDATE (the helper CHECK exists, the column is nullable).
  // The CHECK comes back NOT VALID: validating it again would scan under ACCESS EXCLUSIVE.
  set.down = {not_null_check_statement(table, check, column),
              {fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL", t, ident(column)),
               native::drop_not_null(table, column)}};
  set.table = table;
  steps.push_back(set);
  return steps;
}

std::vector<Step> in_contract_phase(std::vector<Step> steps, const std::string& why) {
  for (auto& s : steps) {
    s.phase = Phase::Contract;
    s.why += (s.why.empty() ? "" : " ") + why;
  }
  return steps;
}

}  // namespace schemashift::ops
