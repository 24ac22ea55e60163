#pragma once
// One file per subcommand (src/cli/cmd_<name>.cpp): its flags (add_<name>, which binds
// them to an options struct) and its run function (options -> library call -> print ->
// exit code). app.cpp lists the commands and turns exceptions into exit codes.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/common.hpp"
#include "lint/run.hpp"

namespace schemashift::cli {

// A subcommand as app.cpp sees it: the CLI11 node (parsed() says it was chosen) and what
// runs it with the options its flags filled in.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_scaffold(CLI::App& app);
Command add_plan(CLI::App& app);
Command add_formats(CLI::App& app);
Command add_lint(CLI::App& app);
Command add_rules(CLI::App& app);

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
