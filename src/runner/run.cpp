#include "runner/run.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/text.hpp"
#include "runner/state.hpp"
#include "runner/verdicts.hpp"

namespace schemashift::runner {

namespace {

using core::ExitCode;

bool is_phase(const std::string& p) { return p == "expand" || p == "migrate" || p == "contract"; }

// Which migrations `run` applies, or why it will not.
std::optional<Outcome> select(const MigrationSet& set, const std::vector<MigrationState>& states,
                              const RunOptions& o, std::vector<const MigrationState*>& out) {
  std::vector<std::string> modified;
  for (const auto& s : states) {
    if (s.state == State::Reverting) {
      return Outcome::refuse(ExitCode::Refused, "the revert of " + s.name + " was interrupted",
                             "finish it first: schemashift revert (it resumes where it stopped)");
    }
    if (s.state == State::Modified) modified.push_back(s.file->up_path + " (applied " + s.row->applied_at + ")");
  }
  if (!modified.empty()) {
    return Outcome::refuse(ExitCode::Refused,
                           fmt::format("{} applied migration file{} changed since {} applied", modified.size(),
                                       modified.size() == 1 ? "" : "s", modified.size() == 1 ? "it was" : "they were"),
                           "the database holds what the old bytes did: restore the file (git checkout), or revert "
                           "the migration and run it again; if the change is harmless (a comment), accept it: "
                           "schemashift repair",
                           modified);
  }
  if (!o.to.empty() && !set.find(o.to)) {
    return Outcome::refuse(ExitCode::InvalidInput, "unknown version " + o.to + " (--to)",
                           "`schemashift status` lists every version");
  }
  if (!o.phase.empty() && !is_phase(o.phase)) {
    return Outcome::refuse(ExitCode::Usage, "unknown phase " + o.phase + " (--phase)", "use expand, migrate or contract");
  }
  if (o.issue && std::none_of(set.files.begin(), set.files.end(), [&](const MigrationFile& f) { return f.issue == o.issue; })) {
    return Outcome::refuse(ExitCode::InvalidInput, fmt::format("no migration of issue {}", *o.issue),
                           "scaffold writes them: schemashift scaffold --issue " + std::to_string(*o.issue));
  }
  const std::string newest = database_version(states);
  std::vector<std::string> out_of_order;
  for (const auto& s : states) {
    if (!s.file) continue;
    if (s.state != State::Pending && s.state != State::Failed && s.state != State::Interrupted) continue;
    if (!o.to.empty() && compare_versions(s.version, o.to) > 0) continue;
    if (o.issue && s.issue != o.issue) continue;
    if (!o.phase.empty() && s.phase != o.phase) continue;
    if (s.state == State::Pending && !newest.empty() && compare_versions(s.version, newest) < 0) {
      out_of_order.push_back(s.name);
    }
    out.push_back(&s);
  }
  if (!out_of_order.empty() && !o.out_of_order) {
    return Outcome::refuse(ExitCode::Refused,
                           fmt::format("{} pending migration{} older than the database version {}", out_of_order.size(),
                                       out_of_order.size() == 1 ? " is" : "s are", newest),
                           "a migration added behind newer ones may depend on a schema they changed; review it, then "
                           "run with --out-of-order",
                           out_of_order);
  }
  return std::nullopt;
}

std::optional<Outcome> judge_selection(const MigrationSet& set, const RunOptions& o, const Runtime& rt,
                                       std::vector<Planned>& planned) {
  JudgeOptions judge_options;
  judge_options.lint = o.lint;
  judge_options.lock_timeout_ms = rt.apply.lock_timeout.count();
  std::set<std::string> pending;
  for (const auto& p : planned) pending.insert(p.file->version);
  judge_options.live = o.live_schema ? o.live_schema() : nullptr;
  judge_options.pending = &pending;
  auto reports = judge(set, judge_options);
  std::vector<std::string> blocked;
  std::vector<std::string> window;
  for (auto& p : planned) {
    p.report = std::move(reports[p.file->version]);
    const std::string reasons = p.report.verdict_reasons.empty() ? "" : ": " + core::join(p.report.verdict_reasons, "; ");
    if (p.report.verdict == analyze::Verdict::Blocked) blocked.push_back(p.file->name() + reasons);
    if (p.report.verdict == analyze::Verdict::RequiresMaintenanceWindow) window.push_back(p.file->name() + reasons);
  }
  if (!blocked.empty() && !o.blocked) {
    return Outcome::refuse(ExitCode::Findings, fmt::format("{} migration{} BLOCKED", blocked.size(), blocked.size() == 1 ? " is" : "s are"),
                           "redesign it with expand/contract (`schemashift lint FILE` explains each finding); "
                           "nothing was applied",
                           blocked);
  }
  if (!window.empty() && !o.maintenance_window) {
    return Outcome::refuse(ExitCode::MaintenanceWindow,
                           fmt::format("{} migration{} REQUIRES_MAINTENANCE_WINDOW", window.size(), window.size() == 1 ? "" : "s"),
                           "run it in a maintenance window with --maintenance-window; nothing was applied", window);
  }
  return std::nullopt;
}

// Runs an issue's verify.sql (each statement one (check_name, ok) row) and records it.
std::vector<CheckResult> verify_issue(Runtime& rt, int issue, const std::string& path) {
  std::vector<CheckResult> results;
  const std::optional<std::string> text = read_text(path);
  core::Diagnostics diags;
  const auto script = text ? prepare_script(*text, path, diags) : std::nullopt;
  if (!script) {
    results.push_back({issue, path, false, diags.items().empty() ? "cannot be read" : diags.items().front().message});
  } else {
    for (const auto& st : script->statements) {
      const Result r = rt.session.execute(st.sql);
      CheckResult c{issue, fmt::format("{} line {}", path, st.line), false, ""};
      if (!r.ok) {
        c.error = r.message + " (SQLSTATE " + r.sqlstate + ")";
      } else if (r.rows.empty() || r.rows[0].size() < 2) {
        c.error = "returned no (check_name, ok) row";
      } else {
        if (r.rows[0][0]) c.name = *r.rows[0][0];
        c.ok = r.rows[0][1] == std::optional<std::string>("t");
      }
      results.push_back(std::move(c));
    }
  }
  for (const auto& c : results) must(rt.session, rt.history.check_sql(issue, c.name, c.ok, c.error), "record a check");
  rt.events.verified(issue, results);
  return results;
}

// verify.sql of every issue whose migrations are now all applied, if this run applied one.
void verify_completed_issues(const MigrationSet& set, Runtime& rt, Outcome& outcome) {
  const std::vector<MigrationState> states = migration_states(set, rt.history.load(rt.session));
  for (const auto& [issue, path] : set.verify_files) {
    const bool touched = std::any_of(outcome.done.begin(), outcome.done.end(),
                                     [&, issue = issue](const Done& d) { return d.file->issue == issue; });
    const bool complete = std::all_of(states.begin(), states.end(), [&, issue = issue](const MigrationState& s) {
      return s.issue != issue || s.state == State::Applied;
    });
    if (!touched || !complete) continue;
    for (auto& c : verify_issue(rt, issue, path)) outcome.checks.push_back(std::move(c));
  }
  std::vector<std::string> failed;
  for (const auto& c : outcome.checks) {
    if (!c.ok) failed.push_back(fmt::format("issue {}: {}{}", c.issue, c.name, c.error.empty() ? "" : ": " + c.error));
  }
  if (!failed.empty() && outcome.code == ExitCode::Ok) {
    outcome.code = ExitCode::MigrationFailed;
    outcome.message = fmt::format("{} verification check{} failed after the migrations were applied", failed.size(),
                                  failed.size() == 1 ? "" : "s");
    outcome.hint = "the migrations stay applied: inspect the database, then fix forward or revert";
    outcome.details = std::move(failed);
  }
}

// A fresh start of the migration: its pre-flight checks describe the database before it.
// An interrupted or failed non-transactional one is partly applied, so they no longer hold.
bool needs_preflight(const Planned& p) {
  return !p.file->preflight.empty() &&
         (p.state == State::Pending || (p.state == State::Failed && p.script.mode == Mode::Transaction));
}

// Runs `p`'s pre-flight checks; a refusal when one failed.
std::optional<Outcome> check_before(const Planned& p, Runtime& rt, const RunOptions& o, Outcome& outcome) {
  auto results = run_preflight(rt.session, p.file->preflight, o.preflight_timeout, rt.apply.lock_timeout);
  rt.events.preflight_checked(*p.file, results);
  std::vector<std::string> failed;
  for (const auto& r : results) {
    if (!r.ok) failed.push_back(r.check.title + ": " + r.summary());
  }
  for (auto& r : results) outcome.preflight.push_back(std::move(r));
  if (failed.empty()) return std::nullopt;
  return Outcome::refuse(ExitCode::Refused,
                         fmt::format("{} pre-flight check{} of {} failed", failed.size(), failed.size() == 1 ? "" : "s",
                                     p.file->name()),
                         "nothing of it was sent: fix the data the check found (its query is in the issue's README "
                         "and sql/manifest.json), then run again; --no-preflight skips the checks",
                         failed);
}

}  // namespace

Outcome run(const MigrationSet& set, Runtime& rt, const RunOptions& o) {
  const auto start = rt.clock.now();
  std::optional<DatabaseLock> held;
  if (!o.dry_run) {
    if (auto busy = lock_database(rt, held)) return *busy;
  }
  if (!o.dry_run) rt.history.ensure(rt.session);  // a dry run creates nothing
  const std::vector<HistoryRow> rows = o.dry_run ? rt.history.load_if_exists(rt.session) : rt.history.load(rt.session);
  const std::vector<MigrationState> states = migration_states(set, rows);

  std::vector<const MigrationState*> chosen;
  if (auto refusal = select(set, states, o, chosen)) return *refusal;

  Outcome outcome;
  outcome.dry_run = o.dry_run;
  outcome.version_before = database_version(states);
  outcome.version_after = outcome.version_before;
  if (chosen.empty()) {
    outcome.message = "nothing to apply: the database is up to date";
    return outcome;
  }
  for (const MigrationState* s : chosen) {
    Planned p;
    p.file = s->file;
    p.state = s->state;
    p.previous = s->row;
    auto script = prepare_script(s->file->up_text, s->file->up_path, outcome.diagnostics);
    if (!script) continue;
    p.script = std::move(*script);
    if (s->row && s->row->checksum == s->file->checksum && p.script.mode == Mode::Autocommit &&
        (s->state == State::Interrupted || s->state == State::Failed)) {
      p.resume_at = s->row->statements_done;
    }
    outcome.planned.push_back(std::move(p));
  }
  if (outcome.diagnostics.has_errors()) {
    outcome.code = ExitCode::InvalidInput;
    outcome.message = "a migration file cannot be run";
    outcome.hint = "nothing was applied";
    return outcome;
  }
  auto refusal = judge_selection(set, o, rt, outcome.planned);
  rt.events.planned(outcome.planned, Direction::Up);
  if (refusal) {
    refusal->planned = std::move(outcome.planned);
    return *refusal;
  }
  if (o.dry_run) return outcome;

  std::vector<std::string> contract;
  for (const auto& p : outcome.planned) {
    if (p.file->is_contract()) contract.push_back(p.file->name());
  }
  if (!contract.empty() && !o.contract) {
    const std::string question = fmt::format(
        "{} contract-phase migration{} remove{} what the previous application version used.\n"
        "Deploy the application that no longer uses it first. Type 'contract' to run {}: ",
        contract.size(), contract.size() == 1 ? "" : "s", contract.size() == 1 ? "s" : "", contract.size() == 1 ? "it" : "them");
    if (!rt.confirm || !rt.confirm(question, "contract")) {
      Outcome r = Outcome::refuse(ExitCode::Refused, "contract-phase migrations need --contract",
                                  "they drop what the old application still reads: deploy the new application, then "
                                  "run with --contract (or --phase expand / --phase migrate to leave them pending)",
                                  contract);
      r.planned = std::move(outcome.planned);
      return r;
    }
  }

  for (const auto& p : outcome.planned) {
    if (o.preflight && needs_preflight(p)) {
      if (auto refusal = check_before(p, rt, o, outcome)) {
        // What ran before it stays applied and reported.
        outcome.code = refusal->code;
        outcome.message = std::move(refusal->message);
        outcome.hint = std::move(refusal->hint);
        outcome.details = std::move(refusal->details);
        break;
      }
    }
    ApplyOptions options = rt.apply;
    if (options.file_retries && p.file->lock_retries) options.retry.retries = *p.file->lock_retries;
    const Target target{*p.file, p.script, p.previous};
    const ApplyResult r = apply(rt.session, rt.clock, rt.history, target, Direction::Up, options, rt.events);
    if (!r.ok) {
      describe_failure(outcome, r, *p.file, p.script, Direction::Up);
      break;
    }
    outcome.done.push_back({p.file, r.duration, r.attempts});
    if (compare_versions(p.file->version, outcome.version_after) > 0 || outcome.version_after.empty()) {
      outcome.version_after = p.file->version;
    }
  }
  if (outcome.code == ExitCode::Ok && !outcome.done.empty()) verify_completed_issues(set, rt, outcome);
  outcome.duration = std::chrono::duration_cast<std::chrono::milliseconds>(rt.clock.now() - start);
  return outcome;
}

}  // namespace schemashift::runner
