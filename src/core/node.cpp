#include "core/node.hpp"

namespace schemashift::core {

const MapEntry* Node::find_entry(const std::string& key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const Node* Node::find(const std::string& key) const {
  const MapEntry* e = find_entry(key);
  return e ? &e->value : nullptr;
}

const char* Node::kind_name() const {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Scalar: return quoted ? "a string" : "a scalar";
    case Kind::Sequence: return "a list";
    case Kind::Map: return "a map";
  }
  return "a value";
}

}  // namespace schemashift::core
