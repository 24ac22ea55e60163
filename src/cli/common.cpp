#include "cli/common.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <unistd.h>

#include <fmt/format.h>

#include "cli/schema_source.hpp"
#include "core/text.hpp"
#include "project/changes.hpp"
#include "project/service_choice.hpp"

namespace schemashift::cli {

namespace fs = std::filesystem;


std::optional<std::string> find_spec(const SpecSelector& sel, core::Diagnostics& diags) {
  if (!sel.spec.empty()) return sel.spec;
  if (!fs::is_directory(sel.changes)) {
    diags.error("no-changes-dir", {sel.changes, 0, 0}, "the changes directory does not exist",
                "keep one YAML spec per change in changes/, or pass --changes DIR or --spec FILE");
    return std::nullopt;
  }
  std::vector<std::string> matches;
  std::vector<std::string> found;
  for (const auto& f : project::list_specs(sel.changes)) {
    found.push_back(fmt::format("{} (issue {})", f.path, f.issue ? std::to_string(*f.issue) : "?"));
    if (f.issue && *f.issue == sel.issue) matches.push_back(f.path);
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    diags.error("spec-not-found", {sel.changes, 0, 0}, fmt::format("no spec for issue {} in {}", sel.issue, sel.changes),
                found.empty() ? "the directory holds no .yaml specs" : "found: " + core::join(found, ", "));
  } else {
    diags.error("spec-ambiguous", {sel.changes, 0, 0},
                fmt::format("{} specs claim issue {}: {}", matches.size(), sel.issue, core::join(matches, ", ")),
                "keep one spec per issue, or name one with --spec FILE");
  }
  return std::nullopt;
}

bool use_color(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return ::isatty(fd) == 1;
}

void print_diagnostics(const core::Diagnostics& diags, bool color, const char* consequence) {
  for (const auto& d : diags.sorted()) std::cerr << core::format_diagnostic(d, color);
  const std::size_t errors = diags.error_count();
  const std::size_t warnings = diags.items().size() - errors;
  if (errors) {
    std::cerr << fmt::format("{} error{}{}; {}\n", errors, errors == 1 ? "" : "s",
                             warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "",
                             consequence);
  }
}

std::optional<SelectedSpec> select_spec(const SpecSelector& sel, core::Diagnostics& diags) {
  auto project = project::find_project(diags);
  if (!project) return std::nullopt;
  const auto choice =
      project::choose_service(*project, {sel.service, sel.spec.empty() ? sel.issue : 0, sel.spec, sel.changes}, diags);
  if (!choice) return std::nullopt;
  SpecSelector where = sel;
  if (choice->service && !sel.changes_given) where.changes = choice->service->changes;
  auto path = find_spec(where, diags);
  if (!path) return std::nullopt;
  return SelectedSpec{*path, choice->service, std::move(*project)};
}

std::optional<plan::Plan> load_plan(const SpecSelector& sel, bool color, std::optional<project::Service>* service) {
  core::Diagnostics diags;
  std::optional<plan::Plan> plan;
  if (auto selected = select_spec(sel, diags)) {
    // A spec without `schema:` plans against its service's (the project file's `schema:`).
    const spec::SchemaRef* fallback = selected->service ? &selected->service->schema : nullptr;
    plan = plan::build_plan(selected->path, diags, read_current_schema, fallback);
    if (service) *service = selected->service;
  }
  print_diagnostics(diags, color);
  return plan;
}

}  // namespace schemashift::cli
