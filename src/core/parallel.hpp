#pragma once
// parallel_for(n, fn): fn(0) ... fn(n-1) on one worker per core (the calling thread is
// one of them). Each index runs exactly once; callers write results into per-index slots,
// so output never depends on scheduling. Link with Threads::Threads.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace schemashift::core {

template <typename Fn>
void parallel_for(std::size_t count, Fn fn) {
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) fn(i);
  };
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < std::min(cores, count); ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

}  // namespace schemashift::core
