// run / revert / apply on the scripted session: what is sent, what commits, what is
// retried, recorded and resumed.
#include <catch2/catch.hpp>

#include "fake_session.hpp"
#include "model/sql_schema_loader.hpp"
#include "runner/repair.hpp"
#include "runner/retry.hpp"
#include "runner/run.hpp"
#include "runner/status.hpp"
#include "runner_test_support.hpp"

using namespace schemashift;
using test::FakeClock;
using test::FakeSession;
using test::TempDir;

namespace {

using test::kAddColumn;
constexpr const char* kIndex = "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_nick_idx ON users (nick);\n";
constexpr const char* kTwoIndexes =
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON users (a);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS b_idx ON users (b);\n";

struct Fixture {
  TempDir dir;
  FakeSession session;
  FakeClock clock;
  runner::Events events;
  std::vector<std::string> asked;

  runner::Runtime runtime(bool confirm = false) {
    runner::Runtime rt{session, clock, events, runner::History("schemashift"), std::chrono::milliseconds(1000), {}, nullptr};
    if (confirm) {
      rt.confirm = [this](const std::string& q, const std::string&) {
        asked.push_back(q);
        return true;
      };
    }
    return rt;
  }
  runner::Outcome run(runner::RunOptions o = {}) {
    auto set = dir.load();
    auto rt = runtime();
    return runner::run(set, rt, o);
  }
  runner::HistoryRow row(const std::string& version, const std::string& slug, runner::RowStatus status,
                         const std::string& checksum, int done = 0) {
    runner::HistoryRow h;
    h.id = static_cast<long long>(session.history.size()) + 1;
    h.version = version;
    h.name = version + "_" + slug;
    h.status = status;
    h.checksum = checksum;
    h.statements_done = done;
    h.applied_at = "2026-01-01T00:00:00Z";
    return h;
  }
};

}  // namespace

TEST_CASE("retry delays back off exponentially with jitter, capped") {
  runner::RetryPolicy p;
  CHECK(p.delay(1, 0.0).count() == 250);
  CHECK(p.delay(1, 0.999).count() == 499);
  CHECK(p.delay(3, 0.0).count() == 1000);
  CHECK(p.delay(10, 0.0).count() == 5000);
  CHECK(runner::is_lock_failure("55P03"));
  CHECK(runner::is_lock_failure("40P01"));
  CHECK_FALSE(runner::is_lock_failure("23505"));
}

TEST_CASE("a transactional migration commits together with its history row") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_nick.up.sql", kAddColumn);
  const auto out = f.run();
  REQUIRE(out.code == core::ExitCode::Ok);
  REQUIRE(out.done.size() == 1);
  CHECK(out.version_after == "100");
  CHECK(f.session.committed_count("ALTER TABLE users ADD COLUMN") == 1);
  CHECK(f.session.committed_count("INSERT INTO schemashift.history") == 1);
  CHECK(f.session.committed_count("'success', 0, 1, NULL) RETURNING id") == 1);  // the row: status, duration, attempts, error
  CHECK(f.session.sent_count("BEGIN") == 1);
  CHECK(f.session.sent_count("CREATE TABLE IF NOT EXISTS schemashift.history") == 1);
  CHECK(f.session.sent_count("pg_advisory_unlock") == 1);
}

TEST_CASE("a lock timeout rolls the attempt back and retries it after a backoff") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_nick.up.sql", kAddColumn);
  f.session.failures["ADD COLUMN"] = {"55P03", "40P01"};
  const auto out = f.run();
  REQUIRE(out.code == core::ExitCode::Ok);
  CHECK(out.done[0].attempts == 3);
  CHECK(f.session.sent_count("ALTER TABLE users ADD COLUMN") == 3);
  CHECK(f.session.committed_count("ALTER TABLE users ADD COLUMN") == 1);
  CHECK(f.session.committed_count("INSERT INTO schemashift.history") == 1);
  REQUIRE(f.clock.sleeps.size() == 2);
  CHECK(f.clock.sleeps[0].count() == 375);   // 500 ms * (0.5 + 0.5 * 0.5)
  CHECK(f.clock.sleeps[1].count() == 750);
}

TEST_CASE("when retries run out the table is busy: exit 6, a failed row, nothing applied") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_nick.up.sql", kAddColumn);
  f.session.failures["ADD COLUMN"] = {"55P03", "55P03", "55P03", "55P03", "55P03", "55P03"};
  const auto out = f.run();
  CHECK(out.code == core::ExitCode::Busy);
  CHECK(out.hint.find("6 attempts") != std::string::npos);
  CHECK(f.session.committed_count("ALTER TABLE users ADD COLUMN") == 0);
  CHECK(f.session.committed_count("'failed', 0, 6, ") == 1);
  CHECK(f.clock.sleeps.size() == 5);
}

TEST_CASE("an SQL error stops the run at that migration: exit 5, later ones untouched") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_nick.up.sql", kAddColumn);
  f.dir.write("issue-1/sql/101_issue_1_expand_more.up.sql", "ALTER TABLE users ADD COLUMN x int;\n");
  f.session.failures["ADD COLUMN IF NOT EXISTS nick"] = {"42P01"};
  const auto out = f.run();
  CHECK(out.code == core::ExitCode::MigrationFailed);
  CHECK(out.message.find("100_issue_1_expand_nick.up.sql:3:1:") != std::string::npos);
  CHECK(f.session.sent_count("ADD COLUMN x") == 0);
  CHECK(f.clock.sleeps.empty());
}

TEST_CASE("a non-transactional migration records progress and resumes where it stopped") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_idx.up.sql", kTwoIndexes);
  const auto set = f.dir.load();
  // The first index was built and recorded; the runner was killed during the second.
  f.session.history.push_back(f.row("100", "issue_1_expand_idx", runner::RowStatus::Running, set.files[0].checksum, 1));
  f.session.invalid_indexes = {"b_idx"};
  const auto out = f.run();
  REQUIRE(out.code == core::ExitCode::Ok);
  REQUIRE(out.planned.size() == 1);
  CHECK(out.planned[0].resume_at == 1);
  CHECK(f.session.sent_count("a_idx ON users") == 0);
  CHECK(f.session.sent_count("DROP INDEX CONCURRENTLY IF EXISTS b_idx") == 1);
  CHECK(f.session.sent_count("b_idx ON users") == 1);
  CHECK(f.session.committed_count("UPDATE schemashift.history SET status = 'running', error = NULL WHERE id = 1") == 1);
  CHECK(f.session.committed_count("UPDATE schemashift.history SET statements_done = 2") == 1);
  CHECK(f.session.committed_count("SET status = 'success'") == 1);
}

TEST_CASE("outside a transaction only blocking statements get the short lock_timeout") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_idx.up.sql", std::string(kIndex) + "ALTER TABLE users ADD COLUMN z int;\n");
  REQUIRE(f.run().code == core::ExitCode::Ok);
  const auto& sent = f.session.sent;
  const auto at = [&](const std::string& needle) {
    return std::find_if(sent.begin(), sent.end(), [&](const std::string& s) { return s.find(needle) != std::string::npos; });
  };
  CHECK(*(at("CREATE INDEX CONCURRENTLY") - 1) == "SET lock_timeout = '0ms'");
  CHECK(*(at("ADD COLUMN z") - 1) == "SET lock_timeout = '500ms'");
}

TEST_CASE("a changed applied file, an interrupted revert and an out-of-order file stop the run") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_a.up.sql", kAddColumn);
  f.dir.write("issue-1/sql/200_issue_1_expand_b.up.sql", "SELECT 2;\n");
  SECTION("modified") {
    f.session.history.push_back(f.row("100", "issue_1_expand_a", runner::RowStatus::Success, "old-checksum"));
    const auto out = f.run();
    CHECK(out.code == core::ExitCode::Refused);
    CHECK(out.message.find("changed since it was applied") != std::string::npos);
  }
  SECTION("out of order") {
    f.session.history.push_back(f.row("200", "issue_1_expand_b", runner::RowStatus::Success, f.dir.load().files[1].checksum));
    auto out = f.run();
    CHECK(out.code == core::ExitCode::Refused);
    CHECK(out.details == std::vector<std::string>{"100_issue_1_expand_a"});
    runner::RunOptions o;
    o.out_of_order = true;
    CHECK(f.run(o).code == core::ExitCode::Ok);
  }
  SECTION("reverting") {
    f.session.history.push_back(f.row("100", "issue_1_expand_a", runner::RowStatus::Reverting, f.dir.load().files[0].checksum));
    CHECK(f.run().code == core::ExitCode::Refused);
  }
}

TEST_CASE("another runner holding the database: exit 6 after the wait, nothing sent") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_a.up.sql", kAddColumn);
  f.session.lock_free = false;
  const auto out = f.run();
  CHECK(out.code == core::ExitCode::Busy);
  CHECK(out.hint.find("pid 4242") != std::string::npos);
  CHECK(f.session.sent_count("ALTER TABLE") == 0);
  CHECK(f.session.sent_count("CREATE SCHEMA") == 0);
}

TEST_CASE("contract-phase migrations need --contract or a confirmation") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_contract_drop.up.sql", "ALTER TABLE users DROP COLUMN old;\n");
  auto set = f.dir.load();
  runner::RunOptions o;
  auto rt = f.runtime();
  auto out = runner::run(set, rt, o);
  CHECK(out.code == core::ExitCode::Refused);
  CHECK(f.session.sent_count("DROP COLUMN") == 0);
  auto asking = f.runtime(true);
  CHECK(runner::run(set, asking, o).code == core::ExitCode::Ok);
  CHECK(f.asked.size() == 1);
  CHECK(f.session.committed_count("DROP COLUMN old") == 1);
}

TEST_CASE("what runs is chosen by --to, --issue and --phase; an unknown version is an error") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_a.up.sql", "SELECT 1;\n");
  f.dir.write("issue-1/sql/101_issue_1_migrate_a.up.sql", "SELECT 2;\n");
  f.dir.write("issue-2/sql/102_issue_2_expand_b.up.sql", "SELECT 3;\n");
  runner::RunOptions o;
  o.dry_run = true;
  o.to = "101";
  CHECK(f.run(o).planned.size() == 2);
  o.to.clear();
  o.phase = "expand";
  CHECK(f.run(o).planned.size() == 2);
  o.phase.clear();
  o.issue = 2;
  auto out = f.run(o);
  REQUIRE(out.planned.size() == 1);
  CHECK(out.planned[0].file->version == "102");
  o.issue.reset();
  o.to = "999";
  CHECK(f.run(o).code == core::ExitCode::InvalidInput);
  CHECK(f.session.sent_count("BEGIN") == 0);  // a dry run sends nothing that changes anything
}

TEST_CASE("a BLOCKED migration never runs; REQUIRES_MAINTENANCE_WINDOW needs the flag") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_a.up.sql", "ALTER TABLE users ALTER COLUMN id TYPE bigint;\n");
  runner::RunOptions o;
  o.lint.stats["public.users"] = {5'000'000, -1, "catalog"};
  const auto out = f.run(o);
  CHECK((out.code == core::ExitCode::Findings || out.code == core::ExitCode::MaintenanceWindow));
  CHECK(f.session.sent_count("ALTER COLUMN") == 0);
}

// A migration folder does not know the columns that were there before it: judged from the
// folder alone, widening a varchar of a table created elsewhere is an assumed rewrite. The
// catalog's schema (runner::RunOptions::live_schema) knows it is catalog-only.
TEST_CASE("pending migrations are judged on the database's own schema when run has it") {
  Fixture f;
  f.dir.write("issue-2/sql/200_issue_2_expand_widen.up.sql",
              "BEGIN;\nSET LOCAL lock_timeout = '500ms';\nALTER TABLE accounts ALTER COLUMN handle TYPE varchar(255);\nCOMMIT;\n");
  runner::RunOptions o;
  o.lint.stats["public.accounts"] = {5'000'000, -1, "catalog"};
  CHECK(f.run(o).code == core::ExitCode::MaintenanceWindow);
  CHECK(f.session.sent_count("ALTER COLUMN") == 0);

  core::Diagnostics diags;
  const auto live = model::load_schema_sql("CREATE TABLE accounts (id bigint PRIMARY KEY, handle varchar(64));\n",
                                           "catalog", diags);
  REQUIRE(live);
  int asked = 0;
  o.live_schema = [&]() -> const model::Schema* {
    ++asked;
    return &*live;
  };
  CHECK(f.run(o).code == core::ExitCode::Ok);
  CHECK(asked == 1);
  CHECK(f.session.committed_count("ALTER TABLE accounts ALTER COLUMN handle TYPE varchar(255)") == 1);

  // And a real rewrite is still one: integer -> bigint of a 5M-row table.
  Fixture g;
  g.dir.write("issue-3/sql/300_issue_3_expand_age.up.sql",
              "BEGIN;\nSET LOCAL lock_timeout = '500ms';\nALTER TABLE accounts ALTER COLUMN age TYPE bigint;\nCOMMIT;\n");
  const auto with_age = model::load_schema_sql("CREATE TABLE accounts (id bigint PRIMARY KEY, age integer);\n", "catalog", diags);
  REQUIRE(with_age);
  o.live_schema = [&]() -> const model::Schema* { return &*with_age; };
  CHECK(g.run(o).code == core::ExitCode::MaintenanceWindow);
  // Nothing pending: the catalog is not read at all.
  o.live_schema = [&]() -> const model::Schema* {
    ++asked;
    return &*live;
  };
  CHECK(f.run(o).code == core::ExitCode::Ok);
  CHECK(asked == 1);
}

TEST_CASE("the project's lint settings judge what runs: a rule turned off does not stop a migration") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_a.up.sql", "CREATE INDEX users_nick_idx ON users (nick);\n");
  runner::RunOptions o;
  o.lint.stats["public.users"] = {5'000'000, -1, "catalog"};
  CHECK(f.run(o).code == core::ExitCode::MaintenanceWindow);
  o.lint.severities["require-concurrent-index-creation"] = analyze::Severity::Off;
  CHECK(f.run(o).code == core::ExitCode::Ok);
  CHECK(f.session.committed_count("CREATE INDEX users_nick_idx") == 1);
}

TEST_CASE("revert undoes the newest applied migration and records it; --yes or a confirmation is needed") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_a.up.sql", kAddColumn);
  f.dir.write("issue-1/sql/100_issue_1_expand_a.down.sql", "BEGIN;\nALTER TABLE users DROP COLUMN IF EXISTS nick;\nCOMMIT;\n");
  f.dir.write("issue-1/sql/101_issue_1_expand_b.up.sql", "SELECT 2;\n");
  auto set = f.dir.load();
  f.session.history.push_back(f.row("100", "issue_1_expand_a", runner::RowStatus::Success, set.files[0].checksum));
  runner::RevertOptions o;
  auto rt = f.runtime();
  auto refused = runner::revert(set, rt, o);
  CHECK(refused.code == core::ExitCode::Refused);
  CHECK(f.session.sent_count("DROP COLUMN") == 0);
  o.yes = true;
  const auto out = runner::revert(set, rt, o);
  REQUIRE(out.code == core::ExitCode::Ok);
  REQUIRE(out.planned.size() == 1);
  CHECK(out.planned[0].data_loss.size() == 1);
  CHECK(f.session.committed_count("DROP COLUMN IF EXISTS nick") == 1);
  CHECK(f.session.committed_count("SET status = 'rolled_back'") == 1);
}

TEST_CASE("status joins the files with the newest history rows") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_a.up.sql", "SELECT 1;\n");
  f.dir.write("issue-1/sql/101_issue_1_expand_b.up.sql", "SELECT 2;\n");
  f.dir.write("issue-1/sql/102_issue_1_expand_c.up.sql", "SELECT 3;\n");
  auto set = f.dir.load();
  f.session.history.push_back(f.row("100", "issue_1_expand_a", runner::RowStatus::Success, set.files[0].checksum));
  f.session.history.push_back(f.row("101", "issue_1_expand_b", runner::RowStatus::Success, "changed"));
  f.session.history.push_back(f.row("099", "gone", runner::RowStatus::Success, "x"));
  const auto status = runner::read_status(set, f.session, runner::History());
  REQUIRE(status.states.size() == 4);
  CHECK(status.states[0].state == runner::State::Missing);
  CHECK(status.states[1].state == runner::State::Applied);
  CHECK(status.states[2].state == runner::State::Modified);
  CHECK(status.states[3].state == runner::State::Pending);
  CHECK(status.version == "101");
  CHECK_FALSE(status.clean());
  CHECK(status.run_in_progress.find("pid 4242") != std::string::npos);
}

TEST_CASE("a strong lock is asked for only once no other session holds a conflicting one") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_nick.up.sql", kAddColumn);
  f.session.held_polls = 3;  // a reader holds users for three polls
  struct Waits : runner::Events {
    std::vector<runner::LockWait> seen;
    void waited_for_locks(const runner::MigrationFile&, const runner::LockWait& w) override { seen.push_back(w); }
  } waits;
  auto set = f.dir.load();
  runner::Runtime rt{f.session, f.clock, waits, runner::History(), std::chrono::milliseconds(1000), {}, nullptr};
  const auto out = runner::run(set, rt, {});
  REQUIRE(out.code == core::ExitCode::Ok);
  CHECK(out.done[0].attempts == 1);
  REQUIRE(waits.seen.size() == 1);
  CHECK(waits.seen[0].clear);
  CHECK(waits.seen[0].duration.count() == 60);
  CHECK(waits.seen[0].holders == "pid 77 (AccessShareLock on users, idle in transaction, in transaction for 3.0 s)");
  // The pg_locks query asks about every mode that conflicts with ACCESS EXCLUSIVE.
  const auto& sent = f.session.sent;
  const auto poll = std::find_if(sent.begin(), sent.end(), [](const std::string& s) { return s.rfind("SELECT l.pid", 0) == 0; });
  REQUIRE(poll != sent.end());
  CHECK(poll->find("to_regclass('users') AND l.mode IN ('AccessShareLock', 'RowShareLock'") != std::string::npos);
  // The wait happens before BEGIN: nothing is held while waiting.
  CHECK(std::find(sent.begin(), poll, "BEGIN") == poll);
}

TEST_CASE("verify.sql runs once an issue's migrations are all applied, and is recorded") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_nick.up.sql", kAddColumn);
  f.dir.write("issue-1/sql/101_issue_1_contract_drop.up.sql", "ALTER TABLE users DROP COLUMN old;\n");
  f.dir.write("issue-1/verify.sql",
              "SELECT '1. nick exists' AS check_name, true AS ok;\nSELECT '2. old is gone' AS check_name, false AS ok;\n");
  f.session.canned["'1. nick exists' AS check_name"] = {{"1. nick exists", "t"}};
  f.session.canned["'2. old is gone' AS check_name"] = {{"2. old is gone", "f"}};
  // Without --contract the issue is not complete: no verification yet.
  auto partial = f.run();
  REQUIRE(partial.code == core::ExitCode::Refused);  // the contract file needs --contract
  runner::RunOptions expand_only;
  expand_only.phase = "expand";
  auto expand = f.run(expand_only);
  REQUIRE(expand.code == core::ExitCode::Ok);
  CHECK(expand.checks.empty());
  CHECK(f.session.history.size() == 1);  // the expand migration's row
  runner::RunOptions all;
  all.contract = true;
  const auto out = f.run(all);
  CHECK(out.code == core::ExitCode::MigrationFailed);
  REQUIRE(out.checks.size() == 2);
  CHECK(out.checks[0].ok);
  CHECK(out.checks[0].name == "1. nick exists");
  CHECK_FALSE(out.checks[1].ok);
  CHECK(out.message == "1 verification check failed after the migrations were applied");
  CHECK(f.session.committed_count("INSERT INTO schemashift.verification") == 2);
  CHECK(f.session.committed_count("DROP COLUMN old") == 1);
}

TEST_CASE("repair accepts a changed applied file: the new checksum is recorded, the old one kept") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_a.up.sql", kAddColumn);
  f.session.history.push_back(f.row("100", "issue_1_expand_a", runner::RowStatus::Success, "oldsum"));
  auto set = f.dir.load();
  auto rt = f.runtime();
  // Listed, not recorded, without a confirmation.
  runner::RepairOptions o;
  const auto refused = runner::repair(set, rt, o);
  CHECK(refused.code == core::ExitCode::Refused);
  REQUIRE(refused.planned.size() == 1);
  CHECK(f.session.sent_count("checksum_changes (history_id") == 0);
  // An unknown or unmodified version is an input error.
  o.version = "999";
  CHECK(runner::repair(set, rt, o).code == core::ExitCode::InvalidInput);
  o.version = "100";
  o.yes = true;
  const auto accepted = runner::repair(set, rt, o);
  CHECK(accepted.code == core::ExitCode::Ok);
  CHECK(accepted.done.size() == 1);
  CHECK(f.session.committed_count("'oldsum', '" + set.files[0].checksum + "'") == 1);
  CHECK(f.session.committed_count("SET checksum = '" + set.files[0].checksum + "' WHERE id = 1") == 1);
}

TEST_CASE("RunOptions::blocked lets a BLOCKED migration run (verify's scratch database); off by default") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_expand_a.up.sql", "ALTER TABLE users DROP COLUMN nick;\n");
  runner::RunOptions o;
  o.maintenance_window = true;
  const auto refused = f.run(o);
  CHECK(refused.code == core::ExitCode::Findings);
  CHECK(refused.message.find("BLOCKED") != std::string::npos);
  CHECK(f.session.sent_count("DROP COLUMN") == 0);
  o.blocked = true;
  CHECK(f.run(o).code == core::ExitCode::Ok);
  CHECK(f.session.committed_count("DROP COLUMN nick") == 1);
}
