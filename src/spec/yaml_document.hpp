#pragma once
// YAML text -> core::Node. The only place in the tree that includes yaml-cpp.
#include <optional>
#include <string>

#include "core/diagnostics.hpp"
#include "core/node.hpp"

namespace schemashift::spec {

// Parses `text` (named `file` in messages). Syntax errors and duplicate keys are
// reported with their line:column; returns nullopt on a syntax error.
std::optional<core::Node> parse_yaml(const std::string& text, const std::string& file, core::Diagnostics& diags);

}  // namespace schemashift::spec
