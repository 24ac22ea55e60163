#pragma once
// Output of `schemashift lint`, one file per format (human.cpp, json.cpp, github.cpp,
// sarif.cpp) registered in ONE table (formats.cpp): the CLI's --format choices and help
// come from it. Human output reads like a compiler (file:line:col, the statement with the
// position marked, the help); JSON is the complete machine form; GitHub workflow commands
// annotate pull requests; SARIF 2.1.0 is for code-scanning uploads. All are deterministic
// (no timestamps, input order).
//
// A report is written while the run goes: begin(), then each file's part in apply order,
// then end() with the totals. Parts are rendered by the worker threads (render() is
// const and reads only its file), so formatting runs in parallel and no format holds
// more than one file.
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "lint/linted_file.hpp"

namespace schemashift::lint {

struct ReportOptions {
  bool color = false;
  bool locks = false;             // human: every statement's locks, work and estimate, not only findings
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin(std::ostream& out, const RunInfo& run) {}
  // One file's part. Called from any thread, in any order.
  virtual std::string render(const LintedFile& file) const = 0;
  // The parts, in apply order.
  virtual void write(std::ostream& out, const std::string& part);
  virtual void end(std::ostream& out, const RunInfo& run, const Totals& totals) = 0;
};

struct ReportFormat {
  const char* name;               // --format value
  const char* description;        // for --help: "workflow annotations"; "" for none
  std::unique_ptr<Reporter> (*make)(const ReportOptions&);
};

const std::vector<ReportFormat>& report_formats();    // the table, "human" (the default) first
std::vector<std::string> report_format_names();
std::string report_format_help();                     // "human, json, github (workflow annotations) or sarif (2.1.0)"
// nullptr for an unknown name (the CLI only passes names from the table).
std::unique_ptr<Reporter> make_reporter(const std::string& format, const ReportOptions& options);

// The formats' factories (one per format file), for the table.
std::unique_ptr<Reporter> make_human_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_json_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_github_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_sarif_reporter(const ReportOptions& options);

// A whole run in memory and its report as one string: for tests and small callers.
struct LintRun {
  std::vector<LintedFile> files;  // in apply order
  analyze::Verdict verdict = analyze::Verdict::SafeToRun;
  int pg_version = 15;
  std::string stats_source;
  bool has_syntax_error = false;
};
using HumanOptions = ReportOptions;
std::string render_report(Reporter& reporter, const LintRun& run);
std::string render_lint_human(const LintRun& run, const HumanOptions& options);
std::string render_lint_json(const LintRun& run);
std::string render_lint_github(const LintRun& run);
std::string render_lint_sarif(const LintRun& run);

}  // namespace schemashift::lint
