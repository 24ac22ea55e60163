#include "cli/runner_output.hpp"

#include <algorithm>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "core/text.hpp"

namespace schemashift::cli {

namespace {

using runner::Direction;
using runner::State;

std::string paint(bool on, const char* code, const std::string& s) { return on ? code + s + "\x1b[0m" : s; }

// A measured duration: "12 ms", "4.2 s" (human_millis without its "about").
std::string took(std::chrono::milliseconds d) {
  const std::string text = core::human_millis(static_cast<double>(d.count()));
  return text.substr(text.find_first_not_of('~'));
}

std::string mode_text(const runner::Script& script) {
  return script.mode == runner::Mode::Transaction ? "one transaction" : "statement by statement (" + script.why + ")";
}

// "ACCESS EXCLUSIVE on contacts (catalog only)", once each, for existing relations.
std::vector<std::string> lock_lines(const analyze::FileReport& report) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& st : report.statements) {
    for (const auto& lock : st.analysis.locks) {
      if (lock.is_new || lock.mode == analyze::LockMode::None) continue;
      std::string line = fmt::format("{} on {} ({})", analyze::lock_mode_sql(lock.mode), lock.relation,
                                     analyze::work_name(lock.work));
      if (seen.insert(line).second) out.push_back(std::move(line));
    }
  }
  return out;
}


nlohmann::json optional_int(const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

nlohmann::json checks_json(const std::vector<runner::CheckResult>& checks) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : checks) out.push_back({{"issue", c.issue}, {"check", c.name}, {"ok", c.ok}, {"error", c.error}});
  return out;
}

nlohmann::json preflight_json(const std::vector<runner::PreflightResult>& results) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : r.rows) {
      nlohmann::json cells = nlohmann::json::array();
      for (const auto& cell : row) cells.push_back(cell ? nlohmann::json(*cell) : nlohmann::json());
      rows.push_back(std::move(cells));
    }
    out.push_back({{"check", r.check.title},
                   {"expect", core::expect_name(r.check.expect)},
                   {"ok", r.ok},
                   {"timed_out", r.timed_out},
                   {"result", r.summary()},
                   {"columns", r.columns},
                   {"rows", std::move(rows)},
                   {"more_rows", r.more_rows},
                   {"error", r.error}});
  }
  return out;
}

}  // namespace

std::string issue_text(const std::optional<int>& issue) { return issue ? "#" + std::to_string(*issue) : "-"; }

const char* row_status_label(runner::RowStatus s) {
  switch (s) {
    case runner::RowStatus::Running: return "RUNNING";
    case runner::RowStatus::Success: return "SUCCESS";
    case runner::RowStatus::Failed: return "FAILED";
    case runner::RowStatus::Reverting: return "REVERTING";
    case runner::RowStatus::RolledBack: return "ROLLED BACK";
  }
  return "FAILED";
}

// "2026-12-06T07:01:02Z" -> "2026-12-06 07:01"
std::string minute(const std::string& iso) {
  if (iso.size() < 16) return iso;
  std::string s = iso.substr(0, 16);
  s[10] = ' ';
  return s;
}

std::string Style::bold(const std::string& s) const { return paint(on, "\x1b[1m", s); }
std::string Style::dim(const std::string& s) const { return paint(on, "\x1b[2m", s); }
std::string Style::ok(const std::string& s) const { return paint(on, "\x1b[32m", s); }
std::string Style::warn(const std::string& s) const { return paint(on, "\x1b[33m", s); }
std::string Style::bad(const std::string& s) const { return paint(on, "\x1b[31m", s); }
std::string Style::verdict(analyze::Verdict v) const {
  const std::string name = analyze::verdict_name(v);
  return v == analyze::Verdict::SafeToRun ? ok(name) : v == analyze::Verdict::Blocked ? bad(name) : warn(name);
}

void EventPrinter::planned(const std::vector<runner::Planned>& planned, Direction direction) {
  if (direction == Direction::Down) {
    out() << style_.warn("⚠️  WARNING: Reverting migration may cause data loss") << "\n\n";
    out() << fmt::format("To revert ({} migration{}, newest first):\n", planned.size(), planned.size() == 1 ? "" : "s");
  } else {
    out() << fmt::format("To apply ({} migration{}, in order):\n", planned.size(), planned.size() == 1 ? "" : "s");
  }
  for (std::size_t i = 0; i < planned.size(); ++i) {
    const auto& p = planned[i];
    out() << fmt::format("  {}. {}\n", i + 1, style_.bold(p.file->name()));
    std::vector<std::string> facts;
    if (!p.file->phase.empty()) facts.push_back("phase " + p.file->phase);
    if (direction == Direction::Up) {
      facts.push_back(style_.verdict(p.report.verdict));
      facts.push_back(core::human_millis(p.report.estimated_ms));
    }
    facts.push_back(mode_text(p.script));
    if (p.state == State::Interrupted || p.state == State::Failed || p.state == State::Reverting) {
      const auto& resume = p.previous ? p.previous->resume : std::nullopt;
      const std::size_t at = static_cast<std::size_t>(p.previous ? p.previous->statements_done : 0);
      facts.push_back(resume ? fmt::format("resumes statement {} of {}, its backfill after key {} ({} rows done)",
                                           at + 1, p.script.statements.size(), resume->key_text(),
                                           core::thousands(resume->scanned))
                      : p.resume_at > 0 ? fmt::format("resumes at statement {} of {}", p.resume_at + 1, p.script.statements.size())
                                        : std::string("retried from the start"));
    }
    out() << "     " << core::join(facts, " · ") << "\n";
    if (direction == Direction::Up) {
      for (const auto& line : lock_lines(p.report)) out() << "     lock: " << line << "\n";
      for (const auto& reason : p.report.verdict_reasons) out() << "     " << style_.warn("why: ") << reason << "\n";
    } else {
      out() << "     down file: " << p.file->down_path << "\n";
      for (const auto& loss : p.data_loss) out() << "     " << style_.warn("cannot come back: ") << loss << "\n";
    }
  }
  out() << "\n" << std::flush;
}

void EventPrinter::announce(const runner::MigrationFile& file, Direction direction) {
  if (announced_ == &file) return;
  announced_ = &file;
  out() << (direction == Direction::Up ? "→ " : "← ") << style_.bold(file.name());
}

void EventPrinter::migration_started(const runner::MigrationFile& file, Direction direction, const runner::Script& script,
                                     int resume_at) {
  if (announced_ == &file) return;  // its pre-flight checks printed the name (never on a resume)
  announce(file, direction);
  if (resume_at > 0) out() << fmt::format(" (resuming at statement {} of {})", resume_at + 1, script.statements.size());
  out() << "\n" << std::flush;
}

void EventPrinter::retrying(const runner::MigrationFile&, int attempt, int of, const runner::Result& failure,
                            std::chrono::milliseconds wait) {
  out() << "  " << style_.warn(fmt::format("attempt {} of {}: {}", attempt, of, failure.message))
       << fmt::format(" — rolled back, retrying in {} ms\n", wait.count()) << std::flush;
}

void EventPrinter::invalid_index_dropped(const runner::MigrationFile&, const std::string& index) {
  out() << "  dropped the INVALID index " << index << " an interrupted build left behind\n" << std::flush;
}

void EventPrinter::waited_for_locks(const runner::MigrationFile&, const runner::LockWait& wait) {
  out() << "  " << style_.warn(fmt::format("waited {} without queueing", took(wait.duration)))
       << (wait.clear ? "" : " (still held: asking anyway, with the lock_timeout)") << " for " << wait.holders << "\n"
       << std::flush;
}

void EventPrinter::verified(int issue, const std::vector<runner::CheckResult>& checks) {
  const auto passed = std::count_if(checks.begin(), checks.end(), [](const runner::CheckResult& c) { return c.ok; });
  out() << "✔ verify.sql of issue " << issue << ": "
       << (static_cast<std::size_t>(passed) == checks.size() ? style_.ok(fmt::format("{} checks passed", passed))
                                                             : style_.bad(fmt::format("{} of {} checks failed",
                                                                                      checks.size() - passed,
                                                                                      checks.size())))
       << "\n";
  for (const auto& c : checks) {
    if (!c.ok) out() << "  " << style_.bad("✗ ") << c.name << (c.error.empty() ? "" : ": " + c.error) << "\n";
  }
  out() << std::flush;
}

void EventPrinter::statement_started(const runner::MigrationFile&, std::size_t, const runner::ScriptStatement& st) {
  if (st.backfill) progress_.start();
}

void EventPrinter::backfill_progress(const runner::MigrationFile& file, const runner::BackfillProgress& p) {
  progress_.show(file, p);
}

std::ostream& EventPrinter::out() {
  progress_.interrupt();
  return out_;
}

void EventPrinter::preflight_checked(const runner::MigrationFile& file, const std::vector<runner::PreflightResult>& results) {
  announce(file, Direction::Up);
  out() << "\n";
  for (const auto& r : results) {
    out() << "  " << (r.ok ? style_.ok("✓ ") : style_.bad("✗ ")) << "pre-flight: " << r.check.title << " — " << r.summary()
         << "\n";
    if (r.ok || r.rows.empty() || (r.rows.size() == 1 && r.rows[0].size() == 1)) continue;
    // The offending rows (duplicates ...), as the query returned them.
    out() << "      " << style_.dim(core::join(r.columns, " | ")) << "\n";
    for (const auto& row : r.rows) {
      std::vector<std::string> cells;
      for (const auto& cell : row) cells.push_back(cell ? *cell : "NULL");
      out() << "      " << core::join(cells, " | ") << "\n";
    }
    if (r.more_rows) out() << "      " << style_.dim("…") << "\n";
  }
  out() << std::flush;
}

void EventPrinter::notice(const runner::MigrationFile&, const std::string& message) {
  out() << "  " << style_.dim(message) << "\n" << std::flush;
}

void EventPrinter::migration_done(const runner::MigrationFile&, Direction direction, std::chrono::milliseconds duration,
                                  int attempts) {
  out() << "  " << style_.ok(direction == Direction::Up ? "✓ applied" : "✓ reverted") << " in " << took(duration)
       << (attempts > 1 ? fmt::format(" ({} attempts)", attempts) : "") << "\n"
       << std::flush;
}

void EventPrinter::migration_failed(const runner::MigrationFile& file, Direction direction,
                                    const runner::ScriptStatement* statement, const runner::Result& failure, int) {
  const std::string& path = direction == Direction::Up ? file.up_path : file.down_path;
  out() << "  " << style_.bad("✗ failed") << ": "
       << (statement ? fmt::format("{}:{}:{}: ", path, statement->line, statement->column) : path + ": ")
       << failure.message << " (SQLSTATE " << failure.sqlstate << ")\n"
       << std::flush;
}

void print_dry_run(std::ostream& out, const runner::Outcome& outcome, Direction direction) {
  for (const auto& p : outcome.planned) {
    out << "-- " << p.file->name() << " (" << (direction == Direction::Up ? p.file->up_path : p.file->down_path)
        << "): " << mode_text(p.script) << "\n";
    if (p.script.mode == runner::Mode::Transaction) out << "BEGIN;\n";
    for (std::size_t i = static_cast<std::size_t>(p.resume_at); i < p.script.statements.size(); ++i) {
      out << p.script.statements[i].sql << ";\n";
    }
    out << "-- + the history row in " << (p.script.mode == runner::Mode::Transaction ? "the same transaction" : "autocommit")
        << "\n";
    if (p.script.mode == runner::Mode::Transaction) out << "COMMIT;\n";
    out << "\n";
  }
  out << "-- dry run: nothing was sent to the database\n";
}

void print_summary(std::ostream& out, const runner::Outcome& outcome, const std::string& action,
                   const std::string& database, Style style) {
  const bool ok = outcome.code == core::ExitCode::Ok;
  out << "\n" << style.bold("Migration " + action + " " + (ok ? "Complete" : "Stopped")) << "\n";
  out << "  Database:         " << database << "\n";
  out << "  Status:           " << (ok ? style.ok("✅ SUCCESS") : style.bad("❌ ERROR")) << "\n";
  std::vector<std::string> names;
  for (const auto& d : outcome.done) names.push_back(d.file->name());
  out << "  Migration files:  " << (names.empty() ? "none" : core::join(names, ", ")) << "\n";
  out << "  Database version: " << (outcome.version_after.empty() ? "none" : outcome.version_after);
  if (outcome.version_after != outcome.version_before) {
    out << " (was " << (outcome.version_before.empty() ? "none" : outcome.version_before) << ")";
  }
  out << "\n";
  out << "  Execution time:   " << took(outcome.duration) << "\n";
  if (action == "run" && !outcome.done.empty()) {
    const auto& first = *outcome.done.front().file;
    const std::string to = outcome.version_before.empty() ? "0" : outcome.version_before;
    out << "  Rollback command: schemashift revert --to " << to << "   (reverts what this run applied, newest first";
    out << (first.issue ? fmt::format("; or --issue {}", *first.issue) : std::string()) << ")\n";
  }
}

int report_outcome(const runner::Outcome& outcome, const std::string& action, Direction direction, bool json,
                   const std::string& database, Style style, bool color_errors) {
  if (json) {
    std::cout << outcome_json(outcome, action, database).dump(2) << "\n";
  } else if (outcome.code == core::ExitCode::Ok) {
    if (outcome.dry_run) print_dry_run(std::cout, outcome, direction);
    else if (outcome.planned.empty()) std::cout << outcome.message << "\n";
    else print_summary(std::cout, outcome, action, database, style);
  } else if (!outcome.done.empty()) {
    print_summary(std::cout, outcome, action, database, style);  // what did get done
  }
  if (outcome.code != core::ExitCode::Ok) {
    if (!outcome.diagnostics.items().empty()) print_diagnostics(outcome.diagnostics, color_errors, "nothing was applied");
    print_refusal(outcome);
  }
  return static_cast<int>(outcome.code);
}

void print_refusal(const runner::Outcome& outcome) {
  std::cerr << "schemashift: " << outcome.message << "\n";
  for (const auto& d : outcome.details) std::cerr << "  - " << d << "\n";
  if (!outcome.hint.empty()) std::cerr << "  hint: " << outcome.hint << "\n";
}

nlohmann::json outcome_header_json(const runner::Outcome& outcome, const std::string& action,
                                   const std::string& database) {
  return {{"action", action},
          {"database", database},
          {"ok", outcome.code == core::ExitCode::Ok},
          {"exit_code", static_cast<int>(outcome.code)},
          {"dry_run", outcome.dry_run},
          {"message", outcome.message},
          {"hint", outcome.hint}};
}

nlohmann::json outcome_json(const runner::Outcome& outcome, const std::string& action, const std::string& database) {
  nlohmann::json planned = nlohmann::json::array();
  for (const auto& p : outcome.planned) {
    nlohmann::json item = {{"version", p.file->version},
                           {"name", p.file->name()},
                           {"issue", optional_int(p.file->issue)},
                           {"phase", p.file->phase},
                           {"file", action == "run" ? p.file->up_path : p.file->down_path},
                           {"transaction", p.script.mode == runner::Mode::Transaction},
                           {"resume_at_statement", p.resume_at},
                           {"resume_after_key", p.previous && p.previous->resume ? nlohmann::json(p.previous->resume->key)
                                                                                 : nlohmann::json()},
                           {"statements", p.script.statements.size()}};
    if (action == "run") {
      item["verdict"] = analyze::verdict_name(p.report.verdict);
      item["verdict_reasons"] = p.report.verdict_reasons;
      item["estimated_ms"] = p.report.estimated_ms;
      item["locks"] = lock_lines(p.report);
    } else {
      item["data_loss"] = p.data_loss;
    }
    planned.push_back(std::move(item));
  }
  nlohmann::json done = nlohmann::json::array();
  for (const auto& d : outcome.done) {
    done.push_back({{"version", d.file->version}, {"name", d.file->name()}, {"duration_ms", d.duration.count()},
                    {"attempts", d.attempts}});
  }
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const auto& d : outcome.diagnostics.sorted()) {
    diagnostics.push_back({{"file", d.where.file}, {"line", d.where.line}, {"column", d.where.column},
                           {"code", d.code}, {"message", d.message}, {"hint", d.hint}});
  }
  nlohmann::json doc = outcome_header_json(outcome, action, database);
  doc.update(nlohmann::json{{"details", outcome.details},
          {"diagnostics", diagnostics},
          {"planned", planned},
          {"done", done},
          {"checks", checks_json(outcome.checks)},
          {"preflight", preflight_json(outcome.preflight)},
          {"version_before", outcome.version_before},
          {"version_after", outcome.version_after},
          {"duration_ms", outcome.duration.count()}});
  return doc;
}

void print_status(std::ostream& out, const runner::Status& status, const std::string& database, Style style) {
  out << style.bold("Database: ") << database << "\n";
  if (!status.history_exists) out << "  no history table yet: schemashift has not run migrations here\n";
  out << "  version:       " << (status.version.empty() ? "none" : status.version) << "\n";
  out << "  last applied:  " << (status.last_applied_at.empty() ? "never" : status.last_applied_at) << "\n";
  out << "  run in progress: " << (status.run_in_progress.empty() ? "no" : "yes, " + status.run_in_progress) << "\n";
  out << fmt::format("  migrations:    {} applied, {} pending, {} failed, {} interrupted, {} modified, {} missing\n\n",
                     status.count(State::Applied), status.count(State::Pending), status.count(State::Failed),
                     status.count(State::Interrupted) + status.count(State::Reverting), status.count(State::Modified),
                     status.count(State::Missing));
  if (status.states.empty()) {
    out << "No migrations found.\n";
    return;
  }
  std::size_t width = 4;
  for (const auto& s : status.states) width = std::max(width, s.name.size());
  out << fmt::format("{:<{}}  {:<6}  {:<8}  {:<11}  {}\n", "MIGRATION", width, "ISSUE", "PHASE", "STATE", "APPLIED AT");
  for (const auto& s : status.states) {
    std::string state = runner::state_name(s.state);
    const std::string padded = fmt::format("{:<11}", state);
    const std::string shown = s.state == State::Applied   ? style.ok(padded)
                              : s.state == State::Pending ? padded
                                                          : style.bad(padded);
    std::string applied = s.row && runner::is_applied(s.state) ? minute(s.row->applied_at) : "";
    if (s.row && (s.state == State::Failed || s.state == State::Interrupted) && !s.row->error.empty()) {
      applied += s.row->error;
    }
    out << fmt::format("{:<{}}  {:<6}  {:<8}  {}  {}\n", s.name, width, issue_text(s.issue), s.phase.empty() ? "-" : s.phase,
                       shown, applied);
  }
}

nlohmann::json status_json(const runner::Status& status, const std::string& database) {
  nlohmann::json migrations = nlohmann::json::array();
  for (const auto& s : status.states) {
    nlohmann::json m = {{"version", s.version},
                        {"name", s.name},
                        {"issue", optional_int(s.issue)},
                        {"phase", s.phase},
                        {"state", runner::state_name(s.state)},
                        {"file", s.file ? s.file->up_path : ""},
                        {"applied_at", s.row && runner::is_applied(s.state) ? s.row->applied_at : ""},
                        {"error", s.row ? s.row->error : ""}};
    if (s.row && s.file) m["checksum_matches"] = s.row->checksum == s.file->checksum;
    migrations.push_back(std::move(m));
  }
  return {{"database", database},
          {"history_table", status.history_exists},
          {"version", status.version},
          {"last_applied_at", status.last_applied_at},
          {"run_in_progress", !status.run_in_progress.empty()},
          {"runner", status.run_in_progress},
          {"clean", status.clean()},
          {"counts",
           {{"applied", status.count(State::Applied)},
            {"pending", status.count(State::Pending)},
            {"failed", status.count(State::Failed)},
            {"interrupted", status.count(State::Interrupted)},
            {"reverting", status.count(State::Reverting)},
            {"modified", status.count(State::Modified)},
            {"missing", status.count(State::Missing)}}},
          {"migrations", migrations}};
}

void print_history(std::ostream& out, const std::vector<runner::HistoryRow>& rows, Style style) {
  out << "📜 Migration History\n\n";
  std::size_t name_width = 4;
  for (const auto& r : rows) name_width = std::max(name_width, r.name.size() - std::min(r.name.size(), r.version.size() + 1));
  const auto line = [&](const std::string& v, const std::string& n, const std::string& i, const std::string& p,
                        const std::string& s, const std::string& a, const std::string& d) {
    return fmt::format("{:<16} | {:<{}} | {:<5} | {:<8} | {:<11} | {:<16} | {}\n", v, n, name_width, i, p, s, a, d);
  };
  out << line("VERSION", "NAME", "ISSUE", "PHASE", "STATUS", "APPLIED AT", "DURATION");
  out << fmt::format("{0:-<17}|{0:-<{1}}|{0:-<7}|{0:-<10}|{0:-<13}|{0:-<18}|{0:-<10}\n", "", name_width + 2);
  std::size_t active = 0, rolled_back = 0, failed = 0;
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    const auto& r = *it;
    const std::string name = r.name.size() > r.version.size() + 1 ? r.name.substr(r.version.size() + 1) : r.name;
    std::string status = fmt::format("{:<11}", row_status_label(r.status));
    status = r.status == runner::RowStatus::Success      ? style.ok(status)
             : r.status == runner::RowStatus::RolledBack ? style.warn(status)
                                                         : style.bad(status);
    const std::string duration = r.duration_ms ? took(std::chrono::milliseconds(*r.duration_ms)) : "";
    // The status column is padded before colouring, so pass it through unpadded.
    out << fmt::format("{:<16} | {:<{}} | {:<5} | {:<8} | {} | {:<16} | {}\n", r.version, name, name_width,
                       issue_text(r.issue), r.phase.empty() ? "-" : r.phase, status, minute(r.applied_at), duration);
    if (r.status == runner::RowStatus::Success) ++active;
    if (r.status == runner::RowStatus::RolledBack) ++rolled_back;
    if (r.status == runner::RowStatus::Failed) ++failed;
  }
  out << fmt::format("\nTotal: {} migration{} ({} active, {} rolled back{})\n", rows.size(), rows.size() == 1 ? "" : "s",
                     active, rolled_back, failed ? fmt::format(", {} failed", failed) : "");
}

nlohmann::json history_json(const std::vector<runner::HistoryRow>& rows, const std::string& database) {
  nlohmann::json entries = nlohmann::json::array();
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    const auto& r = *it;
    entries.push_back({{"id", r.id},
                       {"version", r.version},
                       {"name", r.name},
                       {"issue", optional_int(r.issue)},
                       {"phase", r.phase},
                       {"status", runner::row_status_sql(r.status)},
                       {"applied_at", r.applied_at},
                       {"applied_by", r.applied_by},
                       {"duration_ms", r.duration_ms ? nlohmann::json(*r.duration_ms) : nlohmann::json()},
                       {"attempts", r.attempts},
                       {"checksum", r.checksum},
                       {"error", r.error},
                       {"reverted_at", r.reverted_at}});
  }
  return {{"database", database}, {"entries", entries}};
}

}  // namespace schemashift::cli
