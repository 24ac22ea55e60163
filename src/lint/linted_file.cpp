#include "lint/linted_file.hpp"

#include <algorithm>

namespace schemashift::lint {

void Counts::add(const Counts& o) {
  errors += o.errors;
  warnings += o.warnings;
  hints += o.hints;
  suppressed += o.suppressed;
}

Counts count_findings(const analyze::FileReport& report) {
  Counts c;
  for (const auto& f : report.findings) {
    switch (f.severity) {
      case analyze::Severity::Error: ++c.errors; break;
      case analyze::Severity::Warning: ++c.warnings; break;
      case analyze::Severity::Hint: ++c.hints; break;
      case analyze::Severity::Off: break;
    }
  }
  c.suppressed = report.suppressed;
  return c;
}

void Totals::add(const LintedFile& file) {
  const auto& r = file.report;
  ++files;
  statements += r.statements.size();
  findings.add(count_findings(r));
  ++by_verdict[static_cast<int>(r.verdict)];
  verdict = std::max(verdict, r.verdict);  // as analyze::overall_verdict, one file at a time
  if (r.parse_error) has_syntax_error = true;
}

}  // namespace schemashift::lint
