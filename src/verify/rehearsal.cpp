#include "verify/rehearsal.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <tuple>

#include "core/error.hpp"
#include "runner/run.hpp"
#include "runner/runtime.hpp"
#include "runner/verdicts.hpp"
#include "sql/parser.hpp"
#include "sql/time_zone.hpp"
#include "verify/lock_tracer.hpp"

namespace schemashift::verify {

const char* step_result_name(StepResult r) {
  switch (r) {
    case StepResult::NotRun: return "not run";
    case StepResult::Ok: return "ok";
    case StepResult::Failed: return "failed";
  }
  return "";
}

std::size_t MigrationCheck::mismatches() const {
  std::size_t n = 0;
  for (const auto& s : statements) n += s.mismatches.size();
  return n;
}

std::size_t RehearsalReport::mismatches() const {
  std::size_t n = 0;
  for (const auto& m : migrations) n += m.mismatches();
  return n;
}

bool RehearsalReport::ok() const {
  if (!failed_step.empty() || mismatches() > 0 || catalog_differs()) return false;
  for (const auto& c : checks) {
    if (!c.ok) return false;
  }
  return true;
}

namespace {

using Key = std::tuple<std::string, int, int>;  // version, line, column

// Everything the runner reports goes on to the caller's events; a statement of an up
// migration is announced to the tracer first, with what the analyser said about it.
class RehearsalEvents final : public runner::ForwardingEvents {
 public:
  RehearsalEvents(runner::Events& inner, TracingSession& tracer, const std::map<Key, const analyze::StatementAnalysis*>& predicted)
      : ForwardingEvents(inner), tracer_(tracer), predicted_(predicted) {}
  bool tracing = true;
  // Called outside any transaction: before an up migration's first statement, after a down.
  std::function<void(const runner::MigrationFile&)> before_up;
  std::function<void(const runner::MigrationFile&)> after_down;

  void migration_started(const runner::MigrationFile& f, runner::Direction d, const runner::Script& s, int at) override {
    up_ = d == runner::Direction::Up;
    if (up_ && tracing && before_up) before_up(f);
    ForwardingEvents::migration_started(f, d, s, at);
  }
  void statement_started(const runner::MigrationFile& f, std::size_t i, const runner::ScriptStatement& st) override {
    if (tracing && up_) {
      const auto it = predicted_.find(Key{f.version, st.line, st.column});
      ExpectedStatement e;
      e.version = f.version;
      e.path = f.up_path;
      e.index = i;
      e.line = st.line;
      e.column = st.column;
      e.sql = st.sql;
      e.outside_transaction = !st.concurrent_index.empty() || st.backfill ||
                              (it != predicted_.end() && it->second->must_run_outside_transaction);
      e.opens_transaction = st.opens_transaction;
      e.closes_transaction = st.closes_transaction;
      tracer_.expect(std::move(e));
    }
    ForwardingEvents::statement_started(f, i, st);
  }
  void migration_done(const runner::MigrationFile& f, runner::Direction d, std::chrono::milliseconds t, int a) override {
    if (d == runner::Direction::Down && after_down) after_down(f);
    ForwardingEvents::migration_done(f, d, t, a);
  }

 private:
  TracingSession& tracer_;
  const std::map<Key, const analyze::StatementAnalysis*>& predicted_;
  bool up_ = true;
};

std::string prediction_text(const analyze::StatementAnalysis& a) {
  std::string out;
  for (const auto* locks : {&a.locks, &a.block_locks}) {
    for (const auto& l : *locks) {
      if (!out.empty()) out += "; ";
      out += fmt::format("{} on {} ({}{})", analyze::lock_mode_sql(l.mode), l.relation, analyze::work_name(l.work),
                         locks == &a.block_locks ? ", inside the block" : "");
    }
  }
  return out;
}

// A pg_dump of another server names its owners and grantees, which a scratch server does
// not have: those statements are skipped, not fatal (the schema itself does not depend on them).
bool is_role_statement(const std::string& text, const runner::Result& r) {
  if (r.sqlstate != "42704") return false;  // undefined_object: role "x" does not exist
  return text.find("OWNER TO") != std::string::npos || text.rfind("GRANT", 0) == 0 || text.rfind("REVOKE", 0) == 0 ||
         text.find("ALTER DEFAULT PRIVILEGES") != std::string::npos;
}

StepResult result_of(const runner::Outcome& o, const runner::MigrationFile& f, bool attempted) {
  for (const auto& d : o.done) {
    if (d.file == &f) return StepResult::Ok;
  }
  return attempted ? StepResult::Failed : StepResult::NotRun;
}

// The migration a failed run stopped at: the first planned one it did not finish.
const runner::MigrationFile* stopped_at(const runner::Outcome& o) {
  for (const auto& p : o.planned) {
    bool done = false;
    for (const auto& d : o.done) done = done || d.file == p.file;
    if (!done) return p.file;
  }
  return nullptr;
}

bool session_time_zone_utc(const Connect& connect) {
  const runner::Result r = connect()->execute("SHOW TimeZone");
  return r.ok && !r.rows.empty() && !r.rows[0].empty() && r.rows[0][0] && sql::is_fixed_utc_zone(*r.rows[0][0]);
}

bool only_checks_failed(const runner::Outcome& o, const runner::MigrationSet& set) {
  return o.done.size() == set.files.size() && !o.checks.empty();
}

}  // namespace

RehearsalReport rehearse(const RehearsalInput& input, const Connect& connect, runner::Events& events) {
  RehearsalReport report;
  for (const auto& f : input.set.files) {
    MigrationCheck m;
    m.file = &f;
    report.migrations.push_back(std::move(m));
    if (f.down_path.empty()) report.without_down.push_back(f.name());
  }
  auto fail = [&](std::string step, std::string message, std::string hint) {
    report.failed_step = std::move(step);
    report.failure.code = core::ExitCode::MigrationFailed;
    report.failure.message = std::move(message);
    report.failure.hint = std::move(hint);
    return report;
  };

  // 1. The schema the migrations start from, then the rows. Each file on a session of its
  // own: a pg_dump empties search_path for the rest of its session.
  std::vector<const SqlFile*> loads;
  for (const auto& f : input.schema) loads.push_back(&f);
  if (input.seed) loads.push_back(&*input.seed);
  for (const SqlFile* f : loads) {
    const bool seed = input.seed && f == &*input.seed;
    const std::string step = seed ? "load the seed" : "load the schema";
    const sql::Script script = sql::parse_script(f->text);
    if (script.error) {
      return fail(step, fmt::format("{}:{}:{}: {}", f->path, script.error->line, script.error->column, script.error->message),
                  "the file must parse as PostgreSQL " + std::to_string(sql::grammar_version()) + " SQL");
    }
    const std::unique_ptr<runner::Session> session = connect();
    for (const auto& st : script.statements) {
      const runner::Result r = session->execute(st.text);
      if (r.ok || is_role_statement(st.text, r)) continue;
      return fail(step, fmt::format("{}:{}:{}: {} (SQLSTATE {})", f->path, st.line, st.column, r.message, r.sqlstate),
                  seed ? "the seed runs after the schema, before the migrations: fix it, or leave --seed out"
                       : "the schema the migrations start from could not be built on the scratch server");
    }
  }

  // 2. What the analyser predicts for every statement, against the same starting schema,
  // for this server's sessions: with its TimeZone UTC, timestamp <-> timestamptz keeps the rows.
  runner::JudgeOptions judge_options;
  judge_options.lint = input.lint;
  judge_options.lint.time_zone_utc = judge_options.lint.time_zone_utc || session_time_zone_utc(connect);
  judge_options.base = input.base ? &*input.base : nullptr;
  judge_options.one_history = true;  // one scratch database, every file in version order
  const std::map<std::string, analyze::FileReport> reports = runner::judge(input.set, judge_options);
  std::map<Key, const analyze::StatementAnalysis*> predicted;
  for (const auto& [version, r] : reports) {
    for (const auto& st : r.statements) predicted.emplace(Key{version, st.line, st.column}, &st.analysis);
  }
  for (auto& m : report.migrations) {
    const auto it = reports.find(m.file->version);
    if (it == reports.end()) continue;
    m.verdict = it->second.verdict;
    m.verdict_reasons = it->second.verdict_reasons;
  }

  const std::unique_ptr<runner::Session> main = connect();
  const std::unique_ptr<runner::Session> watcher = connect();
  // The catalog snapshots are for the downs: an up-only rehearsal takes none.
  const CatalogSnapshot before = input.up_only ? CatalogSnapshot{} : take_catalog_snapshot(*main);
  report.catalog_facts = before.lines.size();
  TracingSession traced(*main, watcher.get(), input.history_schema);
  RehearsalEvents rehearsal_events(events, traced, predicted);
  // Each down must give back the catalog its up started from, not only all of them
  // together: a forgotten index on a table an older down drops would pass that test.
  std::map<std::string, CatalogSnapshot> before_each;
  if (!input.up_only) {
    rehearsal_events.before_up = [&](const runner::MigrationFile& f) { before_each[f.version] = take_catalog_snapshot(*main); };
  }
  std::vector<CatalogDifference> newer;  // the raw difference after the previous (newer) down
  rehearsal_events.after_down = [&](const runner::MigrationFile& f) {
    const auto it = before_each.find(f.version);
    if (it == before_each.end()) return;
    std::vector<CatalogDifference> raw = diff_catalogs(it->second, take_catalog_snapshot(*main));
    for (auto& m : report.migrations) {
      if (m.file == &f) m.catalog = new_differences(raw, newer);
    }
    newer = std::move(raw);
  };
  runner::Runtime rt{traced, runner::system_clock(), rehearsal_events, runner::History(input.history_schema), {}, {}, {}};
  runner::RunOptions run_options;
  run_options.contract = true;
  run_options.maintenance_window = true;
  run_options.blocked = true;
  run_options.lint = input.lint;

  // 3. Up, traced.
  runner::Outcome up = runner::run(input.set, rt, run_options);
  const bool up_ok = up.code == core::ExitCode::Ok || only_checks_failed(up, input.set);
  const runner::MigrationFile* stopped = up_ok ? nullptr : stopped_at(up);
  for (auto& m : report.migrations) {
    m.up = result_of(up, *m.file, m.file == stopped);
    for (const auto& o : traced.observations()) {
      if (o.version != m.file->version) continue;
      StatementCheck c;
      c.observed = o;
      const auto it = predicted.find(Key{o.version, o.line, o.column});
      if (it != predicted.end()) {
        c.analysis = *it->second;
        c.predicted = prediction_text(*it->second);
        c.mismatches = compare(*it->second, o);
      }
      m.statements.push_back(std::move(c));
    }
  }
  if (!up_ok) {
    report.failed_step = "up";
    report.failure = std::move(up);
    return report;
  }
  report.checks = up.checks;  // replaced by the second up's, when there is one
  if (input.up_only) return report;

  // 4. Down, newest first, back to the newest migration that has no down file (all of them
  // when each has one: Flyway without undo scripts and psql folders have none); then the
  // catalog must be the one the first of those ups started from.
  const runner::MigrationFile* first_reverted = nullptr;
  for (auto it = input.set.files.rbegin(); it != input.set.files.rend() && !it->down_path.empty(); ++it) {
    first_reverted = &*it;
    ++report.downs_rehearsed;
  }
  if (report.downs_rehearsed < input.set.files.size()) {
    report.downs_stop_at = input.set.files[input.set.files.size() - report.downs_rehearsed - 1].name();
  }
  if (first_reverted == nullptr) return report;
  const CatalogSnapshot& start = report.downs_stop_at.empty() ? before : before_each[first_reverted->version];
  rehearsal_events.tracing = false;
  runner::RevertOptions revert_options;
  revert_options.to = report.downs_stop_at.empty() ? "0" : input.set.files[input.set.files.size() - report.downs_rehearsed - 1].version;
  report.checks.clear();
  revert_options.yes = true;
  runner::Outcome down = runner::revert(input.set, rt, revert_options);
  for (std::size_t i = input.set.files.size() - report.downs_rehearsed; i < report.migrations.size(); ++i) {
    report.migrations[i].down = result_of(down, *report.migrations[i].file, down.code != core::ExitCode::Ok);
  }
  if (down.code != core::ExitCode::Ok) {
    report.failed_step = "down";
    report.failure = std::move(down);
    return report;
  }
  report.catalog = diff_catalogs(start, take_catalog_snapshot(*main));

  // 5. Up again: a down followed by its up must be repeatable. The checks run after it.
  runner::Outcome again = runner::run(input.set, rt, run_options);
  const bool again_ok = again.code == core::ExitCode::Ok || only_checks_failed(again, input.set);
  const runner::MigrationFile* stopped_again = again_ok ? nullptr : stopped_at(again);
  for (auto& m : report.migrations) {
    if (m.down != StepResult::NotRun) m.up_again = result_of(again, *m.file, m.file == stopped_again);
  }
  report.checks = again.checks;
  if (!again_ok) {
    report.failed_step = "up again";
    report.failure = std::move(again);
  }
  return report;
}

}  // namespace schemashift::verify
