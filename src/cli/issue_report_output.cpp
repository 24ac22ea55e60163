#include "cli/issue_report_output.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/text.hpp"

#include "cli/runner_output.hpp"

namespace schemashift::cli {

using runner::State;

namespace {

const char* state_mark(State s) {
  switch (s) {
    case State::Applied: return "✅";
    case State::Pending: return "⏳";
    case State::Modified:
    case State::Missing: return "⚠️";
    case State::Failed:
    case State::Interrupted:
    case State::Reverting: return "❌";
  }
  return "❌";
}

// "expand ✅ applied, migrate ⏳ pending": a phase is applied when all of its migrations are.
struct PhaseState {
  std::string phase;
  std::string state;  // applied | pending | partly applied | failed
};

std::vector<PhaseState> phases_of(const runner::IssueReport& r) {
  std::vector<PhaseState> phases;
  for (const auto& m : r.migrations) {
    const std::string phase = m.phase.empty() ? "-" : m.phase;
    auto it = std::find_if(phases.begin(), phases.end(), [&](const PhaseState& p) { return p.phase == phase; });
    const std::string one = m.state == State::Applied   ? "applied"
                            : m.state == State::Pending ? "pending"
                                                        : "failed";
    if (it == phases.end()) {
      phases.push_back({phase, one});
    } else if (it->state != one && it->state != "failed") {
      it->state = one == "failed" ? "failed" : "partly applied";
    }
  }
  return phases;
}

const char* phase_mark(const std::string& state) {
  return state == "applied" ? "✅" : state == "pending" ? "⏳" : state == "failed" ? "❌" : "🔶";
}

// A table cell: `|` would end it, a newline the row.
std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string summary(const runner::IssueReport& r) {
  std::size_t applied = 0, failed = 0;
  for (const auto& m : r.migrations) {
    if (m.state == State::Applied) ++applied;
    if (m.state == State::Failed || m.state == State::Interrupted || m.state == State::Reverting) ++failed;
  }
  const std::size_t n = r.migrations.size();
  if (n == 0) return "⏳ no migration scaffolded yet";
  if (failed) return fmt::format("❌ {} of {} migrations failed or interrupted", failed, n);
  if (applied == n) return fmt::format("✅ applied ({} of {} migration{})", applied, n, n == 1 ? "" : "s");
  if (applied == 0) return fmt::format("⏳ pending ({} migration{})", n, n == 1 ? "" : "s");
  return fmt::format("🔶 {} of {} migrations applied", applied, n);
}

}  // namespace

std::string issue_report_markdown(const IssueReportDoc& doc) {
  std::string out = fmt::format("## Migration status: #{}{}\n", doc.issue, doc.title.empty() ? "" : " " + doc.title);
  for (const auto& s : doc.services) {
    out += "\n";
    if (!s.service.empty()) out += fmt::format("### {}\n\n", s.service);
    if (!s.report) {
      out += fmt::format("**Status**: ❌ not reachable: {}\n", cell(s.reached.error));
      continue;
    }
    const runner::IssueReport& r = *s.report;
    out += fmt::format("**Database**: `{}`  \n", s.reached.where);
    out += fmt::format("**Status**: {}  \n", summary(r));
    std::vector<std::string> phases;
    // Hand-written files have no phase: no line then.
    for (const auto& p : phases_of(r)) {
      if (p.phase != "-") phases.push_back(fmt::format("{} {} {}", p.phase, phase_mark(p.state), p.state));
    }
    if (!phases.empty()) out += "**Phases**: " + core::join(phases, ", ") + "\n";
    if (!r.migrations.empty()) {
      out += "\n| Migration | Phase | State | Applied at |\n|---|---|---|---|\n";
      for (const auto& m : r.migrations) {
        std::string applied = m.row && runner::is_applied(m.state) ? minute(m.row->applied_at) : "";
        if (m.row && (m.state == State::Failed || m.state == State::Interrupted) && !m.row->error.empty()) {
          applied = m.row->error;
        }
        out += fmt::format("| `{}` | {} | {} {} | {} |\n", m.name, m.phase.empty() ? "-" : m.phase,
                           state_mark(m.state), runner::state_name(m.state), cell(applied));
      }
    }
    out += "\n";
    if (r.checks.empty()) {
      out += "**Verification**: not run yet (verify.sql runs when the issue's last migration is applied)\n";
    } else {
      std::size_t passed = 0;
      for (const auto& c : r.checks) passed += c.ok ? 1 : 0;
      out += fmt::format("**Verification** ({} UTC): {} of {} checks passed\n", minute(r.checked_at), passed,
                         r.checks.size());
      for (const auto& c : r.checks) {
        out += fmt::format("- {} {}{}\n", c.ok ? "✅" : "❌", cell(c.name), c.error.empty() ? "" : ": " + cell(c.error));
      }
    }
    out += fmt::format("\n**Rollback**:\n```bash\n{}\n```\n", s.rollback);
  }
  return out;
}

nlohmann::json issue_report_json(const IssueReportDoc& doc) {
  nlohmann::json services = nlohmann::json::array();
  for (const auto& s : doc.services) {
    nlohmann::json one = {{"service", s.service},
                          {"reachable", s.report.has_value()},
                          {"error", s.reached.error},
                          {"database", s.reached.where},
                          {"rollback", s.rollback}};
    if (s.report) {
      nlohmann::json migrations = nlohmann::json::array();
      for (const auto& m : s.report->migrations) {
        migrations.push_back({{"version", m.version},
                              {"name", m.name},
                              {"phase", m.phase},
                              {"state", runner::state_name(m.state)},
                              {"applied_at", m.row && runner::is_applied(m.state) ? m.row->applied_at : ""},
                              {"error", m.row ? m.row->error : ""}});
      }
      nlohmann::json phases = nlohmann::json::object();
      for (const auto& p : phases_of(*s.report)) phases[p.phase] = p.state;
      nlohmann::json checks = nlohmann::json::array();
      for (const auto& c : s.report->checks) checks.push_back({{"name", c.name}, {"ok", c.ok}, {"error", c.error}});
      one["migrations"] = migrations;
      one["phases"] = phases;
      one["applied"] = s.report->applied();
      one["verification"] = {{"checked_at", s.report->checked_at},
                             {"passed", s.report->checks_passed()},
                             {"checks", checks}};
    }
    services.push_back(std::move(one));
  }
  return {{"issue", doc.issue}, {"title", doc.title}, {"services", services}};
}

}  // namespace schemashift::cli
