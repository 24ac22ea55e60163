#include "ops/shadow_column.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "sql/quote.hpp"
#include "ops/native.hpp"
#include "ops/names.hpp"
#include "ops/sql_fragments.hpp"
#include "ops/batched_update.hpp"
#include "ops/recipes.hpp"
#include "ops/sync_trigger.hpp"

namespace schemashift::ops {

bool check_shadow_supported(const model::Schema& schema, const model::Table& table, const std::string& column,
                            const core::SourceLocation& where, core::Diagnostics& diags) {
  for (const auto& k : table.constraints) {
    if (std::find(k.columns.begin(), k.columns.end(), column) == k.columns.end()) continue;
    diags.error("column-has-constraint", where,
                "column '" + display(table.name) + "." + column + "' is part of constraint '" + k.name +
                    "', which the online shape cannot carry over yet",
                "drop the constraint first and re-add it afterwards, or use `strategy: offline` for this operation");
    return false;
  }
  if (!schema.referencing(table.name, column).empty()) {
    diags.error("column-referenced", where,
                "column '" + display(table.name) + "." + column + "' is referenced by a foreign key",
                "use `strategy: offline` for this operation");
    return false;
  }
  return true;
}

std::vector<model::Index> indexes_on(const model::Schema& schema, const model::QualifiedName& table,
                                     const std::string& column) {
  std::vector<model::Index> out;
  for (const model::Index* ix : schema.indexes_of(table)) {
    if (!ix->backs_constraint && ix->mentions_column(column)) out.push_back(*ix);
  }
  return out;
}

std::string after_swap_reason(const model::Table& table, const std::function<bool(const std::string&)>& mentions) {
  for (const auto& c : table.columns) {
    if (c.swapped_in_at_contract && mentions(c.name)) {
      return "Contract phase: " + c.name + " gets its new type there (built earlier, this would be on the old "
             "column and dropped with it).";
    }
  }
  return "";
}

namespace {

Statement comment_statement(const model::QualifiedName& table, const std::string& column, const std::string& text) {
  return {fmt::format("COMMENT ON COLUMN {}.{} IS {}", table_sql(table), ident(column), sql::quote_literal(text)),
          native::set_column_comment(table, column, text)};
}

// Index on the shadow column: same definition with the column swapped, under a temporary
// name until the contract phase drops the old index with the old column and gives the
// copy the index's own name. A name is the user's choice (or PostgreSQL's, which RENAME
// COLUMN does not change either): it is never rewritten from the column's.
model::Index shadow_index(const model::Index& ix, const std::string& old_col, const std::string& new_col) {
  model::Index copy = ix;
  for (auto& e : copy.elements) {
    if (e.column == old_col) e.column = new_col;
  }
  for (auto& c : copy.include) {
    if (c == old_col) c = new_col;
  }
  copy.name = model::make_object_name(ix.name, "", "new");
  return copy;
}

}  // namespace

std::vector<Step> shadow_column_steps(const ShadowColumnPlan& p, const Context& ctx) {
  const model::QualifiedName& tq = p.table.name;
  const std::string t = table_sql(tq);
  const std::string old_c = ident(p.old_column.name), new_c = ident(p.new_name);
  const SyncTrigger trig = sync_trigger(tq, p.old_column.name, p.new_name, p.trigger_to_new, p.trigger_to_old);
  std::vector<Step> steps;

  // --- expand: the shadow column and the trigger that keeps it in step ---------------
  Step expand;
  expand.phase = Phase::Expand;
  expand.table = tq;
  expand.title = "Add " + display(tq) + "." + p.new_name + " and keep it in sync with " + p.old_column.name;
  expand.why = "The new column is nullable and has no default (catalog only). The trigger copies every write "
               "between the two columns, so old and new application versions can run side by side.";
  model::Column shadow;
  shadow.name = p.new_name;
  shadow.type = p.new_type;
  expand.up = {{fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {}", t, column_definition_sql(shadow)),
                native::add_column(tq, shadow, true)}};
  // The comment describes the column, whichever of the two carries its name in the end.
  if (p.old_column.comment) expand.up.push_back(comment_statement(tq, p.new_name, *p.old_column.comment));
  for (const auto& s : statements(trig.create)) expand.up.push_back(s);
  if (p.swap_names) expand.shown_as.push_back({p.new_name, p.old_column.name});
  expand.down = statements(trig.drop);
  expand.down.push_back({fmt::format("ALTER TABLE {} DROP COLUMN IF EXISTS {}", t, new_c),
                         native::drop_column(tq, p.new_name, true)});
  // An earlier set_not_null of this change makes the column NOT NULL only in the migrate
  // phase, and its own down (which runs before this one) drops it again: restoring it here
  // would leave the column NOT NULL after a full rollback.
  if (!p.old_column.nullable && !ctx.nullable_during_expand(tq, p.old_column.name)) {
    // No-op when the contract phase never ran; after a rolled-back contract it restores
    // the old column's NOT NULL (a scan under ACCESS EXCLUSIVE).
    expand.down.push_back({fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", t, old_c),
                           native::set_not_null(tq, p.old_column.name)});
  }
  steps.push_back(expand);

  // --- migrate: copy existing rows, then tighten ----------------------------------------
  model::Table both = p.table;
  both.columns.push_back(shadow);
  Step fill;
  fill.phase = Phase::Migrate;
  fill.kind = StepKind::Backfill;
  fill.table = tq;
  fill.title = "Backfill " + display(tq) + "." + p.new_name + " from " + p.old_column.name;
  fill.why = "Keyset batches, one COMMIT per batch; rows already in step are skipped, so a re-run is cheap.";
  fill.up = {Statement{batched_update_sql(both, {{p.new_name, p.update_to_new}}, "", ctx.settings().batch_size,
                                          ctx.settings(), display(tq) + "." + p.new_name)}};
  // Rolling back after the contract phase: the old column comes back empty, and this
  // copies the data back from the new one, batch by batch.
  fill.down = {Statement{batched_update_sql(both, {{p.old_column.name, p.update_to_old}}, "", ctx.settings().batch_size,
                                            ctx.settings(), display(tq) + "." + p.old_column.name + " (rollback)")}};
  fill.transactional = false;
  fill.long_running = true;
  fill.rerunnable = true;
  steps.push_back(fill);

  if (!p.old_column.nullable) {
    for (auto& s : not_null_steps(ctx, tq, p.new_name, Phase::Migrate)) steps.push_back(s);
  }
  std::vector<model::Index> copies;
  for (const auto& ix : p.old_indexes) {
    model::Index copy = shadow_index(ix, p.old_column.name, p.new_name);
    copies.push_back(copy);
    Step s;
    s.phase = Phase::Migrate;
    s.kind = StepKind::ConcurrentIndex;
    s.table = tq;
    s.title = "Build index " + copy.name + " on the new column concurrently";
    s.why = "Built after the backfill so the batches do not pay for index maintenance; reads and writes continue.";
    s.up = {{index_sql(copy, true, true), native::create_index(copy, true, true)}};
    s.down = {{"DROP INDEX CONCURRENTLY IF EXISTS " + table_sql(sibling(tq, copy.name)),
               native::drop_index(sibling(tq, copy.name), copy.table, true, true)}};
    s.transactional = false;
    s.long_running = true;
    s.rerunnable = true;
    steps.push_back(s);
  }

  // --- contract: drop the old shape -------------------------------------------------------
  Step contract;
  contract.phase = Phase::Contract;
  contract.table = tq;
  contract.title = p.swap_names ? "Swap " + display(tq) + "." + p.old_column.name + " for the converted column"
                                : "Drop trigger and old column " + display(tq) + "." + p.old_column.name;
  contract.why = p.swap_names
                     ? "One short transaction: the old column goes and the converted one takes its name, so "
                       "application code never changes. Catalog only, brief ACCESS EXCLUSIVE."
                     : "Deploy only after every running application version uses " + p.new_name +
                           ". Catalog only, brief ACCESS EXCLUSIVE.";
  contract.up = statements(trig.drop);
  contract.up.push_back({fmt::format("ALTER TABLE {} DROP COLUMN {}", t, old_c),
                         native::drop_column(tq, p.old_column.name, false)});
  const std::string final_name = p.swap_names ? p.old_column.name : p.new_name;
  if (p.swap_names) {
    contract.up.push_back({fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", t, new_c, old_c),
                           native::rename_column(tq, p.new_name, p.old_column.name, copies)});
  }
  for (std::size_t i = 0; i < copies.size(); ++i) {
    contract.up.push_back(Statement{fmt::format("ALTER INDEX {} RENAME TO {}", table_sql(sibling(tq, copies[i].name)),
                                                ident(p.old_indexes[i].name))});
  }
  if (p.old_column.default_sql) {
    contract.up.push_back({fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}", t, ident(final_name),
                                       *p.old_column.default_sql),
                           native::set_default(tq, final_name, *p.old_column.default_sql)});
  }
  // Down: back to the migrate-phase state (both columns, trigger); the backfill's down then
  // copies the data back into the old column.
  std::vector<Statement> down;
  if (p.old_column.default_sql) {
    down.push_back({fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT", t, ident(final_name)),
                    native::drop_default(tq, final_name)});
  }
  for (std::size_t i = 0; i < copies.size(); ++i) {
    down.push_back(Statement{fmt::format("ALTER INDEX {} RENAME TO {}", table_sql(sibling(tq, p.old_indexes[i].name)),
                                         ident(copies[i].name))});
  }
  if (p.swap_names) {
    down.push_back({fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", t, old_c, new_c),
                    native::rename_column(tq, p.old_column.name, p.new_name, copies)});
  }
  model::Column restored = p.old_column;
  restored.nullable = true;
  down.push_back({fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {}", t, column_definition_sql(restored)),
                  native::add_column(tq, restored, true)});
  if (p.old_column.comment) down.push_back(comment_statement(tq, p.old_column.name, *p.old_column.comment));
  for (const auto& ix : p.old_indexes) down.push_back({index_sql(ix, false, true), native::create_index(ix, false, true)});
  for (const auto& s : statements(trig.create)) down.push_back(s);
  contract.down = down;
  contract.down_note = "the old column comes back empty and nullable; the migrate phase's down copies the data "
                       "back in batches, the expand phase's down restores NOT NULL" +
                       std::string(p.old_indexes.empty() ? "" : "; its indexes are rebuilt without CONCURRENTLY");
  steps.push_back(contract);
  return steps;
}

}  // namespace schemashift::ops
