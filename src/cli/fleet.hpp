#pragma once
// Every service of the project as `status`, `history` and `report` see it without
// --service: its flags (--dir and database variable from the project file), its
// migrations, and the database to ask (runner/fleet.hpp asks them concurrently).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cli/database.hpp"
#include "runner/fleet.hpp"
#include "runner/migration_files.hpp"

namespace schemashift::cli {

struct FleetService {
  DatabaseFlags flags;               // the command's flags with this service's folder and variable
  runner::MigrationSet migrations;   // empty when the folder does not exist yet
  std::size_t migration_errors = 0;  // unusable files (printed on stderr; the service is not asked)
};

struct Fleet {
  std::vector<FleetService> services;
  std::vector<runner::FleetMember> members;  // one per service, same order
};

// `services` of `project` (all when empty), each with `base`'s flags. An unset database
// variable or unusable migration files become that member's problem. `read_migrations`:
// false for commands that only read the history (history).
Fleet make_fleet(const project::Project& project, const DatabaseFlags& base, const std::vector<std::string>& services,
                 bool read_migrations);

// Connects as the runner does, with `timeout` for the connection to be made.
runner::Connector fleet_connector(std::chrono::seconds timeout);

// --connect-timeout for the commands that ask every service's database.
void add_connect_timeout(CLI::App* cmd, long long& seconds);

}  // namespace schemashift::cli
