#include "cli/apply_command.hpp"

#include <iostream>

#include "cli/runner_output.hpp"

namespace schemashift::cli {

void add_apply_flags(CLI::App* cmd, ApplyFlags& a) {
  cmd->add_option("--lock-timeout", a.lock_timeout_ms,
                  "ms a statement that blocks reads or writes may wait for its lock before it is retried")
      ->check(CLI::Range(1LL, 600'000LL))
      ->capture_default_str();
  cmd->add_option("--wait-free", a.free_wait_ms,
                  "ms to wait, without queueing, for other sessions to release locks that conflict with a "
                  "blocking statement before asking for them (0: ask at once)")
      ->check(CLI::Range(0LL, 3'600'000LL))
      ->capture_default_str();
  cmd->add_option_function<int>(
         "--retries", [&a](const int& v) { a.retries = v; },
         "retries after a lock timeout or deadlock, with backoff (default: the lock_retries of the spec a migration was "
         "scaffolded from, else 5)")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--lock-wait", a.lock_wait_ms, "ms to wait for another runner on the same database")
      ->check(CLI::Range(0LL, 3'600'000LL))
      ->capture_default_str();
}

int run_apply_command(const DatabaseFlags& db, const ApplyFlags& flags, const std::string& action,
                      runner::Direction direction,
                      const std::function<runner::Outcome(const runner::MigrationSet&, runner::Runtime&,
                                                          const std::string& url)>& apply) {
  const std::string url = database_url(db);  // first: the most basic thing a user can miss
  const auto set = load_migrations(db);
  if (!set) return static_cast<int>(core::ExitCode::InvalidInput);
  const auto session = connect(url);
  const bool json = db.format == "json";
  const Style style{!json && use_color(db.color, 1)};
  EventPrinter printer(json ? std::cerr : std::cout, style);
  runner::ApplyOptions options;
  options.lock_timeout = std::chrono::milliseconds(flags.lock_timeout_ms);
  options.free_wait = std::chrono::milliseconds(flags.free_wait_ms);
  if (flags.retries) options.retry.retries = *flags.retries;
  options.file_retries = !flags.retries;
  runner::Runtime rt{*session, runner::system_clock(), printer, runner::History(db.history_schema),
                     std::chrono::milliseconds(flags.lock_wait_ms), options, terminal_confirm()};
  const runner::Outcome outcome = apply(*set, rt, url);
  return report_outcome(outcome, action, direction, json, session->describe(), style, use_color(db.color, 2));
}

}  // namespace schemashift::cli
