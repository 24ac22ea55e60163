#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/parallel.hpp"

using namespace schemashift::core;

TEST_CASE("parallel_for runs every index once", "[core][parallel]") {
  std::vector<int> runs(100, 0);
  parallel_for(runs.size(), [&](std::size_t i) { ++runs[i]; });
  CHECK(runs == std::vector<int>(100, 1));
}

TEST_CASE("an exception in a worker reaches the caller instead of terminating", "[core][parallel]") {
  // Every index throws, so whichever thread runs one (a worker or the caller) throws: an
  // exception leaving a std::thread was std::terminate.
  std::atomic<int> started{0};
  CHECK_THROWS_WITH(parallel_for(64,
                                 [&](std::size_t) {
                                   ++started;
                                   std::this_thread::yield();
                                   throw std::runtime_error("bad file");
                                 }),
                    "bad file");
  // No further index starts once one failed (at most one per thread was already running).
  CHECK(started.load() <= static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}
