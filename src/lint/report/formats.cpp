// The one table of lint report formats.
#include <ostream>
#include <sstream>

#include "lint/report/reporter.hpp"

namespace schemashift::lint {

void Reporter::write(std::ostream& out, const std::string& part) { out << part; }

const std::vector<ReportFormat>& report_formats() {
  static const std::vector<ReportFormat> formats = {
      {"human", "", make_human_reporter},
      {"json", "", make_json_reporter},
      {"github", "workflow annotations", make_github_reporter},
      {"sarif", "2.1.0", make_sarif_reporter},
  };
  return formats;
}

std::vector<std::string> report_format_names() {
  std::vector<std::string> names;
  for (const auto& f : report_formats()) names.emplace_back(f.name);
  return names;
}

std::string report_format_help() {
  const auto& formats = report_formats();
  std::string out;
  for (std::size_t i = 0; i < formats.size(); ++i) {
    if (i > 0) out += i + 1 == formats.size() ? " or " : ", ";
    out += formats[i].name;
    if (*formats[i].description) out += std::string(" (") + formats[i].description + ")";
  }
  return out;
}

std::unique_ptr<Reporter> make_reporter(const std::string& format, const ReportOptions& options) {
  for (const auto& f : report_formats()) {
    if (format == f.name) return f.make(options);
  }
  return nullptr;
}

std::string render_report(Reporter& reporter, const LintRun& run) {
  RunInfo info;
  info.pg_version = run.pg_version;
  info.stats_source = run.stats_source;
  Totals totals;
  std::ostringstream out;
  reporter.begin(out, info);
  for (const auto& f : run.files) {
    reporter.write(out, reporter.render(f));
    totals.add(f);
  }
  // The run's own verdict, as its caller computed it.
  totals.verdict = run.verdict;
  totals.has_syntax_error = run.has_syntax_error;
  reporter.end(out, info, totals);
  return out.str();
}

std::string render_lint_human(const LintRun& run, const HumanOptions& options) {
  return render_report(*make_human_reporter(options), run);
}
std::string render_lint_json(const LintRun& run) { return render_report(*make_json_reporter({}), run); }
std::string render_lint_github(const LintRun& run) { return render_report(*make_github_reporter({}), run); }
std::string render_lint_sarif(const LintRun& run) { return render_report(*make_sarif_reporter({}), run); }

}  // namespace schemashift::lint
