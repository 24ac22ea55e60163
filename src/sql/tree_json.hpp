#pragma once
// Reads libpg_query's JSON parse tree text into a parse tree (internal to src/sql).
#include <string_view>

#include "sql/tree_node.hpp"

namespace schemashift::sql {

// The value nlohmann::json::parse(text) would give (non-negative integers unsigned,
// negative ones signed, later duplicate keys winning), as a tree::Document: the parse tree
// of every statement goes through here. Malformed text is an environment failure
// (core::Error): libpg_query never produces it.
tree::Document read_tree_json(std::string_view text);

}  // namespace schemashift::sql
