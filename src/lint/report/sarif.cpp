// `lint --format sarif`: SARIF 2.1.0 (OASIS), for GitHub code scanning and other viewers.
//
// One run; tool.driver lists every registered rule (analyze::all_rules(), sorted by id, so
// ruleIndex is stable for a given build) with its summary, rationale, safe alternative,
// default level and impact. Each finding is a result whose location points from the marked
// position to the end of its statement (columns in Unicode code points, see columnKind),
// with the statement text as the snippet. partialFingerprints carries a hash of rule, path,
// statement text and message, so an alert survives the statement moving within the file.
// Checked against the official 2.1.0 JSON schema in tests/unit/lint/lint_report_test.cpp.
//
// Written as the run goes: begin() prints the log up to the results array, each file
// adds its results, end() closes the array and adds the run's verdict.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <ostream>

#include <fmt/format.h>
#include "analyze/rule.hpp"
#include "core/text.hpp"
#include "lint/report/detail.hpp"
#include "lint/report/json_writer.hpp"
#include "lint/report/reporter.hpp"

namespace schemashift::lint {

namespace {

using namespace detail;

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

void write_text(JsonWriter& w, std::string_view key, const std::string& text) {
  w.key(key).begin_object().field("text", text).end_object();
}

void write_rule(JsonWriter& w, const analyze::Rule& rule) {
  const analyze::RuleInfo& info = rule.info();
  w.begin_object().field("id", info.id).field("name", rule_name(info.id));
  write_text(w, "shortDescription", info.summary);
  write_text(w, "fullDescription", info.rationale);
  write_text(w, "help", info.safe_alternative);
  w.key("defaultConfiguration").begin_object().field("level", sarif_level(info.severity));
  if (info.severity == analyze::Severity::Off) w.field("enabled", false);
  w.end_object();
  w.key("properties").begin_object().field("impact", analyze::impact_name(info.impact)).end_object();
  w.end_object();
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

void write_artifact_location(JsonWriter& w, const std::string& path) {
  const std::string p = display_path(path);
  w.key("artifactLocation").begin_object();
  if (!p.empty() && p.front() == '/') {
    w.field("uri", "file://" + uri_path(p)).end_object();
    return;
  }
  // "a:b/c.sql" would read as a URI with scheme "a": a relative path must not look like one.
  std::string uri = uri_path(p);
  const auto colon = uri.find(':');
  if (colon != std::string::npos && uri.find('/') > colon) uri = "./" + uri;
  w.field("uri", uri).field("uriBaseId", kSourceRoot).end_object();
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

void write_region(JsonWriter& w, const LintedFile& file, const analyze::Finding& f) {
  const Span span = finding_span(file, f);
  int start_column = f.column;
  int end_column = span.end_column;
  if (!file.text.empty()) {
    start_column = code_point_column(source_line(file.text, f.line), f.column);
    end_column = code_point_column(source_line(file.text, span.end_line), span.end_column);
  }
  w.key("region")
      .begin_object()
      .field("startLine", f.line)
      .field("startColumn", start_column)
      .field("endLine", span.end_line)
      .field("endColumn", std::max(end_column, span.end_line == f.line ? start_column : 1));
  if (span.end > span.begin) write_text(w, "snippet", file.text.substr(span.begin, span.end - span.begin));
  w.end_object();
}

constexpr int kResultDepth = 4;  // root > "runs" > run > "results" > result

class SarifReporter : public Reporter {
 public:
  SarifReporter() {
    const auto& rules = analyze::all_rules();
    for (std::size_t i = 0; i < rules.size(); ++i) index_[rules[i]->info().id] = i;
  }

  void begin(std::ostream& out, const RunInfo&) override {
    std::string head;
    JsonWriter w(head);
    w.begin_object().field("$schema", kSarifSchema).field("version", "2.1.0");
    w.key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object().field("name", "schemashift");
    if (*kInformationUri) w.field("informationUri", kInformationUri);
    w.field("version", SCHEMASHIFT_VERSION).field("semanticVersion", SCHEMASHIFT_VERSION);
    w.key("rules").begin_array();
    for (const auto* r : analyze::all_rules()) write_rule(w, *r);
    w.end_array().end_object().end_object();
    w.key("results").begin_array();  // the results follow; end() closes the log
    out << head;
  }

  std::string render(const LintedFile& file) const override {
    std::string out;
    // Identical findings on identical statements in one file are told apart by their order.
    std::map<std::string, std::size_t> seen;
    for (const auto& f : file.report.findings) {
      out += out.empty() ? "" : ",\n";
      out.append(2 * kResultDepth, ' ');
      JsonWriter w(out, kResultDepth);
      write_result(w, file, f, seen);
    }
    return out;
  }

  void write(std::ostream& out, const std::string& part) override {
    if (part.empty()) return;
    out << (results_ == 0 ? "\n" : ",\n") << part;
    ++results_;
  }

  void end(std::ostream& out, const RunInfo& run, const Totals& totals) override {
    std::string tail;
    JsonWriter w(tail);
    w.resume().resume().resume().resume(results_ == 0).end_array();
    w.field("columnKind", "unicodeCodePoints");
    w.key("properties")
        .begin_object()
        .field("verdict", analyze::verdict_name(totals.verdict))
        .field("pgVersion", run.pg_version)
        .end_object();
    w.end_object().end_array().end_object();
    out << tail << "\n";
  }

 private:
  void write_result(JsonWriter& w, const LintedFile& file, const analyze::Finding& f,
                    std::map<std::string, std::size_t>& seen) const {
    w.begin_object().field("ruleId", f.rule);
    if (const auto it = index_.find(f.rule); it != index_.end()) w.field("ruleIndex", it->second);
    w.field("level", sarif_level(f.severity));
    std::string text = f.message;
    if (!f.help.empty()) text += "\nhelp: " + f.help;
    write_text(w, "message", text);
    w.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
    write_artifact_location(w, file.report.path);
    write_region(w, file, f);
    w.end_object().end_object().end_array();
    const std::string input = fingerprint_input(file, f);
    const std::size_t occurrence = seen[input]++;
    w.key("partialFingerprints")
        .begin_object()
        .field(kFingerprintKey, fnv1a_hex(input + '\n' + std::to_string(occurrence)))
        .end_object();
    w.key("properties").begin_object().field("impact", analyze::impact_name(f.impact)).field("tolerated", f.tolerated);
    if (f.estimate) {
      w.key("estimate")
          .begin_object()
          .field("ms", static_cast<long long>(f.estimate->millis + 0.5))
          .field("basis", f.estimate->basis)
          .end_object();
    }
    w.end_object().end_object();
  }

  std::map<std::string, std::size_t> index_;
  std::size_t results_ = 0;  // files with results written so far
};

}  // namespace

std::unique_ptr<Reporter> make_sarif_reporter(const ReportOptions&) { return std::make_unique<SarifReporter>(); }

}  // namespace schemashift::lint
