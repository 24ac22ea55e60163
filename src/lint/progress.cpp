#include "lint/progress.hpp"

#include <cstdio>
#include <ostream>

#include <unistd.h>

namespace schemashift::lint {

namespace {
constexpr std::size_t kProgressThreshold = 50;  // files before a progress line is worth it
}

Progress::Progress(std::size_t total, std::ostream& err)
    : err_(err), total_(total), on_(total > kProgressThreshold && ::isatty(2) == 1) {}

void Progress::step() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  if (on_) std::fprintf(stderr, "\rlinting %zu/%zu files", done_, total_);
}

void Progress::report_error(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  clear_line();
  err_ << message << "\n";
}

void Progress::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  clear_line();
}

void Progress::clear_line() {
  if (on_) std::fprintf(stderr, "\r%*s\r", 40, "");
}

}  // namespace schemashift::lint
