#include "ops/checks.hpp"

#include <map>

#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/names.hpp"
#include "sql/quote.hpp"

namespace schemashift::ops {

std::string format_type_name(const model::TypeRef& t) {
  static const std::map<std::string, std::string> names = {
      {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"}, {"float4", "real"},
      {"float8", "double precision"}, {"bool", "boolean"}, {"varchar", "character varying"},
      {"bpchar", "character"}, {"timestamptz", "timestamp with time zone"},
      {"timestamp", "timestamp without time zone"}, {"timetz", "time with time zone"},
      {"time", "time without time zone"}, {"varbit", "bit varying"}};
  auto it = names.find(t.name);
  std::string base = it == names.end() ? t.name : it->second;
  std::string mods;
  if (!t.modifiers.empty()) {
    std::vector<std::string> m;
    for (long v : t.modifiers) m.push_back(std::to_string(v));
    mods = "(" + core::join(m, ",") + ")";
  }
  // format_type puts the precision inside: "timestamp(3) with time zone".
  std::string out;
  const auto space = base.find(' ');
  if (!mods.empty() && (t.name == "timestamptz" || t.name == "timestamp" || t.name == "timetz" || t.name == "time")) {
    out = base.substr(0, space) + mods + base.substr(space);
  } else {
    out = base + mods;
  }
  if (!t.schema.empty() && t.schema != "public") out = t.schema + "." + out;
  for (int i = 0; i < t.array_dims; ++i) out += "[]";
  return out;
}

static std::string regclass(const model::QualifiedName& t) { return sql::quote_literal(table_sql(t)) + "::regclass"; }

std::string table_fact(const model::QualifiedName& table) { return "table " + table.key(); }
std::string relation_fact(const model::QualifiedName& relation) { return "relation " + relation.key(); }
std::string constraint_fact(const model::QualifiedName& table, const std::string& name) {
  return "constraint " + table.key() + "." + name;
}
std::string column_fact(const model::QualifiedName& table, const std::string& column) {
  return "column " + table.key() + "." + column;
}

Check column_check(const model::QualifiedName& table, const model::Column& c) {
  return {fmt::format("column {}.{} is {}{}", display(table), c.name, c.type.sql(), c.nullable ? "" : " NOT NULL"),
          fmt::format("SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {} AND attname = {} "
                      "AND NOT attisdropped AND format_type(atttypid, atttypmod) = {} AND attnotnull = {})",
                      regclass(table), sql::quote_literal(c.name), sql::quote_literal(format_type_name(c.type)),
                      c.nullable ? "false" : "true"),
          Expect::True, CheckAt::FirstStep, column_fact(table, c.name), {table_fact(table)}};
}

Check column_absent_check(const model::QualifiedName& table, const std::string& column) {
  return {fmt::format("column {}.{} is gone", display(table), column),
          fmt::format("SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {} AND attname = {} "
                      "AND NOT attisdropped)",
                      regclass(table), sql::quote_literal(column)),
          Expect::True, CheckAt::FirstStep, column_fact(table, column), {table_fact(table)}};
}

Check constraint_check(const model::QualifiedName& table, const std::string& name, bool must_be_validated) {
  return {fmt::format("constraint {} on {} exists{}", name, display(table), must_be_validated ? " and is validated" : ""),
          fmt::format("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {} AND conname = {}{})",
                      regclass(table), sql::quote_literal(name), must_be_validated ? " AND convalidated" : ""),
          Expect::True, CheckAt::FirstStep, constraint_fact(table, name), {table_fact(table)}};
}

Check duplicates_check(const std::string& title, const model::QualifiedName& table, const std::vector<std::string>& keys,
                       const std::string& where_sql) {
  std::vector<std::string> conditions;
  if (!where_sql.empty()) conditions.push_back("(" + where_sql + ")");
  for (const auto& k : keys) conditions.push_back(k + " IS NOT NULL");
  const std::string list = core::join(keys, ", ");
  return {title,
          fmt::format("SELECT {0}, count(*) FROM {1} WHERE {2} GROUP BY {0} HAVING count(*) > 1 LIMIT 10", list,
                      table_sql(table), core::join(conditions, " AND ")),
          Expect::NoRows};
}

Check index_check(const model::QualifiedName& index, bool must_exist) {
  if (!must_exist) {
    return {"index " + display(index) + " is gone",
            "SELECT to_regclass(" + sql::quote_literal(table_sql(index)) + ") IS NULL", Expect::True,
            CheckAt::FirstStep, relation_fact(index)};
  }
  // CREATE INDEX CONCURRENTLY leaves an INVALID index behind when it fails; existence
  // alone would hide that, so validity is what is checked.
  return {"index " + display(index) + " exists and is valid",
          "SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(" +
              sql::quote_literal(table_sql(index)) + ") AND indisvalid AND indisready)",
          Expect::True, CheckAt::FirstStep, relation_fact(index)};
}

}  // namespace schemashift::ops
