// A spec's header lines (issue, service, title) as list_specs reads them without parsing the
// YAML, against the regular expressions the reader used before: one line per file, every
// line built from parts that hit each branch.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "project/changes.hpp"

using namespace schemashift;

TEST_CASE("spec headers read as the regular expressions they replaced read them") {
  const std::regex issue_line(R"(^issue:\s*([0-9]{1,18})\s*(#.*)?$)");
  const std::regex service_line(R"re(^service:\s*["']?([A-Za-z0-9_-]+)["']?\s*(#.*)?$)re");
  const std::regex title_line(R"re(^title:\s*(.*?)\s*$)re");

  std::vector<std::string> lines;
  for (const std::string key : {"issue:", "service:", "title:", "issue", "issues:", " issue:"}) {
    for (const std::string space : {"", " ", "\t ", " \r"}) {
      for (const std::string value : {"", "234", "0", "1234567890123456789", "12345678901234567", "\"user-svc\"",
                                      "'a_b'", "\"x'", "a b", "-", "v1.2", "\"Add: x\"", "a\rb"}) {
        for (const std::string tail : {"", " ", " # note", "# x", " #\r", " x", "\r "}) lines.push_back(key + space + value + tail);
      }
    }
  }
  core::TempDir dir("schemashift-header-test");
  int n = 0;
  for (const auto& line : lines) {
    const std::string path = dir.path() + "/" + std::to_string(n++) + ".yaml";
    std::ofstream(path) << line << "\n";
    const auto header = project::read_spec_header(path);
    INFO("'" << line << "'");
    // The reader drops a CR that ends the line (CRLF files), as before.
    const std::string text = !line.empty() && line.back() == '\r' ? line.substr(0, line.size() - 1) : line;
    std::smatch m;
    const bool issue = std::regex_match(text, m, issue_line);
    REQUIRE(header.issue.has_value() == issue);
    if (issue) CHECK(*header.issue == std::stoll(m[1].str()));
    if (std::regex_match(text, m, service_line)) CHECK(header.service == m[1].str());
    else CHECK(header.service.empty());
    if (!issue && std::regex_match(text, m, title_line)) {
      std::string title = m[1].str();
      if (title.size() >= 2 && (title.front() == '"' || title.front() == '\'') && title.back() == title.front()) {
        title = title.substr(1, title.size() - 2);
      }
      CHECK(header.title == title);
    } else if (!issue) {
      CHECK(header.title.empty());
    }
  }
}
