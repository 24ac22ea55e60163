// run/revert: the project's defaults stand in for the flags the command line did not give.
#include <catch2/catch.hpp>

#include "cli/apply_command.hpp"

using namespace schemashift;

namespace {

struct Parsed {
  cli::DatabaseFlags db;
  cli::ApplyFlags apply;
};

Parsed parse(std::vector<std::string> args, const project::Defaults& defaults) {
  Parsed p;
  CLI::App app;
  cli::add_database_flags(&app, p.db);
  cli::add_apply_flags(&app, p.apply);
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
  app.parse(args);
  cli::apply_project_defaults(defaults, p.db, p.apply);
  return p;
}

project::Defaults every_default() {
  project::Defaults d;
  d.lock_timeout = project::Duration{2000, "2s"};
  d.batch_size = 250;
  d.batch_delay = project::Duration{50, "50ms"};
  d.retries = 9;
  d.history_schema = "ops";
  return d;
}

}  // namespace

TEST_CASE("project defaults: used for every flag not given", "[cli][project]") {
  const Parsed p = parse({}, every_default());
  CHECK(p.apply.lock_timeout_ms == 2000);
  CHECK(p.apply.batch_size == "250");
  CHECK(p.apply.batch_delay == "50ms");
  CHECK(p.apply.retries == std::optional<int>(9));
  CHECK(p.db.history_schema == "ops");
}

TEST_CASE("project defaults: a flag wins, even when it says the built-in default", "[cli][project]") {
  const Parsed p = parse({"--lock-timeout", "500", "--batch-size", "10", "--batch-delay", "0", "--retries", "0",
                          "--history-schema", "schemashift"},
                         every_default());
  CHECK(p.apply.lock_timeout_ms == 500);
  CHECK(p.apply.batch_size == "10");
  CHECK(p.apply.batch_delay == "0");
  CHECK(p.apply.retries == std::optional<int>(0));
  CHECK(p.db.history_schema == "schemashift");
}

TEST_CASE("project defaults: none set leaves the built-in defaults", "[cli][project]") {
  const Parsed p = parse({}, {});
  CHECK(p.apply.lock_timeout_ms == 500);
  CHECK(p.apply.batch_size.empty());
  CHECK_FALSE(p.apply.retries);
  CHECK(p.db.history_schema == "schemashift");
}
