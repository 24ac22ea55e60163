#include <random>
#include <thread>

#include "runner/session.hpp"

namespace schemashift::runner {

namespace {

class SystemClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() override { return std::chrono::steady_clock::now(); }
  void sleep(std::chrono::milliseconds duration) override { std::this_thread::sleep_for(duration); }
  double random() override { return std::uniform_real_distribution<double>(0.0, 1.0)(engine_); }

 private:
  // Jitter only needs to differ between two runners started together; seeded per process.
  std::mt19937_64 engine_{std::random_device{}()};
};

}  // namespace

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

}  // namespace schemashift::runner
