#include <catch2/catch.hpp>

#include "core/diagnostics.hpp"
#include "project/new_spec.hpp"
#include "spec/change_spec.hpp"

using namespace schemashift;

namespace {

project::Service service() {
  project::Service s;
  s.name = "user-service";
  s.changes = "changes/user-service";
  s.migrations = "migrations/user-service";
  s.schema.path = "backend/user-service/migrations";
  return s;
}

project::NewSpec new_spec() {
  return {245, "Add email: verification \"column\"", "Jane Doe <jane@example.com>",
          *core::Timestamp::parse("2024-05-01T10:00:00Z")};
}

}  // namespace

TEST_CASE("new: the path is <changes>/<issue>-<slug>.yaml", "[project][new]") {
  CHECK(project::new_spec_path(service(), new_spec()) == "changes/user-service/245-add-email-verification-column.yaml");
}

TEST_CASE("new: the skeleton reads back as its header; schema relative to the spec", "[project][new]") {
  project::Defaults defaults;
  defaults.lock_timeout = project::Duration{2000, "2s"};
  defaults.retries = 3;
  std::string text = project::new_spec_text(service(), defaults, new_spec());
  CHECK(text.find("schema: \"../../backend/user-service/migrations\"\n") != std::string::npos);
  CHECK(text.find("settings:") != std::string::npos);
  CHECK(text.find("  lock_timeout: 2s\n") != std::string::npos);
  CHECK(text.find("  lock_retries: 3\n") != std::string::npos);
  // Uncommenting the example makes a spec whose header is exactly what was asked for.
  const std::string marker = "  # - add_column:";
  const auto at = text.find(marker);
  REQUIRE(at != std::string::npos);
  std::string uncommented = text.substr(0, at);
  for (const auto& line : {"  - add_column:\n", "      table: users\n",
                           "      column: {name: email_verified, type: boolean, nullable: false, default: false}\n"}) {
    uncommented += line;
  }
  core::Diagnostics diags;
  const auto parsed = spec::parse_change_spec(uncommented, project::new_spec_path(service(), new_spec()), diags);
  REQUIRE(parsed);
  CHECK_FALSE(diags.has_errors());
  CHECK(parsed->issue == 245);
  CHECK(parsed->title == "Add email: verification \"column\"");
  CHECK(parsed->author == "Jane Doe <jane@example.com>");
  CHECK(parsed->created.iso() == "2024-05-01T10:00:00Z");
  CHECK(parsed->service == "user-service");
  CHECK(parsed->schema_path == "backend/user-service/migrations");
  CHECK(parsed->settings.lock_timeout_ms == 2000);
  CHECK(parsed->settings.lock_retries == 3);
  REQUIRE(parsed->operations.size() == 1);
}

TEST_CASE("new: a database schema is written as {database: VAR}", "[project][new]") {
  project::Service s = service();
  s.schema = spec::SchemaRef{{}, "DATABASE_URL_USER_SERVICE", {}};
  const std::string text = project::new_spec_text(s, {}, new_spec());
  CHECK(text.find("schema: {database: \"DATABASE_URL_USER_SERVICE\"}\n") != std::string::npos);
  CHECK(text.find("settings:") == std::string::npos);
}
