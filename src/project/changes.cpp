#include "project/changes.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace schemashift::project {

namespace fs = std::filesystem;

namespace {

// `key: value` at the top level of a spec (column 0), comments allowed after the value.
void read_header(SpecFile& spec) {
  std::ifstream in(spec.path);
  static const std::regex issue_line(R"(^issue:\s*([0-9]{1,18})\s*(#.*)?$)");
  static const std::regex service_line(R"re(^service:\s*["']?([A-Za-z0-9_-]+)["']?\s*(#.*)?$)re");
  static const std::regex title_line(R"re(^title:\s*(.*?)\s*$)re");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch m;
    if (!spec.issue && std::regex_match(line, m, issue_line)) {
      spec.issue = std::stoll(m[1]);
    } else if (spec.service.empty() && std::regex_match(line, m, service_line)) {
      spec.service = m[1];
    } else if (spec.title.empty() && std::regex_match(line, m, title_line)) {
      spec.title = m[1];
      // A quoted scalar: the quotes are YAML's, not the title's (escapes stay as written).
      if (spec.title.size() >= 2 && (spec.title.front() == '"' || spec.title.front() == '\'') &&
          spec.title.back() == spec.title.front()) {
        spec.title = spec.title.substr(1, spec.title.size() - 2);
      }
    }
  }
}

}  // namespace

SpecFile read_spec_header(const std::string& path) {
  SpecFile spec{path, {}, {}, {}};
  read_header(spec);
  return spec;
}

std::vector<SpecFile> list_specs(const std::string& dir) {
  std::vector<SpecFile> specs;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return specs;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const auto ext = e.path().extension();
    if (e.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) specs.push_back({e.path().string(), {}, {}, {}});
  }
  std::sort(specs.begin(), specs.end(), [](const SpecFile& a, const SpecFile& b) { return a.path < b.path; });
  for (auto& s : specs) read_header(s);
  return specs;
}

std::vector<IssueSpec> find_issue_specs(const Project& project, long long issue) {
  std::vector<IssueSpec> found;
  std::set<std::string> seen;  // folders already listed (two services may share one)
  for (const auto& service : project.services) {
    std::error_code ec;
    const auto folder = fs::weakly_canonical(service.changes, ec).string();
    if (!seen.insert(ec ? service.changes : folder).second) continue;
    for (auto& spec : list_specs(service.changes)) {
      if (spec.issue != issue) continue;
      const Service* owner = &service;
      if (!spec.service.empty()) {
        if (const Service* named = project.find_service(spec.service)) owner = named;
      }
      found.push_back({std::move(spec), owner});
    }
  }
  return found;
}

}  // namespace schemashift::project
