#include "runner/retry.hpp"

#include <algorithm>
#include <cmath>

namespace schemashift::runner {

std::chrono::milliseconds RetryPolicy::delay(int n, double random) const {
  const double exponential = static_cast<double>(base_delay.count()) * std::pow(2.0, std::max(0, n - 1));
  const double capped = std::min(exponential, static_cast<double>(max_delay.count()));
  return std::chrono::milliseconds(static_cast<long long>(capped * (0.5 + 0.5 * std::clamp(random, 0.0, 1.0))));
}

bool is_lock_failure(const std::string& sqlstate) { return sqlstate == "55P03" || sqlstate == "40P01"; }

}  // namespace schemashift::runner
