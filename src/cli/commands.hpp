#pragma once
// One function per subcommand (src/cli/cmd_<name>.cpp); main.cpp wires them to CLI11.
#include <optional>
#include <string>
#include <vector>

#include "cli/common.hpp"

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

// `schemashift lint` (cmd_lint.cpp). Unset optionals fall back to the config file, then
// to the defaults documented in docs/lint.md.
struct LintCommandOptions {
  std::vector<std::string> paths;        // files, directories, "-" (stdin); default "."
  std::string stdin_filepath;            // names stdin for layout detection and reports
  std::optional<std::string> layout;     // auto | sql | flyway | sqlx | golang-migrate
  bool assume_in_transaction = false;
  std::optional<int> pg_version;
  std::vector<std::string> rules;        // ID=SEVERITY (--rule, repeatable)
  std::vector<std::string> rows;         // TABLE=N (--rows, repeatable)
  std::optional<long long> max_lock_ms;
  std::optional<long long> max_lock_timeout_ms;
  std::string database_url;
  std::string schema;                    // pg_dump --schema-only file seeding every directory
  std::string config;                    // default: .schemashift.yaml if present
  std::string format = "human";          // human | json | github | sarif
  std::string color = "auto";
  bool locks = false;
};
int run_lint(const LintCommandOptions& o);
const char* lint_help();                 // --help footer: layouts, suppressions, config, exit codes

// `schemashift rules [explain ID]` (cmd_rules.cpp).
struct RulesOptions {
  std::string format = "text";           // text | json
  std::string explain;                   // rule id for `rules explain ID`
  std::string color = "auto";
};
int run_rules(const RulesOptions& o);
int run_rules_explain(const RulesOptions& o);


}  // namespace schemashift::cli
