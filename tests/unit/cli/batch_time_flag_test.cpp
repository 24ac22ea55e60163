// run/revert --batch-time: a duration up to 1min, or 0 (fixed batches); anything else exits 2.
#include <catch2/catch.hpp>

#include "cli/apply_command.hpp"

using namespace schemashift;

TEST_CASE("the flag --batch-time is a duration with its unit, 0 to 1min", "[cli][backfill]") {
  for (const auto& [text, ms] : std::vector<std::pair<std::string, long long>>{
           {"0", 0}, {"200ms", 200}, {"2s", 2000}, {"1min", 60'000}}) {
    cli::ApplyFlags flags;
    flags.batch_time = text;
    runner::ApplyOptions options;
    INFO(text);
    CHECK_FALSE(cli::apply_backfill_flags(flags, options));
    REQUIRE(options.batch_time);
    CHECK(options.batch_time->count() == ms);
  }
  for (const char* bad : {"200", "fast", "2min", "-1s", "1.5s"}) {
    cli::ApplyFlags flags;
    flags.batch_time = bad;
    runner::ApplyOptions options;
    const auto message = cli::apply_backfill_flags(flags, options);
    INFO(bad);
    REQUIRE(message);
    CHECK(message->find("--batch-time must be 0 or a duration with its unit up to 1min") == 0);
    CHECK(message->find(std::string("\"") + bad + "\"") != std::string::npos);
    CHECK_FALSE(options.batch_time);
  }
  cli::ApplyFlags none;
  runner::ApplyOptions options;
  CHECK_FALSE(cli::apply_backfill_flags(none, options));
  CHECK_FALSE(options.batch_time);  // the file's own batch_time
}
