// `lint --format sarif`: SARIF 2.1.0 (OASIS), for GitHub code scanning and other viewers.
//
// One run; tool.driver lists every registered rule (analyze::all_rules(), sorted by id, so
// ruleIndex is stable for a given build) with its summary, rationale, safe alternative,
// default level and impact. Each finding is a result whose location points from the marked
// position to the end of its statement (columns in Unicode code points, see columnKind),
// with the statement text as the snippet. partialFingerprints carries a hash of rule, path,
// statement text and message, so an alert survives the statement moving within the file.
// Checked against the official 2.1.0 JSON schema in tests/unit/cli/lint_report_test.cpp.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyze/rule.hpp"
#include "cli/lint_report.hpp"
#include "cli/lint_report_detail.hpp"
#include "core/text.hpp"

namespace schemashift::cli {

namespace {

using namespace lint_detail;
using nlohmann::ordered_json;

constexpr const char* kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";
// Project home for tool.driver.informationUri; left out of the log while empty (the
// property must be an absolute URI, and the project has no public address yet).
constexpr const char* kInformationUri = "";
constexpr const char* kFingerprintKey = "schemashift/v1";
constexpr const char* kSourceRoot = "%SRCROOT%";

const char* sarif_level(analyze::Severity s) {
  switch (s) {
    case analyze::Severity::Error: return "error";
    case analyze::Severity::Warning: return "warning";
    case analyze::Severity::Hint: return "note";
    case analyze::Severity::Off: return "none";
  }
  return "none";
}

// "require-concurrent-index-creation" -> "RequireConcurrentIndexCreation" (SARIF's
// reportingDescriptor.name is meant to be an identifier-like, readable name).
std::string rule_name(const std::string& id) {
  std::string out;
  bool upper = true;
  for (const char c : id) {
    if (c == '-' || c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

ordered_json rule_json(const analyze::Rule& rule) {
  const analyze::RuleInfo& info = rule.info();
  ordered_json config = {{"level", sarif_level(info.severity)}};
  if (info.severity == analyze::Severity::Off) config["enabled"] = false;
  return {{"id", info.id},
          {"name", rule_name(info.id)},
          {"shortDescription", {{"text", info.summary}}},
          {"fullDescription", {{"text", info.rationale}}},
          {"help", {{"text", info.safe_alternative}}},
          {"defaultConfiguration", config},
          {"properties", {{"impact", analyze::impact_name(info.impact)}}}};
}

// A URI reference for a path (RFC 3986): relative paths stay relative to %SRCROOT%,
// absolute ones become file: URIs. Every byte outside the unreserved and path characters is
// percent-encoded (spaces, '%', '#', non-ASCII UTF-8).
std::string uri_path(const std::string& path) {
  static const std::string kept = "-._~/!$&'()*+,;=:@";
  std::string out;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || kept.find(ch) != std::string::npos) {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

ordered_json artifact_location(const std::string& path) {
  const std::string p = display_path(path);
  if (!p.empty() && p.front() == '/') return {{"uri", "file://" + uri_path(p)}};
  // "a:b/c.sql" would read as a URI with scheme "a": a relative path must not look like one.
  std::string uri = uri_path(p);
  const auto colon = uri.find(':');
  if (colon != std::string::npos && uri.find('/') > colon) uri = "./" + uri;
  return {{"uri", uri}, {"uriBaseId", kSourceRoot}};
}

// 64-bit FNV-1a: small, stable across platforms and releases (std::hash is neither).
std::string fnv1a_hex(const std::string& s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h);
}

// Whitespace runs collapsed, so re-indenting a statement keeps its fingerprint.
std::string normalized(std::string_view s) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    out += c;
    space = false;
  }
  return out;
}

// What identifies a finding independently of its line: rule, file, the statement (or, for
// file-level findings, the line) and the message.
std::string fingerprint_input(const LintedFile& file, const analyze::Finding& f) {
  const auto* st = statement_of(file.report, f);
  const std::string where = st ? normalized(st->text) : normalized(source_line(file.text, f.line));
  return f.rule + '\n' + display_path(file.report.path) + '\n' + where + '\n' + f.message;
}

ordered_json region_json(const LintedFile& file, const analyze::Finding& f) {
  const Span span = finding_span(file, f);
  int start_column = f.column;
  int end_column = span.end_column;
  if (!file.text.empty()) {
    start_column = code_point_column(source_line(file.text, f.line), f.column);
    end_column = code_point_column(source_line(file.text, span.end_line), span.end_column);
  }
  ordered_json region = {{"startLine", f.line},
                         {"startColumn", start_column},
                         {"endLine", span.end_line},
                         {"endColumn", std::max(end_column, span.end_line == f.line ? start_column : 1)}};
  if (span.end > span.begin) region["snippet"] = {{"text", file.text.substr(span.begin, span.end - span.begin)}};
  return region;
}

class Results {
 public:
  explicit Results(const std::vector<const analyze::Rule*>& rules) {
    for (std::size_t i = 0; i < rules.size(); ++i) index_[rules[i]->info().id] = i;
  }

  void add(const LintedFile& file, const analyze::Finding& f) {
    ordered_json r = {{"ruleId", f.rule}};
    if (const auto it = index_.find(f.rule); it != index_.end()) r["ruleIndex"] = it->second;
    r["level"] = sarif_level(f.severity);
    std::string text = f.message;
    if (!f.help.empty()) text += "\nhelp: " + f.help;
    r["message"] = {{"text", text}};
    ordered_json physical = {{"artifactLocation", artifact_location(file.report.path)},
                             {"region", region_json(file, f)}};
    ordered_json location = {{"physicalLocation", physical}};
    r["locations"] = ordered_json::array();
    r["locations"].push_back(location);
    // Identical findings on identical statements in one file are told apart by their order.
    const std::string input = fingerprint_input(file, f);
    const std::size_t occurrence = seen_[input]++;
    r["partialFingerprints"] = {{kFingerprintKey, fnv1a_hex(input + '\n' + std::to_string(occurrence))}};
    ordered_json props = {{"impact", analyze::impact_name(f.impact)}, {"tolerated", f.tolerated}};
    if (f.estimate) {
      props["estimate"] = {{"ms", static_cast<long long>(f.estimate->millis + 0.5)}, {"basis", f.estimate->basis}};
    }
    r["properties"] = props;
    results_.push_back(std::move(r));
  }

  ordered_json take() { return std::move(results_); }

 private:
  std::map<std::string, std::size_t> index_;
  std::map<std::string, std::size_t> seen_;
  ordered_json results_ = ordered_json::array();
};

}  // namespace

std::string render_lint_sarif(const LintRun& run) {
  const auto& rules = analyze::all_rules();
  ordered_json driver = {{"name", "schemashift"}};
  if (*kInformationUri) driver["informationUri"] = kInformationUri;
  driver["version"] = SCHEMASHIFT_VERSION;
  driver["semanticVersion"] = SCHEMASHIFT_VERSION;
  ordered_json rule_list = ordered_json::array();
  for (const auto* r : rules) rule_list.push_back(rule_json(*r));
  driver["rules"] = rule_list;

  Results results(rules);
  for (const auto& file : run.files) {
    for (const auto& f : file.report.findings) results.add(file, f);
  }

  ordered_json sarif_run = {{"tool", {{"driver", driver}}},
                            {"results", results.take()},
                            {"columnKind", "unicodeCodePoints"},
                            {"properties", {{"verdict", analyze::verdict_name(run.verdict)},
                                            {"pgVersion", run.pg_version}}}};
  const ordered_json log = {
      {"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", ordered_json::array({sarif_run})}};
  return log.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace schemashift::cli
