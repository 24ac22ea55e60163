// How backfill progress is shown: an updating line on a terminal, a plain line every 5 s
// elsewhere, JSON lines for scripts — each throttled, the first and the last always shown.
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/progress_output.hpp"

using namespace schemashift;
using std::chrono::milliseconds;

namespace {

runner::BackfillProgress at(long long elapsed_ms, long long scanned, bool done = false) {
  runner::BackfillProgress p;
  p.notice.label = "users.email_verified";
  p.notice.scanned = scanned;
  p.notice.updated = scanned / 2;
  p.notice.estimate = 200'000;
  p.notice.last = {std::to_string(scanned)};
  p.notice.done = done;
  p.elapsed = milliseconds(elapsed_ms);
  p.rate = elapsed_ms > 0 ? static_cast<double>(scanned) * 1000.0 / static_cast<double>(elapsed_ms) : 0;
  p.fraction = static_cast<double>(scanned) / 200'000.0;
  if (!done && p.rate > 0) p.eta = milliseconds(static_cast<long long>((200'000 - scanned) / p.rate * 1000));
  return p;
}

runner::MigrationFile file() {
  runner::MigrationFile f;
  f.version = "20240205091202";
  f.slug = "issue_101_migrate_backfill_add_users_email_verified";
  return f;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("progress reads as rows of the estimate, rate and ETA; done says how long it took") {
  CHECK(cli::progress_text(at(5000, 60'000)) ==
        "backfill users.email_verified: 60,000 of ~200,000 rows (30%), 12,000 rows/s, ETA ~11.7 s");
  auto unknown = at(5000, 60'000);
  unknown.notice.estimate = -1;
  unknown.fraction.reset();
  unknown.eta.reset();
  CHECK(cli::progress_text(unknown) == "backfill users.email_verified: 60,000 rows, 12,000 rows/s");
  CHECK(cli::progress_text(at(16'000, 200'000, true)) ==
        "backfill users.email_verified: done, 200,000 rows in 16.0 s (12,500 rows/s), 100,000 updated");
  auto resumed = at(10'000, 200'000, true);
  resumed.resumed = runner::ResumePoint{{"87000"}, 87'000, 69'600};
  resumed.rate = 11'300;
  CHECK(cli::progress_text(resumed) ==
        "backfill users.email_verified: done, 200,000 rows (113,000 in this run) in 10.0 s (11,300 rows/s), "
        "100,000 updated");
}

TEST_CASE("not on a terminal: a plain line at most every 5 s, and the last") {
  std::ostringstream out;
  cli::ProgressPrinter printer(out, cli::ProgressDisplay::Lines);
  printer.start();
  for (long long ms = 0; ms <= 12'000; ms += 500) printer.show(file(), at(ms, ms * 10 + 1000));
  printer.show(file(), at(12'300, 200'000, true));
  const auto shown = lines(out.str());
  REQUIRE(shown.size() == 4);  // 0 s, 5 s, 10 s, done
  CHECK(shown[0].rfind("  backfill users.email_verified: 1,000 of ~200,000 rows (0%)", 0) == 0);
  CHECK(shown[1].rfind("  backfill users.email_verified: 51,000 of", 0) == 0);
  CHECK(shown[2].rfind("  backfill users.email_verified: 101,000 of", 0) == 0);
  CHECK(shown[3].rfind("  backfill users.email_verified: done, 200,000 rows in 12.3 s", 0) == 0);
  CHECK(out.str().find('\r') == std::string::npos);
  CHECK(out.str().find('\x1b') == std::string::npos);
}

TEST_CASE("on a terminal: one line rewritten in place a few times a second, ended before other output") {
  std::ostringstream out;
  cli::ProgressPrinter printer(out, cli::ProgressDisplay::Terminal);
  printer.start();
  printer.show(file(), at(0, 1000));
  printer.show(file(), at(100, 2000));  // too soon
  printer.show(file(), at(300, 123'000));
  printer.show(file(), at(600, 124'000));
  const std::string s = out.str();
  CHECK(s.find('\n') == std::string::npos);
  CHECK(std::count(s.begin(), s.end(), '\r') == 3);
  CHECK(s.find("2,000 of") == std::string::npos);
  CHECK(s.find('\x1b') == std::string::npos);  // no escape sequences: NO_COLOR, dumb terminals
  // A shorter text is padded over the longer one before it.
  const std::string last = s.substr(s.rfind('\r') + 1);
  const std::string previous = s.substr(s.rfind('\r', s.rfind('\r') - 1) + 1, s.rfind('\r') - s.rfind('\r', s.rfind('\r') - 1) - 1);
  CHECK(last.size() >= previous.size());
  printer.interrupt();
  CHECK(out.str().back() == '\n');
  printer.interrupt();  // nothing open: nothing written
  CHECK(out.str().size() == s.size() + 1);
}

TEST_CASE("a resumed backfill says where it resumed, once") {
  std::ostringstream out;
  cli::ProgressPrinter printer(out, cli::ProgressDisplay::Lines);
  printer.start();
  auto p = at(100, 88'000);
  p.resumed = runner::ResumePoint{{"87000"}, 87'000, 69'600};
  printer.show(file(), p);
  p.elapsed = milliseconds(200);
  printer.show(file(), p);
  const auto shown = lines(out.str());
  REQUIRE(shown.size() == 2);
  CHECK(shown[0] == "  backfill users.email_verified: resuming after key 87000 (87,000 rows done before)");
}

TEST_CASE("with --format json: one JSON event per line, at most every second, the first and the last") {
  std::ostringstream out;
  cli::ProgressPrinter printer(out, cli::ProgressDisplay::Json);
  printer.start();
  for (long long ms = 0; ms <= 2500; ms += 250) printer.show(file(), at(ms, ms * 10 + 1000));
  printer.show(file(), at(2600, 200'000, true));
  const auto shown = lines(out.str());
  REQUIRE(shown.size() == 4);  // 0, 1, 2 s, done
  const auto first = nlohmann::json::parse(shown[0]);
  CHECK(first["event"] == "backfill_progress");
  CHECK(first["version"] == "20240205091202");
  CHECK(first["label"] == "users.email_verified");
  CHECK(first["scanned"] == 1000);
  CHECK(first["estimate"] == 200000);
  CHECK(first["last"] == nlohmann::json::array({"1000"}));
  CHECK(first["done"] == false);
  CHECK(first["resumed_after"].is_null());
  const auto last = nlohmann::json::parse(shown[3]);
  CHECK(last["done"] == true);
  CHECK(last["eta_ms"].is_null());
  CHECK(last["elapsed_ms"] == 2600);
}

TEST_CASE("on a narrow terminal the updating line is cut to fit, so that it never wraps") {
  std::ostringstream out;
  cli::ProgressPrinter printer(out, cli::ProgressDisplay::Terminal, 40);
  printer.start();
  printer.show(file(), at(1000, 60'000));
  CHECK(out.str() == "\r  backfill users.email_verified: 60,000");  // 39 columns
  printer.show(file(), at(2000, 200'000, true));  // the last line is kept whole: it stays on screen
  CHECK(out.str().find("done, 200,000 rows in 2.0 s") != std::string::npos);
}
