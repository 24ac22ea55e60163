#pragma once
// Output of `schemashift lint`: one LintRun, four renderings. Human output reads like a
// compiler (file:line:col, the statement with the position marked, the help); JSON is the
// complete machine form; GitHub workflow commands annotate pull requests; SARIF 2.1.0 is
// for code-scanning uploads. All are deterministic (no timestamps, input order).
#include <map>
#include <string>
#include <vector>

#include "analyze/linter.hpp"

namespace schemashift::cli {

struct LintedFile {
  analyze::FileReport report;     // report.path is the path as given/discovered (relative if given so)
  std::string text;               // file contents, for excerpts
  std::string layout;             // "sql", "flyway", "sqlx", "golang-migrate"
  analyze::FileTransaction transaction = analyze::FileTransaction::None;
  bool contract = false;          // judged as a contract-phase migration
};

struct LintRun {
  std::vector<LintedFile> files;  // in apply order
  analyze::Verdict verdict = analyze::Verdict::SafeToRun;
  int pg_version = 15;
  std::string stats_source;       // "", "--rows", "database", "config" ... (what row counts came from)
  bool has_syntax_error = false;
};

struct HumanOptions {
  bool color = false;
  bool locks = false;             // --locks: every statement's locks, work and estimate, not only findings
};

std::string render_lint_human(const LintRun& run, const HumanOptions& options);
std::string render_lint_json(const LintRun& run);
std::string render_lint_github(const LintRun& run);
std::string render_lint_sarif(const LintRun& run);

}  // namespace schemashift::cli
