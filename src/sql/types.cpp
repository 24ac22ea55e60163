#include "sql/types.hpp"

#include <algorithm>
#include <set>

#include "sql/parser.hpp"
#include "sql/tree.hpp"

namespace schemashift::sql {

using sql::tree::json;
using namespace tree;

namespace {

// pg_query omits zero-valued fields, so {"ival": {}} is the integer 0.
std::optional<long> integer_constant(const json& node) {
  if (!node.contains("A_Const")) return std::nullopt;
  const json& c = node["A_Const"];
  if (!c.contains("ival")) return std::nullopt;
  return c["ival"].value("ival", 0L);
}

// "SELECT NULL::<type>" must be exactly one target, a cast of the NULL constant, and
// nothing else (no FROM, WHERE, alias, second statement ...). Returns the TypeName node.
const json* single_null_cast_type(const Script& script) {
  if (script.error || script.statements.size() != 1) return nullptr;
  const json& tree = script.statements.front().tree;
  if (!tree.contains("SelectStmt")) return nullptr;
  const json& select = tree["SelectStmt"];
  static const std::set<std::string> allowed_keys = {"targetList", "limitOption", "op"};
  for (const auto& item : select.items()) {
    if (!allowed_keys.count(item.key())) return nullptr;
  }
  if (select.value("op", std::string{}) != "SETOP_NONE") return nullptr;
  const json& targets = member(select, "targetList");
  if (targets.size() != 1) return nullptr;
  const json& target = member(targets[0], "ResTarget");
  if (target.contains("name") || !target.contains("val")) return nullptr;
  const json& val = target["val"];
  if (!val.contains("TypeCast")) return nullptr;
  const json& cast = val["TypeCast"];
  const json& arg = member(cast, "arg");
  if (!arg.contains("A_Const") || !arg["A_Const"].value("isnull", false)) return nullptr;
  if (!cast.contains("typeName")) return nullptr;
  const json& type_name = cast["typeName"];
  // SETOF and %TYPE are not column types.
  if (type_name.value("setof", false) || type_name.value("pct_type", false)) return nullptr;
  return &type_name;
}

bool is_time_with_precision(const std::string& name) {
  return name == "timestamp" || name == "timestamptz" || name == "time" || name == "timetz";
}

// A length/precision coercion to `to` is a no-op when the new limit is absent or at least
// the old one; an unlimited source only stays unlimited.
bool limit_not_decreased(const std::vector<long>& from, const std::vector<long>& to) {
  if (to.empty()) return true;
  if (from.empty()) return false;
  return to.front() >= from.front();
}

// numeric(p,s) -> numeric(p2>=p, s) or unconstrained numeric. A scale change or a change
// from unconstrained to constrained rewrites every datum (numeric_support in numeric.c).
bool numeric_coercible(const std::vector<long>& from, const std::vector<long>& to) {
  if (to.empty()) return true;
  if (from.empty()) return false;
  const long from_scale = from.size() > 1 ? from[1] : 0;
  const long to_scale = to.size() > 1 ? to[1] : 0;
  return from_scale == to_scale && to[0] >= from[0];
}

// interval typmods are {range mask} or {range mask, precision}; the mask 0x7FFF is the full
// range. Conservative: same range, precision not decreased, or an unconstrained target.
bool interval_coercible(const std::vector<long>& from, const std::vector<long>& to) {
  constexpr long kFullRange = 0x7FFF;
  if (to.empty()) return true;
  const long from_range = from.empty() ? kFullRange : from[0];
  if (from_range != to[0]) return false;
  if (to.size() < 2) return true;
  return from.size() >= 2 && to[1] >= from[1];
}

// Walks every object in a parse tree, calling visit(node_type, node_body).
template <typename Visit>
void walk_nodes(const json& node, Visit&& visit) {
  if (node.is_object()) {
    for (const auto& item : node.items()) {
      if (item.value().is_object()) visit(item.key(), item.value());
      walk_nodes(item.value(), visit);
    }
  } else if (node.is_array()) {
    for (const auto& element : node) walk_nodes(element, visit);
  }
}

// Functions known to be volatile (documented here so the intent is explicit; anything
// not on the stable/immutable list below is treated as volatile anyway).
const std::set<std::string>& known_volatile_functions() {
  static const std::set<std::string> names = {
      "random", "random_normal", "clock_timestamp", "timeofday", "gen_random_uuid",
      "gen_random_bytes", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
      "nextval", "setval", "currval", "lastval", "txid_current", "pg_current_xact_id",
  };
  return names;
}

// Built-in functions that are STABLE or IMMUTABLE: ADD COLUMN evaluates such a default
// once and stores it in the catalog, no rewrite (docs/postgres-facts.md §3.1).
const std::set<std::string>& known_nonvolatile_functions() {
  static const std::set<std::string> names = {
      // time (stable: evaluated once per statement)
      "now", "statement_timestamp", "transaction_timestamp", "localtimestamp", "localtime",
      "current_timestamp", "current_date", "current_time", "date_trunc", "date_part",
      "extract", "make_interval", "make_date", "make_time", "make_timestamp",
      "make_timestamptz", "to_timestamp", "to_date", "to_char", "to_number", "age",
      "timezone", "date_bin", "isfinite",
      // strings
      "lower", "upper", "initcap", "length", "char_length", "character_length",
      "octet_length", "btrim", "ltrim", "rtrim", "trim", "substring", "substr", "replace",
      "concat", "concat_ws", "left", "right", "lpad", "rpad", "repeat", "reverse",
      "split_part", "strpos", "position", "overlay", "format", "quote_ident",
      "quote_literal", "quote_nullable", "regexp_replace", "translate", "md5", "sha224",
      "sha256", "sha384", "sha512", "encode", "decode", "chr", "ascii", "starts_with",
      "normalize", "unaccent",
      // conditionals and math
      "coalesce", "nullif", "greatest", "least", "abs", "round", "trunc", "ceil",
      "ceiling", "floor", "mod", "power", "sqrt", "sign", "div",
      // json and arrays
      "jsonb_build_object", "json_build_object", "jsonb_build_array", "json_build_array",
      "to_json", "to_jsonb", "jsonb_set", "jsonb_strip_nulls", "json_strip_nulls",
      "array_length", "cardinality", "array_to_string", "string_to_array", "array_append",
      "array_prepend", "array_cat", "array_fill",
      // session and catalog lookups (stable)
      "current_setting", "current_schema", "current_database", "current_user",
      "session_user", "pg_collation_for",
      // type-named conversion functions, e.g. int8(x)
      "int2", "int4", "int8", "float4", "float8", "numeric", "text", "bool", "date",
      "timestamp", "timestamptz", "interval", "varchar", "bpchar", "uuid",
  };
  return names;
}

bool function_is_volatile(const json& func_call) {
  const json& names = member(func_call, "funcname");
  if (names.empty()) return true;
  // A user function in another schema is unknown: assume the worst.
  if (names.size() > 1 && string_value(names[names.size() - 2]) != "pg_catalog") return true;
  const std::string name = string_value(names.back());
  if (known_volatile_functions().count(name)) return true;
  return known_nonvolatile_functions().count(name) == 0;
}

}  // namespace

TypeRef type_from_tree(const json& type_name) {
  TypeRef type;
  std::vector<std::string> names;
  for (const auto& item : member(type_name, "names")) names.push_back(string_value(item));
  // The grammar spells built-in keyword types as pg_catalog.<name>; a user may too.
  if (names.size() > 1 && names.front() == "pg_catalog") names.erase(names.begin());
  if (!names.empty()) type.name = names.back();
  if (names.size() > 1) {
    type.schema = names[names.size() - 2];
    if (type.schema == "public") type.schema.clear();
  }
  for (const auto& mod : member(type_name, "typmods")) {
    if (auto value = integer_constant(mod)) type.modifiers.push_back(*value);
  }
  type.array_dims = static_cast<int>(member(type_name, "arrayBounds").size());
  return type;
}

std::optional<TypeRef> parse_type(const std::string& text, std::string* error) {
  const auto fail = [&](const std::string& message) -> std::optional<TypeRef> {
    if (error) *error = message;
    return std::nullopt;
  };
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return fail("empty type");
  const Script script = parse_script("SELECT NULL::" + text);
  if (script.error) return fail("not a type: " + script.error->message);
  const json* type_name = single_null_cast_type(script);
  if (!type_name) return fail("not a single type name: " + text);
  TypeRef type = type_from_tree(*type_name);
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  type.spelled = text.substr(first, last - first + 1);
  return type;
}

bool binary_coercible(const TypeRef& from, const TypeRef& to) {
  if (from == to) return true;
  // Array element coercions go through ArrayCoerceExpr, which always rewrites.
  if (from.array_dims != 0 || to.array_dims != 0) return false;
  if (!from.schema.empty() || !to.schema.empty()) return false;
  const std::string& a = from.name;
  const std::string& b = to.name;
  if (a == "varchar" && b == "varchar") return limit_not_decreased(from.modifiers, to.modifiers);
  if (a == "varbit" && b == "varbit") return limit_not_decreased(from.modifiers, to.modifiers);
  if (a == "varchar" && b == "text") return true;
  if (a == "text" && b == "varchar") return to.modifiers.empty();
  if (a == "numeric" && b == "numeric") return numeric_coercible(from.modifiers, to.modifiers);
  if (a == b && is_time_with_precision(a)) return limit_not_decreased(from.modifiers, to.modifiers);
  if (a == "interval" && b == "interval") return interval_coercible(from.modifiers, to.modifiers);
  return false;
}

// PostgreSQL 15 contrib/citext/citext--1.4.sql:
//   CREATE CAST (citext AS text)    WITHOUT FUNCTION AS IMPLICIT;
//   CREATE CAST (citext AS varchar) WITHOUT FUNCTION AS IMPLICIT;
//   CREATE CAST (citext AS bpchar)  WITHOUT FUNCTION AS ASSIGNMENT;
//   CREATE CAST (text AS citext)    WITHOUT FUNCTION AS ASSIGNMENT;
//   CREATE CAST (varchar AS citext) WITHOUT FUNCTION AS ASSIGNMENT;
// (bpchar AS citext is WITH FUNCTION citext(bpchar), which trims: a rewrite.) A target with
// a length, varchar(n) or char(n), adds a length coercion function: a rewrite too.
bool extension_binary_coercible(const TypeRef& from, const TypeRef& to, const std::vector<std::string>& extensions) {
  if (from.array_dims != 0 || to.array_dims != 0) return false;
  if (std::find(extensions.begin(), extensions.end(), "citext") == extensions.end()) return false;
  // The extension's type, in whichever schema it was installed; the built-in ones.
  const auto citext = [](const TypeRef& t) { return t.name == "citext"; };
  const auto builtin = [](const TypeRef& t, const char* name) { return t.schema.empty() && t.name == name; };
  if (citext(from)) {
    return (builtin(to, "text") || builtin(to, "varchar") || builtin(to, "bpchar")) && to.modifiers.empty();
  }
  return citext(to) && (builtin(from, "text") || builtin(from, "varchar"));
}

bool is_time_zone_conversion(const TypeRef& from, const TypeRef& to) {
  if (from.array_dims != 0 || to.array_dims != 0 || !from.schema.empty() || !to.schema.empty()) return false;
  const bool pair = (from.name == "timestamp" && to.name == "timestamptz") ||
                    (from.name == "timestamptz" && to.name == "timestamp");
  return pair && limit_not_decreased(from.modifiers, to.modifiers);
}

bool is_volatile_expression(const std::string& sql_expr) {
  const Script script = parse_script("SELECT " + sql_expr);
  if (script.error || script.statements.size() != 1) return true;
  const json& tree = script.statements.front().tree;
  if (!tree.contains("SelectStmt")) return true;
  const json& targets = member(tree["SelectStmt"], "targetList");
  if (targets.size() != 1) return true;

  bool volatile_found = false;
  walk_nodes(targets, [&](const std::string& type, const json& body) {
    if (type == "FuncCall" && function_is_volatile(body)) volatile_found = true;
    // A subquery is not allowed in a DEFAULT; whatever it reads, treat it as volatile.
    if (type == "SubLink") volatile_found = true;
  });
  return volatile_found;
}

namespace {

// Whether the expression calls a function named in `names` (in any schema: pgcrypto's
// gen_random_uuid may live in public), or, with `value_functions`, one of the keyword
// functions (CURRENT_TIMESTAMP, CURRENT_USER ...: SQLValueFunction). Unparseable text: no.
bool calls_any(const std::string& sql_expr, const std::set<std::string>& names, bool value_functions) {
  const Script script = parse_script("SELECT " + sql_expr);
  if (script.error || script.statements.size() != 1) return false;
  const json& tree = script.statements.front().tree;
  if (!tree.contains("SelectStmt")) return false;
  bool found = false;
  walk_nodes(member(tree["SelectStmt"], "targetList"), [&](const std::string& type, const json& body) {
    if (value_functions && type == "SQLValueFunction") found = true;
    if (type != "FuncCall") return;
    const json& funcname = member(body, "funcname");
    if (!funcname.empty() && names.count(string_value(funcname.back()))) found = true;
  });
  return found;
}

}  // namespace

bool calls_known_volatile_function(const std::string& sql_expr) {
  return calls_any(sql_expr, known_volatile_functions(), false);
}

bool changes_between_evaluations(const std::string& sql_expr) {
  // Stable, but stable only for one statement: their value at verification time is not the
  // one the backfill wrote.
  static const std::set<std::string> per_statement = {
      "now", "statement_timestamp", "transaction_timestamp", "localtimestamp", "localtime", "current_timestamp",
      "current_date", "current_time", "current_setting", "current_schema", "current_user", "session_user", "age"};
  return calls_known_volatile_function(sql_expr) || calls_any(sql_expr, per_statement, true);
}

}  // namespace schemashift::sql
