#pragma once
// parallel_for(n, fn): fn(0) ... fn(n-1) on one worker per core (the calling thread is
// one of them). Each index runs exactly once; callers write results into per-index slots,
// so output never depends on scheduling. Link with Threads::Threads.
//
// An exception thrown by fn never leaves its worker thread (that would be std::terminate):
// the first one is kept, no further index is started, and it is rethrown on the calling
// thread once every worker has finished. Callers that must go on after one index fails
// (lint: one bad file among many) catch inside fn.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace schemashift::core {

template <typename Fn>
void parallel_for(std::size_t count, Fn fn) {
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  const auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;
      }
    }
  };
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < std::min(cores, count); ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace schemashift::core
