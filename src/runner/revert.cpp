// `schemashift revert`: the newest applied migration (or an issue's, or everything newer
// than a version) undone with its down file, newest first, after a warning that says what
// cannot come back.
#include <algorithm>

#include <fmt/format.h>

#include "core/text.hpp"
#include "runner/run.hpp"
#include "runner/state.hpp"

namespace schemashift::runner {

namespace {

using core::ExitCode;

// What a down file destroys: the data in what it drops or deletes. Reverting an expand
// migration drops the columns it added — with every value written to them since.
std::vector<std::string> data_loss(const Script& down) {
  std::vector<std::string> out;
  for (const auto& st : down.statements) {
    const std::string summary = st.summary;
    for (const char* word : {"DROP COLUMN", "DROP TABLE", "TRUNCATE", "DELETE", "DROP MATERIALIZED VIEW"}) {
      if (summary.find(word) != std::string::npos) {
        out.push_back(fmt::format("line {}: {}", st.line, core::trim(st.sql.substr(0, st.sql.find('\n')))));
        break;
      }
    }
  }
  return out;
}

}  // namespace

Outcome revert(const MigrationSet& set, Runtime& rt, const RevertOptions& o) {
  const auto start = rt.clock.now();
  std::optional<DatabaseLock> held;
  if (!o.dry_run) {
    if (auto busy = lock_database(rt, held)) return *busy;
  }
  const std::vector<HistoryRow> rows = rt.history.load_if_exists(rt.session);
  const std::vector<MigrationState> states = migration_states(set, rows);

  if (!o.to.empty() && o.to != "0" && !set.find(o.to)) {
    return Outcome::refuse(ExitCode::InvalidInput, "unknown version " + o.to + " (--to)",
                           "`schemashift status` lists every version; --to 0 reverts everything");
  }
  // Newest first. An interrupted revert is finished before anything else.
  std::vector<const MigrationState*> chosen;
  for (auto it = states.rbegin(); it != states.rend(); ++it) {
    const MigrationState& s = *it;
    if (s.state == State::Reverting) {
      chosen.push_back(&s);
      continue;
    }
    if (!is_applied(s.state)) continue;
    if (o.issue) {
      if (s.issue == o.issue) chosen.push_back(&s);
    } else if (!o.to.empty()) {
      if (o.to == "0" || compare_versions(s.version, o.to) > 0) chosen.push_back(&s);
    } else if (chosen.empty()) {
      chosen.push_back(&s);
    }
  }
  Outcome outcome;
  outcome.dry_run = o.dry_run;
  outcome.version_before = database_version(states);
  outcome.version_after = outcome.version_before;
  if (chosen.empty()) {
    outcome.message = o.issue ? fmt::format("nothing to revert: no migration of issue {} is applied", *o.issue)
                              : "nothing to revert: no migration is applied";
    return outcome;
  }
  std::vector<std::string> problems;
  for (const MigrationState* s : chosen) {
    if (!s->file) problems.push_back(s->name + ": its files are gone (applied " + s->row->applied_at + ")");
    else if (s->file->down_path.empty()) problems.push_back(s->name + ": no down file");
    else if (s->state == State::Interrupted) problems.push_back(s->name + ": its run was interrupted; finish it with `schemashift run` first");
  }
  if (!problems.empty()) {
    return Outcome::refuse(ExitCode::InvalidInput, "cannot revert", "nothing was reverted", problems);
  }
  for (const MigrationState* s : chosen) {
    Planned p;
    p.file = s->file;
    p.state = s->state;
    p.previous = s->row;
    const std::string down = read_down(*s->file);
    auto script = prepare_script(down, s->file->down_path, outcome.diagnostics);
    if (!script) continue;
    p.script = std::move(*script);
    p.data_loss = data_loss(p.script);
    if (s->state == State::Reverting && p.script.mode == Mode::Autocommit) p.resume_at = s->row->statements_done;
    outcome.planned.push_back(std::move(p));
  }
  if (outcome.diagnostics.has_errors()) {
    outcome.code = ExitCode::InvalidInput;
    outcome.message = "a down file cannot be run";
    outcome.hint = "nothing was reverted";
    return outcome;
  }
  rt.events.planned(outcome.planned, Direction::Down);
  if (o.dry_run) return outcome;
  if (!o.yes) {
    const std::string question = fmt::format("Revert {} migration{} on {}? Type 'yes' to continue: ", chosen.size(),
                                             chosen.size() == 1 ? "" : "s", rt.session.describe());
    if (!rt.confirm || !rt.confirm(question, "yes")) {
      Outcome r = Outcome::refuse(ExitCode::Refused, "revert needs confirmation",
                                  rt.confirm ? "nothing was reverted" : "not on a terminal: pass --yes to revert without asking");
      r.planned = std::move(outcome.planned);
      return r;
    }
  }
  for (const Planned& p : outcome.planned) {
    const Target target{*p.file, p.script, p.previous};
    const ApplyResult r = apply(rt.session, rt.clock, rt.history, target, Direction::Down, rt.apply, rt.events);
    if (!r.ok) {
      describe_failure(outcome, r, *p.file, p.script, Direction::Down);
      break;
    }
    outcome.done.push_back({p.file, r.duration, r.attempts});
  }
  // The database version after: the newest migration still applied.
  const std::vector<HistoryRow> after = rt.history.load(rt.session);
  outcome.version_after = database_version(migration_states(set, after));
  outcome.duration = std::chrono::duration_cast<std::chrono::milliseconds>(rt.clock.now() - start);
  return outcome;
}

}  // namespace schemashift::runner
