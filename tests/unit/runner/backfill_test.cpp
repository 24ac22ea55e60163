// Backfills scaffold renders, as the runner drives them: the progress NOTICE protocol, the
// rate and ETA, the session settings set and reset around each one, and resumption after
// the key the history row recorded — for the interrupted statement only.
#include <catch2/catch.hpp>

#include "fake_session.hpp"
#include "runner/backfill_progress.hpp"
#include "runner/run.hpp"
#include "runner_test_support.hpp"

using namespace schemashift;
using test::FakeClock;
using test::FakeSession;
using test::TempDir;
using std::chrono::milliseconds;

namespace {

// What matters of a rendered backfill to the runner: a DO block that COMMITs (so it runs in
// autocommit) and reads the runner's settings.
std::string backfill(const std::string& table) {
  return "DO $$\nDECLARE\n  batch_size integer := coalesce(nullif(current_setting('schemashift.batch_size', true), "
         "'')::integer, 100);\nBEGIN\n  UPDATE " +
         table + " SET done = true;\n  COMMIT;\nEND\n$$;\n";
}

constexpr const char* kSettings = "SELECT set_config(";

class Recorder final : public runner::Events {
 public:
  std::vector<runner::BackfillProgress> progress;
  std::vector<std::string> notices;
  void backfill_progress(const runner::MigrationFile&, const runner::BackfillProgress& p) override {
    progress.push_back(p);
  }
  void notice(const runner::MigrationFile&, const std::string& message) override { notices.push_back(message); }
};

struct Fixture {
  TempDir dir;
  FakeSession session;
  FakeClock clock;
  Recorder events;
  runner::ApplyOptions apply;

  runner::Outcome run() {
    auto set = dir.load();
    runner::Runtime rt{session, clock, events, runner::History("schemashift"), milliseconds(1000), apply, nullptr};
    return runner::run(set, rt, {});
  }
  // The settings statements sent, in order.
  std::vector<std::string> settings_sent() const {
    std::vector<std::string> out;
    for (const auto& s : session.sent) {
      if (s.rfind(kSettings, 0) == 0) out.push_back(s);
    }
    return out;
  }
  runner::HistoryRow interrupted(const std::string& checksum, int done, std::optional<runner::ResumePoint> resume) {
    runner::HistoryRow h;
    h.id = 7;
    h.version = "100";
    h.name = "100_issue_1_migrate_fill";
    h.status = runner::RowStatus::Running;
    h.checksum = checksum;
    h.statements_done = done;
    h.resume = std::move(resume);
    h.applied_at = "2026-01-01T00:00:00Z";
    return h;
  }
};

bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("progress NOTICEs are parsed by their prefix and JSON; any other NOTICE is not") {
  const auto n = runner::parse_backfill_notice(
      R"(schemashift:backfill {"label" : "users.email_verified", "scanned" : 5000, "updated" : 4100, )"
      R"("estimate" : 200000, "last" : ["5000"], "done" : false})");
  REQUIRE(n);
  CHECK(n->label == "users.email_verified");
  CHECK(n->scanned == 5000);
  CHECK(n->updated == 4100);
  CHECK(n->estimate == 200000);
  CHECK(n->last == std::vector<std::optional<std::string>>{std::string("5000")});
  CHECK_FALSE(n->done);

  const auto empty = runner::parse_backfill_notice(
      R"(schemashift:backfill {"label": "t", "scanned": 0, "updated": 0, "estimate": -1, "last": [null, null], "done": true})");
  REQUIRE(empty);
  CHECK(empty->done);
  CHECK(empty->estimate == -1);
  CHECK(empty->last == std::vector<std::optional<std::string>>{std::nullopt, std::nullopt});

  CHECK_FALSE(runner::parse_backfill_notice("backfill users.email_verified: 100 batches, 500000 rows updated"));
  CHECK_FALSE(runner::parse_backfill_notice("schemashift:backfill {not json"));
  CHECK_FALSE(runner::parse_backfill_notice("schemashift:backfill [1, 2]"));
  CHECK_FALSE(runner::parse_backfill_notice(R"(backfill done: schemashift:backfill {"scanned": 1})"));
}

TEST_CASE("the recorded position is read from history.resume_key") {
  const auto p = runner::parse_resume_point(R"({"key": ["7", "2024-01-01 00:00:00+00"], "scanned": 12000, "updated": 9})");
  REQUIRE(p);
  CHECK(p->key == std::vector<std::string>{"7", "2024-01-01 00:00:00+00"});
  CHECK(p->key_text() == "(7, 2024-01-01 00:00:00+00)");
  CHECK(p->scanned == 12000);
  CHECK(p->updated == 9);
  CHECK(runner::parse_resume_point(R"({"key": ["61000"]})")->key_text() == "61000");
  CHECK_FALSE(runner::parse_resume_point("null"));  // the column holds SQL NULL as JSON null here
  CHECK_FALSE(runner::parse_resume_point(""));      // a history table from before the column
  CHECK_FALSE(runner::parse_resume_point(R"({"key": []})"));
  CHECK_FALSE(runner::parse_resume_point(R"({"key": [null]})"));
}

TEST_CASE("rate and ETA count the keys visited in this run against the pg_class estimate") {
  FakeClock clock;
  const auto start = clock.now();
  runner::BackfillNotice n;
  n.estimate = 100'000;
  n.scanned = 10'000;

  SECTION("from the first key") {
    const runner::BackfillMeter meter(start, std::nullopt);
    clock.sleep(milliseconds(2000));
    const auto p = meter.measure(n, clock.now());
    CHECK(p.elapsed == milliseconds(2000));
    CHECK(p.rate == Approx(5000));
    CHECK(*p.fraction == Approx(0.1));
    REQUIRE(p.eta);
    CHECK(*p.eta == milliseconds(18'000));
    CHECK(p.scanned_this_run() == 10'000);
  }
  SECTION("after a resume: the keys done before are progress, not speed") {
    const runner::BackfillMeter meter(start, runner::ResumePoint{{"40000"}, 40'000, 30'000});
    n.scanned = 50'000;
    clock.sleep(milliseconds(2000));
    const auto p = meter.measure(n, clock.now());
    CHECK(p.rate == Approx(5000));
    CHECK(*p.fraction == Approx(0.5));
    CHECK(*p.eta == milliseconds(10'000));
    CHECK(p.scanned_this_run() == 10'000);
  }
  SECTION("no ETA without an estimate, past it, once done, or before time has passed") {
    const runner::BackfillMeter meter(start, std::nullopt);
    CHECK_FALSE(meter.measure(n, clock.now()).eta);  // 0 ms elapsed: no rate yet
    CHECK(meter.measure(n, clock.now()).rate == 0);
    clock.sleep(milliseconds(1000));
    n.estimate = -1;  // never analysed
    auto p = meter.measure(n, clock.now());
    CHECK_FALSE(p.fraction);
    CHECK_FALSE(p.eta);
    CHECK(p.rate == Approx(10'000));
    n.estimate = 8'000;  // reltuples is an estimate: the table has more
    p = meter.measure(n, clock.now());
    CHECK(*p.fraction == 1.0);
    CHECK_FALSE(p.eta);
    n.estimate = 100'000;
    n.done = true;
    CHECK_FALSE(meter.measure(n, clock.now()).eta);
  }
}

TEST_CASE("a backfill runs with the runner's settings, which are reset right after it") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_migrate_fill.up.sql",
              "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON users (a);\n" + backfill("users"));
  f.apply.batch_size = 1000;
  f.apply.batch_delay = milliseconds(5);
  REQUIRE(f.run().code == core::ExitCode::Ok);
  const auto settings = f.settings_sent();
  REQUIRE(settings.size() == 1);  // the index gets none
  CHECK(settings[0] ==
        "SELECT set_config('schemashift.batch_size', '1000', false), set_config('schemashift.batch_delay_ms', '5', "
        "false), set_config('schemashift.progress', 'on', false), set_config('schemashift.history_table', "
        "'schemashift.history', false), set_config('schemashift.history_id', '101', false)");
  const auto& sent = f.session.sent;
  const auto set_at = std::find(sent.begin(), sent.end(), settings[0]);
  REQUIRE(set_at + 2 < sent.end());
  CHECK(has(*(set_at + 1), "DO $$"));
  CHECK(*(set_at + 2) ==
        "RESET schemashift.batch_size; RESET schemashift.batch_delay_ms; RESET schemashift.progress; RESET "
        "schemashift.history_table; RESET schemashift.history_id");
  // The statement done clears the position its batches recorded.
  CHECK(f.session.committed_count("SET statements_done = 2, attempts = 1, resume_key = NULL WHERE id = 101") == 1);
  CHECK(f.session.sent_count("ALTER TABLE schemashift.history ADD IF NOT EXISTS resume_key jsonb") == 1);
}

TEST_CASE("without --batch-size and --batch-delay the file's own values stay") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_migrate_fill.up.sql", backfill("users"));
  REQUIRE(f.run().code == core::ExitCode::Ok);
  const auto settings = f.settings_sent();
  REQUIRE(settings.size() == 1);
  CHECK_FALSE(has(settings[0], "batch_size"));
  CHECK_FALSE(has(settings[0], "batch_delay_ms"));
  CHECK(has(settings[0], "set_config('schemashift.progress', 'on', false)"));
}

TEST_CASE("progress NOTICEs of a backfill become progress events; other NOTICEs stay notices") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_migrate_fill.up.sql", backfill("users") + "DO $$ BEGIN RAISE NOTICE 'x'; END $$;\n");
  f.session.notices_on["UPDATE users SET done"] = {
      R"(schemashift:backfill {"label": "users", "scanned": 100, "updated": 90, "estimate": 200, "last": ["100"], "done": false})",
      "backfill users: 100 batches, 90 rows updated",
      R"(schemashift:backfill {"label": "users", "scanned": 200, "updated": 180, "estimate": 200, "last": ["200"], "done": true})"};
  // A file's own block that happens to speak the protocol is not a backfill the runner started.
  f.session.notices_on["RAISE NOTICE 'x'"] = {
      R"(schemashift:backfill {"label": "fake", "scanned": 1, "updated": 1, "estimate": 1, "last": ["1"], "done": true})"};
  REQUIRE(f.run().code == core::ExitCode::Ok);
  REQUIRE(f.events.progress.size() == 2);
  CHECK(f.events.progress[0].notice.scanned == 100);
  CHECK(*f.events.progress[0].fraction == Approx(0.5));
  CHECK_FALSE(f.events.progress[0].resumed);
  CHECK(f.events.progress[1].notice.done);
  REQUIRE(f.events.notices.size() == 2);
  CHECK(f.events.notices[0] == "backfill users: 100 batches, 90 rows updated");
  CHECK(has(f.events.notices[1], "\"label\": \"fake\""));
}

TEST_CASE("an interrupted backfill resumes after its recorded key; the next backfill starts at its first") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_migrate_fill.up.sql", backfill("users") + backfill("posts"));
  const std::string checksum = f.dir.load().files[0].checksum;
  f.apply.batch_size = 1000;

  SECTION("killed in the first backfill (statements_done 0): the row is resumed, not replaced") {
    f.session.history.push_back(f.interrupted(checksum, 0, runner::ResumePoint{{"87000"}, 87'000, 69'600}));
    const auto out = f.run();
    REQUIRE(out.code == core::ExitCode::Ok);
    CHECK(f.session.sent_count("INSERT INTO schemashift.history") == 0);
    CHECK(f.session.committed_count("UPDATE schemashift.history SET status = 'running', error = NULL WHERE id = 7") == 1);
    const auto settings = f.settings_sent();
    REQUIRE(settings.size() == 2);
    CHECK(has(settings[0], "set_config('schemashift.history_id', '7', false), "
                           "set_config('schemashift.resume_k1', '87000', false), "
                           "set_config('schemashift.resume_scanned', '87000', false), "
                           "set_config('schemashift.resume_updated', '69600', false)"));
    CHECK(has(f.session.sent[std::find(f.session.sent.begin(), f.session.sent.end(), settings[0]) -
                             f.session.sent.begin() + 2],
              "RESET schemashift.resume_k1; RESET schemashift.resume_scanned; RESET schemashift.resume_updated"));
    CHECK_FALSE(has(settings[1], "resume"));
    CHECK(f.session.sent_count("UPDATE users SET done") == 1);
    CHECK(f.session.sent_count("UPDATE posts SET done") == 1);
  }
  SECTION("killed in the second (statements_done 1): the first is not sent again") {
    f.session.history.push_back(f.interrupted(checksum, 1, runner::ResumePoint{{"500"}, 500, 400}));
    REQUIRE(f.run().code == core::ExitCode::Ok);
    CHECK(f.session.sent_count("UPDATE users SET done") == 0);
    const auto settings = f.settings_sent();
    REQUIRE(settings.size() == 1);
    CHECK(has(settings[0], "set_config('schemashift.resume_k1', '500', false)"));
  }
  SECTION("the progress of a resumed backfill knows where it started") {
    f.session.history.push_back(f.interrupted(checksum, 0, runner::ResumePoint{{"87000"}, 87'000, 69'600}));
    f.session.notices_on["UPDATE users SET done"] = {
        R"(schemashift:backfill {"label": "users", "scanned": 88000, "updated": 70400, "estimate": 200000, "last": ["88000"], "done": false})"};
    REQUIRE(f.run().code == core::ExitCode::Ok);
    REQUIRE(f.events.progress.size() == 1);
    REQUIRE(f.events.progress[0].resumed);
    CHECK(f.events.progress[0].resumed->key == std::vector<std::string>{"87000"});
    CHECK(f.events.progress[0].scanned_this_run() == 1000);
  }
  SECTION("the file changed since: no resumption, a new row, the first key") {
    f.session.history.push_back(f.interrupted("other-bytes", 0, runner::ResumePoint{{"87000"}, 87'000, 69'600}));
    REQUIRE(f.run().code == core::ExitCode::Ok);
    CHECK(f.session.committed_count("INSERT INTO schemashift.history") == 1);
    for (const auto& s : f.settings_sent()) CHECK_FALSE(has(s, "resume"));
  }
}

TEST_CASE("a backfill retried after a lock timeout resumes after the key its batches recorded") {
  Fixture f;
  f.dir.write("issue-1/sql/100_issue_1_migrate_fill.up.sql", backfill("users"));
  f.session.failures["UPDATE users SET done"] = {"55P03"};
  f.session.canned["SELECT resume_key::text FROM schemashift.history WHERE id = 101"] = {
      {R"({"key": ["3000"], "scanned": 3000, "updated": 2500})"}};
  const auto out = f.run();
  REQUIRE(out.code == core::ExitCode::Ok);
  CHECK(out.done[0].attempts == 2);
  const auto settings = f.settings_sent();
  REQUIRE(settings.size() == 2);
  CHECK_FALSE(has(settings[0], "resume"));
  CHECK(has(settings[1], "set_config('schemashift.resume_k1', '3000', false), "
                         "set_config('schemashift.resume_scanned', '3000', false), "
                         "set_config('schemashift.resume_updated', '2500', false)"));
  CHECK(f.session.sent_count("RESET schemashift.batch_size") == 0);
  CHECK(f.session.sent_count("RESET schemashift.progress") == 2);  // after the failed attempt too
}
