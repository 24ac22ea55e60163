#include "runner/state.hpp"

#include <algorithm>
#include <map>

namespace schemashift::runner {

const char* state_name(State s) {
  switch (s) {
    case State::Pending: return "pending";
    case State::Applied: return "applied";
    case State::Modified: return "modified";
    case State::Failed: return "failed";
    case State::Interrupted: return "interrupted";
    case State::Reverting: return "reverting";
    case State::Missing: return "missing";
  }
  return "pending";
}

bool is_applied(State s) {
  return s == State::Applied || s == State::Modified || s == State::Missing || s == State::Interrupted ||
         s == State::Reverting;
}

std::vector<MigrationState> migration_states(const MigrationSet& files, const std::vector<HistoryRow>& rows) {
  // The newest row per version (rows come oldest first).
  std::map<std::string, const HistoryRow*> newest;
  for (const auto& row : rows) newest[row.version] = &row;

  std::vector<MigrationState> out;
  for (const auto& f : files.files) {
    MigrationState s;
    s.version = f.version;
    s.name = f.name();
    s.issue = f.issue;
    s.phase = f.phase;
    s.file = &f;
    if (const auto it = newest.find(f.version); it != newest.end()) {
      const HistoryRow& row = *it->second;
      s.row = row;
      switch (row.status) {
        case RowStatus::Success: s.state = row.checksum == f.checksum ? State::Applied : State::Modified; break;
        case RowStatus::Failed: s.state = State::Failed; break;
        case RowStatus::Running: s.state = State::Interrupted; break;
        case RowStatus::Reverting: s.state = State::Reverting; break;
        case RowStatus::RolledBack: s.state = State::Pending; break;
      }
      newest.erase(it);
    }
    out.push_back(std::move(s));
  }
  for (const auto& [version, row] : newest) {
    if (row->status == RowStatus::RolledBack || row->status == RowStatus::Failed) continue;  // nothing of it remains
    MigrationState s;
    s.version = version;
    s.name = row->name;
    s.issue = row->issue;
    s.phase = row->phase;
    s.state = State::Missing;
    s.row = *row;
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(),
            [](const MigrationState& a, const MigrationState& b) { return compare_versions(a.version, b.version) < 0; });
  return out;
}

std::string database_version(const std::vector<MigrationState>& states) {
  std::string version;
  for (const auto& s : states) {
    if (is_applied(s.state)) version = s.version;
  }
  return version;
}

}  // namespace schemashift::runner
