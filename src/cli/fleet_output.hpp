#pragma once
// How `status` and `history` print every service of the project: a block per service
// (seed: `=== user-service ===`), one line for a database that could not be asked, and a
// JSON document with the same content.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/runner_output.hpp"
#include "runner/fleet.hpp"

namespace schemashift::cli {

// One service's answer: its status (or history) when its database answered.
struct ServiceStatus {
  std::string service;
  runner::Reached reached;
  std::optional<runner::Status> status;
};

void print_fleet_status(std::ostream& out, const std::vector<ServiceStatus>& fleet, Style style);
nlohmann::json fleet_status_json(const std::vector<ServiceStatus>& fleet);

struct ServiceHistory {
  std::string service;
  runner::Reached reached;
  std::vector<runner::HistoryRow> rows;
};

void print_fleet_history(std::ostream& out, const std::vector<ServiceHistory>& fleet, Style style);
nlohmann::json fleet_history_json(const std::vector<ServiceHistory>& fleet);

}  // namespace schemashift::cli
