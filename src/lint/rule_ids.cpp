#include "lint/rule_ids.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace schemashift::lint {

std::vector<std::string> similar_rule_ids(const std::string& word, std::size_t limit) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  const std::string w = core::lower(word);
  for (const analyze::Rule* r : analyze::all_rules()) {
    const std::string& id = r->info().id;
    // A truncated or misspelt id ("require-concurent-index") is near the start of the real one.
    const std::size_t d = std::min(core::edit_distance(w, id), core::edit_distance(w, id.substr(0, w.size())));
    const bool contains = !w.empty() && (id.find(w) != std::string::npos || w.find(id) != std::string::npos);
    if (contains || d <= std::max<std::size_t>(2, w.size() / 3)) scored.emplace_back(contains ? 0 : d, id);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < limit; ++i) out.push_back(scored[i].second);
  return out;
}

std::pair<std::string, analyze::Severity> parse_rule_flag(const std::string& flag) {
  const auto eq = flag.find('=');
  const std::string id = core::trim(flag.substr(0, eq));
  if (eq == std::string::npos || id.empty()) {
    throw core::Error("--rule expects ID=SEVERITY (e.g. --rule prefer-text-field=off), got '" + flag + "'",
                      core::ExitCode::Usage);
  }
  if (!analyze::find_rule(id)) {
    const auto near = similar_rule_ids(id);
    throw core::Error("--rule " + flag + ": unknown rule '" + id + "'" +
                          (near.empty() ? std::string("; `schemashift rules` lists them")
                                        : "; did you mean " + core::join(near, ", ") + "?"),
                      core::ExitCode::Usage);
  }
  const std::string value = core::trim(flag.substr(eq + 1));
  const auto severity = analyze::parse_severity(value);
  if (!severity) {
    throw core::Error("--rule " + flag + ": severity must be off, hint, warning or error, got '" + value + "'",
                      core::ExitCode::Usage);
  }
  return {id, *severity};
}

}  // namespace schemashift::lint
