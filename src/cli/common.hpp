#pragma once
// What every subcommand shares: finding the spec, printing diagnostics, colour policy.
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "plan/plan.hpp"

namespace schemashift::cli {

struct SpecSelector {
  long long issue = 0;          // --issue N
  std::string spec;             // --spec FILE
  std::string changes = "changes";  // --changes DIR
};

// Resolves --spec / --issue to one spec file. Zero or several matches are an error that
// lists what was found. Returns nullopt after printing the problem.
std::optional<std::string> find_spec(const SpecSelector& sel, core::Diagnostics& diags);

// Colour only on a terminal, never with NO_COLOR set (https://no-color.org), unless forced.
bool use_color(const std::string& mode, int fd);

// Prints diagnostics (sorted) to stderr and a one-line count with what it means
// ("nothing was written" for the commands that write files).
void print_diagnostics(const core::Diagnostics& diags, bool color, const char* consequence = "nothing was written");

// Finds, loads, checks and plans the selected spec; prints every diagnostic (warnings too).
// nullopt means the input was rejected (exit code 2).
std::optional<plan::Plan> load_plan(const SpecSelector& sel, bool color);

}  // namespace schemashift::cli
