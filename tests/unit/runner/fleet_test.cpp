#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>

#include "core/error.hpp"
#include "fake_session.hpp"
#include "runner/fleet.hpp"

using namespace schemashift;

TEST_CASE("visit_fleet: every database at once; one that fails does not stop the others", "[runner]") {
  const std::vector<runner::FleetMember> members = {
      {"user-service", "postgresql://users", ""},
      {"feed-service", "postgresql://down", ""},
      {"media-service", "", "not configured: DATABASE_URL_MEDIA_SERVICE is not set"},
      {"content-service", "postgresql://content", ""},
  };
  // The two reachable visits wait for each other: they can only both finish if they run
  // at the same time (a sequential loop would never get past the first).
  std::mutex m;
  std::condition_variable cv;
  int started = 0;
  std::vector<std::string> seen(members.size());
  const auto connect = [](const std::string& url) -> std::unique_ptr<runner::Session> {
    if (url == "postgresql://down") throw core::Error("cannot connect to postgresql://down: Connection refused");
    return std::make_unique<test::FakeSession>();
  };
  const auto reached = runner::visit_fleet(members, connect, [&](std::size_t i, runner::Session&) {
    std::unique_lock<std::mutex> lock(m);
    ++started;
    cv.notify_all();
    const bool both = cv.wait_for(lock, std::chrono::seconds(10), [&] { return started >= 2; });
    seen[i] = both ? "together" : "alone";
    if (members[i].name == "content-service") throw core::Error("history table unreadable");
  });
  REQUIRE(reached.size() == 4);
  CHECK(reached[0].error.empty());
  CHECK(seen[0] == "together");
  CHECK(reached[1].error == "cannot connect to postgresql://down: Connection refused");
  CHECK(reached[2].error == "not configured: DATABASE_URL_MEDIA_SERVICE is not set");
  CHECK(seen[2].empty());  // never contacted
  CHECK(reached[3].error == "history table unreadable");
  CHECK(seen[3] == "together");
}
