// `lint --format github`: one workflow command per finding (::error / ::warning /
// ::notice), then one ::notice with the run's summary, which GitHub lists on the run page
// (not on the diff).
#include <algorithm>
#include <ostream>
#include <vector>

#include <fmt/format.h>

#include "core/text.hpp"
#include "lint/report/detail.hpp"
#include "lint/report/reporter.hpp"

namespace schemashift::lint {

namespace {

using namespace detail;

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

class GithubReporter : public Reporter {
 public:
  std::string render(const LintedFile& file) const override {
    std::string out;
    for (const auto& f : file.report.findings) {
      out += fmt::format("::{} {}::{}\n", github_command(f.severity), github_properties(file, f), github_message(f));
    }
    return out;
  }

  void end(std::ostream& out, const RunInfo&, const Totals& t) override {
    std::string text = fmt::format("{}, {}: {} · verdict: {}", plural(t.files, "file", "files"),
                                   plural(t.statements, "statement", "statements"), counts_text(t.findings),
                                   analyze::verdict_name(t.verdict));
    if (t.findings.suppressed) text += fmt::format(" ({} suppressed)", t.findings.suppressed);
    out << fmt::format("::notice title={}::{}\n", escape_property("schemashift lint"), escape_data(text));
  }
};

}  // namespace

std::unique_ptr<Reporter> make_github_reporter(const ReportOptions&) { return std::make_unique<GithubReporter>(); }

}  // namespace schemashift::lint
