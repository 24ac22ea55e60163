#include "render/native_resolve.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "sql/quote.hpp"

namespace schemashift::render {

using nlohmann::json;

namespace {

std::string substitute(const std::string& pattern, const json& type, const std::string& element) {
  std::string out;
  const auto& mods = type.at("modifiers");
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '$') {
      out += pattern[i];
      continue;
    }
    const std::string rest = pattern.substr(i + 1);
    if (rest.rfind("sql", 0) == 0) {
      out += type.at("sql").get<std::string>();
      i += 3;
    } else if (rest.rfind("element", 0) == 0) {
      out += element;
      i += 7;
    } else if (rest.rfind("name", 0) == 0) {
      out += type.at("name").get<std::string>();
      i += 4;
    } else if (!rest.empty() && rest[0] >= '1' && rest[0] <= '9') {
      const std::size_t n = static_cast<std::size_t>(rest[0] - '1');
      if (n < mods.size()) out += std::to_string(mods[n].get<long>());
      i += 1;
    } else {
      out += '$';
    }
  }
  return out;
}

bool matches(const TypeRule& r, const json& type, bool as_array) {
  if (r.array != as_array) return false;
  // An array rule matches every array unless it names the element type or its modifier
  // count (`{array: true, modifiers: 0}`: Liquibase mangles `varchar(50)[]`).
  if (r.name != "*" && r.name != type.at("name").get<std::string>()) return false;
  if (r.modifiers >= 0 && static_cast<std::size_t>(r.modifiers) != type.at("modifiers").size()) return false;
  return true;
}

bool is_type_object(const json& j) {
  return j.is_object() && j.contains("sql") && j.contains("name") && j.contains("modifiers") &&
         j.contains("array_dims");
}

// Maps every type object inside `j`; false when one has no mapping.
bool map_types(json& j, const std::vector<TypeRule>& rules) {
  if (is_type_object(j)) {
    const std::string mapped = map_type(j, rules);
    if (mapped.empty()) return false;
    j["native"] = mapped;
    return true;
  }
  if (j.is_object() || j.is_array()) {
    for (auto& v : j) {
      if (!map_types(v, rules)) return false;
    }
  }
  return true;
}

// Fields whose string value is one of a few words: each gains a flag `<key>_<value>` (spaces
// as `_`: on_delete_set_null, constraint_check, identity_always) so logic-less templates can
// branch on the value.
bool is_enum_key(const std::string& key) {
  static const char* const keys[] = {"on_delete", "on_update", "constraint", "identity", "method", "nulls"};
  return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

std::string flag_word(const std::string& value) {
  std::string out;
  for (char c : value) {
    const unsigned char u = static_cast<unsigned char>(c);
    out += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  return out;
}

// Adds, recursively (children first):
//   arrays of scalars: <key>_items [{value, first, last}];
//   arrays of objects: first/last on each, and <key>_any_<field> (some element has a truthy
//     <field>: foreign_keys_any_columns_multiple, columns_any_identity, elements_any_descending);
//   every array: has_<key> (not empty) and <key>_multiple (more than one element);
//   enum fields (is_enum_key): <key>_<value>;
//   a string `name`: name_needs_quoting (PostgreSQL needs it double-quoted).
void decorate(json& j) {
  if (j.is_object()) {
    std::vector<std::pair<std::string, json>> extra;
    for (auto it = j.begin(); it != j.end(); ++it) {
      json& v = it.value();
      decorate(v);
      if (v.is_string() && is_enum_key(it.key())) extra.emplace_back(it.key() + "_" + flag_word(v.get<std::string>()), true);
      if (!v.is_array()) continue;
      json items = json::array();
      json any = json::object();
      const std::size_t n = v.size();
      for (std::size_t i = 0; i < n; ++i) {
        if (v[i].is_object()) {
          v[i]["first"] = i == 0;
          v[i]["last"] = i + 1 == n;
          for (auto f = v[i].begin(); f != v[i].end(); ++f) {
            if (f.key() == "first" || f.key() == "last") continue;
            any[f.key()] = any.value(f.key(), false) || truthy(f.value());
          }
        } else {
          items.push_back({{"value", v[i]}, {"first", i == 0}, {"last", i + 1 == n}});
        }
      }
      if (!items.empty()) extra.emplace_back(it.key() + "_items", items);
      extra.emplace_back(it.key() + "_multiple", n > 1);
      for (auto f = any.begin(); f != any.end(); ++f) extra.emplace_back(it.key() + "_any_" + f.key(), f.value());
      extra.emplace_back("has_" + it.key(), n > 0);
    }
    // A name PostgreSQL needs quoted (a reserved word, spaces, quotes, capitals): some
    // ActiveRecord 6.1 helpers write constraint names unquoted (add_check_constraint,
    // t.check_constraint), so the Rails templates fall back to `execute` for them.
    if (j.contains("name") && j["name"].is_string()) {
      const std::string name = j["name"].get<std::string>();
      extra.emplace_back("name_needs_quoting", sql::quote_ident(name) != name);
    }
    // A table reference {schema, name, qualified}: has_schema, as an empty string is truthy
    // in a Mustache section.
    if (j.contains("qualified") && j.contains("schema") && j["schema"].is_string()) {
      extra.emplace_back("has_schema", !j["schema"].get<std::string>().empty());
    }
    for (auto& [k, v] : extra) j[k] = v;
  } else if (j.is_array()) {
    for (auto& v : j) decorate(v);
  }
}

bool not_dottable(const std::string& name) { return name.find_first_of(".\"") != std::string::npos; }

// A table reference {schema, name, qualified} anywhere in `j` whose schema or name holds a
// dot or a double quote, or a rename_table's new name that does: "schema.table" cannot
// spell it unambiguously.
bool names_table_not_dottable(const json& j) {
  if (j.is_array()) return std::any_of(j.begin(), j.end(), [](const json& v) { return names_table_not_dottable(v); });
  if (!j.is_object()) return false;
  if (j.contains("qualified") && j.contains("schema") && j.contains("name")) {
    for (const char* part : {"schema", "name"}) {
      if (j[part].is_string() && not_dottable(j[part].get<std::string>())) return true;
    }
  }
  if (j.value("kind", "") == "rename_table" && not_dottable(j.value("new_name", ""))) return true;
  return std::any_of(j.begin(), j.end(), [](const json& v) { return names_table_not_dottable(v); });
}

void resolve_statement(json& st, const NativeRules& rules) {
  st["sql_lines"] = sql_lines(st);
  json resolved = resolve_native(st.value("native", json()), rules);
  const bool has_native = resolved.is_object();
  if (has_native) st["is_" + st["native"].value("kind", "")] = true;
  st["native"] = std::move(resolved);
  st["has_native"] = has_native;
}

void walk(json& j, const NativeRules& rules) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if ((it.key() == "up_statements" || it.key() == "down_statements") && it.value().is_array()) {
        for (auto& st : it.value()) resolve_statement(st, rules);
      } else {
        walk(it.value(), rules);
      }
    }
  } else if (j.is_array()) {
    for (auto& v : j) walk(v, rules);
  }
}

}  // namespace

json sql_lines(const json& st) {
  json lines = json::array();
  const std::string sql = st.value("sql", "");
  std::size_t start = 0;
  for (;;) {
    const std::size_t nl = sql.find('\n', start);
    const bool last = nl == std::string::npos;
    lines.push_back({{"value", sql.substr(start, last ? std::string::npos : nl - start)},
                     {"first", start == 0},
                     {"last", last}});
    if (last) break;
    start = nl + 1;
  }
  return lines;
}

json resolve_native(const json& native, const NativeRules& rules) {
  if (!native.is_object()) return false;
  const std::string kind = native.value("kind", "");
  if (std::find(rules.kinds.begin(), rules.kinds.end(), kind) == rules.kinds.end()) return false;
  if (rules.dotted_table_names && names_table_not_dottable(native)) return false;
  json resolved = native;
  if (!map_types(resolved, rules.types)) return false;
  decorate(resolved);
  resolved["is_" + kind] = true;
  return resolved;
}

bool truthy(const json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string() || v.is_array() || v.is_object()) return !v.empty();
  return true;
}

std::string map_type(const json& type, const std::vector<TypeRule>& rules) {
  const bool as_array = type.value("array_dims", 0) > 0;
  std::string element;
  if (as_array) {
    json element_type = type;
    element_type["array_dims"] = 0;
    std::string sql = type.at("sql").get<std::string>();
    while (sql.size() >= 2 && sql.compare(sql.size() - 2, 2, "[]") == 0) sql.resize(sql.size() - 2);
    element_type["sql"] = sql;
    element = map_type(element_type, rules);
    if (element.empty()) return "";
  }
  for (const auto& r : rules) {
    if (matches(r, type, as_array)) return substitute(r.as, type, element);
  }
  return "";
}

void resolve_natives(json& context, const NativeRules& rules) { walk(context, rules); }

}  // namespace schemashift::render
