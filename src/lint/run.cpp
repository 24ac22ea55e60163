// The lint run: flags, config file and defaults merged into settings; directories linted
// in parallel, each in apply order against one evolving schema; the report written file
// by file, in discovery order, while later directories are still being linted.
#include "lint/run.hpp"

#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "lint/config.hpp"
#include "lint/discovery.hpp"
#include "lint/progress.hpp"
#include "lint/rule_ids.hpp"
#include "lint/stats.hpp"
#include "model/schema_index.hpp"
#include "model/sql_schema_loader.hpp"

namespace schemashift::lint {

namespace {

// Everything the run needs once flags, config file and defaults are merged.
struct Settings {
  DiscoveryOptions discovery;
  analyze::LintOptions lint;       // transaction / contract_phase are set per file
  std::optional<model::Schema> seed;
  std::vector<std::string> paths;
};

void print_diagnostics(const core::Diagnostics& diags, bool color, std::ostream& err) {
  for (const auto& d : diags.sorted()) err << core::format_diagnostic(d, color);
}

analyze::TableStatsMap collect_stats(const Options& o, const LintConfig& config) {
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

// --schema FILE: the schema every directory starts from. Sets `failed` on errors (exit 2).
std::optional<model::Schema> load_seed(const std::string& path, bool color, std::ostream& err, bool& failed) {
  if (path.empty()) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::Error("cannot read --schema file " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  core::Diagnostics diags;
  auto schema = model::load_schema_sql(buf.str(), path, diags);
  print_diagnostics(diags, color, err);
  failed = !schema || diags.has_errors();
  return schema;
}

Settings resolve_settings(const Options& o, const LintConfig& config) {
  Settings s;
  s.paths = o.paths.empty() ? std::vector<std::string>{"."} : o.paths;
  const std::string layout = o.layout.value_or(config.layout.value_or("auto"));
  s.discovery.layout = parse_layout(layout).value_or(Layout::Auto);
  s.discovery.assume_in_transaction = o.assume_in_transaction || config.assume_in_transaction.value_or(false);
  s.discovery.exclude = config.exclude;
  s.discovery.stdin_name = o.stdin_filepath;
  // Defaults (analyze::LintOptions), then the config file, then the flags.
  apply_config(config, s.lint);
  if (o.pg_version) s.lint.pg_version = *o.pg_version;
  if (o.max_lock_ms) s.lint.max_blocking_ms = static_cast<double>(*o.max_lock_ms);
  if (o.max_lock_timeout_ms) s.lint.max_lock_timeout_ms = *o.max_lock_timeout_ms;
  for (const auto& flag : o.rules) {
    const auto [id, severity] = parse_rule_flag(flag);
    s.lint.severities[id] = severity;
  }
  s.lint.stats = collect_stats(o, config);
  return s;
}

// Down and undo migrations exist to remove what their up migration added: destructive
// statements are their purpose, as in a contract phase.
bool contract_phase(const InputFile& f) { return f.contract || f.role == Role::Down; }

// Takes the file's text (the report keeps it for excerpts): each file is read once.
// `index`: the index of `schema` kept from file to file (null for a schema used once).
LintedFile lint_one(InputFile& f, const analyze::LintOptions& base, model::Schema& schema,
                    model::SchemaIndex* index = nullptr) {
  analyze::LintOptions options = base;
  options.transaction = f.transaction;
  options.contract_phase = contract_phase(f);
  LintedFile out;
  out.report = analyze::lint_script(f.text, f.path, options, &schema, index);
  out.contract = out.report.contract_phase;
  out.text = std::move(f.text);
  out.layout = layout_name(f.follows_layout ? f.layout : Layout::Sql);
  out.layout_rule = f.layout_rule;
  out.transaction = f.transaction;
  return out;
}

// Hands the rendered files to the reporter in discovery order while directories finish
// in any order: a directory's files go out as soon as every earlier directory is out,
// so only directories finished ahead of their turn are held.
class OrderedOutput {
 public:
  OrderedOutput(Reporter& reporter, std::size_t groups, std::ostream& out, std::ostream& err)
      : reporter_(reporter), slots_(groups), out_(out), err_(err) {}

  void notes(std::size_t group, std::vector<std::string> notes) {
    std::lock_guard<std::mutex> lock(mutex_);
    slots_[group].notes = std::move(notes);
    flush();
  }

  void file(std::size_t group, const LintedFile& file, std::string part) {
    std::lock_guard<std::mutex> lock(mutex_);
    totals_.add(file);
    slots_[group].parts.push_back(std::move(part));
    flush();
  }

  void done(std::size_t group, bool unreadable) {
    std::lock_guard<std::mutex> lock(mutex_);
    slots_[group].done = true;
    unreadable_ = unreadable_ || unreadable;
    flush();
  }

  // A failure while writing (a full disk under the JSON report's temporary file) happens
  // on a worker thread: kept, and rethrown on the calling thread once the workers are done.
  void rethrow_failure() const {
    if (failure_) std::rethrow_exception(failure_);
  }

  const Totals& totals() const { return totals_; }
  bool unreadable() const { return unreadable_; }

 private:
  struct Slot {
    std::vector<std::string> notes;
    std::vector<std::string> parts;
    bool done = false;
  };

  void flush() {
    if (failure_) return;
    try {
      write_ready();
    } catch (...) {
      failure_ = std::current_exception();
    }
  }

  void write_ready() {
    while (next_ < slots_.size()) {
      Slot& s = slots_[next_];
      for (const auto& note : s.notes) err_ << "note: " << note << "\n";
      s.notes.clear();
      for (const auto& part : s.parts) reporter_.write(out_, part);
      s.parts.clear();
      s.parts.shrink_to_fit();
      if (!s.done) return;
      ++next_;
    }
  }

  Reporter& reporter_;
  std::vector<Slot> slots_;
  std::ostream& out_;
  std::ostream& err_;
  std::mutex mutex_;
  std::size_t next_ = 0;
  Totals totals_;
  bool unreadable_ = false;
  std::exception_ptr failure_;
};

// Lints one directory in apply order. Up migrations evolve the schema; a down/undo file
// runs against a copy of the schema as its own up migration left it and changes nothing.
void lint_group(std::size_t index, const GroupSource& source, const Settings& s, const Reporter& reporter,
                OrderedOutput& output, Progress& progress) {
  MigrationGroup g = load_group(source, s.discovery);
  output.notes(index, std::move(g.notes));
  model::Schema schema = s.seed ? *s.seed : model::Schema{};
  // The folder's schema follows every up migration, and so does its index: read once per
  // folder instead of once per file. A down file's copy gets an index of its own.
  model::SchemaIndex schema_index;
  std::map<std::string, model::Schema> after_up;  // version -> schema right after its up migration
  std::map<std::string, std::size_t> downs_left;   // version -> its down files not linted yet
  for (const auto& f : g.files) {
    if (f.role == Role::Down) ++downs_left[f.version];
  }
  bool unreadable = false;
  for (auto& f : g.files) {
    progress.step();
    if (f.read_error) {
      progress.report_error("schemashift: cannot read " + f.path + ": " + *f.read_error);
      unreadable = true;
      continue;
    }
    // One file's failure is that file's problem, reported with its name: the rest of the
    // folder, and every other folder, is still linted (an exception leaving this worker
    // thread would end the whole run in std::terminate).
    try {
      LintedFile linted;
      if (f.role == Role::Down) {
        // The version's last down file takes the snapshot instead of copying it: a schema
        // copy per down migration was a measurable share of a run.
        const auto it = after_up.find(f.version);
        const bool last_down = --downs_left[f.version] == 0;
        model::Schema down_schema;
        if (it == after_up.end()) {
          down_schema = schema;
        } else if (last_down) {
          down_schema = std::move(it->second);
          after_up.erase(it);
        } else {
          down_schema = it->second;
        }
        linted = lint_one(f, s.lint, down_schema);
      } else {
        linted = lint_one(f, s.lint, schema, &schema_index);
        if (f.role == Role::Up && downs_left[f.version] > 0) after_up[f.version] = schema;
      }
      std::string part = reporter.render(linted);
      output.file(index, linted, std::move(part));
    } catch (const std::exception& e) {
      // A file that failed half-way may have changed the schema behind the index's back.
      schema_index.invalidate();
      progress.report_error("schemashift: cannot lint " + f.path + ": " + core::escape_control(e.what(), true));
      unreadable = true;
    }
  }
  output.done(index, unreadable);
}

}  // namespace

Outcome run(const Options& o, std::ostream& out, std::ostream& err) {
  Outcome outcome;
  core::Diagnostics config_diags;
  const auto config = find_lint_config(o.config, config_diags);
  print_diagnostics(config_diags, o.color_diagnostics, err);
  if (!config) {
    outcome.rejected = true;
    return outcome;
  }
  Settings settings = resolve_settings(o, *config);
  bool bad_schema = false;
  settings.seed = load_seed(o.schema, o.color_diagnostics, err, bad_schema);
  if (bad_schema) {
    outcome.rejected = true;
    return outcome;
  }
  auto reporter = make_reporter(o.format, o.report);
  if (!reporter) throw core::Error("unknown lint format '" + o.format + "'", core::ExitCode::Usage);

  const Discovery discovery = discover(settings.paths, settings.discovery);
  for (const auto& error : discovery.errors) err << "schemashift: " << error << "\n";
  outcome.unreadable = !discovery.errors.empty();
  if (discovery.file_count() == 0) {
    err << "schemashift: no .sql files found in " << core::join(settings.paths, ", ")
        << (settings.discovery.exclude.empty() ? "" : " (after exclude: patterns)") << "\n";
    outcome.rejected = true;
    return outcome;
  }

  RunInfo info;
  info.pg_version = settings.lint.pg_version;
  info.stats_source = stats_sources(settings.lint.stats);
  reporter->begin(out, info);
  Progress progress(discovery.file_count(), err);
  OrderedOutput output(*reporter, discovery.groups.size(), out, err);
  // Directories are independent (each has its own schema), so they are linted in parallel,
  // one worker per core; files within a directory stay in apply order on one thread.
  // (libpg_query is thread-safe: per-thread memory contexts.)
  core::parallel_for(discovery.groups.size(), [&](std::size_t i) {
    lint_group(i, discovery.groups[i], settings, *reporter, output, progress);
  });
  progress.clear();
  output.rethrow_failure();
  reporter->end(out, info, output.totals());
  out.flush();

  outcome.unreadable = outcome.unreadable || output.unreadable();
  outcome.syntax_error = output.totals().has_syntax_error;
  outcome.verdict = output.totals().verdict;
  return outcome;
}

}  // namespace schemashift::lint
