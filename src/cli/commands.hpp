#pragma once
// One function per subcommand (src/cli/cmd_<name>.cpp); main.cpp wires them to CLI11.
#include <optional>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "lint/run.hpp"

namespace schemashift::cli {

struct ScaffoldOptions {
  SpecSelector selector;
  std::string out;                       // default: migrations/issue-<N>
  std::vector<std::string> formats;      // default: all
  std::vector<std::string> template_dirs;
  std::vector<std::string> variables;    // KEY=VALUE (--var)
  std::string color = "auto";
  bool quiet = false;
};
int run_scaffold(const ScaffoldOptions& o);

struct PlanOptions {
  SpecSelector selector;
  std::string format = "text";           // text | json
  std::vector<std::string> template_dirs;
  std::string color = "auto";
};
int run_plan(const PlanOptions& o);

int run_formats(const std::vector<std::string>& template_dirs);

// `schemashift lint` (cmd_lint.cpp): the library's options plus the colour policy.
struct LintCommandOptions {
  lint::Options lint;
  std::string color = "auto";
};
int run_lint(const LintCommandOptions& o);

// `schemashift rules [explain ID]` (cmd_rules.cpp).
struct RulesOptions {
  std::string format = "text";           // text | json
  std::string explain;                   // rule id for `rules explain ID`
  std::string color = "auto";
};
int run_rules(const RulesOptions& o);
int run_rules_explain(const RulesOptions& o);


}  // namespace schemashift::cli
