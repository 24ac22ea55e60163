#include "spec/yaml_document.hpp"

#include <set>

#include <yaml-cpp/yaml.h>

namespace schemashift::spec {

namespace {

core::SourceLocation location(const std::string& file, const YAML::Mark& mark) {
  // yaml-cpp marks are 0-based; ours are 1-based like every compiler's.
  return {file, mark.line + 1, mark.column + 1};
}

core::Node convert(const YAML::Node& y, const std::string& file, core::Diagnostics& diags) {
  core::Node n;
  n.where = location(file, y.Mark());
  switch (y.Type()) {
    case YAML::NodeType::Scalar:
      n.kind = core::Node::Kind::Scalar;
      n.scalar = y.Scalar();
      // Plain scalars carry the non-specific tag "?", quoted ones "!": that is how
      // `default: "42"` (a string) is told apart from `default: 42` (a number). An explicit
      // string tag (`!!str 42`) says the same thing as quotes.
      n.quoted = y.Tag() == "!" || y.Tag() == "tag:yaml.org,2002:str";
      break;
    case YAML::NodeType::Sequence:
      n.kind = core::Node::Kind::Sequence;
      for (const auto& item : y) n.items.push_back(convert(item, file, diags));
      break;
    case YAML::NodeType::Map: {
      n.kind = core::Node::Kind::Map;
      std::set<std::string> seen;
      for (const auto& kv : y) {
        core::MapEntry e;
        e.key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("<complex key>");
        e.key_where = location(file, kv.first.Mark());
        // yaml-cpp keeps duplicate keys silently; a spec where the second `table:` wins
        // without a word is exactly the kind of surprise this tool exists to prevent.
        if (!seen.insert(e.key).second) {
          diags.error("duplicate-key", e.key_where, "duplicate key '" + e.key + "'",
                      "each key may appear once in a map; remove one of them");
          continue;
        }
        e.value = convert(kv.second, file, diags);
        n.entries.push_back(std::move(e));
      }
      break;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      n.kind = core::Node::Kind::Null;
      break;
  }
  return n;
}

}  // namespace

std::optional<core::Node> parse_yaml(const std::string& text, const std::string& file, core::Diagnostics& diags) {
  try {
    const YAML::Node root = YAML::Load(text);
    return convert(root, file, diags);
  } catch (const YAML::Exception& e) {
    core::SourceLocation where = location(file, e.mark);
    if (e.mark.is_null()) where = {file, 0, 0};
    diags.error("yaml-syntax", where, "invalid YAML: " + e.msg,
                "check indentation and quoting on this line (tabs are not allowed for indentation)");
    return std::nullopt;
  }
}

}  // namespace schemashift::spec
