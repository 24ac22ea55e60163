#pragma once
// The change specs of a project: which `.yaml` files a changes folder holds, the issue each
// one claims, and which service an issue number belongs to. `plan --issue N`, `scaffold`,
// `history --issue N` and `report` start here.
#include <optional>
#include <string>
#include <vector>

#include "project/project.hpp"

namespace schemashift::project {

// One spec file as found: its header's `issue:` and `service:` lines, read without a full
// YAML parse (the chosen file is then validated in full by the command).
struct SpecFile {
  std::string path;
  std::optional<long long> issue;  // nullopt: no `issue:` line
  std::string service;             // its `service:` line, "" when absent
  std::string title;               // its `title:` line, unquoted, "" when absent
};

// One spec's header (an unreadable file has none).
SpecFile read_spec_header(const std::string& path);

// The .yaml/.yml files directly in `dir`, sorted by path; a missing folder holds none.
std::vector<SpecFile> list_specs(const std::string& dir);

// A spec claiming an issue, and the service it belongs to: the one its `service:` line
// names when the project knows it, else the service whose changes folder holds it.
struct IssueSpec {
  SpecFile file;
  const Service* service = nullptr;
};

// Every spec claiming `issue` in the changes folders of the project's services, in the
// order of the services. Specs in a folder shared by several services are listed once.
std::vector<IssueSpec> find_issue_specs(const Project& project, long long issue);

}  // namespace schemashift::project
