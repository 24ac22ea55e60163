// `schemashift lint [PATH...]`: discover migration files, lint each directory in apply
// order against one evolving schema, render the run, and turn the verdict into an exit code.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include <unistd.h>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/lint_config.hpp"
#include "cli/lint_input.hpp"
#include "cli/lint_report.hpp"
#include "cli/table_stats.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "model/sql_schema_loader.hpp"

namespace schemashift::cli {

namespace {

namespace fs = std::filesystem;

constexpr int kDefaultPgVersion = 15;
constexpr std::size_t kProgressThreshold = 50;  // files before a progress line is worth it

// Everything the run needs once flags, config file and defaults are merged.
struct Settings {
  DiscoveryOptions discovery;
  analyze::LintOptions lint;       // transaction / contract_phase are set per file
  std::optional<model::Schema> seed;
  std::vector<std::string> paths;
};

int exit_code(core::ExitCode c) { return static_cast<int>(c); }

void print_diagnostics_plain(const core::Diagnostics& diags, bool color) {
  for (const auto& d : diags.sorted()) std::cerr << core::format_diagnostic(d, color);
}

std::optional<LintConfig> load_config(const std::string& flag, bool color) {
  std::string path = flag;
  if (path.empty()) {
    if (!fs::exists(kDefaultConfigFile)) return LintConfig{};
    path = kDefaultConfigFile;
  }
  core::Diagnostics diags;
  auto config = load_lint_config(path, diags);
  print_diagnostics_plain(diags, color);
  return config;
}

// --rule ID=SEVERITY. Typos are usage errors (exit 64) that name the likely rule.
std::pair<std::string, analyze::Severity> parse_rule_flag(const std::string& flag) {
  const auto eq = flag.find('=');
  const std::string id = core::trim(flag.substr(0, eq));
  if (eq == std::string::npos || id.empty()) {
    throw core::Error("--rule expects ID=SEVERITY (e.g. --rule prefer-text-field=off), got '" + flag + "'",
                      core::ExitCode::Usage);
  }
  if (!analyze::find_rule(id)) {
    const auto near = similar_rule_ids(id);
    throw core::Error("--rule " + flag + ": unknown rule '" + id + "'" +
                          (near.empty() ? std::string("; `schemashift rules` lists them")
                                        : "; did you mean " + core::join(near, ", ") + "?"),
                      core::ExitCode::Usage);
  }
  const std::string value = core::trim(flag.substr(eq + 1));
  const auto severity = analyze::parse_severity(value);
  if (!severity) {
    throw core::Error("--rule " + flag + ": severity must be off, hint, warning or error, got '" + value + "'",
                      core::ExitCode::Usage);
  }
  return {id, *severity};
}

analyze::TableStatsMap collect_stats(const LintCommandOptions& o, const LintConfig& config) {
  analyze::TableStatsMap from_config, from_flags;
  for (const auto& [table, rows] : config.rows) from_config[table] = {rows, -1, kBasisConfig};
  for (const auto& flag : o.rows) {
    const auto [table, rows] = parse_rows_flag(flag);
    from_flags[table] = {rows, -1, kBasisRows};
  }
  analyze::TableStatsMap from_database;
  if (!o.database_url.empty()) from_database = read_database_stats(o.database_url);
  return merge_stats({from_config, from_database, from_flags});
}

// --schema FILE: the schema every directory starts from. nullopt + exit 2 on errors.
std::optional<model::Schema> load_seed(const std::string& path, bool color, bool& failed) {
  if (path.empty()) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::Error("cannot read --schema file " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  core::Diagnostics diags;
  auto schema = model::load_schema_sql(buf.str(), path, diags);
  print_diagnostics_plain(diags, color);
  failed = !schema || diags.has_errors();
  return schema;
}

Settings resolve_settings(const LintCommandOptions& o, const LintConfig& config) {
  Settings s;
  s.paths = o.paths.empty() ? std::vector<std::string>{"."} : o.paths;
  const std::string layout = o.layout.value_or(config.layout.value_or("auto"));
  s.discovery.layout = parse_layout(layout).value_or(Layout::Auto);
  s.discovery.assume_in_transaction = o.assume_in_transaction || config.assume_in_transaction.value_or(false);
  s.discovery.exclude = config.exclude;
  s.discovery.stdin_name = o.stdin_filepath;
  s.lint.pg_version = o.pg_version.value_or(config.pg_version.value_or(kDefaultPgVersion));
  s.lint.max_blocking_ms = static_cast<double>(o.max_lock_ms.value_or(config.max_lock_ms.value_or(1000)));
  s.lint.max_lock_timeout_ms = o.max_lock_timeout_ms.value_or(config.max_lock_timeout_ms.value_or(5000));
  s.lint.severities = config.rules;
  for (const auto& flag : o.rules) {
    const auto [id, severity] = parse_rule_flag(flag);
    s.lint.severities[id] = severity;
  }
  s.lint.stats = collect_stats(o, config);
  return s;
}

// One line on stderr, rewritten in place, only for long runs on a terminal. Shared by the
// worker threads, hence the mutex.
class Progress {
 public:
  explicit Progress(std::size_t total) : total_(total), on_(total > kProgressThreshold && ::isatty(2) == 1) {}
  void step() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++done_;
    if (on_) std::fprintf(stderr, "\rlinting %zu/%zu files", done_, total_);
  }
  void report_error(const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    clear_line();
    std::cerr << message << "\n";
  }
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    clear_line();
  }

 private:
  void clear_line() {
    if (on_) std::fprintf(stderr, "\r%*s\r", 40, "");
  }
  std::mutex mutex_;
  std::size_t done_ = 0;
  std::size_t total_;
  bool on_;
};


// Down and undo migrations exist to remove what their up migration added: destructive
// statements are their purpose, as in a contract phase.
bool contract_phase(const InputFile& f) { return f.contract || f.role == Role::Down; }

// Takes the file's text (the report keeps it for excerpts): each file is read once.
LintedFile lint_one(InputFile& f, const analyze::LintOptions& base, model::Schema& schema) {
  analyze::LintOptions options = base;
  options.transaction = f.transaction;
  options.contract_phase = contract_phase(f);
  LintedFile out;
  out.report = analyze::lint_script(f.text, f.path, options, &schema);
  out.contract = out.report.contract_phase;
  out.text = std::move(f.text);
  out.layout = layout_name(f.follows_layout ? f.layout : Layout::Sql);
  out.transaction = f.transaction;
  return out;
}

// Lints one directory in apply order. Up migrations evolve `schema`; a down/undo file runs
// against a copy of the schema as its own up migration left it and changes nothing.
void lint_group(MigrationGroup& g, const Settings& s, std::vector<LintedFile>& out, Progress& progress,
                bool& unreadable) {
  model::Schema schema = s.seed ? *s.seed : model::Schema{};
  std::map<std::string, model::Schema> after_up;  // version -> schema right after its up migration
  std::set<std::string> has_down;
  for (const auto& f : g.files) {
    if (f.role == Role::Down) has_down.insert(f.version);
  }
  for (auto& f : g.files) {
    progress.step();
    if (f.read_error) {
      progress.report_error("schemashift: cannot read " + f.path + ": " + *f.read_error);
      unreadable = true;
      continue;
    }
    if (f.role == Role::Down) {
      const auto it = after_up.find(f.version);
      model::Schema copy = it != after_up.end() ? it->second : schema;
      out.push_back(lint_one(f, s.lint, copy));
    } else {
      out.push_back(lint_one(f, s.lint, schema));
      if (f.role == Role::Up && has_down.count(f.version)) after_up[f.version] = schema;
    }
  }
}

// Directories are independent (each has its own schema), so they are linted in parallel,
// one worker per core; files within a directory stay in apply order on one thread.
// Results are gathered per directory and concatenated in discovery order: the output
// does not depend on scheduling. (libpg_query is thread-safe: per-thread memory contexts.)
std::vector<LintedFile> lint_groups(std::vector<MigrationGroup>& groups, const Settings& s, Progress& progress,
                                    bool& unreadable) {
  std::vector<std::vector<LintedFile>> per_group(groups.size());
  std::vector<char> group_unreadable(groups.size(), 0);
  core::parallel_for(groups.size(), [&](std::size_t i) {
    bool bad = false;
    lint_group(groups[i], s, per_group[i], progress, bad);
    group_unreadable[i] = bad;
  });

  std::vector<LintedFile> files;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (group_unreadable[i]) unreadable = true;
    for (auto& f : per_group[i]) files.push_back(std::move(f));
  }
  return files;
}

std::string render(const LintRun& run, const LintCommandOptions& o) {
  if (o.format == "json") return render_lint_json(run);
  if (o.format == "github") return render_lint_github(run);
  if (o.format == "sarif") return render_lint_sarif(run);
  HumanOptions human;
  human.color = use_color(o.color, 1);
  human.locks = o.locks;
  return render_lint_human(run, human);
}

// 2 (syntax error) > 3 (unreadable file) > 1 (BLOCKED) > 4 (maintenance window) > 0.
int run_exit_code(const LintRun& run, bool unreadable) {
  if (run.has_syntax_error) return exit_code(core::ExitCode::InvalidInput);
  if (unreadable) return exit_code(core::ExitCode::Environment);
  switch (run.verdict) {
    case analyze::Verdict::Blocked: return exit_code(core::ExitCode::Findings);
    case analyze::Verdict::RequiresMaintenanceWindow: return exit_code(core::ExitCode::MaintenanceWindow);
    case analyze::Verdict::SafeToRun: return exit_code(core::ExitCode::Ok);
  }
  return exit_code(core::ExitCode::Ok);
}

}  // namespace

int run_lint(const LintCommandOptions& o) {
  const bool err_color = use_color(o.color, 2);
  const auto config = load_config(o.config, err_color);
  if (!config) return exit_code(core::ExitCode::InvalidInput);
  Settings settings = resolve_settings(o, *config);
  bool bad_schema = false;
  settings.seed = load_seed(o.schema, err_color, bad_schema);
  if (bad_schema) return exit_code(core::ExitCode::InvalidInput);

  Discovery discovery = discover(settings.paths, settings.discovery);
  for (const auto& note : discovery.notes) std::cerr << "note: " << note << "\n";
  for (const auto& error : discovery.errors) std::cerr << "schemashift: " << error << "\n";
  bool unreadable = !discovery.errors.empty();
  if (discovery.file_count() == 0) {
    std::cerr << "schemashift: no .sql files found in " << core::join(settings.paths, ", ")
              << (settings.discovery.exclude.empty() ? "" : " (after exclude: patterns)") << "\n";
    return exit_code(unreadable ? core::ExitCode::Environment : core::ExitCode::InvalidInput);
  }

  LintRun run;
  run.pg_version = settings.lint.pg_version;
  run.stats_source = stats_sources(settings.lint.stats);
  Progress progress(discovery.file_count());
  run.files = lint_groups(discovery.groups, settings, progress, unreadable);
  progress.clear();

  for (const auto& f : run.files) {
    run.verdict = std::max(run.verdict, f.report.verdict);  // as analyze::overall_verdict, without copies
    if (f.report.parse_error) run.has_syntax_error = true;
  }
  std::cout << render(run, o);
  std::cout.flush();
  return run_exit_code(run, unreadable);
}

const char* lint_help() {
  return R"(Layouts (--layout, default auto: detected per directory; details in docs/lint.md):
  sql             psql -f FILE: autocommit, each statement commits on its own; name order
                  (X.up.sql before X.down.sql)
  flyway          V<version>__<desc>.sql, R__<desc>.sql, U<version>__<desc>.sql: one
                  transaction per file, unless every statement must run outside one
                  (CREATE INDEX CONCURRENTLY, VACUUM ...) or <file>.sql.conf has
                  executeInTransaction=false; versions in numeric order, then R__, then U
  sqlx            <version>_<desc>.sql or <version>_<desc>.up.sql/.down.sql: BEGIN; file;
                  COMMIT, or with `-- no-transaction` as the first bytes of the file: the
                  file is sent as ONE query string (several statements = one transaction)
  golang-migrate  <version>_<title>.up.sql/.down.sql: the file as one query string
  Numbered files using psql meta-commands (\set, \gexec ...) are sql. .up.sql/.down.sql
  names alone mean golang-migrate; a <version>_<desc>.sql file, a file starting with
  `-- no-transaction` or a Cargo.toml in or above the directory means sqlx. Numbered plain
  psql files (001_init.sql) are detected as sqlx: pass --layout sql for them.
  --assume-in-transaction: every file runs in one transaction (psql --single-transaction).
  The files of one directory are linted in apply order against one schema, so later files
  know the tables, types and validated constraints of earlier ones; down/undo files change
  nothing. A file whose name contains "contract" is a contract-phase migration.

Examples:
  schemashift lint                                 every *.sql under the current directory
  schemashift lint db/sql/0042_users_email.sql     one plain psql file
  schemashift lint src/main/resources/db/migration Flyway (V1__init.sql, V2__users.sql ...)
  schemashift lint migrations                      sqlx (20240105091200_add_users.sql ...)
  schemashift lint db/migrations --layout golang-migrate   (000001_init.up.sql / .down.sql)
  schemashift lint migrations --rows users=2000000 --rule prefer-text-field=off
  schemashift lint migrations --database-url postgresql://app@db.internal/app --format sarif
  schemashift lint - --stdin-filepath db/V7__orders.sql < V7__orders.sql

Suppressions (a comment line directly above the statement, or anywhere for -file):
  -- schemashift:ignore rule-a, rule-b -- reason   silence these rules on the next statement
  -- schemashift:ignore -- reason                  every rule on the next statement
  -- schemashift:ignore-file rule-a -- reason      rule-a in the whole file
  -- schemashift:contract                          this file is a contract-phase migration
  A suppression that silences nothing is itself reported (unused-suppression).
  `schemashift rules` lists the rule ids; `schemashift rules explain ID` explains one.

Config file (.schemashift.yaml in the current directory, or --config FILE; flags win):
  lint:
    pg_version: 15
    layout: auto                  # auto | sql | flyway | sqlx | golang-migrate
    assume_in_transaction: false
    max_lock_ms: 1000             # blocking work estimated below this on known rows is tolerated
    max_lock_timeout_ms: 5000
    rules: {prefer-text-field: off, require-concurrent-index-creation: error}
    rows: {users: 2000000}        # row counts; --database-url statistics and --rows win
    exclude: ["db/legacy/*", "*_seed.sql"]

Exit codes: 0 SAFE_TO_RUN; 1 BLOCKED; 2 invalid input (a syntax error in any file, bad config
or --schema; nothing to lint); 3 environment (unreadable file, database unreachable);
4 REQUIRES_MAINTENANCE_WINDOW; 64 usage (unknown --rule id ...). When several apply:
2, then 3, then 1, then 4.)";
}

}  // namespace schemashift::cli
