#pragma once
// Lint rules: one file per rule under src/analyze/rules/, registered by a static
// initialiser (SCHEMASHIFT_RULE). A rule reads one statement at a time — its parse tree,
// the lock analysis, and what the linter knows from earlier statements (tables created
// in this file, the open transaction, lock_timeout, ACCESS EXCLUSIVE locks held) — and
// reports findings. Each rule carries its own documentation (`schemashift rules explain`)
// and its own ok/err cases, which tests/unit/analyze/rule_cases_test.cpp runs for every
// registered rule, so adding a rule is one file.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sql/tree_node.hpp"

#include "analyze/analysis.hpp"
#include "model/names_from_tree.hpp"
#include "model/schema.hpp"
#include "sql/parser.hpp"

namespace schemashift::analyze {

// Off disables a rule (config or --rule ID=off). Order matters: stronger is larger.
enum class Severity { Off = 0, Hint, Warning, Error };
const char* severity_name(Severity s);                      // "error", "warning", "hint", "off"
std::optional<Severity> parse_severity(const std::string& s);  // inverse; nullopt if unknown

// What happens if the finding is ignored; drives the verdict (see verdict_for_findings).
enum class Impact {
  Fails,     // the statement or file will error out (CONCURRENTLY in a transaction)  -> BLOCKED
  Breaking,  // running application code or data breaks (DROP COLUMN, RENAME)           -> BLOCKED
  Blocking,  // reads or writes wait while the table is scanned/rewritten/indexed        -> MAINTENANCE WINDOW
  Risk,      // works, but a lock queue or a failed retry can cause an outage (timeouts)
  Hygiene,   // schema design advice (types, FK actions)
};
const char* impact_name(Impact i);  // "fails", "breaking", "blocking", "risk", "hygiene"

// One ok or err example. `in_transaction`: the file runs inside one transaction (Flyway,
// sqlx, golang-migrate wrap each file); `contract`: the file is a contract-phase migration.
struct RuleCase {
  std::string sql;
  bool in_transaction = false;
  bool contract = false;
  int pg_version = 15;
};

struct RuleInfo {
  std::string id;                 // stable kebab-case, e.g. "require-concurrent-index-creation"
  Severity severity = Severity::Warning;
  Impact impact = Impact::Risk;
  std::string summary;            // one line: what is flagged
  std::string rationale;          // the PostgreSQL behaviour behind it (facts: postgres-facts.md §n)
  std::string safe_alternative;   // what to write instead
  std::vector<RuleCase> bad;      // each must produce at least one finding of this rule
  std::vector<RuleCase> good;     // each must produce none
};

// How the runner executes a file (docs/postgres-facts.md §4.1, §7).
enum class FileTransaction {
  None,            // psql -f: autocommit, each statement commits on its own
  Whole,           // BEGIN; <file>; COMMIT (Flyway and sqlx by default)
  MultiStatement,  // the file is sent as one query string (golang-migrate; sqlx with
                   // -- no-transaction): an implicit transaction if it holds several statements
  FlywayAuto,      // Flyway: one transaction, unless every statement is one Flyway detects
                   // as non-transactional (CREATE INDEX CONCURRENTLY, VACUUM ...)
};
const char* file_transaction_name(FileTransaction t);

// A table created earlier in this file and filled there by a query (CREATE TABLE AS, SELECT
// INTO, INSERT ... SELECT): new, but not empty (analyze/filled_tables.hpp).
struct FilledTable {
  std::optional<long long> rows;   // estimated from what the queries read; nullopt = unknown (a big table)
  std::string basis;               // "filled from orders, --rows"
};

// What the linter knows before the current statement runs.
struct LintState {
  int pg_version = 15;
  bool contract_phase = false;          // destructive statements are expected here
  bool file_in_transaction = false;     // the framework wraps the whole file in one transaction
  bool explicit_transaction = false;    // inside BEGIN ... COMMIT written in the file
  bool wrapper_open = false;            // the framework's transaction is still open
  FileTransaction file_transaction = FileTransaction::None;  // how the runner runs the file
  std::optional<long long> lock_timeout_ms;  // effective lock_timeout; nullopt or 0 = none
  bool time_zone_utc = false;           // effective TimeZone is UTC (Context::time_zone_utc)
  long long max_lock_timeout_ms = 5000;      // LintOptions::max_lock_timeout_ms
  std::set<std::string> new_tables;     // QualifiedName keys created earlier in this file
  std::set<std::string> new_indexes;    // index names (QualifiedName keys) created earlier in this file
  std::map<std::string, FilledTable> filled_tables;  // new tables filled by a query (keys in new_tables)
  // New tables given rows the file writes out (INSERT ... VALUES, COPY FROM STDIN).
  std::set<std::string> seeded_tables;
  std::vector<std::string> access_exclusive_held;  // existing relations locked AE in the open transaction
  std::size_t statements_in_transaction = 0;       // statements run so far in the open transaction
  // Statements of the open transaction that took a lock blocking reads or writes of an
  // existing relation while lock_timeout was unset or above max_lock_timeout_ms.
  std::size_t blocking_locks_without_timeout = 0;
  const model::Schema* schema = nullptr;  // the schema as of this statement (earlier files and statements)
  std::size_t statement_index = 0;      // 0-based index of the current statement in the file
  std::size_t statement_count = 0;
  const std::vector<sql::Statement>* statements = nullptr;  // the whole file, for rules that look ahead

  bool in_transaction() const { return explicit_transaction || wrapper_open; }
  bool is_new_table(const model::QualifiedName& name) const { return new_tables.count(name.key()) > 0; }
};

struct DeclaredColumn;  // rules/declared_columns.hpp

// The statement under inspection.
struct StatementView {
  const sql::Statement& statement;
  const StatementAnalysis& analysis;
  std::string kind;               // "AlterTableStmt", "IndexStmt" ... ("" if the tree is empty)
  const sql::tree::json& node;     // the statement's body (the value under `kind`)
  // Read once by declared_columns() on first use: five type rules ask for them.
  mutable std::shared_ptr<const std::vector<DeclaredColumn>> declared_columns = nullptr;
};

// A finding as a rule reports it; the linter adds the rule id, severity and position.
struct RuleHit {
  std::string message;                 // one line, specific: names the table/column/index
  std::string help;                    // the concrete fix for this statement (may be empty: rule's safe_alternative)
  long long location = -1;             // script byte offset to point at (tree "location"); -1 = statement start
  std::string relation;                // relation the finding is about, for row-count based estimates
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleInfo& info() const = 0;
  // Appends a hit per problem in `s`. `state` describes everything before `s`.
  virtual void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) const = 0;
  // Called once after the last statement (state describes the end of the file).
  virtual void finish(const LintState& state, std::vector<RuleHit>& out) const {}
};

// Every registered rule, sorted by id.
const std::vector<const Rule*>& all_rules();
const Rule* find_rule(const std::string& id);
// Adds `rule` to the registry; a second rule with the same id aborts the program.
void register_rule(std::unique_ptr<Rule> rule);
// Appends `rule` to `rules` unless one there has its id (then false, nothing added).
bool add_rule(std::vector<std::unique_ptr<Rule>>& rules, std::unique_ptr<Rule> rule);

// A rule whose info is data and whose check is a function: what most rule files use.
class FunctionRule : public Rule {
 public:
  using CheckFn = void (*)(const StatementView&, const LintState&, std::vector<RuleHit>&);
  using FinishFn = void (*)(const LintState&, std::vector<RuleHit>&);
  FunctionRule(RuleInfo info, CheckFn check, FinishFn finish = nullptr)
      : info_(std::move(info)), check_(check), finish_(finish) {}
  const RuleInfo& info() const override { return info_; }
  void check(const StatementView& s, const LintState& state, std::vector<RuleHit>& out) const override {
    if (check_) check_(s, state, out);
  }
  void finish(const LintState& state, std::vector<RuleHit>& out) const override {
    if (finish_) finish_(state, out);
  }

 private:
  RuleInfo info_;
  CheckFn check_;
  FinishFn finish_;
};

// Registers a rule from a static initialiser: SCHEMASHIFT_RULE(my_rule, make_info(), check_fn);
#define SCHEMASHIFT_RULE(tag, ...)                                                                  \
  namespace {                                                                                       \
  const bool registered_##tag = [] {                                                                \
    ::schemashift::analyze::register_rule(std::make_unique<::schemashift::analyze::FunctionRule>(__VA_ARGS__)); \
    return true;                                                                                    \
  }();                                                                                              \
  }

// ---------------------------------------------------------------------------------------
// Small helpers rules share (rule_registry.cpp).

// True if the relation is neither created earlier in this file nor marked new by the
// analysis: it may hold rows and have readers.
bool is_existing(const RelationLock& lock);
// The analysis' lock on `relation` (as written), or nullptr.
const RelationLock* lock_on(const StatementAnalysis& a, const std::string& relation);
// ALTER TABLE sub-commands of an AlterTableStmt body: each {"AlterTableCmd": {...}} body.
std::vector<const sql::tree::json*> alter_commands(const sql::tree::json& alter_table_body);
// The statement analyser's context for the statement `state` describes the moment before.
Context analysis_context(const LintState& state);
// The same, taking the state's new_tables (moved, not copied): the caller moves them back
// once the statement is analysed.
enum class Borrow { NewTables };
Context analysis_context(LintState& state, Borrow);
// The analysis of one ALTER TABLE sub-command on its own. The statement's analysis merges
// the work of every sub-command on a table (they share one pass, postgres-facts.md §3.5),
// which would blame a sub-command for a rewrite its sibling causes.
StatementAnalysis analyze_alone(const StatementView& s, const sql::tree::json& cmd, const LintState& state);
// A RangeVar's name as the analyser writes it ("users", "app.users"): the display form of
// model::relation_name (model/names_from_tree.hpp).
std::string written_relation(const sql::tree::json& range_var);

}  // namespace schemashift::analyze
