#pragma once
// Read access to libpg_query JSON parse trees, shared by the statement analyser and the
// lint rules. pg_query omits false/zero/empty members, so every lookup tolerates a
// missing key and returns a null node, an empty string or false.
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace schemashift::analyze::tree {

using nlohmann::json;

inline const json& null_json() {
  static const json null;
  return null;
}

inline const json& member(const json& node, const char* key) {
  if (!node.is_object()) return null_json();
  const auto it = node.find(key);
  return it == node.end() ? null_json() : *it;
}

inline std::string text(const json& node, const char* key) {
  const json& value = member(node, key);
  return value.is_string() ? value.get<std::string>() : std::string{};
}

inline bool flag(const json& node, const char* key) {
  const json& value = member(node, key);
  return value.is_boolean() && value.get<bool>();
}

// Members that hold a list: a JSON array, or a {"List": {"items": [...]}} node.
inline const json& items(const json& node) {
  if (node.is_array()) return node;
  const json& list = member(member(node, "List"), "items");
  return list.is_array() ? list : null_json();
}

// {"String": {"sval": "x"}} -> "x".
inline std::string string_value(const json& node) { return text(member(node, "String"), "sval"); }

inline std::vector<std::string> string_list(const json& node) {
  std::vector<std::string> out;
  for (const auto& item : items(node)) out.push_back(string_value(item));
  return out;
}

// The body of a single-key node such as {"Constraint": {...}}, or null when it is another kind.
inline const json& body(const json& node, const char* kind) { return member(node, kind); }

// True if any node below `node` is one of `kinds` ("FuncCall", "SubLink" ...).
inline bool contains_node(const json& node, const std::set<std::string>& kinds) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (kinds.count(key) || contains_node(value, kinds)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& element : node) {
      if (contains_node(element, kinds)) return true;
    }
  }
  return false;
}

// The "location" member of a node (a byte offset in the parsed script), or -1.
inline long long location(const json& node) {
  const json& loc = member(node, "location");
  return loc.is_number_integer() ? loc.get<long long>() : -1;
}

}  // namespace schemashift::analyze::tree
