#pragma once
// What every subcommand shares: finding the spec, printing diagnostics, colour policy.
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "plan/plan.hpp"
#include "project/project.hpp"

namespace schemashift::cli {

struct SpecSelector {
  long long issue = 0;          // --issue N
  std::string spec;             // --spec FILE
  std::string changes = "changes";  // --changes DIR
  bool changes_given = false;   // else the chosen service's changes folder, if any
  std::string service;          // --service NAME
};

// Resolves --spec / --issue to one spec file in `changes`. Zero or several matches are an
// error that lists what was found.
std::optional<std::string> find_spec(const SpecSelector& sel, core::Diagnostics& diags);

// The spec a command plans, and the service of the project it belongs to (none when the
// project has no services, or the spec lies outside them).
struct SelectedSpec {
  std::string path;
  std::optional<project::Service> service;
  project::Project project;
};

// Reads the project file, chooses the service (--service, else the one owning the issue or
// the spec: project/service_choice.hpp) and finds the spec in its changes folder.
std::optional<SelectedSpec> select_spec(const SpecSelector& sel, core::Diagnostics& diags);

// Colour only on a terminal, never with NO_COLOR set (https://no-color.org), unless forced.
bool use_color(const std::string& mode, int fd);

// Prints diagnostics (sorted) to stderr and a one-line count with what it means
// ("nothing was written" for the commands that write files).
void print_diagnostics(const core::Diagnostics& diags, bool color, const char* consequence = "nothing was written");

// Finds, loads, checks and plans the selected spec; prints every diagnostic (warnings too).
// nullopt means the input was rejected (exit code 2). `service` receives the spec's service.
std::optional<plan::Plan> load_plan(const SpecSelector& sel, bool color,
                                    std::optional<project::Service>* service = nullptr);

}  // namespace schemashift::cli
