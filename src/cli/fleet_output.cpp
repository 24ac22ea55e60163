#include "cli/fleet_output.hpp"

#include <fmt/format.h>

namespace schemashift::cli {

using runner::State;

namespace {

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

void print_fleet_status(std::ostream& out, const std::vector<ServiceStatus>& fleet, Style style) {
  std::size_t clean = 0, unreached = 0;
  for (const auto& s : fleet) {
    out << style.bold("=== " + s.service + " ===") << "\n";
    if (!s.status) {
      ++unreached;
      out << "  " << style.bad("✗ " + s.reached.error) << "\n\n";
      continue;
    }
    const runner::Status& st = *s.status;
    if (st.clean()) ++clean;
    out << "  database:        " << s.reached.where << "\n";
    out << "  version:         " << (st.version.empty() ? "none" : st.version) << "\n";
    out << "  last applied:    " << (st.last_applied_at.empty() ? "never" : minute(st.last_applied_at)) << "\n";
    out << "  run in progress: " << (st.run_in_progress.empty() ? "no" : style.warn("yes, " + st.run_in_progress))
        << "\n";
    out << fmt::format("  migrations:      {} applied, {} pending", st.count(State::Applied), st.count(State::Pending));
    const std::size_t failed = st.count(State::Failed);
    const std::size_t stopped = st.count(State::Interrupted) + st.count(State::Reverting);
    const std::size_t changed = st.count(State::Modified) + st.count(State::Missing);
    if (failed) out << ", " << style.bad(fmt::format("{} failed", failed));
    if (stopped) out << ", " << style.bad(fmt::format("{} interrupted", stopped));
    if (changed) out << ", " << style.bad(fmt::format("{} modified or missing", changed));
    out << "\n";
    // What needs attention, by name: the pending ones and anything that went wrong.
    for (const auto& m : st.states) {
      if (m.state == State::Applied) continue;
      std::string line = fmt::format("    {:<11} {}  {}", runner::state_name(m.state), m.name, issue_text(m.issue));
      if (m.row && (m.state == State::Failed || m.state == State::Interrupted) && !m.row->error.empty()) {
        line += "  " + m.row->error;
      }
      out << (m.state == State::Pending ? line : style.bad(line)) << "\n";
    }
    out << "\n";
  }
  out << fmt::format("{}: {} up to date, {} with work to do, {} not reachable\n", plural(fleet.size(), "service"), clean,
                     fleet.size() - clean - unreached, unreached);
}

nlohmann::json fleet_status_json(const std::vector<ServiceStatus>& fleet) {
  nlohmann::json services = nlohmann::json::array();
  std::size_t unreached = 0;
  for (const auto& s : fleet) {
    nlohmann::json one = s.status ? status_json(*s.status, s.reached.where) : nlohmann::json::object();
    one["service"] = s.service;
    one["reachable"] = s.status.has_value();
    one["error"] = s.reached.error;
    if (!s.status) ++unreached;
    services.push_back(std::move(one));
  }
  return {{"services", services}, {"unreachable", unreached}};
}

void print_fleet_history(std::ostream& out, const std::vector<ServiceHistory>& fleet, Style style) {
  for (const auto& s : fleet) {
    out << style.bold("=== " + s.service + " ===") << "\n";
    if (!s.reached.error.empty()) {
      out << "  " << style.bad("✗ " + s.reached.error) << "\n\n";
      continue;
    }
    print_history(out, s.rows, style);
    out << "\n";
  }
}

nlohmann::json fleet_history_json(const std::vector<ServiceHistory>& fleet) {
  nlohmann::json services = nlohmann::json::array();
  for (const auto& s : fleet) {
    nlohmann::json one = s.reached.error.empty() ? history_json(s.rows, s.reached.where) : nlohmann::json::object();
    one["service"] = s.service;
    one["reachable"] = s.reached.error.empty();
    one["error"] = s.reached.error;
    services.push_back(std::move(one));
  }
  return {{"services", services}};
}

}  // namespace schemashift::cli
