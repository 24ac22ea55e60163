// Every registered rule's own ok/err cases (RuleInfo::good / ::bad), so that a rule file
// carries its tests and adding a rule adds its tests.
#include <catch2/catch.hpp>

#include "analyze/linter.hpp"
#include "analyze/rule.hpp"

using namespace schemashift::analyze;

namespace {

std::vector<Finding> findings_of(const Rule& rule, const RuleCase& c) {
  LintOptions o;
  o.pg_version = c.pg_version;
  o.transaction = c.in_transaction ? FileTransaction::Whole : FileTransaction::None;
  o.contract_phase = c.contract;
  o.severities[rule.info().id] = rule.info().severity == Severity::Off ? Severity::Warning : rule.info().severity;
  const FileReport report = lint_script(c.sql, "case.sql", o);
  std::vector<Finding> out;
  for (const auto& f : report.findings) {
    if (f.rule == rule.info().id) out.push_back(f);
  }
  return out;
}

std::string describe(const FileReport& r) {
  std::string out;
  for (const auto& f : r.findings) out += "  " + f.rule + ": " + f.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("every rule has documentation and cases") {
  REQUIRE(all_rules().size() >= 2);
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    INFO(info.id);
    CHECK(!info.summary.empty());
    CHECK(!info.rationale.empty());
    CHECK(!info.safe_alternative.empty());
    CHECK(!info.bad.empty());
    CHECK(!info.good.empty());
    for (char c : info.id) CHECK((std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'));
  }
}

TEST_CASE("every rule flags its bad cases and passes its good cases") {
  for (const Rule* rule : all_rules()) {
    for (const auto& c : rule->info().bad) {
      INFO(rule->info().id << " should flag:\n" << c.sql);
      CHECK(!findings_of(*rule, c).empty());
    }
    for (const auto& c : rule->info().good) {
      LintOptions o;
      o.pg_version = c.pg_version;
      o.transaction = c.in_transaction ? FileTransaction::Whole : FileTransaction::None;
      o.contract_phase = c.contract;
      INFO(rule->info().id << " should accept:\n" << c.sql << "\nfindings:\n" << describe(lint_script(c.sql, "case.sql", o)));
      CHECK(findings_of(*rule, c).empty());
    }
  }
}
