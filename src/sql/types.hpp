#pragma once
// Column type strings parsed with PostgreSQL's grammar into TypeRef.
#include <optional>
#include <string>
#include <vector>

#include "sql/tree_node.hpp"

#include "sql/type_ref.hpp"

namespace schemashift::sql {

// "int" -> {int4}, "varchar(50)" -> {varchar,{50}}, "timestamp with time zone" -> {timestamptz}.
// Returns nullopt (and sets *error) when the text is not a type.
std::optional<TypeRef> parse_type(const std::string& text, std::string* error = nullptr);
// TypeRef from a pg_query TypeName JSON node (used by the schema loader).
TypeRef type_from_tree(const sql::tree::json& type_name);

// No table rewrite when a column changes from `from` to `to` (docs/postgres-facts.md §3.2):
// varchar(n)->varchar(m>=n), varchar->text, text->varchar (unlimited), numeric precision up
// with the same scale, numeric(p,s)->numeric, timestamp/time/interval precision up.
bool binary_coercible(const TypeRef& from, const TypeRef& to);

// The binary-coercible casts an extension creates (CREATE CAST ... WITHOUT FUNCTION) make
// a type change keep the rows too, once the extension is in `extensions` (the schema's):
// citext <-> text, varchar -> citext, citext -> varchar / bpchar without a length. The
// column's indexes change operator class, so each index on it is rebuilt.
bool extension_binary_coercible(const TypeRef& from, const TypeRef& to, const std::vector<std::string>& extensions);

// timestamp -> timestamptz or back, precision not lowered: not binary-coercible (a function
// converts the value), but PostgreSQL 12+ skips the rewrite when the session TimeZone is UTC
// (sql/time_zone.hpp: is_fixed_utc_zone); only indexes on the column are rebuilt then.
bool is_time_zone_conversion(const TypeRef& from, const TypeRef& to);

// Whether an expression contains a volatile function call (ADD COLUMN ... DEFAULT it
// rewrites the table). Known-volatile names: random, clock_timestamp, gen_random_uuid,
// uuid_generate_v4, nextval, timeofday, txid_current ... and any unknown user function
// (assume the worst).
bool is_volatile_expression(const std::string& sql_expr);

// Narrower than is_volatile_expression: true only when the expression certainly yields a
// new value on each evaluation, i.e. it calls a known-volatile function (gen_random_uuid(),
// random(), clock_timestamp() ...). Unknown user functions and subqueries, which
// is_volatile_expression assumes the worst of, are false here; so is unparseable text.
bool calls_known_volatile_function(const std::string& sql_expr);

// Whether evaluating the expression later certainly gives another value than evaluating it
// now: it calls a known-volatile function (calls_known_volatile_function) or reads the clock
// or the session (now(), CURRENT_TIMESTAMP, current_user ...: stable only within one
// statement). A check run after a backfill cannot compare a column with such an expression.
// Unknown user functions are assumed to be repeatable, as the backfill's rerun guard
// assumes; unparseable text is not.
bool changes_between_evaluations(const std::string& sql_expr);

}  // namespace schemashift::sql
