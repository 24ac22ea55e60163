#include "project/service_choice.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "core/text.hpp"
#include "project/changes.hpp"

namespace schemashift::project {

namespace fs = std::filesystem;

namespace {

core::SourceLocation at_file(const Project& project) { return {project.file, 0, 0}; }

// Same folder, whatever the spelling ("changes/a" and "./changes/a/").
bool same_folder(const std::string& a, const std::string& b) {
  std::error_code ec1, ec2;
  const auto ca = fs::weakly_canonical(a, ec1);
  const auto cb = fs::weakly_canonical(b, ec2);
  return !ec1 && !ec2 && ca == cb;
}

// The service of one spec file: its `service:` line when the project knows that name,
// else the service whose changes folder holds the file.
const Service* owner_of_spec(const Project& project, const std::string& spec) {
  const SpecFile file = read_spec_header(spec);
  if (!file.service.empty()) {
    if (const Service* named = project.find_service(file.service)) return named;
  }
  const auto folder = fs::path(spec).parent_path();
  for (const auto& s : project.services) {
    if (same_folder(s.changes, folder.empty() ? "." : folder.string())) return &s;
  }
  return nullptr;
}

}  // namespace

std::string service_names(const Project& project) {
  std::vector<std::string> names;
  for (const auto& s : project.services) names.push_back(s.name);
  return core::join(names, ", ");
}

void no_service_chosen(const Project& project, const std::string& command, core::Diagnostics& diags) {
  diags.error("service-needed", at_file(project),
              fmt::format("this project has {} services ({}): `{}` works on one", project.services.size(),
                          service_names(project), command),
              fmt::format("name it: schemashift {} --service {}", command, project.services.front().name));
}

std::optional<ServiceChoice> choose_service(const Project& project, const ServiceQuery& query,
                                            core::Diagnostics& diags) {
  ServiceChoice choice;
  if (!query.name.empty()) {
    if (project.file.empty()) {
      diags.error("no-project", {"--service", 0, 0},
                  fmt::format("--service {}: no {} found here or in any folder above", query.name, kProjectFile),
                  "describe the services in a project file: schemashift init");
      return std::nullopt;
    }
    if (const Service* s = project.find_service(query.name)) {
      choice.service = *s;
      return choice;
    }
    std::vector<std::string> names;
    for (const auto& s : project.services) names.push_back(s.name);
    const std::string close = core::closest_match(query.name, names);
    diags.error("unknown-service", at_file(project), fmt::format("no service named \"{}\" in the project", query.name),
                !close.empty() ? fmt::format("did you mean `{}`?", close)
                : names.empty() ? std::string("the file has no services: add them under services:")
                                : "its services: " + service_names(project));
    return std::nullopt;
  }
  if (project.services.empty()) return choice;
  if (!query.spec.empty()) {
    // A spec outside every service's folder plans on its own unless there is one service.
    const Service* s = owner_of_spec(project, query.spec);
    if (!s && project.services.size() == 1) s = &project.services.front();
    if (s) choice.service = *s;
    return choice;
  } else if (query.issue != 0) {
    const auto specs = find_issue_specs(project, query.issue);
    std::vector<const Service*> owners;
    std::vector<std::string> listed;
    for (const auto& spec : specs) {
      if (std::find(owners.begin(), owners.end(), spec.service) == owners.end()) owners.push_back(spec.service);
      listed.push_back(fmt::format("{} ({})", spec.file.path, spec.service->name));
    }
    if (owners.size() == 1) {
      choice.service = *owners.front();
      return choice;
    }
    if (owners.size() > 1) {
      diags.error("issue-in-several-services", at_file(project),
                  fmt::format("issue {} has specs in {} services: {}", query.issue, owners.size(),
                              core::join(listed, ", ")),
                  "name the one to work on with --service");
      return std::nullopt;
    }
    if (!query.fallback_changes.empty()) {
      for (const auto& spec : list_specs(query.fallback_changes)) {
        if (spec.issue == query.issue) return choice;  // no service: the command's own folders
      }
    }
    if (project.services.size() > 1) {
      std::vector<std::string> folders;
      for (const auto& s : project.services) folders.push_back(fmt::format("{} ({})", s.changes, s.name));
      diags.error("spec-not-found", at_file(project),
                  fmt::format("no spec for issue {} in the services' changes folders: {}", query.issue,
                              core::join(folders, ", ")),
                  "write one with: schemashift new --service NAME --issue " + std::to_string(query.issue) + " \"title\"");
      return std::nullopt;
    }
  }
  if (project.services.size() == 1) {
    choice.service = project.services.front();
  } else {
    choice.several = true;
  }
  return choice;
}

}  // namespace schemashift::project
