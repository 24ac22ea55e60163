#include "project/changes.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string_view>

namespace schemashift::project {

namespace fs = std::filesystem;

namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view skip_space(std::string_view s) {
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  return s;
}

// The value of `key:` at the start of `line`, white space after the colon skipped; nullopt
// for another key.
std::optional<std::string_view> value_of(std::string_view line, std::string_view key) {
  if (line.size() <= key.size() || line.compare(0, key.size(), key) != 0 || line[key.size()] != ':') {
    return std::nullopt;
  }
  return skip_space(line.substr(key.size() + 1));
}

// What may follow a value: white space, then nothing or a comment.
bool only_comment(std::string_view rest) {
  rest = skip_space(rest);
  // A regular expression's `.` stops at a line break: a lone CR inside a comment is none.
  return rest.empty() || (rest.front() == '#' && rest.find_first_of("\r\n") == std::string_view::npos);
}

// `issue: <1 to 18 digits>` and `service: <name>` (quotes allowed), each with an optional
// comment; `title: <anything>` with the white space around it dropped.
std::optional<long long> issue_value(std::string_view line) {
  const auto v = value_of(line, "issue");
  if (!v) return std::nullopt;
  std::size_t n = 0;
  while (n < v->size() && (*v)[n] >= '0' && (*v)[n] <= '9') ++n;
  if (n == 0 || n > 18 || !only_comment(v->substr(n))) return std::nullopt;
  return std::stoll(std::string(v->substr(0, n)));
}

std::optional<std::string> service_value(std::string_view line) {
  auto v = value_of(line, "service");
  if (!v) return std::nullopt;
  const auto quote = [](std::string_view& s) {
    if (!s.empty() && (s.front() == '"' || s.front() == '\'')) s.remove_prefix(1);
  };
  quote(*v);
  std::size_t n = 0;
  const auto name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  };
  while (n < v->size() && name_char((*v)[n])) ++n;
  if (n == 0) return std::nullopt;
  std::string_view rest = v->substr(n);
  quote(rest);
  if (!only_comment(rest)) return std::nullopt;
  return std::string(v->substr(0, n));
}

std::optional<std::string> title_value(std::string_view line) {
  auto v = value_of(line, "title");
  if (!v) return std::nullopt;
  while (!v->empty() && space(v->back())) v->remove_suffix(1);
  // A line break inside the title itself (a lone CR) makes it no title line.
  if (v->find_first_of("\r\n") != std::string_view::npos) return std::nullopt;
  return std::string(*v);
}

// `key: value` at the top level of a spec (column 0), comments allowed after the value.
void read_header(SpecFile& spec) {
  std::ifstream in(spec.path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // A line names one key at most: each reader runs once, for a key still unknown.
    if (!spec.issue) {
      if (auto issue = issue_value(line)) {
        spec.issue = issue;
        continue;
      }
    }
    if (spec.service.empty()) {
      if (auto service = service_value(line)) {
        spec.service = std::move(*service);
        continue;
      }
    }
    if (!spec.title.empty()) continue;
    if (auto title = title_value(line)) {
      spec.title = std::move(*title);
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
