#pragma once
// Resolves the native actions in a template context for one backend (docs/native-actions.md):
// keeps an action only when the backend lists its kind and can map every type in it, and
// decorates it for logic-less templates (is_<kind>, <list>_items, first/last).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace schemashift::render {

struct TypeRule {
  std::string name;           // canonical type name (int4, varchar, ...); "*" matches any
  int modifiers = -1;         // required number of modifiers; -1 = any
  bool array = false;         // matches array types (array_dims > 0)
  std::string as;             // text with $1, $2 (modifiers), $sql, $element, $name
};

struct NativeRules {
  std::vector<std::string> kinds;  // kinds rendered natively
  std::vector<TypeRule> types;     // first match wins
  // The framework takes a table as one "schema.table" string that it splits at dots outside
  // double quotes (ActiveRecord): a schema or table name holding `.` or `"` cannot be said
  // that way, so a statement naming one is SQL.
  bool dotted_table_names = false;
  bool empty() const { return kinds.empty(); }
};

// The backend's spelling of `type` (a native type object), or "" when no rule matches.
std::string map_type(const nlohmann::json& type, const std::vector<TypeRule>& rules);

// Mustache's truthiness for a context value: null, false and empty strings, lists and maps
// are false (kainjow itself treats an empty string as true, so the renderer decides).
bool truthy(const nlohmann::json& value);

// One native action ({kind, ...} or null) for a backend: the action decorated for templates
// (is_<kind>, <list>_items, first/last, mapped types), or false when the backend renders the
// statement as SQL (kind not listed, or a type it cannot map).
nlohmann::json resolve_native(const nlohmann::json& native, const NativeRules& rules);

// A statement's SQL line by line ([{value, first, last}]), for backends that write it as one
// string literal per line (Python's adjacent literals). The same for every backend.
nlohmann::json sql_lines(const nlohmann::json& statement);

// Resolves every statement object ({sql, native}) found under "up_statements" /
// "down_statements" anywhere in `context`, in place.
void resolve_natives(nlohmann::json& context, const NativeRules& rules);

}  // namespace schemashift::render
