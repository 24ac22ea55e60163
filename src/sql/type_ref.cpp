#include "sql/type_ref.hpp"

#include <map>
#include <set>

#include "sql/quote.hpp"

namespace schemashift::sql {

namespace {

// Schema-less built-in types whose preferred spelling differs from the catalog name.
const std::map<std::string, std::string>& builtin_spellings() {
  static const std::map<std::string, std::string> spellings = {
      {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"},
      {"float4", "real"},   {"float8", "double precision"}, {"bool", "boolean"},
  };
  return spellings;
}

// Catalog types that are written bare: quoting "interval" or "time" would still work but
// reads oddly, and quote_ident would quote them because they are (non-reserved) keywords.
const std::set<std::string>& bare_builtin_names() {
  static const std::set<std::string> names = {
      "varchar", "bpchar", "numeric", "text", "uuid", "json", "jsonb", "bytea", "date",
      "time", "timetz", "timestamp", "timestamptz", "interval", "bit", "varbit", "money",
      "inet", "cidr", "macaddr", "macaddr8", "xml", "tsvector", "tsquery", "point", "line",
      "lseg", "box", "path", "polygon", "circle", "oid", "regclass", "pg_lsn", "name",
      "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
  };
  return names;
}

std::string join_modifiers(const std::vector<long>& mods) {
  std::string out;
  for (std::size_t i = 0; i < mods.size(); ++i) {
    if (i) out += ",";
    out += std::to_string(mods[i]);
  }
  return out;
}

// interval typmods are {range mask[, precision]}; the mask bits are PostgreSQL's
// INTERVAL_MASK(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND).
std::string interval_sql(const std::vector<long>& mods) {
  static const std::map<long, const char*> ranges = {
      {4, "year"}, {2, "month"}, {8, "day"}, {1024, "hour"}, {2048, "minute"}, {4096, "second"},
      {6, "year to month"}, {1032, "day to hour"}, {3080, "day to minute"},
      {7176, "day to second"}, {3072, "hour to minute"}, {7168, "hour to second"},
      {6144, "minute to second"},
  };
  std::string out = "interval";
  if (mods.empty()) return out;
  const auto range = ranges.find(mods[0]);
  if (range != ranges.end()) out += std::string(" ") + range->second;
  if (mods.size() > 1) out += "(" + std::to_string(mods[1]) + ")";
  return out;
}

std::string builtin_or_user_type_sql(const TypeRef& t) {
  if (t.schema.empty()) {
    if (t.name == "interval") return interval_sql(t.modifiers);
    const std::string mods = t.modifiers.empty() ? "" : "(" + join_modifiers(t.modifiers) + ")";
    // bpchar without a length is the unlimited blank-padded type; with one it is char(n).
    if (t.name == "bpchar") return t.modifiers.empty() ? "bpchar" : "char" + mods;
    const auto spelled = builtin_spellings().find(t.name);
    if (spelled != builtin_spellings().end()) return spelled->second + mods;
    if (bare_builtin_names().count(t.name)) return t.name + mods;
    return quote_ident(t.name) + mods;
  }
  std::string out = quote_ident(t.schema) + "." + quote_ident(t.name);
  if (!t.modifiers.empty()) out += "(" + join_modifiers(t.modifiers) + ")";
  return out;
}

}  // namespace

std::string TypeRef::sql() const {
  std::string out = builtin_or_user_type_sql(*this);
  for (int i = 0; i < array_dims; ++i) out += "[]";
  return out;
}

std::optional<std::string> serial_base_type(const TypeRef& t) {
  if (!t.schema.empty() || !t.modifiers.empty() || t.array_dims != 0) return std::nullopt;
  if (t.name == "serial" || t.name == "serial4") return "int4";
  if (t.name == "bigserial" || t.name == "serial8") return "int8";
  if (t.name == "smallserial" || t.name == "serial2") return "int2";
  return std::nullopt;
}

}  // namespace schemashift::sql
