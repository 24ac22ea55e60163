#pragma once
// A YAML document as plain values with the source position of every node. spec/ builds it
// (the only code that sees yaml-cpp); operations decode their fields from it, so errors
// in any field point at the exact line and column the user typed.
#include <string>
#include <utility>
#include <vector>

#include "core/source_location.hpp"

namespace schemashift::core {

struct Node;

struct MapEntry;

struct Node {
  enum class Kind { Null, Scalar, Sequence, Map };
  Kind kind = Kind::Null;
  std::string scalar;        // raw text of a scalar
  bool quoted = false;       // the scalar was written in quotes ("123" is a string, 123 is not)
  std::vector<Node> items;   // Sequence
  std::vector<MapEntry> entries;  // Map, in document order (duplicates already rejected)
  SourceLocation where;

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_map() const { return kind == Kind::Map; }
  const Node* find(const std::string& key) const;
  const MapEntry* find_entry(const std::string& key) const;
  // "a string", "a list", "a map", "null" — for "expected X, got Y" messages.
  const char* kind_name() const;
};

struct MapEntry {
  std::string key;
  SourceLocation key_where;
  Node value;
};

}  // namespace schemashift::core
