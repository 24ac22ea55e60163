#pragma once
// How `schemashift report` prints: Markdown for pasting into the issue (the seed's "Update
// GitHub issue with migration status"), or one JSON document.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runner/fleet.hpp"
#include "runner/issue_report.hpp"

namespace schemashift::cli {

struct ServiceIssueReport {
  std::string service;  // "" without services
  runner::Reached reached;
  std::optional<runner::IssueReport> report;  // when its database answered
  std::string rollback;                       // the command that undoes the issue there
};

struct IssueReportDoc {
  int issue = 0;
  std::string title;  // from the spec, when found
  std::vector<ServiceIssueReport> services;
};

std::string issue_report_markdown(const IssueReportDoc& doc);
nlohmann::json issue_report_json(const IssueReportDoc& doc);

}  // namespace schemashift::cli
