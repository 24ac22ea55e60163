#pragma once
// The names of PostgreSQL's built-in column types, so that a misspelled type in a spec
// (`varchr(20)`) is an error instead of a migration that fails at deploy time.
#include <string>
#include <vector>

namespace schemashift::sql {

// `name` as sql::TypeRef holds it (lower case, no schema, no modifiers, no []): true for
// the pg_catalog types a column can have (int4, varchar, timestamptz, jsonb, int4range ...),
// their SQL-standard and common aliases (integer, int, character varying, boolean ...), the
// serial pseudo-types, `_name` array spellings, and citext.
bool is_builtin_type(const std::string& name);

// Preferred spellings of the common built-in types, for "did you mean" hints.
const std::vector<std::string>& builtin_type_suggestions();

// Types an extension brings, by extension name (CREATE EXTENSION postgis -> geometry ...);
// empty for an extension not listed.
const std::vector<std::string>& extension_types(const std::string& extension);

}  // namespace schemashift::sql
