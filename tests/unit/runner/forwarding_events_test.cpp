// runner::ForwardingEvents passes every report on: a decorator overrides only what it adds to.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "runner/events.hpp"

using namespace schemashift;
using namespace schemashift::runner;

namespace {

// Records the name of every event it receives.
class Recorder final : public Events {
 public:
  std::vector<std::string> seen;
  void planned(const std::vector<Planned>&, Direction) override { seen.push_back("planned"); }
  void migration_started(const MigrationFile&, Direction, const Script&, int) override { seen.push_back("started"); }
  void statement_started(const MigrationFile&, std::size_t, const ScriptStatement&) override { seen.push_back("statement"); }
  void retrying(const MigrationFile&, int, int, const Result&, std::chrono::milliseconds) override { seen.push_back("retrying"); }
  void waited_for_locks(const MigrationFile&, const LockWait&) override { seen.push_back("waited"); }
  void invalid_index_dropped(const MigrationFile&, const std::string&) override { seen.push_back("invalid_index"); }
  void preflight_checked(const MigrationFile&, const std::vector<PreflightResult>&) override { seen.push_back("preflight"); }
  void notice(const MigrationFile&, const std::string&) override { seen.push_back("notice"); }
  void backfill_progress(const MigrationFile&, const BackfillProgress&) override { seen.push_back("backfill"); }
  void verified(int, const std::vector<CheckResult>&) override { seen.push_back("verified"); }
  void migration_done(const MigrationFile&, Direction, std::chrono::milliseconds, int) override { seen.push_back("done"); }
  void migration_failed(const MigrationFile&, Direction, const ScriptStatement*, const Result&, int) override {
    seen.push_back("failed");
  }
};

// Adds to one event only.
class CountsStatements final : public ForwardingEvents {
 public:
  using ForwardingEvents::ForwardingEvents;
  int statements = 0;
  void statement_started(const MigrationFile& f, std::size_t i, const ScriptStatement& st) override {
    ++statements;
    ForwardingEvents::statement_started(f, i, st);
  }
};

}  // namespace

TEST_CASE("ForwardingEvents forwards every event, also those a subclass does not override", "[runner][events]") {
  Recorder inner;
  CountsStatements events(inner);
  Events& e = events;
  const MigrationFile f;
  const Script script;
  const ScriptStatement st;
  const Result r;
  e.planned({}, Direction::Up);
  e.migration_started(f, Direction::Up, script, 0);
  e.statement_started(f, 0, st);
  e.retrying(f, 1, 3, r, std::chrono::milliseconds(10));
  e.waited_for_locks(f, LockWait{});
  e.invalid_index_dropped(f, "i");
  e.preflight_checked(f, {});
  e.notice(f, "n");
  e.backfill_progress(f, BackfillProgress{});
  e.verified(1, {});
  e.migration_done(f, Direction::Up, std::chrono::milliseconds(1), 1);
  e.migration_failed(f, Direction::Up, &st, r, 1);
  CHECK(events.statements == 1);
  CHECK(inner.seen == std::vector<std::string>{"planned", "started", "statement", "retrying", "waited", "invalid_index",
                                               "preflight", "notice", "backfill", "verified", "done", "failed"});
}
