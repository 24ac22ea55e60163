#pragma once
// `schemashift lint` as a library call: options in, report out, outcome back. The CLI
// (cli/cmd_lint.cpp) only parses flags into Options and turns the Outcome into an exit code.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "analyze/analysis.hpp"
#include "lint/report/reporter.hpp"

namespace schemashift::lint {

// Unset optionals fall back to the config file, then to the defaults in docs/lint.md.
struct Options {
  std::vector<std::string> paths;        // files, directories, "-" (stdin); default "."
  std::string stdin_filepath;            // names stdin for layout detection and reports
  std::optional<std::string> layout;     // a name from layout_names()
  bool assume_in_transaction = false;
  std::optional<int> pg_version;
  std::vector<std::string> rules;        // ID=SEVERITY (--rule, repeatable)
  std::vector<std::string> rows;         // TABLE=N (--rows, repeatable)
  std::optional<long long> max_lock_ms;
  std::optional<long long> max_lock_timeout_ms;
  std::string database_url;
  std::string schema;                    // pg_dump --schema-only file seeding every directory
  std::string config;                    // default: .schemashift.yaml if present
  std::string format = "human";          // a name from report_formats()
  ReportOptions report;                  // colour and --locks of the human format
  bool color_diagnostics = false;        // colour in diagnostics on `err`
};

struct Outcome {
  bool rejected = false;       // nothing was linted: bad config or --schema, no .sql files
  bool syntax_error = false;   // a file did not parse
  bool unreadable = false;     // a file or directory could not be read
  analyze::Verdict verdict = analyze::Verdict::SafeToRun;  // the worst file's
};

// Lints every file and writes the report to `out` as the files are done (diagnostics,
// notes and progress to `err`). Throws core::Error for usage mistakes in Options
// (--rule, --rows) and for environment failures (database, temporary files).
Outcome run(const Options& options, std::ostream& out, std::ostream& err);

// --help text: layouts, suppressions, config, exit codes.
const char* help();

}  // namespace schemashift::lint
