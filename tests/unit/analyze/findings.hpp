#pragma once
// What the linter tests ask of a FileReport: the findings of one rule, filtered by id, so
// that other rules firing on the same SQL do not matter.
#include <string>
#include <vector>

#include "analyze/linter.hpp"

namespace schemashift::analyze::testing {

inline std::vector<Finding> of_rule(const FileReport& r, const std::string& rule) {
  std::vector<Finding> out;
  for (const auto& f : r.findings) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace schemashift::analyze::testing
