#pragma once
// Rule ids as users type them: --rule ID=SEVERITY, `lint.rules` in the config file,
// `schemashift rules explain ID`; typos get a "did you mean".
#include <string>
#include <utility>
#include <vector>

#include "analyze/rule.hpp"

namespace schemashift::lint {

// Registered rule ids near `word` (typos, substrings), best first, at most `limit`.
std::vector<std::string> similar_rule_ids(const std::string& word, std::size_t limit = 3);

// --rule ID=SEVERITY. Typos are usage errors (core::Error, exit 64) that name the likely rule.
std::pair<std::string, analyze::Severity> parse_rule_flag(const std::string& flag);

}  // namespace schemashift::lint
