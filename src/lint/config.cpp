// `.schemashift.yaml` for lint. YAML goes through spec/ (the one place that sees yaml-cpp),
// which gives every node its line:column and rejects duplicate keys; spec::FieldReader
// reports unknown keys with a "did you mean".
#include "lint/config.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "lint/layout.hpp"
#include "lint/rule_ids.hpp"
#include "spec/field_reader.hpp"

namespace schemashift::lint {

namespace {

void read_rules(const core::Node& n, LintConfig& out, core::Diagnostics& diags) {
  if (!spec::expect_map(n, "`lint.rules`", diags)) return;
  for (const auto& e : n.entries) {
    if (!analyze::find_rule(e.key)) {
      const auto near = similar_rule_ids(e.key);
      diags.error("unknown-rule", e.key_where, "unknown rule `" + e.key + "`",
                  near.empty() ? "`schemashift rules` lists the rule ids"
                               : "did you mean " + core::join(near, ", ") + "?");
      continue;
    }
    // yaml-cpp keeps scalars as written, so `off` is the word, not YAML 1.1's false.
    const auto severity = e.value.is_scalar() ? analyze::parse_severity(e.value.scalar) : std::nullopt;
    if (!severity) {
      diags.error("invalid-value", e.value.where,
                  "severity of `" + e.key + "` must be off, hint, warning or error, got " +
                      (e.value.is_scalar() ? "'" + e.value.scalar + "'" : e.value.kind_name()),
                  "e.g. `" + e.key + ": warning`");
      continue;
    }
    out.rules[e.key] = *severity;
  }
}

bool is_count(const core::Node& n) {
  return n.is_scalar() && !n.quoted && !n.scalar.empty() && n.scalar.size() <= 18 &&
         std::all_of(n.scalar.begin(), n.scalar.end(), [](unsigned char c) { return std::isdigit(c); });
}

void read_rows(const core::Node& n, LintConfig& out, core::Diagnostics& diags) {
  if (!spec::expect_map(n, "`lint.rows`", diags)) return;
  for (const auto& e : n.entries) {
    if (!is_count(e.value)) {
      diags.error("invalid-value", e.value.where,
                  "row count of `" + e.key + "` must be a whole number >= 0, got " +
                      (e.value.is_scalar() ? "'" + e.value.scalar + "'" : e.value.kind_name()),
                  "e.g. `" + e.key + ": 2000000` (no separators)");
      continue;
    }
    out.rows[e.key] = std::stoll(e.value.scalar);
  }
}

void read_lint(const core::Node& lint, LintConfig& out, core::Diagnostics& diags) {
  spec::FieldReader r(lint, "`lint`", diags);
  if (!r.ok()) return;
  if (auto v = r.integer("pg_version", false, 0)) {
    if (*v >= 10 && *v <= 17) out.pg_version = static_cast<int>(*v);
    else r.error("pg_version", "`pg_version` must be a PostgreSQL major version from 10 to 17, got " + std::to_string(*v),
                 "write the server's major version, e.g. `pg_version: 15`");
  }
  if (auto v = r.string("layout")) {
    if (parse_layout(*v)) {
      out.layout = *v;
    } else {
      const std::string near = core::closest_match(*v, layout_names());
      r.error("layout", "`layout` must be one of " + core::join(layout_names(), ", ") + ", got '" + *v + "'",
              near.empty() ? "auto detects the layout of each directory (see `schemashift lint --help`)"
                           : "did you mean '" + near + "'?");
    }
  }
  if (auto v = r.boolean("assume_in_transaction")) out.assume_in_transaction = *v;
  if (auto v = r.integer("max_lock_ms", false, 0, 86'400'000)) out.max_lock_ms = *v;
  if (auto v = r.integer("max_lock_timeout_ms", false, 0, 86'400'000)) out.max_lock_timeout_ms = *v;
  if (const core::Node* n = r.node("rules")) read_rules(*n, out, diags);
  if (const core::Node* n = r.node("rows")) read_rows(*n, out, diags);
  if (auto v = r.string_list("exclude")) out.exclude = *v;
  r.finish();
}

}  // namespace

std::optional<LintConfig> lint_config_of(const project::Project& project, core::Diagnostics& diags) {
  const std::size_t errors_before = diags.error_count();
  LintConfig out;
  out.path = project.file;
  if (project.lint) read_lint(*project.lint, out, diags);
  if (diags.error_count() > errors_before) return std::nullopt;
  return out;
}

// The whole file is checked (defaults, services) even when only `lint:` is wanted: a
// project file with a mistake is reported by whichever command reads it first.
std::optional<LintConfig> parse_lint_config(const std::string& text, const std::string& file,
                                            core::Diagnostics& diags) {
  const auto project = project::parse_project(text, file, diags);
  if (!project) return std::nullopt;
  return lint_config_of(*project, diags);
}

std::optional<LintConfig> find_lint_config(const std::string& flag, core::Diagnostics& diags) {
  if (!flag.empty()) return load_lint_config(flag, diags);
  const auto file = project::find_project_file();
  if (!file) return LintConfig{};
  return load_lint_config(*file, diags);
}

std::optional<LintConfig> load_lint_config(const std::string& path, core::Diagnostics& diags) {
  const auto project = project::load_project(path, diags);
  if (!project) return std::nullopt;
  return lint_config_of(*project, diags);
}

void apply_config(const LintConfig& config, analyze::LintOptions& options) {
  if (config.pg_version) options.pg_version = *config.pg_version;
  if (config.max_lock_ms) options.max_blocking_ms = static_cast<double>(*config.max_lock_ms);
  if (config.max_lock_timeout_ms) options.max_lock_timeout_ms = *config.max_lock_timeout_ms;
  for (const auto& [rule, severity] : config.rules) options.severities[rule] = severity;
}

}  // namespace schemashift::lint
