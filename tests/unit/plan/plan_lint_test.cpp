// The planner lints every migration it produces with the rules of `schemashift lint`.
// Issue 4's promise: every sample's generated plan passes (no BLOCKED or maintenance
// window, no error, no warning that blocks, fails or breaks), and the sample that asks
// for the explicit offline strategy is flagged.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "core/text.hpp"
#include "ops/operation.hpp"
#include "plan/plan.hpp"
#include "spec/change_spec.hpp"

using namespace schemashift;
namespace fs = std::filesystem;

namespace {

const std::string kSamples = std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples/";
const std::string kOfflineSample = kSamples + "110-users-display-name-offline.yaml";

std::vector<std::string> sample_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kSamples)) {
    if (e.path().extension() == ".yaml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

plan::Plan must_plan(const std::string& path) {
  core::Diagnostics diags;
  auto p = plan::build_plan(path, diags);
  std::string report;
  for (const auto& d : diags.sorted()) report += core::format_diagnostic(d, false);
  INFO(path << "\n" << report);
  REQUIRE(p);
  return std::move(*p);
}

// Every finding and verdict of the plan, one line each, for failure messages.
std::string describe(const plan::Plan& p) {
  std::string out;
  for (const auto& m : p.migrations) {
    out += fmt::format("{} {}\n", m.name(), analyze::verdict_name(m.verdict));
    for (const auto& r : m.verdict_reasons) out += "  reason: " + r + "\n";
    for (const auto& f : m.findings) {
      out += fmt::format("  {} [{}] ({}) {}\n", analyze::severity_name(f.severity), f.rule,
                         analyze::impact_name(f.impact), f.message);
    }
  }
  return out.empty() ? "(no migrations)\n" : out;
}

// A finding that would make a generated migration unsafe to apply online.
bool is_unsafe(const analyze::Finding& f) {
  if (f.severity == analyze::Severity::Error) return true;
  const bool bad_impact = f.impact == analyze::Impact::Blocking || f.impact == analyze::Impact::Fails ||
                          f.impact == analyze::Impact::Breaking;
  return f.severity == analyze::Severity::Warning && bad_impact;
}

std::size_t statement_findings(const plan::Migration& m) {
  std::size_t n = 0;
  for (const auto& ps : m.steps) {
    for (const auto& st : ps.statements) n += st.findings.size();
  }
  return n;
}

}  // namespace

TEST_CASE("every online sample's plan passes the linter", "[plan][lint][samples]") {
  for (const auto& file : sample_files()) {
    if (file == kOfflineSample) continue;
    const plan::Plan p = must_plan(file);
    INFO(file << "\n" << describe(p));
    CHECK(p.verdict == analyze::Verdict::SafeToRun);
    for (const auto& m : p.migrations) {
      CHECK(m.verdict != analyze::Verdict::Blocked);
      CHECK(m.verdict != analyze::Verdict::RequiresMaintenanceWindow);
      CHECK(m.lint_verdict == analyze::Verdict::SafeToRun);
      CHECK(std::none_of(m.findings.begin(), m.findings.end(), is_unsafe));
    }
  }
}

TEST_CASE("the explicit offline sample is flagged by the linter", "[plan][lint][samples]") {
  const plan::Plan p = must_plan(kOfflineSample);
  INFO(describe(p));
  REQUIRE(p.spec.strategy == spec::Strategy::Offline);
  CHECK((p.verdict == analyze::Verdict::RequiresMaintenanceWindow || p.verdict == analyze::Verdict::Blocked));
  std::size_t findings = 0;
  for (const auto& m : p.migrations) findings += m.findings.size();
  CHECK(findings >= 1);
  const bool renamed = std::any_of(p.migrations.begin(), p.migrations.end(), [](const plan::Migration& m) {
    return std::any_of(m.findings.begin(), m.findings.end(),
                       [](const analyze::Finding& f) { return f.rule == "renaming-column"; });
  });
  CHECK(renamed);
}

TEST_CASE("an offline migration that only breaks running code needs a window, not a block", "[plan][lint]") {
  const plan::Plan p = must_plan(kOfflineSample);
  INFO(describe(p));
  REQUIRE(p.migrations.size() == 1);
  const plan::Migration& m = p.migrations.front();
  // The linter alone calls a RENAME COLUMN BLOCKED (it breaks running code); offline means
  // the application is stopped or deployed with the change, so the plan asks for a window.
  CHECK(m.lint_verdict == analyze::Verdict::Blocked);
  CHECK(m.verdict == analyze::Verdict::RequiresMaintenanceWindow);
  const bool explained = std::any_of(m.verdict_reasons.begin(), m.verdict_reasons.end(), [](const std::string& r) {
    return r.find("[renaming-column]") != std::string::npos;
  });
  CHECK(explained);
}

TEST_CASE("lint findings are attached to the statement they are about", "[plan][lint]") {
  const plan::Plan p = must_plan(kOfflineSample);
  const plan::Migration& m = p.migrations.front();
  // No file-level findings here: every finding sits on a statement, and only there.
  CHECK(statement_findings(m) == m.findings.size());
  bool on_rename = false;
  for (const auto& ps : m.steps) {
    for (const auto& st : ps.statements) {
      for (const auto& f : st.findings) {
        if (f.rule == "renaming-column") on_rename = st.sql.find("RENAME COLUMN") != std::string::npos;
      }
    }
  }
  CHECK(on_rename);
}

TEST_CASE("every step of every sample keeps its analysis", "[plan][lint][samples]") {
  for (const auto& file : sample_files()) {
    const plan::Plan p = must_plan(file);
    INFO(file);
    for (const auto& m : p.migrations) {
      for (const auto& ps : m.steps) {
        INFO(m.name() << ": " << ps.step.title);
        // A backfill's DO block is summarised as one statement; everything else one per up statement.
        const std::size_t expected = ps.step.kind == ops::StepKind::Backfill ? 1 : ps.step.up.size();
        CHECK(ps.statements.size() == expected);
        for (const auto& st : ps.statements) CHECK(st.analysis.summary != "unparsed statement");
      }
    }
  }
}
