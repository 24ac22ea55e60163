#include "cli/common.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>

#include <unistd.h>

#include <fmt/format.h>

#include "cli/schema_source.hpp"
#include "core/text.hpp"

namespace schemashift::cli {

namespace fs = std::filesystem;

namespace {

// The issue number of a spec file, read from its top-level `issue:` line. A full YAML
// parse is not needed to pick the file; the chosen file is then validated in full.
std::optional<long long> issue_of(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  static const std::regex issue_line(R"(^issue:\s*([0-9]+)\s*(#.*)?$)");
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, issue_line)) return std::stoll(m[1]);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> find_spec(const SpecSelector& sel, core::Diagnostics& diags) {
  if (!sel.spec.empty()) return sel.spec;
  if (!fs::is_directory(sel.changes)) {
    diags.error("no-changes-dir", {sel.changes, 0, 0}, "the changes directory does not exist",
                "keep one YAML spec per change in changes/, or pass --changes DIR or --spec FILE");
    return std::nullopt;
  }
  std::vector<fs::path> matches;
  std::vector<std::string> found;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(sel.changes)) {
    const auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto issue = issue_of(f);
    found.push_back(fmt::format("{} (issue {})", f.string(), issue ? std::to_string(*issue) : "?"));
    if (issue && *issue == sel.issue) matches.push_back(f);
  }
  if (matches.size() == 1) return matches.front().string();
  if (matches.empty()) {
    diags.error("spec-not-found", {sel.changes, 0, 0}, fmt::format("no spec for issue {} in {}", sel.issue, sel.changes),
                found.empty() ? "the directory holds no .yaml specs" : "found: " + core::join(found, ", "));
  } else {
    std::vector<std::string> names;
    for (const auto& m : matches) names.push_back(m.string());
    diags.error("spec-ambiguous", {sel.changes, 0, 0},
                fmt::format("{} specs claim issue {}: {}", matches.size(), sel.issue, core::join(names, ", ")),
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

std::optional<plan::Plan> load_plan(const SpecSelector& sel, bool color) {
  core::Diagnostics diags;
  std::optional<plan::Plan> plan;
  if (auto spec_path = find_spec(sel, diags)) plan = plan::build_plan(*spec_path, diags, read_current_schema);
  print_diagnostics(diags, color);
  return plan;
}

}  // namespace schemashift::cli
