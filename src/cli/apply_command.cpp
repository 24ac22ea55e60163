#include "cli/apply_command.hpp"

#include <charconv>
#include <iostream>

#include <fmt/format.h>

#include "cli/runner_output.hpp"
#include "core/duration.hpp"
#include "core/text.hpp"

namespace schemashift::cli {

namespace {

constexpr long long kMaxBatchSize = 1'000'000;
constexpr long long kMaxBatchDelayMs = 60'000;
constexpr long long kMaxBatchTimeMs = 60'000;

// A backfill duration flag as typed: "" leaves `out` unset (the file's own value); else 0
// or a duration with its unit up to `max_ms`, or the message that says how to write it.
std::optional<std::string> read_backfill_duration(const std::string& flag, const std::string& text, long long max_ms,
                                                  const char* examples, std::optional<std::chrono::milliseconds>& out) {
  if (text.empty()) return std::nullopt;
  const auto ms = core::parse_duration(text, core::DurationSyntax::Spec);
  if (!ms || *ms > max_ms) {
    return fmt::format("{} must be 0 or a duration with its unit up to {} ({}), not \"{}\"", flag,
                       core::format_duration(max_ms), examples, text);
  }
  out = std::chrono::milliseconds(*ms);
  return std::nullopt;
}

}  // namespace

void add_apply_flags(CLI::App* cmd, ApplyFlags& a) {
  cmd->add_option("--lock-timeout", a.lock_timeout_ms,
                  "ms a statement that blocks reads or writes may wait for its lock before it is retried "
                  "(default: the project's defaults.lock_timeout, else 500)")
      ->check(CLI::Range(1LL, 600'000LL))
      ->each([&a](const std::string&) { a.lock_timeout_given = true; });
  cmd->add_option("--wait-free", a.free_wait_ms,
                  "ms to wait, without queueing, for other sessions to release locks that conflict with a "
                  "blocking statement before asking for them (0: ask at once)")
      ->check(CLI::Range(0LL, 3'600'000LL))
      ->capture_default_str();
  cmd->add_option_function<int>(
         "--retries", [&a](const int& v) { a.retries = v; },
         "retries after a lock timeout or deadlock, with backoff (default: the project's defaults.retries, else the "
         "lock_retries of the spec a migration was scaffolded from, else 5)")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--retry-delay", a.retry_delay_ms,
                  "ms before the first retry; each later one waits twice as long (at most 10 s), times a random "
                  "0.5-1.0 so that two runners do not collide again")
      ->check(CLI::Range(1LL, 600'000LL))
      ->capture_default_str();
  cmd->add_option("--lock-wait", a.lock_wait_ms, "ms to wait for another runner on the same database")
      ->check(CLI::Range(0LL, 3'600'000LL))
      ->capture_default_str();
  cmd->add_option("--batch-size", a.batch_size,
                  fmt::format("rows in the first batch of the backfills scaffold wrote (every batch with "
                              "--batch-time 0), 1 to {} (default: the project's defaults.batch_size, else the "
                              "file's, from the spec's batch_size)",
                              core::thousands(kMaxBatchSize)))
      ->type_name("N");
  cmd->add_option("--batch-time", a.batch_time,
                  "time each backfill batch aims at: the next batch's rows follow the last one's measured time "
                  "(at most twice as many); 0, or a number with ms, s or min, at most 1min; 0 keeps every batch "
                  "at --batch-size (default: the file's, from the spec's batch_time, 200ms)")
      ->type_name("DURATION");
  cmd->add_option("--batch-delay", a.batch_delay,
                  "pause between backfill batches: 0, or a number with ms, s or min (5ms, 1s); at most 1min "
                  "(default: the project's defaults.batch_delay, else the file's, from the spec's batch_pause)")
      ->type_name("DURATION");
}

void apply_project_defaults(const project::Defaults& d, DatabaseFlags& db, ApplyFlags& a) {
  if (d.lock_timeout && !a.lock_timeout_given) a.lock_timeout_ms = d.lock_timeout->ms;
  if (d.retries && !a.retries) a.retries = static_cast<int>(*d.retries);
  if (d.batch_size && a.batch_size.empty()) a.batch_size = std::to_string(*d.batch_size);
  if (d.batch_delay && a.batch_delay.empty()) a.batch_delay = d.batch_delay->text;
  db.history_schema = history_schema_of(db, d);
}

std::optional<std::string> apply_backfill_flags(const ApplyFlags& flags, runner::ApplyOptions& options) {
  if (!flags.batch_size.empty()) {
    long long n = 0;
    const auto [end, ec] = std::from_chars(flags.batch_size.data(), flags.batch_size.data() + flags.batch_size.size(), n);
    if (ec != std::errc() || end != flags.batch_size.data() + flags.batch_size.size() || n < 1 || n > kMaxBatchSize) {
      return fmt::format("--batch-size must be a whole number of rows from 1 to {}, not \"{}\"",
                         core::thousands(kMaxBatchSize), flags.batch_size);
    }
    options.batch_size = n;
  }
  if (auto bad = read_backfill_duration("--batch-delay", flags.batch_delay, kMaxBatchDelayMs, "5ms, 250ms, 2s",
                                        options.batch_delay)) {
    return bad;
  }
  return read_backfill_duration("--batch-time", flags.batch_time, kMaxBatchTimeMs, "100ms, 500ms, 2s", options.batch_time);
}

int run_apply_command(const DatabaseFlags& db, const ApplyFlags& flags, const std::string& action,
                      runner::Direction direction,
                      const std::function<runner::Outcome(const runner::MigrationSet&, runner::Runtime&,
                                                          const std::string& url)>& apply) {
  runner::ApplyOptions options;
  if (const auto bad = apply_backfill_flags(flags, options)) {  // a typo costs nothing to report
    std::cerr << "schemashift: " << *bad << "\n";
    return static_cast<int>(core::ExitCode::InvalidInput);
  }
  const std::string url = database_url(db);  // then the most basic thing a user can miss
  const auto set = load_migrations(db);
  if (!set) return static_cast<int>(core::ExitCode::InvalidInput);
  const auto session = connect(url);
  const bool json = db.format == "json";
  const Style style{!json && use_color(db.color, 1)};
  std::ostream& events = json ? std::cerr : std::cout;
  const int fd = json ? 2 : 1;
  EventPrinter printer(events, style, ProgressPrinter(events, progress_display(json, fd), terminal_columns(fd)));
  options.lock_timeout = std::chrono::milliseconds(flags.lock_timeout_ms);
  options.free_wait = std::chrono::milliseconds(flags.free_wait_ms);
  if (flags.retries) options.retry.retries = *flags.retries;
  options.retry.base_delay = std::chrono::milliseconds(flags.retry_delay_ms);
  options.file_retries = !flags.retries;
  runner::Runtime rt{*session, runner::system_clock(), printer, runner::History(db.history_schema),
                     std::chrono::milliseconds(flags.lock_wait_ms), options, terminal_confirm()};
  const runner::Outcome outcome = apply(*set, rt, url);
  return report_outcome(outcome, action, direction, json, session->describe(), style, use_color(db.color, 2));
}

}  // namespace schemashift::cli
