#pragma once
// Reads libpg_query's JSON parse tree text into nlohmann::json (internal to src/sql).
#include <string_view>

#include <nlohmann/json.hpp>

namespace schemashift::sql {

// The same value nlohmann::json::parse(text) gives (non-negative integers unsigned,
// negative ones signed, later duplicate keys winning), at a fraction of its cost: the
// parse tree of every statement goes through here, and nlohmann's general-purpose lexer
// was the largest single cost of a lint run. Malformed text is an environment failure
// (core::Error): libpg_query never produces it.
nlohmann::json read_tree_json(std::string_view text);

}  // namespace schemashift::sql
