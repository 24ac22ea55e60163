#pragma once
// The expand/contract shape shared by rename_column and change_column_type: a new column
// next to the old one, a trigger keeping both in step, a batched backfill, NOT NULL through
// the CHECK recipe, copies of the old column's indexes; the contract phase drops the
// trigger and the old column (and for a type change renames the new column into place).
// The application never sees a broken state: every phase works with old and new code.
#include <string>
#include <vector>

#include "ops/operation.hpp"


namespace schemashift::ops {

struct ShadowColumnPlan {
  model::Table table;              // before the change
  model::Column old_column;
  std::string new_name;            // shadow column name
  model::TypeRef new_type;
  // Conversions, each in two forms: for the trigger (PL/pgSQL over NEW) and for a batched
  // UPDATE (SQL over the table's columns).
  std::string trigger_to_new, trigger_to_old;
  std::string update_to_new, update_to_old;
  bool swap_names = false;         // type change: the new column takes the old name at contract
  std::vector<model::Index> old_indexes;  // plain indexes on the old column, copied
};

// Checks what the online shape cannot handle (constraints on the column, referencing FKs).
bool check_shadow_supported(const model::Schema& schema, const model::Table& table, const std::string& column,
                            const core::SourceLocation& where, core::Diagnostics& diags);
std::vector<model::Index> indexes_on(const model::Schema& schema, const model::QualifiedName& table,
                                     const std::string& column);
// The copy of `ix` on the shadow column: the same definition over `new_col`; named
// `<index>_new` when the names are swapped back at contract (a type change), else with the
// column's name replaced (a rename: the copy is the index that remains).
model::Index shadow_index(const model::Index& ix, const std::string& old_col, const std::string& new_col,
                          bool swap_names);
std::vector<Step> shadow_column_steps(const ShadowColumnPlan& plan, const Context& ctx);

}  // namespace schemashift::ops
