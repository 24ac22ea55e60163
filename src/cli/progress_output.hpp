#pragma once
// How a backfill's progress is shown while it runs: one line updated in place on a
// terminal, a plain line every few seconds in a log, or JSON lines for scripts. The rate
// and ETA come computed from runner/ (runner/backfill_progress.hpp); this only formats and
// decides how often to show them.
#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include "runner/backfill_progress.hpp"
#include "runner/migration_files.hpp"

namespace schemashift::cli {

enum class ProgressDisplay {
  Terminal,  // one line rewritten with a carriage return, a few times a second
  Lines,     // a plain line at most every 5 s (not a terminal: CI logs, files)
  Json,      // one JSON object per line, at most every second (--format json, on stderr)
};

// The display for the stream: Json with --format json, else Terminal when `fd` is a
// terminal (and TERM is not "dumb"), else Lines.
ProgressDisplay progress_display(bool json, int fd);
// The width of the terminal on `fd`; 0 when unknown.
std::size_t terminal_columns(int fd);

class ProgressPrinter {
 public:
  // `columns`: the terminal's width; an updating line is cut to fit it, since a line that
  // wraps can no longer be rewritten with a carriage return. 0: not cut.
  ProgressPrinter(std::ostream& out, ProgressDisplay display, std::size_t columns = 0)
      : out_(out), display_(display), columns_(columns) {}
  // A backfill statement starts: its first progress is shown at once.
  void start();
  void show(const runner::MigrationFile& file, const runner::BackfillProgress& p);
  // Ends an updating line, so that the next output starts on a line of its own.
  void interrupt();

 private:
  bool due(const runner::BackfillProgress& p) const;
  void write_line(const std::string& text);

  std::ostream& out_;
  ProgressDisplay display_;
  std::size_t columns_;
  std::optional<std::chrono::milliseconds> last_shown_;
  bool resumed_said_ = false;
  std::size_t open_width_ = 0;  // columns of the updating line on screen; 0: none open
};

// "users.email_verified: 61,000 of ~200,000 rows (30%), 12,345 rows/s, ETA ~11 s" and,
// once done, "users.email_verified: done, 200,000 rows in 16 s (12,345 rows/s), 160,000 updated".
std::string progress_text(const runner::BackfillProgress& p);

}  // namespace schemashift::cli
