#pragma once
// One linted file as the reports see it, and the run-wide facts and totals around the
// files. A run hands files to a report one at a time, in apply order, and keeps only the
// totals, so memory does not grow with the number of files.
#include <cstddef>
#include <string>

#include "analyze/linter.hpp"

namespace schemashift::lint {

struct LintedFile {
  analyze::FileReport report;     // report.path is the path as given/discovered (relative if given so)
  std::string text;               // file contents, for excerpts
  std::string layout;             // a name from layout_names() ("sql", "flyway", "sqlx", ...)
  std::string layout_rule;        // the rule that decided it ("more Flyway names (9) than ...")
  analyze::FileTransaction transaction = analyze::FileTransaction::None;
  bool contract = false;          // judged as a contract-phase migration
};

// Known before the first file.
struct RunInfo {
  int pg_version = 15;
  std::string stats_source;       // "", "--rows", "database", "config" ... (what row counts came from)
};

struct Counts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t hints = 0;
  std::size_t suppressed = 0;
  std::size_t total() const { return errors + warnings + hints; }
  void add(const Counts& o);
};
Counts count_findings(const analyze::FileReport& report);

// Known after the last file: what the summaries of every format report.
struct Totals {
  std::size_t files = 0;
  std::size_t statements = 0;
  Counts findings;
  std::size_t by_verdict[3] = {0, 0, 0};  // indexed by analyze::Verdict
  analyze::Verdict verdict = analyze::Verdict::SafeToRun;  // the worst file's
  bool has_syntax_error = false;

  void add(const LintedFile& file);
  std::size_t with_verdict(analyze::Verdict v) const { return by_verdict[static_cast<int>(v)]; }
};

}  // namespace schemashift::lint
