#pragma once
// Which service a command works on: `--service NAME`, else the service that owns the spec
// of `--issue N` (or of `--spec FILE`), else the project's only service. When a project has
// several services and nothing names one, `status`, `history` and `report` cover them all;
// the other commands ask for `--service`.
#include <optional>
#include <string>

#include "core/diagnostics.hpp"
#include "project/project.hpp"

namespace schemashift::project {

struct ServiceChoice {
  std::optional<Service> service;  // the one chosen
  // Nothing chose one of several services. Commands that work on one service report
  // no_service_chosen(); the fleet commands take every service.
  bool several = false;
};

struct ServiceQuery {
  std::string name;      // --service ("" = not given)
  long long issue = 0;   // --issue (0 = not given): the service owning that issue's spec
  std::string spec;      // --spec FILE: its `service:` line, else the service whose changes hold it
  // plan/scaffold's --changes: an issue whose spec is in no service's folder but here
  // belongs to no service (the folder is used as it was before services existed).
  std::string fallback_changes;
};

// The service `query` selects in `project`. A project without services gives an empty
// choice (the command's flags and defaults apply as before). Problems go to `diags`
// (exit 2): --service naming no service (with "did you mean"), --service without a
// project file, an issue whose specs belong to several services, or to none of several.
std::optional<ServiceChoice> choose_service(const Project& project, const ServiceQuery& query,
                                            core::Diagnostics& diags);

// The error for a command that needs one service when `project` has several.
void no_service_chosen(const Project& project, const std::string& command, core::Diagnostics& diags);

// "user-service, content-service" (the order of the file).
std::string service_names(const Project& project);

}  // namespace schemashift::project
