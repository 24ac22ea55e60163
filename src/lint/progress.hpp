#pragma once
// "linting 120/4000 files" on stderr, rewritten in place, only for long runs on a
// terminal. Shared by the worker threads.
#include <cstddef>
#include <iosfwd>
#include <mutex>
#include <string>

namespace schemashift::lint {

class Progress {
 public:
  Progress(std::size_t total, std::ostream& err);
  void step();
  // Prints a line to `err` (clearing the progress line first).
  void report_error(const std::string& message);
  void clear();

 private:
  void clear_line();
  std::ostream& err_;
  std::mutex mutex_;
  std::size_t done_ = 0;
  std::size_t total_;
  bool on_;
};

}  // namespace schemashift::lint
