#include "cli/fleet.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "core/error.hpp"
#include "db/pg_session.hpp"

namespace schemashift::cli {

Fleet make_fleet(const project::Project& project, const DatabaseFlags& base, const std::vector<std::string>& services,
                 bool read_migrations) {
  Fleet fleet;
  for (const auto& service : project.services) {
    if (!services.empty() && std::find(services.begin(), services.end(), service.name) == services.end()) continue;
    FleetService one{base, {}, 0};
    use_service(service, one.flags);
    runner::FleetMember member{service.name, "", ""};
    try {
      member.url = database_url(one.flags);
    } catch (const core::Error&) {
      member.problem = fmt::format("not configured: {} is not set", one.flags.database_env);
    }
    std::error_code ec;
    // A service with nothing scaffolded yet has no folder: it has no migrations, which is
    // not an error when looking at the fleet.
    if (read_migrations && std::filesystem::is_directory(one.flags.dir, ec)) {
      core::Diagnostics diags;
      one.migrations = runner::find_migrations(one.flags.dir, diags);
      if (diags.has_errors()) {
        print_diagnostics(diags, use_color(base.color, 2), fmt::format("{} was not asked", service.name).c_str());
        one.migration_errors = diags.error_count();
        if (member.problem.empty()) {
          member.problem = fmt::format("unusable migration files in {} ({} error{}, above)", one.flags.dir,
                                       one.migration_errors, one.migration_errors == 1 ? "" : "s");
        }
      }
    }
    fleet.services.push_back(std::move(one));
    fleet.members.push_back(std::move(member));
  }
  return fleet;
}

runner::Connector fleet_connector(std::chrono::seconds timeout) {
  return [timeout](const std::string& url) -> std::unique_ptr<runner::Session> {
    return std::make_unique<db::PgSession>(url, timeout);
  };
}

void add_connect_timeout(CLI::App* cmd, long long& seconds) {
  cmd->add_option("--connect-timeout", seconds,
                  "seconds each database may take to accept the connection when every service is asked")
      ->check(CLI::Range(1LL, 600LL))
      ->capture_default_str();
}

}  // namespace schemashift::cli
