// --batch-time reaches a rendered backfill as schemashift.batch_target_ms (core/backfill_protocol.hpp),
// set before the statement and reset after it like the other settings.
#include <catch2/catch.hpp>

#include "runner/backfill_progress.hpp"

using namespace schemashift;
using std::chrono::milliseconds;

TEST_CASE("the batch time is a session setting only when it was given", "[runner][backfill]") {
  runner::BackfillSettings s;
  auto has = [](const std::vector<std::pair<std::string, std::string>>& pairs, const std::string& name) {
    for (const auto& [n, v] : pairs) {
      if (n == name) return v;
    }
    return std::string("<unset>");
  };
  CHECK(has(s.pairs(), "schemashift.batch_target_ms") == "<unset>");
  s.batch_time = milliseconds(0);
  CHECK(has(s.pairs(), "schemashift.batch_target_ms") == "0");
  s.batch_time = milliseconds(350);
  const auto pairs = s.pairs();
  CHECK(has(pairs, "schemashift.batch_target_ms") == "350");
  CHECK(runner::set_settings_sql(pairs).find("set_config('schemashift.batch_target_ms', '350', false)") !=
        std::string::npos);
  CHECK(runner::reset_settings_sql(pairs).find("RESET schemashift.batch_target_ms") != std::string::npos);
}
