// Every problem of a spec is reported in one run: header errors and operations that do not
// decode do not stop the operations that did decode from being checked against the schema.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <utility>

#include "plan/plan.hpp"
#include "spec/change_spec.hpp"

using namespace schemashift;
namespace fs = std::filesystem;

namespace {

const std::string kSchema = std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples/schema.sql";

std::set<std::pair<int, std::string>> errors(const core::Diagnostics& diags) {
  std::set<std::pair<int, std::string>> out;
  for (const auto& d : diags.items()) {
    if (d.severity == core::Severity::Error) out.insert({d.where.line, d.code});
  }
  return out;
}

std::string report(const core::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.sorted()) out += core::format_diagnostic(d, false);
  return out;
}

// Header with a `created` that is not an exact timestamp (line 5).
const std::string kBadHeader = "issue: 1\ntitle: t\npurpose: p\nauthor: a\ncreated: 2024-03-01T10:00\nschema: " +
                               kSchema + "\noperations:\n";
// After the 7 header lines: line 10 unknown key, line 13 unknown column, line 15 unknown table.
const std::string kOperations =
    "  - add_column:\n      table: orders\n      column: {name: shipped_at, type: timestamptz, nulable: true}\n"
    "  - drop_column:\n      table: orders\n      column: tracking_code\n"
    "  - add_index:\n      table: ordres\n      columns: [id]\n";

}  // namespace

TEST_CASE("build_plan from a path reports header, decode and schema errors together", "[plan][errors]") {
  const fs::path dir = fs::temp_directory_path() / "schemashift-error-reporting-test";
  fs::create_directories(dir);
  const fs::path file = dir / "1.yaml";
  {
    std::ofstream out(file);
    out << kBadHeader << kOperations;
  }
  core::Diagnostics diags;
  auto p = plan::build_plan(file.string(), diags);
  fs::remove_all(dir);
  INFO(report(diags));
  CHECK_FALSE(p);
  CHECK(errors(diags) == std::set<std::pair<int, std::string>>{
                             {5, "invalid-value"}, {10, "unknown-key"}, {13, "unknown-column"}, {15, "unknown-table"}});
}

TEST_CASE("build_plan checks the operations that decoded even when another did not", "[plan][errors]") {
  core::Diagnostics diags;
  const std::string text = "issue: 1\ntitle: t\npurpose: p\nauthor: a\ncreated: 2024-03-01T10:00:00Z\nschema: " +
                           kSchema + "\noperations:\n" + kOperations;
  auto s = spec::parse_change_spec(text, "changes/1.yaml", diags);
  REQUIRE(s);
  REQUIRE_FALSE(diags.has_errors());
  CHECK_FALSE(plan::build_plan(std::move(*s), diags));
  INFO(report(diags));
  CHECK(errors(diags) ==
        std::set<std::pair<int, std::string>>{{10, "unknown-key"}, {13, "unknown-column"}, {15, "unknown-table"}});
}

TEST_CASE("without a usable schema: path only the spec's own errors are reported", "[plan][errors]") {
  core::Diagnostics diags;
  const std::string text = "issue: 1\ntitle: t\npurpose: p\nauthor: a\ncreated: 2024-03-01T10:00:00Z\n"
                           "operations:\n" + kOperations;
  auto s = spec::parse_change_spec(text, "changes/1.yaml", diags);
  REQUIRE(s);
  CHECK_FALSE(plan::build_plan(std::move(*s), diags));
  INFO(report(diags));
  // The missing `schema:` and the undecodable operation; no unreadable-schema for an empty path.
  CHECK(errors(diags) == std::set<std::pair<int, std::string>>{{1, "missing-key"}, {9, "unknown-key"}});
}
