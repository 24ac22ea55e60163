// `schemashift rules`: the registered lint rules as a table (or JSON), and
// `schemashift rules explain ID`: one rule's rationale, safe alternative and examples,
// all read from the rule's own RuleInfo, so the documentation cannot drift from the code.
#include <memory>
#include <algorithm>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyze/rule.hpp"
#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "lint/rule_ids.hpp"

namespace schemashift::cli {

namespace {

using analyze::Impact;
using analyze::RuleCase;
using analyze::RuleInfo;
using analyze::Severity;

constexpr std::size_t kWidth = 88;

nlohmann::json case_json(const RuleCase& c) {
  return {{"sql", c.sql}, {"in_transaction", c.in_transaction}, {"contract", c.contract}, {"pg_version", c.pg_version}};
}

// What a finding at the rule's default severity does to a file's verdict (linter.cpp).
std::string verdict_effect(Severity severity, Impact impact) {
  if (severity == Severity::Error && (impact == Impact::Fails || impact == Impact::Breaking)) return "BLOCKED";
  if (severity >= Severity::Warning && impact == Impact::Blocking) return "REQUIRES_MAINTENANCE_WINDOW";
  return "";
}

nlohmann::json rule_json(const RuleInfo& r) {
  nlohmann::json bad = nlohmann::json::array(), good = nlohmann::json::array();
  for (const auto& c : r.bad) bad.push_back(case_json(c));
  for (const auto& c : r.good) good.push_back(case_json(c));
  const std::string effect = verdict_effect(r.severity, r.impact);
  return {{"id", r.id},
          {"severity", analyze::severity_name(r.severity)},
          {"impact", analyze::impact_name(r.impact)},
          {"verdict", effect.empty() ? nlohmann::json(nullptr) : nlohmann::json(effect)},
          {"summary", r.summary},
          {"rationale", r.rationale},
          {"safe_alternative", r.safe_alternative},
          {"bad", bad},
          {"good", good}};
}

// Greedy word wrap; every line indented by `indent` spaces.
std::string wrap(const std::string& text, std::size_t indent) {
  std::string out, line;
  std::istringstream words(text);
  std::string word;
  const std::string pad(indent, ' ');
  while (words >> word) {
    if (!line.empty() && indent + line.size() + 1 + word.size() > kWidth) {
      out += pad + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += pad + line + "\n";
  return out;
}

std::string case_text(const RuleCase& c) {
  std::vector<std::string> context;
  if (c.in_transaction) context.push_back("the file runs in one transaction (Flyway, sqlx, golang-migrate)");
  if (c.contract) context.push_back("contract-phase file");
  if (c.pg_version != 15) context.push_back("PostgreSQL " + std::to_string(c.pg_version));
  std::string out;
  if (!context.empty()) out += "  -- " + core::join(context, "; ") + "\n";
  out += core::indent(c.sql, 2);
  return out;
}

std::string cases_text(const std::vector<RuleCase>& cases) {
  std::string out;
  for (std::size_t i = 0; i < cases.size(); ++i) out += (i ? "\n" : "") + case_text(cases[i]);
  return out;
}

std::string explain_text(const RuleInfo& r, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  const std::string effect = verdict_effect(r.severity, r.impact);
  std::string out = fmt::format("{}{}{}\n", bold, r.id, reset);
  out += wrap(r.summary, 2);
  out += fmt::format("  severity: {} (default)   impact: {}   verdict: {}\n", analyze::severity_name(r.severity),
                     analyze::impact_name(r.impact),
                     effect.empty() ? "reported, does not change the verdict" : effect);
  out += fmt::format("\n{}Why{}\n{}", bold, reset, wrap(r.rationale, 2));
  out += fmt::format("\n{}Instead{}\n{}", bold, reset, wrap(r.safe_alternative, 2));
  if (!r.bad.empty()) out += fmt::format("\n{}Flagged{}\n{}", bold, reset, cases_text(r.bad));
  if (!r.good.empty()) out += fmt::format("\n{}Not flagged{}\n{}", bold, reset, cases_text(r.good));
  out += fmt::format("\nSilence one statement:  -- schemashift:ignore {} -- reason\n", r.id);
  out += fmt::format("Change the severity:    --rule {}=warning\n", r.id);
  out += fmt::format("                        or in .schemashift.yaml:  lint: {{rules: {{{}: warning}}}}\n", r.id);
  return out;
}

std::string table_text() {
  const auto& rules = analyze::all_rules();
  std::size_t id_width = 2;
  for (const auto* r : rules) id_width = std::max(id_width, r->info().id.size());
  std::string out = fmt::format("{:<{}}  {:<8}  {:<8}  {}\n", "ID", id_width, "SEVERITY", "IMPACT", "SUMMARY");
  for (const auto* r : rules) {
    const RuleInfo& i = r->info();
    out += fmt::format("{:<{}}  {:<8}  {:<8}  {}\n", i.id, id_width, analyze::severity_name(i.severity),
                       analyze::impact_name(i.impact), i.summary);
  }
  out += fmt::format("\n{} rules. `schemashift rules explain ID` explains one; `--rule ID=off|hint|warning|error` "
                     "or the config file's `rules:` change a severity.\n",
                     rules.size());
  return out;
}

}  // namespace

int run_rules(const RulesOptions& o) {
  if (o.format == "json") {
    nlohmann::json all = nlohmann::json::array();
    for (const auto* r : analyze::all_rules()) all.push_back(rule_json(r->info()));
    std::cout << all.dump(2) << "\n";
  } else {
    std::cout << table_text();
  }
  return 0;
}

int run_rules_explain(const RulesOptions& o) {
  const analyze::Rule* rule = analyze::find_rule(o.explain);
  if (!rule) {
    const auto near = lint::similar_rule_ids(o.explain);
    throw core::Error("unknown rule '" + o.explain + "'" +
                          (near.empty() ? std::string("; `schemashift rules` lists them")
                                        : "; did you mean " + core::join(near, ", ") + "?"),
                      core::ExitCode::Usage);
  }
  if (o.format == "json") {
    std::cout << rule_json(rule->info()).dump(2) << "\n";
  } else {
    std::cout << explain_text(rule->info(), use_color(o.color, 1));
  }
  return 0;
}

Command add_rules(CLI::App& app) {
  auto o = std::make_shared<RulesOptions>();
  auto* ru = app.add_subcommand("rules", "list the lint rules (id, severity, impact, summary)");
  ru->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  auto* rx = ru->add_subcommand("explain", "explain one rule: rationale, safe alternative, examples");
  rx->add_option("id", o->explain, "rule id (see `schemashift rules`)")->required();
  rx->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  add_color(rx, o->color);
  return {ru, [o, rx] { return rx->parsed() ? run_rules_explain(*o) : run_rules(*o); }};
}

}  // namespace schemashift::cli
