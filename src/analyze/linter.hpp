#pragma once
// The linter: runs every enabled rule over the statements of one migration file (or one
// planned migration), tracking what each rule needs to know about earlier statements,
// applies suppression comments and severities, estimates lock hold times and derives the
// file's verdict. Used by `schemashift lint` and by the planner, so generated and
// hand-written migrations are judged by the same rules.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyze/analysis.hpp"
#include "analyze/rule.hpp"
#include "model/schema.hpp"
#include "sql/parser.hpp"

namespace schemashift::model {
class SchemaIndex;
}

namespace schemashift::analyze {

// Size of a table, for duration estimates, and where the number came from.
struct TableStats {
  long long rows = 0;
  long long bytes = -1;         // -1 = unknown
  std::string basis;            // "--rows", "catalog statistics", "spec hint", "config"
};
// Keyed as written by the user ("users", "app.users"); lookups also try the
// schema-qualified and unqualified forms.
using TableStatsMap = std::map<std::string, TableStats>;
const TableStats* find_stats(const TableStatsMap& stats, const std::string& relation);

struct LintOptions {
  int pg_version = 15;
  FileTransaction transaction = FileTransaction::None;
  bool contract_phase = false;          // destructive statements are expected (set per file)
  // Runs with the application stopped (a spec's `strategy: offline`, or a file with a
  // `-- schemashift:offline` line): a finding that only breaks running code needs a
  // maintenance window instead of blocking the file.
  bool offline = false;
  std::map<std::string, Severity> severities;  // rule id -> severity override (Off disables)
  std::optional<long long> initial_lock_timeout_ms;  // lock_timeout the runner sets before the file
  // The session's TimeZone is UTC before the file's first statement (verify reads its
  // scratch server's); false: unknown, as for a file linted on its own.
  bool time_zone_utc = false;
  long long max_lock_timeout_ms = 5000;  // a longer lock_timeout still lets a queue build up
  double max_blocking_ms = 1000;         // a blocking finding estimated below this (from known rows) is tolerated
  TableStatsMap stats;

  Severity severity_of(const Rule& rule) const;
};

struct Finding {
  std::string rule;
  Severity severity = Severity::Warning;
  Impact impact = Impact::Risk;
  std::string message;
  std::string help;
  std::size_t statement = 0;   // index into FileReport::statements; npos for file-level findings
  std::size_t offset = 0;      // byte offset of the marked position in the file
  int line = 1;
  int column = 1;
  std::optional<Estimate> estimate;  // lock hold time of the statement, for blocking findings
  bool tolerated = false;      // blocking, but the estimate from known rows is under max_blocking_ms
};

struct StatementReport {
  std::size_t offset = 0;
  int line = 1;
  int column = 1;
  int end_line = 1;
  int end_column = 1;
  std::string text;
  StatementAnalysis analysis;
  Estimate estimate;
  bool in_transaction = false;
};

struct FileReport {
  std::string path;
  std::optional<sql::ParseError> parse_error;
  bool contract_phase = false;       // judged as contract phase (option or `-- schemashift:contract`)
  bool offline = false;              // judged as offline (option or `-- schemashift:offline`)
  std::vector<StatementReport> statements;
  std::vector<Finding> findings;     // enabled, unsuppressed; sorted by position
  std::size_t suppressed = 0;        // findings silenced by suppression comments
  Verdict verdict = Verdict::SafeToRun;
  std::vector<std::string> verdict_reasons;
  double estimated_ms = 0;           // sum of the statements' estimates
};

// Lints one script. `schema` (optional, in/out) is the schema before the file; every
// statement is applied to it, so a folder linted in order knows column types and
// validated constraints from earlier migrations. `index` (optional, in/out): the caller's
// index of `*schema` (model::SchemaFollower), for a caller that follows one schema
// through many files; without it each file reads the whole schema again.
FileReport lint_script(const std::string& text, const std::string& path, const LintOptions& options,
                       model::Schema* schema = nullptr, model::SchemaIndex* index = nullptr);

// What one finding makes of its file: BLOCKED for an error that fails or breaks running
// code (REQUIRES_MAINTENANCE_WINDOW instead for a breaking one when `offline`), a
// maintenance window for blocking work that is not tolerated, else SAFE_TO_RUN. The one
// rule behind `lint`'s and the planner's verdicts.
Verdict finding_verdict(const Finding& f, bool offline);

// The worst verdict of the files (a parse error counts as BLOCKED).
Verdict overall_verdict(const std::vector<FileReport>& files);

// Ids reserved for findings the linter itself reports (they are registered rules too, so
// that config, `rules` and `rules explain` know them).
inline constexpr const char* kSyntaxErrorRule = "syntax-error";
inline constexpr const char* kUnusedSuppressionRule = "unused-suppression";

// Suppression comments in a script:
//   -- schemashift:ignore rule-a, rule-b     the next statement (or the one it is inside)
//   -- schemashift:ignore                    every rule, next statement
//   -- schemashift:ignore-file rule-a        the whole file
// Text after " -- " or ":" following the ids is a free-form reason.
struct Suppression {
  std::set<std::string> rules;   // empty = every rule
  bool whole_file = false;
  std::size_t offset = 0;        // of the comment
  int line = 1;
  int column = 1;
};
std::vector<Suppression> find_suppressions(const std::string& text, const sql::Script& script);

}  // namespace schemashift::analyze
