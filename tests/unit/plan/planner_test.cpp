#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/text.hpp"
#include "ops/operation.hpp"
#include "plan/plan.hpp"
#include "spec/change_spec.hpp"

using namespace schemashift;
namespace fs = std::filesystem;

namespace {

const std::string kSamples = std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples/";

std::vector<std::string> sample_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kSamples)) {
    if (e.path().extension() == ".yaml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string report(const core::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.sorted()) out += core::format_diagnostic(d, false);
  return out.empty() ? "(none)" : out;
}

plan::Plan must_plan(const std::string& path) {
  core::Diagnostics diags;
  auto p = plan::build_plan(path, diags);
  INFO(path << "\n" << report(diags));
  REQUIRE(p);
  REQUIRE_FALSE(diags.has_errors());
  return std::move(*p);
}

plan::Plan sample(const std::string& name) { return must_plan(kSamples + name + ".yaml"); }

// A spec in memory against the sample schema (absolute path, so no file is written).
std::optional<plan::Plan> plan_text(const std::string& operations, core::Diagnostics& diags,
                                    const std::string& header_extra = "") {
  const std::string text = "issue: 77\ntitle: Planner unit test\npurpose: test\nauthor: T <t@example.com>\n"
                           "created: 2024-12-31T23:59:58Z\nschema: " +
                           kSamples + "schema.sql\n" + header_extra + "operations:\n" + operations;
  auto s = spec::parse_change_spec(text, "changes/77.yaml", diags);
  REQUIRE(s);
  REQUIRE_FALSE(diags.has_errors());
  return plan::build_plan(std::move(*s), diags);
}

std::vector<std::string> sqls(const plan::Plan& p) {
  std::vector<std::string> out;
  for (const auto& m : p.migrations) {
    out.push_back("-- " + m.name());
    for (const auto& ps : m.steps) {
      for (const auto& s : ps.step.up) out.push_back(s.sql);
      for (const auto& s : ps.step.down) out.push_back("down: " + s.sql);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the samples directory has the expected specs", "[plan][samples]") {
  const auto files = sample_files();
  CHECK(files.size() >= 11);
  CHECK(std::find(files.begin(), files.end(), kSamples + "110-users-display-name-offline.yaml") != files.end());
  CHECK(std::find(files.begin(), files.end(), kSamples + "234-contact-enrichment.yaml") != files.end());
}

TEST_CASE("every sample plans into well-formed migrations", "[plan][samples]") {
  for (const auto& file : sample_files()) {
    const plan::Plan p = must_plan(file);
    INFO(file);
    REQUIRE_FALSE(p.migrations.empty());
    CHECK(p.operations.size() == p.spec.operations.size());

    std::set<std::string> slugs, names;
    for (std::size_t i = 0; i < p.migrations.size(); ++i) {
      const plan::Migration& m = p.migrations[i];
      INFO(m.name());
      CHECK(m.index == i);
      REQUIRE_FALSE(m.steps.empty());

      // expand < migrate < contract
      if (i > 0) CHECK(static_cast<int>(p.migrations[i - 1].phase) <= static_cast<int>(m.phase));
      for (const auto& ps : m.steps) {
        CHECK(ps.step.phase == m.phase);
        CHECK(ps.operation < p.operations.size());
      }

      // Versions: created + i seconds, strictly increasing.
      CHECK(m.version == p.spec.created.plus_seconds(static_cast<long long>(i)).version());
      CHECK(m.version.size() == 14);
      if (i > 0) CHECK(m.version > p.migrations[i - 1].version);

      // Unique slugs, prefixed with the issue and phase.
      CHECK(slugs.insert(m.slug).second);
      CHECK(names.insert(m.name()).second);
      CHECK(m.name() == m.version + "_" + m.slug);
      CHECK(core::starts_with(m.slug, "issue_" + std::to_string(p.spec.issue) + "_" + ops::phase_name(m.phase) + "_"));
      CHECK(m.slug.size() <= 64);
      CHECK(m.slug == core::slugify(m.slug, 64));

      // Steps that cannot share a transaction, or run long, are alone.
      for (const auto& ps : m.steps) {
        if (!ps.step.transactional || ps.step.long_running) CHECK(m.steps.size() == 1);
        CHECK(ps.step.transactional == m.transactional);
        CHECK(ps.step.offline == m.offline);
      }

      // Timeouts only inside a transaction.
      if (m.transactional) {
        CHECK(m.lock_timeout_ms == p.spec.settings.lock_timeout_ms);
        const bool long_running = m.offline || std::any_of(m.steps.begin(), m.steps.end(), [](const plan::PlannedStep& s) {
                                    return s.step.long_running;
                                  });
        CHECK(m.statement_timeout_ms == (long_running ? 0 : p.spec.settings.statement_timeout_ms));
      } else {
        CHECK(m.lock_timeout_ms == 0);
        CHECK(m.statement_timeout_ms == 0);
      }

      // Every up statement was analysed.
      for (const auto& ps : m.steps) {
        if (ps.step.kind == ops::StepKind::Backfill) {
          CHECK(ps.statements.size() == 1);
        } else {
          CHECK(ps.statements.size() == ps.step.up.size());
        }
      }
      CHECK(m.verdict != analyze::Verdict::Blocked);
      CHECK(m.estimated_ms >= 0);
      CHECK(m.rerunnable == std::all_of(m.steps.begin(), m.steps.end(),
                                        [](const plan::PlannedStep& s) { return s.step.rerunnable; }));
    }
    CHECK_FALSE(p.verify.empty());
  }
}

TEST_CASE("transactional migrations carry lock_timeout 500ms by default", "[plan][samples]") {
  for (const auto& file : sample_files()) {
    const plan::Plan p = must_plan(file);
    if (p.spec.settings.lock_timeout_ms != 500) continue;  // 106 sets 1s on purpose
    for (const auto& m : p.migrations) {
      INFO(m.name());
      if (m.transactional) CHECK(m.lock_timeout_ms == 500);
    }
  }
  const plan::Plan fk = sample("106-orders-customer-fk");
  CHECK(fk.spec.settings.lock_timeout_ms == 1000);
  for (const auto& m : fk.migrations) {
    if (m.transactional) CHECK(m.lock_timeout_ms == 1000);
    if (m.transactional) CHECK(m.statement_timeout_ms == 0);  // statement_timeout: 0
  }
}

TEST_CASE("sample verdicts: all safe to run except the offline one", "[plan][samples]") {
  for (const auto& file : sample_files()) {
    const plan::Plan p = must_plan(file);
    INFO(file);
    std::string reasons;
    for (const auto& m : p.migrations)
      for (const auto& r : m.verdict_reasons) reasons += m.name() + ": " + r + "\n";
    INFO(reasons);
    if (core::ends_with(file, "/110-users-display-name-offline.yaml")) {
      CHECK(p.verdict == analyze::Verdict::RequiresMaintenanceWindow);
      CHECK(std::string(analyze::verdict_name(p.verdict)) == "REQUIRES_MAINTENANCE_WINDOW");
    } else {
      CHECK(p.verdict == analyze::Verdict::SafeToRun);
      CHECK(std::string(analyze::verdict_name(p.verdict)) == "SAFE_TO_RUN");
    }
  }
}

TEST_CASE("planning is deterministic", "[plan][samples]") {
  for (const auto& file : sample_files()) {
    const plan::Plan a = must_plan(file);
    const plan::Plan b = must_plan(file);
    INFO(file);
    REQUIRE(a.migrations.size() == b.migrations.size());
    for (std::size_t i = 0; i < a.migrations.size(); ++i) CHECK(a.migrations[i].name() == b.migrations[i].name());
    CHECK(sqls(a) == sqls(b));
    CHECK(a.estimated_ms == b.estimated_ms);
  }
}

TEST_CASE("sample 110 (offline) is one naive migration", "[plan][samples]") {
  const plan::Plan p = sample("110-users-display-name-offline");
  REQUIRE(p.migrations.size() == 1);
  const plan::Migration& m = p.migrations[0];
  CHECK(m.offline);
  CHECK(m.transactional);
  CHECK(m.verdict == analyze::Verdict::RequiresMaintenanceWindow);
  CHECK_FALSE(m.verdict_reasons.empty());
  REQUIRE(m.steps.size() == 1);
  CHECK(m.steps[0].step.up == std::vector<std::string>{"ALTER TABLE users RENAME COLUMN name TO display_name"});
  CHECK(m.version == "20240216180000");
  CHECK(m.slug == "issue_110_expand_rename_users_name_to_display_name");
}

TEST_CASE("sample 103: one concurrent index migration", "[plan][samples]") {
  const plan::Plan p = sample("103-users-email-index");
  REQUIRE(p.migrations.size() == 1);
  const plan::Migration& m = p.migrations[0];
  CHECK(m.phase == ops::Phase::Expand);
  CHECK_FALSE(m.transactional);
  CHECK(m.lock_timeout_ms == 0);
  CHECK(m.rerunnable);
  CHECK(m.steps[0].step.up[0].sql.find("CREATE INDEX CONCURRENTLY IF NOT EXISTS") == 0);
  CHECK(m.name() == "20240207110345_issue_103_expand_index_users_email_idx");
}

TEST_CASE("sample 106: index, FK NOT VALID, then VALIDATE", "[plan][samples]") {
  const plan::Plan p = sample("106-orders-customer-fk");
  REQUIRE(p.migrations.size() == 3);
  CHECK(p.migrations[0].phase == ops::Phase::Expand);
  CHECK_FALSE(p.migrations[0].transactional);
  CHECK(p.migrations[1].phase == ops::Phase::Expand);
  CHECK(p.migrations[1].transactional);
  CHECK(p.migrations[1].steps[0].step.up[0].sql.find("NOT VALID") != std::string::npos);
  CHECK(p.migrations[2].phase == ops::Phase::Migrate);
  CHECK(p.migrations[2].steps[0].step.kind == ops::StepKind::Validate);
  CHECK(core::starts_with(p.migrations[2].slug, "issue_106_migrate_validate_"));
  CHECK(p.warnings.empty());  // the index comes first: no fk-without-index warning
}

TEST_CASE("sample 234: brief expand steps share one transaction, VALIDATE runs alone", "[plan][samples]") {
  const plan::Plan p = sample("234-contact-enrichment");
  REQUIRE(p.migrations.size() == 2);
  const plan::Migration& m = p.migrations[0];
  CHECK(m.phase == ops::Phase::Expand);
  CHECK(m.transactional);
  // create_table, three plain indexes on the new table, three add_columns, the trigger
  // SQL and the CHECK NOT VALID: all brief, so one transaction.
  CHECK(m.steps.size() == 9);
  CHECK(m.slug == "issue_234_expand_contact_enrichment");  // several operations: the spec's name
  CHECK(m.version == "20240115143022");
  for (const auto& ps : m.steps) CHECK(ps.step.up[0].sql.find("CONCURRENTLY") == std::string::npos);
  const plan::Migration& v = p.migrations[1];
  CHECK(v.phase == ops::Phase::Migrate);
  REQUIRE(v.steps.size() == 1);
  CHECK(v.steps[0].step.kind == ops::StepKind::Validate);
  CHECK(v.name() == "20240115143023_issue_234_migrate_validate_check_chk_enrichment_status");
  CHECK(v.statement_timeout_ms == 0);
  CHECK(v.lock_timeout_ms == 500);
  CHECK(p.impact.new_tables.size() == 1);
}

TEST_CASE("build_plan orders phases whatever the operation order", "[plan]") {
  core::Diagnostics diags;
  auto p = plan_text(
      "  - drop_column:\n      table: users\n      column: legacy_avatar\n"
      "  - set_not_null:\n      table: users\n      column: phone\n"
      "  - add_column:\n      table: users\n      column: {name: a, type: text}\n"
      "  - add_column:\n      table: users\n      column: {name: b, type: text}\n"
      "  - add_index:\n      table: users\n      columns: [a]\n",
      diags);
  INFO(report(diags));
  REQUIRE(p);
  std::vector<ops::Phase> phases;
  for (const auto& m : p->migrations) phases.push_back(m.phase);
  CHECK(std::is_sorted(phases.begin(), phases.end(),
                       [](ops::Phase a, ops::Phase b) { return static_cast<int>(a) < static_cast<int>(b); }));
  REQUIRE(p->migrations.size() == 6);
  // The two brief add_columns share one expand migration; the index is alone.
  CHECK(p->migrations[0].steps.size() == 2);
  CHECK(p->migrations[0].slug == "issue_77_expand_planner_unit_test");
  CHECK_FALSE(p->migrations[1].transactional);
  CHECK(p->migrations.back().phase == ops::Phase::Contract);
  // created is 23:59:58 on New Year's Eve: versions roll over into the next year.
  CHECK(p->migrations[0].version == "20241231235958");
  CHECK(p->migrations[2].version == "20250101000000");
  CHECK(p->migrations[5].version == "20250101000003");
}

TEST_CASE("build_plan gives repeated labels distinct slugs", "[plan]") {
  core::Diagnostics diags;
  auto p = plan_text(
      "  - set_not_null:\n      table: users\n      column: phone\n", diags);
  INFO(report(diags));
  REQUIRE(p);
  // CHECK NOT VALID and SET NOT NULL are separate migrations of one operation.
  std::set<std::string> slugs;
  for (const auto& m : p->migrations) CHECK(slugs.insert(m.slug).second);
  CHECK(slugs.count("issue_77_migrate_not_null_users_phone") == 1);
  CHECK(slugs.count("issue_77_migrate_not_null_users_phone_2") == 1);
  CHECK(slugs.count("issue_77_migrate_validate_not_null_users_phone") == 1);
}

TEST_CASE("build_plan keeps offline and online steps in separate migrations", "[plan]") {
  core::Diagnostics diags;
  auto p = plan_text(
      "  - add_column:\n      table: users\n      column: {name: a, type: text}\n"
      "  - rename_column:\n      table: users\n      column: name\n      to: display_name\n      strategy: offline\n"
      "  - add_column:\n      table: users\n      column: {name: b, type: text}\n",
      diags);
  INFO(report(diags));
  REQUIRE(p);
  REQUIRE(p->migrations.size() == 3);
  CHECK_FALSE(p->migrations[0].offline);
  CHECK(p->migrations[1].offline);
  CHECK_FALSE(p->migrations[2].offline);
  CHECK(p->verdict == analyze::Verdict::RequiresMaintenanceWindow);
  CHECK(p->migrations[0].verdict == analyze::Verdict::SafeToRun);
  CHECK(p->migrations[1].verdict == analyze::Verdict::RequiresMaintenanceWindow);
}

TEST_CASE("an offline spec runs in spec order, one transaction per run of transactional steps", "[plan]") {
  core::Diagnostics diags;
  // Online, these would be four migrations: the drop in contract, the index build alone,
  // the second table's change in a transaction of its own.
  auto p = plan_text(
      "  - drop_column: {table: users, column: name}\n"
      "  - add_column:\n      table: users\n      column: {name: a, type: text}\n"
      "  - add_index: {table: users, columns: [a], name: users_a_idx}\n"
      "  - add_column:\n      table: orders\n      column: {name: b, type: text}\n"
      "  - add_index: {table: users, columns: [email], name: users_email_idx2, strategy: online}\n"
      "  - add_column:\n      table: orders\n      column: {name: c, type: text}\n",
      diags, "strategy: offline\n");
  INFO(report(diags));
  REQUIRE(p);
  REQUIRE(p->migrations.size() == 3);
  const auto& first = p->migrations[0];
  CHECK(first.transactional);
  REQUIRE(first.steps.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) CHECK(first.steps[i].operation == i);
  // The latest phase so far: a drop is never labelled expand, and phases never go back.
  CHECK(first.phase == plan::Phase::Contract);
  CHECK_FALSE(p->migrations[1].transactional);  // CONCURRENTLY, alone
  CHECK(p->migrations[1].phase == plan::Phase::Contract);
  CHECK(p->migrations[2].steps.front().operation == 5);
}

TEST_CASE("an offline spec may drop a column before renaming its table", "[plan]") {
  // Online, the drop's contract step would name a table the rename's expand step renamed.
  core::Diagnostics diags;
  auto p = plan_text("  - drop_column: {table: users, column: name}\n  - rename_table: {table: users, to: members}\n",
                     diags, "strategy: offline\n");
  INFO(report(diags));
  REQUIRE(p);
  REQUIRE(p->migrations.size() == 1);
  const auto all = sqls(*p);
  const auto drop = std::find_if(all.begin(), all.end(), [](const std::string& s) { return s.find("DROP COLUMN") != std::string::npos; });
  const auto rename = std::find_if(all.begin(), all.end(), [](const std::string& s) { return s.find("RENAME TO") != std::string::npos; });
  REQUIRE(drop != all.end());
  REQUIRE(rename != all.end());
  CHECK(drop < rename);
  CHECK(drop->find("users") != std::string::npos);
}

TEST_CASE("build_plan reports every operation error and returns nothing", "[plan]") {
  core::Diagnostics diags;
  auto p = plan_text(
      "  - add_column:\n      table: user\n      column: {name: a, type: text}\n"
      "  - drop_column:\n      table: users\n      column: emial_address\n"
      "  - add_index:\n      table: users\n      columns: [nope]\n",
      diags);
  CHECK_FALSE(p);
  CHECK(diags.error_count() == 3);
}

TEST_CASE("build_plan with an unreadable schema", "[plan]") {
  core::Diagnostics diags;
  const std::string text =
      "issue: 1\ntitle: t\npurpose: p\nauthor: a\ncreated: 2024-01-01T00:00:00Z\nschema: does-not-exist.sql\n"
      "operations:\n  - drop_index: {name: x}\n";
  auto s = spec::parse_change_spec(text, "/nonexistent-dir/c.yaml", diags);
  REQUIRE(s);
  CHECK_FALSE(plan::build_plan(std::move(*s), diags));
  bool found = false;
  for (const auto& d : diags.items()) {
    if (d.code == "unreadable-schema") {
      found = true;
      CHECK(d.where.line == 6);
    }
  }
  CHECK(found);
}

TEST_CASE("build_plan from a path reports header errors and operation errors together", "[plan]") {
  core::Diagnostics diags;
  CHECK_FALSE(plan::build_plan(kSamples + "does-not-exist.yaml", diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items()[0].code == "unreadable-spec");
}

TEST_CASE("row hints for unknown tables are warnings carried by the plan", "[plan]") {
  core::Diagnostics diags;
  auto p = plan_text("  - add_column:\n      table: users\n      column: {name: a, type: text}\n", diags,
                     "rows:\n  userz: 10\n  users: 2000000\n");
  INFO(report(diags));
  REQUIRE(p);
  REQUIRE(p->warnings.size() == 1);
  CHECK(p->warnings[0].code == "unknown-table-hint");
  CHECK(p->warnings[0].where.line == 8);
}

TEST_CASE("the plan keeps the schema before and after", "[plan]") {
  const plan::Plan p = sample("104-orders-status");
  const model::Table* before = p.before.find_table({"", "orders"});
  const model::Table* after = p.after.find_table({"", "orders"});
  REQUIRE(before);
  REQUIRE(after);
  CHECK_FALSE(before->find_column("status"));
  REQUIRE(after->find_column("status"));
  CHECK_FALSE(after->find_column("status")->nullable);
  REQUIRE(p.migrations.size() == 1);
  CHECK(p.migrations[0].steps[0].step.up[0].sql.find("NOT NULL") != std::string::npos);
  CHECK(p.migrations[0].steps[0].step.up[0].sql.find("DEFAULT 'pending'") != std::string::npos);
}
