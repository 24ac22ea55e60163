#include "render/native_resolve.hpp"

#include <algorithm>

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
  if (as_array) return true;
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

// Adds <key>_items for arrays of scalars and first/last to objects in arrays, recursively.
void decorate(json& j) {
  if (j.is_object()) {
    std::vector<std::pair<std::string, json>> extra;
    for (auto it = j.begin(); it != j.end(); ++it) {
      json& v = it.value();
      if (v.is_array()) {
        json items = json::array();
        const std::size_t n = v.size();
        for (std::size_t i = 0; i < n; ++i) {
          if (v[i].is_object()) {
            v[i]["first"] = i == 0;
            v[i]["last"] = i + 1 == n;
          } else {
            items.push_back({{"value", v[i]}, {"first", i == 0}, {"last", i + 1 == n}});
          }
        }
        if (!items.empty()) extra.emplace_back(it.key() + "_items", items);
        if (n == 0) extra.emplace_back("has_" + it.key(), false);
        else extra.emplace_back("has_" + it.key(), true);
      }
      decorate(v);
    }
    for (auto& [k, v] : extra) j[k] = v;
  } else if (j.is_array()) {
    for (auto& v : j) decorate(v);
  }
}

void resolve_statement(json& st, const NativeRules& rules) {
  json& native = st["native"];
  if (native.is_null() || !native.is_object()) {
    st["native"] = false;
    st["has_native"] = false;
    return;
  }
  const std::string kind = native.value("kind", "");
  const bool listed = std::find(rules.kinds.begin(), rules.kinds.end(), kind) != rules.kinds.end();
  json resolved = native;
  if (!listed || !map_types(resolved, rules.types)) {
    st["native"] = false;
    st["has_native"] = false;
    return;
  }
  decorate(resolved);
  resolved["is_" + kind] = true;
  st["native"] = resolved;
  st["has_native"] = true;
  st["is_" + kind] = true;
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
