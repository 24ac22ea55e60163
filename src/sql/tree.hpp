#pragma once
// Read access to libpg_query's parse trees (JSON-shaped, sql/tree_node.hpp), for
// everything that reads them (the schema model, the statement analyser, the lint rules,
// type parsing). pg_query omits false/zero/empty members, so every lookup tolerates a
// missing key and returns a null node, an empty string or false.
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sql/tree_node.hpp"

namespace schemashift::sql::tree {


inline const json& null_json() {
  static const json null{};  // {}: clang requires an initializer for a const object
  return null;
}

// node[key][more]... by reference, or a null node (iterates as empty) when a key is
// absent. Unlike json::value(key, default) this neither copies the subtree nor dangles,
// and unlike a const operator[] it is defined for missing keys.
template <typename... Keys>
const json& member(const json& node, const char* key, Keys... more) {
  const json* child = &null_json();
  if (node.is_object()) {
    const auto it = node.find(std::string_view(key));
    if (it != node.end()) child = &*it;
  }
  if constexpr (sizeof...(more) == 0) {
    return *child;
  } else {
    return member(*child, more...);
  }
}

inline std::string text(const json& node, const char* key) {
  const json& value = member(node, key);
  return value.is_string() ? std::string(value.string_view()) : std::string{};
}

inline bool flag(const json& node, const char* key) {
  const json& value = member(node, key);
  return value.is_boolean() && value.get<bool>();
}

// Members that hold a list: a JSON array, or a {"List": {"items": [...]}} node.
inline const json& items(const json& node) {
  if (node.is_array()) return node;
  const json& list = member(node, "List", "items");
  return list.is_array() ? list : null_json();
}

// {"String": {"sval": "x"}} -> "x"; "" for any other node.
inline std::string string_value(const json& node) { return text(member(node, "String"), "sval"); }

// The strings of a name list (funcname, typeName's names, a DROP object ...).
inline std::vector<std::string> string_list(const json& node) {
  std::vector<std::string> out;
  for (const auto& item : items(node)) out.push_back(string_value(item));
  return out;
}

// The body of a single-key node such as {"Constraint": {...}}, or null when it is another kind.
inline const json& body(const json& node, const char* kind) { return member(node, kind); }

// True if any node below `node` is one of `kinds` ("FuncCall", "SubLink" ...).
inline bool contains_node(const json& node, const std::set<std::string, std::less<>>& kinds) {
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

// The smallest "location" inside a subtree (SIZE_MAX if none): where its text starts.
// An A_Expr's own location is its operator, so the leftmost token is found only by
// looking at every node below.
inline std::size_t min_location(const json& node) {
  std::size_t best = SIZE_MAX;
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "location" && value.is_number_integer() && value.get<long long>() >= 0) {
        best = std::min(best, value.get<std::size_t>());
      } else {
        best = std::min(best, min_location(value));
      }
    }
  } else if (node.is_array()) {
    for (const auto& element : node) best = std::min(best, min_location(element));
  }
  return best;
}

// Column names a tree refers to (the last field of each ColumnRef), in order of first
// appearance.
inline void collect_column_refs(const json& node, std::vector<std::string>& out) {
  if (node.is_object()) {
    const json& fields = member(node, "ColumnRef", "fields");
    if (fields.is_array() && !fields.empty()) {
      const std::string name = string_value(fields.back());
      if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
    for (const auto& [key, value] : node.items()) collect_column_refs(value, out);
  } else if (node.is_array()) {
    for (const auto& element : node) collect_column_refs(element, out);
  }
}

}  // namespace schemashift::sql::tree
