#include "runner/repair.hpp"

#include <fmt/format.h>

#include "runner/state.hpp"

namespace schemashift::runner {

namespace {

using core::ExitCode;

std::string short_sum(const std::string& checksum) { return checksum.substr(0, 12); }

}  // namespace

Outcome repair(const MigrationSet& set, Runtime& rt, const RepairOptions& o) {
  std::optional<DatabaseLock> held;
  // Not while a run applies files: it read the checksums when it started.
  if (!o.dry_run) {
    if (auto busy = lock_database(rt, held)) return *busy;
  }
  const std::vector<MigrationState> states = migration_states(set, rt.history.load_if_exists(rt.session));
  Outcome outcome;
  outcome.dry_run = o.dry_run;
  for (const auto& s : states) {
    if (!o.version.empty() && compare_versions(s.version, o.version) != 0) continue;
    if (s.state != State::Modified) {
      if (!o.version.empty()) {
        return Outcome::refuse(ExitCode::InvalidInput,
                               fmt::format("{} is {}, not a modified applied file", s.name, state_name(s.state)),
                               "`schemashift status` lists the modified ones");
      }
      continue;
    }
    Planned p;
    p.file = s.file;
    p.state = s.state;
    p.previous = s.row;
    outcome.planned.push_back(std::move(p));
  }
  if (!o.version.empty() && outcome.planned.empty()) {
    return Outcome::refuse(ExitCode::InvalidInput, "unknown version " + o.version + " (--version)",
                           "`schemashift status` lists every version");
  }
  if (outcome.planned.empty()) {
    outcome.message = "nothing to repair: every applied file matches the checksum recorded when it was applied";
    return outcome;
  }
  if (o.dry_run) return outcome;
  std::vector<std::string> names;
  for (const auto& p : outcome.planned) {
    names.push_back(fmt::format("{} (recorded {}…, file now {}…)", p.file->name(), short_sum(p.previous->checksum),
                                short_sum(p.file->checksum)));
  }
  const std::string question = fmt::format(
      "The database holds what the old bytes of {} did. Accept the file{} as {} now stand{} only if the change does not "
      "alter the schema, or you applied the difference by hand. Type 'accept' to record the new checksum{}: ",
      outcome.planned.size() == 1 ? "this file" : "these files", outcome.planned.size() == 1 ? "" : "s",
      outcome.planned.size() == 1 ? "it" : "they", outcome.planned.size() == 1 ? "s" : "",
      outcome.planned.size() == 1 ? "" : "s");
  if (!o.yes && (!rt.confirm || !rt.confirm(question, "accept"))) {
    Outcome r = Outcome::refuse(ExitCode::Refused, "accepting a changed applied file needs confirmation",
                                "type 'accept' at the prompt, or pass --yes (nothing was changed)", names);
    r.planned = std::move(outcome.planned);
    return r;
  }
  rt.history.ensure(rt.session);
  // One transaction: every accepted file, or none.
  must(rt.session, "BEGIN", "start the repair");
  for (const auto& p : outcome.planned) {
    must(rt.session, rt.history.accept_checksum_sql(*p.previous, p.file->checksum), "record the accepted checksum");
  }
  must(rt.session, "COMMIT", "commit the repair");
  for (const auto& p : outcome.planned) outcome.done.push_back({p.file, std::chrono::milliseconds(0), 1});
  return outcome;
}

}  // namespace schemashift::runner
