#pragma once
// The dual-write trigger of the shadow-column shape (rename_column, change_column_type).
#include <string>
#include <vector>

#include "model/schema.hpp"

namespace schemashift::ops {

// `expr` over the table's columns, evaluated against a trigger's NEW row.
std::string over_new_row(const std::string& expr);
// A BEFORE INSERT OR UPDATE trigger keeping `old_col` and `new_col` in step while old and
// new application versions run side by side. Conversions are PL/pgSQL expressions,
// e.g. "NEW.age::bigint" or over_new_row("age::bigint").
struct SyncTrigger {
  std::string function_name;
  std::string trigger_name;
  std::vector<std::string> create;  // CREATE FUNCTION, CREATE TRIGGER
  std::vector<std::string> drop;    // DROP TRIGGER, DROP FUNCTION
};
SyncTrigger sync_trigger(const model::QualifiedName& table, const std::string& old_col, const std::string& new_col,
                         const std::string& old_to_new, const std::string& new_to_old);

}  // namespace schemashift::ops
