#include "cli/progress_output.hpp"

#include <algorithm>
#include <cstdlib>

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace schemashift::cli {

namespace {

using std::chrono::milliseconds;

milliseconds interval(ProgressDisplay d) {
  switch (d) {
    case ProgressDisplay::Terminal: return milliseconds(250);
    case ProgressDisplay::Lines: return milliseconds(5000);
    case ProgressDisplay::Json: return milliseconds(1000);
  }
  return milliseconds(1000);
}

// Columns a UTF-8 string takes (one per code point: the texts here have no wide characters).
std::size_t columns(const std::string& s) {
  std::size_t n = 0;
  for (const unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// A measured duration: human_millis without its "about" sign.
std::string measured(milliseconds d) {
  const std::string text = core::human_millis(static_cast<double>(d.count()));
  return text.substr(std::min(text.size(), text.find_first_not_of('~')));
}

// The first `n` code points of `s`.
std::string first_columns(const std::string& s, std::size_t n) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == n) return s.substr(0, i);
  }
  return s;
}

std::string rate_text(double rate) { return core::thousands(static_cast<long long>(rate + 0.5)) + " rows/s"; }

std::string label_of(const runner::BackfillProgress& p) {
  return "backfill" + (p.notice.label.empty() ? std::string() : " " + p.notice.label);
}

nlohmann::json event_json(const runner::MigrationFile& file, const runner::BackfillProgress& p) {
  nlohmann::json last = nlohmann::json::array();
  for (const auto& k : p.notice.last) last.push_back(k ? nlohmann::json(*k) : nlohmann::json());
  return {{"event", "backfill_progress"},
          {"version", file.version},
          {"name", file.name()},
          {"label", p.notice.label},
          {"scanned", p.notice.scanned},
          {"updated", p.notice.updated},
          {"estimate", p.notice.estimate > 0 ? nlohmann::json(p.notice.estimate) : nlohmann::json()},
          {"fraction", p.fraction ? nlohmann::json(*p.fraction) : nlohmann::json()},
          {"last", last},
          {"done", p.notice.done},
          {"elapsed_ms", p.elapsed.count()},
          {"rate", static_cast<long long>(p.rate + 0.5)},
          {"eta_ms", p.eta ? nlohmann::json(p.eta->count()) : nlohmann::json()},
          {"resumed_after", p.resumed ? nlohmann::json(p.resumed->key) : nlohmann::json()},
          {"resumed_scanned", p.resumed ? p.resumed->scanned : 0}};
}

}  // namespace

ProgressDisplay progress_display(bool json, int fd) {
  if (json) return ProgressDisplay::Json;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return ProgressDisplay::Lines;
  return ::isatty(fd) == 1 ? ProgressDisplay::Terminal : ProgressDisplay::Lines;
}

std::size_t terminal_columns(int fd) {
  winsize size{};
  return ::ioctl(fd, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}

std::string progress_text(const runner::BackfillProgress& p) {
  const auto& n = p.notice;
  if (n.done) {
    const std::string this_run =
        p.resumed ? fmt::format(" ({} in this run)", core::thousands(p.scanned_this_run())) : std::string();
    return fmt::format("{}: done, {} rows{} in {} ({}), {} updated", label_of(p), core::thousands(n.scanned), this_run,
                       measured(p.elapsed), rate_text(p.rate), core::thousands(n.updated));
  }
  std::string text = label_of(p) + ": " + core::thousands(n.scanned);
  if (p.fraction) {
    text += fmt::format(" of ~{} rows ({}%)", core::thousands(n.estimate), static_cast<int>(*p.fraction * 100));
  } else {
    text += " rows";
  }
  text += ", " + rate_text(p.rate);
  if (p.eta) text += ", ETA " + core::human_millis(static_cast<double>(p.eta->count()));
  return text;
}

void ProgressPrinter::start() {
  interrupt();
  last_shown_.reset();
  resumed_said_ = false;
}

bool ProgressPrinter::due(const runner::BackfillProgress& p) const {
  return p.notice.done || !last_shown_ || p.elapsed - *last_shown_ >= interval(display_);
}

void ProgressPrinter::show(const runner::MigrationFile& file, const runner::BackfillProgress& p) {
  if (display_ != ProgressDisplay::Json && p.resumed && !resumed_said_) {
    resumed_said_ = true;
    write_line(fmt::format("  {}: resuming after key {} ({} rows done before)", label_of(p), p.resumed->key_text(),
                           core::thousands(p.resumed->scanned)));
  }
  if (!due(p)) return;
  last_shown_ = p.elapsed;
  if (display_ == ProgressDisplay::Json) {
    out_ << event_json(file, p).dump() << "\n" << std::flush;
    return;
  }
  std::string text = "  " + progress_text(p);
  if (display_ == ProgressDisplay::Lines || p.notice.done) {
    write_line(text);
    return;
  }
  if (columns_ > 1) text = first_columns(text, columns_ - 1);
  // Rewrite the line in place: back to its start, then spaces over what a longer
  // previous text left. No escape sequences, so NO_COLOR and plain terminals are served.
  const std::size_t width = columns(text);
  out_ << "\r" << text << std::string(open_width_ > width ? open_width_ - width : 0, ' ') << std::flush;
  open_width_ = width;
}

void ProgressPrinter::interrupt() {
  if (open_width_ == 0) return;
  out_ << "\n" << std::flush;
  open_width_ = 0;
}

void ProgressPrinter::write_line(const std::string& text) {
  if (display_ == ProgressDisplay::Terminal && open_width_ > 0) {
    out_ << "\r" << text << std::string(open_width_ > columns(text) ? open_width_ - columns(text) : 0, ' ') << "\n";
    open_width_ = 0;
  } else {
    out_ << text << "\n";
  }
  out_ << std::flush;
}

}  // namespace schemashift::cli
