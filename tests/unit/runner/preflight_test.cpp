// Pre-flight checks: scaffold's manifest read, each check judged by the result it expects,
// and a failed one stopping the run before its migration.
#include <catch2/catch.hpp>

#include "fake_session.hpp"
#include "runner/checksum.hpp"
#include "runner/manifest.hpp"
#include "runner/preflight.hpp"
#include "runner/run.hpp"
#include "runner_test_support.hpp"

using namespace schemashift;
using test::FakeClock;
using test::FakeSession;
using test::TempDir;

namespace {

constexpr const char* kValidate = "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fkey;\n";

constexpr const char* kManifest = R"json({
  "manifest": 1,
  "issue": 7,
  "lock_retries": 2,
  "migrations": [
    {"version": "100", "phase": "expand", "preflight": [
      {"title": "no column nick yet", "expect": "true", "sql": "SELECT NOT EXISTS (nick)"}]},
    {"version": "101", "phase": "migrate", "preflight": [
      {"title": "rows to check", "expect": "report", "sql": "SELECT count(*) AS total FROM orders"},
      {"title": "no orphans", "expect": "zero", "sql": "SELECT count(*) AS orphans FROM orders"}]}
  ]
})json";

runner::PreflightCheck check(runner::Expect e, const std::string& sql) { return {"t", sql, e}; }

// A migrations folder with scaffold's manifest, run on the scripted session.
struct Project {
  TempDir dir;
  FakeSession session;
  FakeClock clock;
  runner::Events events;
  runner::MigrationSet set;  // kept: an outcome points into it
  runner::ApplyOptions apply;

  Project() { dir.write("issue-7/sql/manifest.json", kManifest); }
  runner::Outcome run(const runner::RunOptions& o = {}) {
    set = dir.load();
    runner::Runtime rt{session, clock, events, runner::History("schemashift"), std::chrono::milliseconds(1000), apply,
                       nullptr};
    return runner::run(set, rt, o);
  }
};

std::vector<runner::PreflightResult> run_checks(FakeSession& s, std::vector<runner::PreflightCheck> checks) {
  return runner::run_preflight(s, checks, std::chrono::milliseconds(60'000), std::chrono::milliseconds(500));
}

}  // namespace

TEST_CASE("each check passes only on the result it expects") {
  FakeSession s;
  s.canned["Q_TRUE"] = {{"t"}};
  s.canned["Q_FALSE"] = {{"f"}};
  s.canned["Q_ZERO"] = {{"0"}};
  s.canned["Q_TWELVE"] = {{"12"}};
  s.canned["Q_DUPES"] = {{"a@example.com", "2"}};
  const auto r = run_checks(s, {check(runner::Expect::True, "Q_TRUE"), check(runner::Expect::True, "Q_FALSE"),
                                check(runner::Expect::Zero, "Q_ZERO"), check(runner::Expect::Zero, "Q_TWELVE"),
                                check(runner::Expect::NoRows, "Q_NOTHING"), check(runner::Expect::NoRows, "Q_DUPES"),
                                check(runner::Expect::Report, "Q_TWELVE")});
  REQUIRE(r.size() == 7);
  CHECK(r[0].ok);
  CHECK_FALSE(r[1].ok);
  CHECK(r[1].summary() == "false");
  CHECK(r[2].ok);
  CHECK_FALSE(r[3].ok);
  CHECK(r[3].summary() == "12");
  CHECK(r[4].ok);
  CHECK_FALSE(r[5].ok);
  CHECK(r[5].summary() == "1 row");
  CHECK(r[6].ok);  // a report never fails
  // Each in its own read-only transaction with both timeouts, rolled back.
  CHECK(s.sent_count("BEGIN READ ONLY; SET LOCAL statement_timeout = 60000; SET LOCAL lock_timeout = 500") == 7);
  CHECK(s.sent_count("ROLLBACK") == 7);
}

TEST_CASE("a check whose query fails fails; a report cut off by the timeout does not") {
  FakeSession s;
  s.failures["Q_CAST"] = {"22P02"};
  s.failures["Q_SLOW"] = {"57014"};
  s.failures["Q_SLOW_ZERO"] = {"57014"};
  const auto r = run_checks(s, {check(runner::Expect::Report, "Q_CAST"), check(runner::Expect::Report, "Q_SLOW"),
                                check(runner::Expect::Zero, "Q_SLOW_ZERO")});
  CHECK_FALSE(r[0].ok);
  CHECK(r[0].error == "failed: 22P02 (SQLSTATE 22P02)");
  CHECK(r[1].ok);
  CHECK(r[1].timed_out);
  CHECK_FALSE(r[2].ok);  // a check that must pass cannot pass unseen
}

TEST_CASE("the manifest gives each migration its phase and checks, and the spec's retries") {
  TempDir dir;
  dir.write("issue-7/sql/100_add_nick.up.sql", test::kAddColumn);
  dir.write("issue-7/sql/101_validate.up.sql", kValidate);
  dir.write("issue-7/sql/manifest.json", kManifest);
  const auto set = dir.load();
  REQUIRE(set.files.size() == 2);
  CHECK(set.files[0].phase == "expand");
  CHECK(set.files[1].phase == "migrate");  // not in the name: from the manifest
  CHECK(set.files[1].issue == 7);
  REQUIRE(set.files[1].preflight.size() == 2);
  CHECK(set.files[1].preflight[1].expect == runner::Expect::Zero);
  CHECK(set.files[0].lock_retries == 2);
  CHECK(set.notes.empty());  // manifest.json is not a skipped migration file
}

TEST_CASE("a broken manifest is an error at file:line:col and nothing runs") {
  core::Diagnostics diags;
  CHECK_FALSE(runner::parse_manifest("{\n  \"manifest\": 1,\n  \"migrations\": [,]\n}", "m.json", diags));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].where.str() == "m.json:3:18");

  core::Diagnostics newer;
  CHECK_FALSE(runner::parse_manifest(R"({"manifest": 2, "migrations": []})", "m.json", newer));
  CHECK(newer.items()[0].message.find("format 2 is not known") != std::string::npos);

  core::Diagnostics wrong;
  CHECK_FALSE(runner::parse_manifest(
      R"({"manifest": 1, "migrations": [{"version": "1", "phase": "expand", "preflight": [{"title": "x", "sql": "SELECT 1", "expect": "maybe"}]}]})",
      "m.json", wrong));
  CHECK(wrong.items()[0].message == "migrations[0].preflight[0]: unknown `expect` 'maybe' (true, zero, no_rows or report)");

  TempDir dir;
  dir.write("issue-7/sql/100_add_nick.up.sql", test::kAddColumn);
  dir.write("issue-7/sql/manifest.json", "{");
  core::Diagnostics load;
  runner::find_migrations(dir.path(), load);
  CHECK(load.has_errors());
}

TEST_CASE("a failed pre-flight check stops the run before its migration; earlier ones stay applied") {
  Project p;
  p.dir.write("issue-7/sql/100_add_nick.up.sql", test::kAddColumn);
  p.dir.write("issue-7/sql/101_validate.up.sql", kValidate);
  p.session.canned["SELECT NOT EXISTS (nick)"] = {{"t"}};
  p.session.canned["AS total"] = {{"1000"}};
  p.session.canned["AS orphans"] = {{"3"}};
  const auto out = p.run();
  CHECK(out.code == core::ExitCode::Refused);
  CHECK(out.message == "1 pre-flight check of 101_validate failed");
  REQUIRE(out.details.size() == 1);
  CHECK(out.details[0] == "no orphans: 3");
  CHECK(out.done.size() == 1);  // 100 was applied
  CHECK(p.session.committed_count("ADD COLUMN IF NOT EXISTS nick") == 1);
  CHECK(p.session.sent_count("VALIDATE CONSTRAINT") == 0);
  CHECK(out.preflight.size() == 3);

  // Fixed data: the next run checks again and applies it.
  p.session.canned["AS orphans"] = {{"0"}};
  CHECK(p.run().code == core::ExitCode::Ok);
  CHECK(p.session.committed_count("VALIDATE CONSTRAINT") == 1);
}

TEST_CASE("checks are skipped with --no-preflight") {
  Project p;
  p.dir.write("issue-7/sql/100_add_nick.up.sql", test::kAddColumn);
  p.session.canned["SELECT NOT EXISTS (nick)"] = {{"f"}};
  runner::RunOptions skip;
  skip.preflight = false;
  CHECK(p.run(skip).code == core::ExitCode::Ok);
  CHECK(p.session.sent_count("NOT EXISTS (nick)") == 0);
}

TEST_CASE("a partly applied migration resumes without its checks") {
  // Its first index exists, so a check that "nothing is there yet" no longer holds.
  Project p;
  const std::string two = "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON users (a);\n"
                          "CREATE INDEX CONCURRENTLY IF NOT EXISTS b_idx ON users (b);\n";
  p.dir.write("issue-7/sql/100_indexes.up.sql", two);
  runner::HistoryRow h;
  h.id = 1;
  h.version = "100";
  h.name = "100_indexes";
  h.status = runner::RowStatus::Running;
  h.checksum = runner::sha256_hex(two);
  h.statements_done = 1;
  p.session.history.push_back(h);
  p.session.canned["SELECT NOT EXISTS (nick)"] = {{"f"}};
  CHECK(p.run().code == core::ExitCode::Ok);
  CHECK(p.session.sent_count("NOT EXISTS (nick)") == 0);
  CHECK(p.session.sent_count("a_idx ON users") == 0);
}

TEST_CASE("a migration's manifest retries replace the default unless --retries was given") {
  Project p;
  p.dir.write("issue-7/sql/100_add_nick.up.sql", test::kAddColumn);
  p.session.canned["SELECT NOT EXISTS (nick)"] = {{"t"}};
  p.session.failures["ADD COLUMN IF NOT EXISTS nick"] = {"55P03", "55P03", "55P03", "55P03"};
  CHECK(p.run().code == core::ExitCode::Busy);
  CHECK(p.session.sent_count("ADD COLUMN IF NOT EXISTS nick") == 3);  // the first attempt and the manifest's 2 retries

  // --retries 0: the flag wins.
  Project q;
  q.dir.write("issue-7/sql/100_add_nick.up.sql", test::kAddColumn);
  q.session.canned["SELECT NOT EXISTS (nick)"] = {{"t"}};
  q.session.failures["ADD COLUMN IF NOT EXISTS nick"] = {"55P03", "55P03"};
  q.apply.retry.retries = 0;
  q.apply.file_retries = false;
  CHECK(q.run().code == core::ExitCode::Busy);
  CHECK(q.session.sent_count("ADD COLUMN IF NOT EXISTS nick") == 1);
}
