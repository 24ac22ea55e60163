#pragma once
// Row counts for a plan's estimates: the spec's `rows:` hints, and for tables without a
// hint the estimates of the live database its `schema:` names (spec::ChangeSpec::catalog_rows).
// A hint wins: it is the author's word (production's size while `schema:` points at staging),
// as lint's --rows wins over --database-url.
#include <optional>
#include <string>

#include "analyze/linter.hpp"
#include "spec/change_spec.hpp"

namespace schemashift::plan {

// The basis of a row count taken from `rows:`, as estimates show it.
inline constexpr const char* kSpecHint = "spec hint";

// The rows of `relation` ("users", "app.users") and their basis; nullopt when unknown.
std::optional<analyze::TableStats> row_count(const spec::ChangeSpec& spec, const std::string& relation);

// Every known row count, for the linter (LintOptions::stats).
analyze::TableStatsMap row_counts(const spec::ChangeSpec& spec);

}  // namespace schemashift::plan
