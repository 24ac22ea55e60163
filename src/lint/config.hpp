#pragma once
// `.schemashift.yaml`'s `lint:` section (the file itself is project/'s): defaults for
// `schemashift lint`. Every key is optional; command-line flags override them. Unknown keys and bad values are errors with
// file:line:col, so a typo never silently turns a rule back on.
//
//   lint:
//     pg_version: 15
//     layout: auto                 # auto | sql | flyway | sqlx | golang-migrate
//     assume_in_transaction: false
//     max_lock_ms: 1000
//     max_lock_timeout_ms: 5000
//     rules: {prefer-text-field: off, require-concurrent-index-creation: error}
//     rows: {users: 2000000}
//     exclude: ["db/legacy/*", "*_seed.sql"]
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyze/linter.hpp"
#include "analyze/rule.hpp"
#include "core/diagnostics.hpp"
#include "project/project.hpp"

namespace schemashift::lint {

inline constexpr const char* kDefaultConfigFile = project::kProjectFile;

struct LintConfig {
  std::string path;                            // the file read ("" = none)
  std::optional<int> pg_version;
  std::optional<std::string> layout;
  std::optional<bool> assume_in_transaction;
  std::optional<long long> max_lock_ms;
  std::optional<long long> max_lock_timeout_ms;
  std::map<std::string, analyze::Severity> rules;  // rule id -> severity
  std::map<std::string, long long> rows;           // table -> row count
  std::vector<std::string> exclude;                // fnmatch globs
};

// Lays what the config says about the analysis (pg_version, rule severities, lock limits)
// over `options`. `lint` puts its flags on top; `run` judges pending files with it, so a
// rule a team turned off does not stop their migrations either.
void apply_config(const LintConfig& config, analyze::LintOptions& options);

// Parses config text named `file` in messages. Problems go to `diags` (errors => nullopt).
std::optional<LintConfig> parse_lint_config(const std::string& text, const std::string& file,
                                            core::Diagnostics& diags);

// The `lint:` section of a project already read (commands that need its other sections too
// read the file once).
std::optional<LintConfig> lint_config_of(const project::Project& project, core::Diagnostics& diags);

// Reads `path`; an unreadable file is a core::Error (environment).
std::optional<LintConfig> load_lint_config(const std::string& path, core::Diagnostics& diags);

// The config of a run: `flag` names the file (--config), else the project file found from
// the current directory upward (project::find_project_file), else none (an empty config).
// Problems go to `diags` (errors => nullopt).
std::optional<LintConfig> find_lint_config(const std::string& flag, core::Diagnostics& diags);

}  // namespace schemashift::lint
