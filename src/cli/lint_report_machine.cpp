// `lint --format json` and `--format github`.
//
// JSON (schema documented in docs/lint-json.md; bump "version" on any incompatible change):
//   { "version": 1, "pg_version", "stats_source", "verdict",
//     "summary": {files, statements, findings, errors, warnings, hints, suppressed,
//                 blocked, requires_maintenance_window, safe_to_run},
//     "files": [{ "path", "layout", "transaction", "contract", "verdict", "verdict_reasons",
//                 "parse_error"? {message, line, column}, "suppressed", "estimated_ms",
//                 "statements": [{line, column, end_line, end_column, summary, text,
//                                 in_transaction, outside_transaction,
//                                 locks: [{relation, mode, work, blocks_reads, blocks_writes, new}],
//                                 estimate: {ms, basis, from_rows}, notes}],
//                 "findings": [{rule, severity, impact, message, help, line, column,
//                               end_line, end_column, statement (index | null),
//                               estimate? {ms, basis, from_rows}, tolerated}] }] }
// Keys keep the order written here (ordered_json), so the bytes are stable.
//
// GitHub: one workflow command per finding (::error / ::warning / ::notice), then one
// ::notice with the run's summary, which GitHub lists on the run page (not on the diff).
#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/lint_report.hpp"
#include "cli/lint_report_detail.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"

namespace schemashift::cli {

namespace {

using namespace lint_detail;
using nlohmann::ordered_json;

long long rounded_ms(double ms) { return std::llround(ms); }

// Invalid UTF-8 in a file (a Latin-1 comment) must not abort the report: replace it.
std::string dump(const ordered_json& j) {
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

ordered_json estimate_json(const analyze::Estimate& e) {
  return {{"ms", rounded_ms(e.millis)}, {"basis", e.basis}, {"from_rows", e.from_rows}};
}

ordered_json lock_json(const analyze::RelationLock& l) {
  return {{"relation", l.relation},
          {"mode", analyze::lock_mode_sql(l.mode)},
          {"work", analyze::work_name(l.work)},
          {"blocks_reads", analyze::blocks_reads(l.mode)},
          {"blocks_writes", analyze::blocks_writes(l.mode)},
          {"new", l.is_new}};
}

ordered_json statement_json(const analyze::StatementReport& st) {
  ordered_json locks = ordered_json::array();
  for (const auto& l : st.analysis.locks) locks.push_back(lock_json(l));
  return {{"line", st.line},
          {"column", st.column},
          {"end_line", st.end_line},
          {"end_column", st.end_column},
          {"summary", st.analysis.summary},
          {"text", st.text},
          {"in_transaction", st.in_transaction},
          {"outside_transaction", st.analysis.must_run_outside_transaction},
          {"locks", locks},
          {"estimate", estimate_json(st.estimate)},
          {"notes", st.analysis.notes}};
}

ordered_json finding_json(const LintedFile& file, const analyze::Finding& f) {
  const Span span = finding_span(file, f);
  ordered_json j = {{"rule", f.rule},
                    {"severity", analyze::severity_name(f.severity)},
                    {"impact", analyze::impact_name(f.impact)},
                    {"message", f.message},
                    {"help", f.help},
                    {"line", f.line},
                    {"column", f.column},
                    {"end_line", span.end_line},
                    {"end_column", span.end_column},
                    {"statement", statement_of(file.report, f) ? ordered_json(f.statement) : ordered_json(nullptr)}};
  if (f.estimate) j["estimate"] = estimate_json(*f.estimate);
  j["tolerated"] = f.tolerated;
  return j;
}

ordered_json file_json(const LintedFile& file) {
  const auto& r = file.report;
  ordered_json j = {{"path", r.path},
                    {"layout", file.layout},
                    {"transaction", analyze::file_transaction_name(file.transaction)},
                    {"contract", file.contract},
                    {"verdict", analyze::verdict_name(r.verdict)},
                    {"verdict_reasons", r.verdict_reasons}};
  if (r.parse_error) {
    j["parse_error"] = {{"message", r.parse_error->message}, {"line", r.parse_error->line},
                        {"column", r.parse_error->column}};
  }
  j["suppressed"] = r.suppressed;
  j["estimated_ms"] = rounded_ms(r.estimated_ms);
  ordered_json statements = ordered_json::array();
  for (const auto& st : r.statements) statements.push_back(statement_json(st));
  j["statements"] = statements;
  ordered_json findings = ordered_json::array();
  for (const auto& f : r.findings) findings.push_back(finding_json(file, f));
  j["findings"] = findings;
  return j;
}

ordered_json summary_json(const LintRun& run) {
  Counts total;
  std::size_t statements = 0;
  std::size_t by_verdict[3] = {0, 0, 0};
  for (const auto& f : run.files) {
    total.add(count_findings(f.report));
    statements += f.report.statements.size();
    ++by_verdict[static_cast<int>(f.report.verdict)];
  }
  return {{"files", run.files.size()},
          {"statements", statements},
          {"findings", total.total()},
          {"errors", total.errors},
          {"warnings", total.warnings},
          {"hints", total.hints},
          {"suppressed", total.suppressed},
          {"blocked", by_verdict[static_cast<int>(analyze::Verdict::Blocked)]},
          {"requires_maintenance_window", by_verdict[static_cast<int>(analyze::Verdict::RequiresMaintenanceWindow)]},
          {"safe_to_run", by_verdict[static_cast<int>(analyze::Verdict::SafeToRun)]}};
}

// ------------------------------------------------------------------ GitHub

// Workflow command escaping (the @actions/core toolkit's escapeData / escapeProperty):
// the message needs %, CR and LF escaped; property values also : and ,.
std::string escape_data(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_property(const std::string& s) {
  std::string out;
  for (const char c : escape_data(s)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

const char* github_command(analyze::Severity s) {
  switch (s) {
    case analyze::Severity::Error: return "error";
    case analyze::Severity::Warning: return "warning";
    default: return "notice";
  }
}

// file, line, col, endLine, endColumn, title. GitHub accepts columns only on a one-line
// annotation (startLine == endLine); a multi-line statement is annotated by lines only.
std::string github_properties(const LintedFile& file, const analyze::Finding& f) {
  const Span span = finding_span(file, f);
  std::vector<std::string> props = {"file=" + escape_property(display_path(file.report.path)),
                                    fmt::format("line={}", f.line)};
  if (span.end_line == f.line && !file.text.empty()) {
    const std::string_view line = source_line(file.text, f.line);
    // GitHub's end column is the last character marked; the span's end is exclusive.
    const int col = code_point_column(line, f.column);
    props.push_back(fmt::format("col={}", col));
    props.push_back(fmt::format("endLine={}", span.end_line));
    props.push_back(fmt::format("endColumn={}", std::max(col, code_point_column(line, span.end_column) - 1)));
  } else if (span.end_line > f.line) {
    props.push_back(fmt::format("endLine={}", span.end_line));
  } else {
    props.push_back(fmt::format("col={}", f.column));
  }
  props.push_back("title=" + escape_property(f.rule));
  return core::join(props, ",");
}

std::string github_message(const analyze::Finding& f) {
  std::string text = f.message;
  if (f.estimate) text += "\nestimate: " + estimate_text(*f.estimate);
  if (!f.help.empty()) text += "\nhelp: " + f.help;
  return escape_data(text);
}

std::string github_summary(const LintRun& run) {
  Counts total;
  std::size_t statements = 0;
  for (const auto& f : run.files) {
    total.add(count_findings(f.report));
    statements += f.report.statements.size();
  }
  std::string text = fmt::format("{}, {}: {} · verdict: {}", plural(run.files.size(), "file", "files"),
                                 plural(statements, "statement", "statements"), counts_text(total),
                                 analyze::verdict_name(run.verdict));
  if (total.suppressed) text += fmt::format(" ({} suppressed)", total.suppressed);
  return fmt::format("::notice title={}::{}\n", escape_property("schemashift lint"), escape_data(text));
}


// One file's object as it appears inside "files": dumped on its own (in parallel, and
// without ever holding the whole document's tree), then indented to its nesting depth.
// The bytes are those of dumping the complete document at once.
std::string nested_file_json(const LintedFile& f) {
  std::string text = file_json(f).dump(2, ' ', false, ordered_json::error_handler_t::replace);
  std::string out = "    ";
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

std::vector<std::string> nested_files_json(const LintRun& run) {
  std::vector<std::string> parts(run.files.size());
  core::parallel_for(parts.size(), [&](std::size_t i) { parts[i] = nested_file_json(run.files[i]); });
  return parts;
}

}  // namespace

std::string render_lint_json(const LintRun& run) {
  const ordered_json head = {{"version", 1},
                             {"pg_version", run.pg_version},
                             {"stats_source", run.stats_source},
                             {"verdict", analyze::verdict_name(run.verdict)},
                             {"summary", summary_json(run)}};
  std::string out = dump(head);
  out.erase(out.size() - 3);  // "\n}\n": the document continues with "files"
  const auto files = nested_files_json(run);
  if (files.empty()) return out + ",\n  \"files\": []\n}\n";
  out += ",\n  \"files\": [\n";
  for (std::size_t i = 0; i < files.size(); ++i) {
    out += files[i];
    out += i + 1 < files.size() ? ",\n" : "\n";
  }
  return out + "  ]\n}\n";
}

std::string render_lint_github(const LintRun& run) {
  std::string out;
  for (const auto& file : run.files) {
    for (const auto& f : file.report.findings) {
      out += fmt::format("::{} {}::{}\n", github_command(f.severity), github_properties(file, f), github_message(f));
    }
  }
  return out + github_summary(run);
}

}  // namespace schemashift::cli
