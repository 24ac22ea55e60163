#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/error.hpp"
#include "project/project.hpp"

using namespace schemashift;

namespace {

namespace fs = std::filesystem;

std::optional<project::Project> parse(const std::string& text, core::Diagnostics& diags,
                                      const std::string& file = ".schemashift.yaml") {
  return project::parse_project(text, file, diags);
}

// The one error a malformed file gives: "file:line:col message".
std::string only_error(const std::string& text) {
  core::Diagnostics diags;
  const auto p = parse(text, diags);
  CHECK_FALSE(p);
  REQUIRE(diags.error_count() == 1);
  const auto& d = diags.items().front();
  return d.where.str() + " " + d.message + (d.hint.empty() ? "" : " | " + d.hint);
}

}  // namespace

TEST_CASE("project file: services as a list, defaults, paths resolved against the root", "[project]") {
  core::Diagnostics diags;
  const auto p = parse(R"(lint:
  pg_version: 15
defaults:
  lock_timeout: 2s
  statement_timeout: 0
  batch_size: 500
  batch_delay: 50ms
  retries: 3
  history_schema: ops
services:
  - name: user-service
    changes: changes/users
    migrations: backend/user-service/schemashift
    format: sqlx
    schema: backend/user-service/migrations
  - name: feed_service
    database_env: FEED_DB
    schema: {database: FEED_DB}
)",
                       diags, "../../.schemashift.yaml");
  REQUIRE(p);
  CHECK_FALSE(diags.has_errors());
  CHECK(p->root == "../..");
  REQUIRE(p->lint);
  CHECK(p->defaults.lock_timeout->ms == 2000);
  CHECK(p->defaults.lock_timeout->text == "2s");
  CHECK(p->defaults.statement_timeout->ms == 0);
  CHECK(*p->defaults.batch_size == 500);
  CHECK(p->defaults.batch_delay->text == "50ms");
  CHECK(*p->defaults.retries == 3);
  CHECK(*p->defaults.history_schema == "ops");
  REQUIRE(p->services.size() == 2);
  const auto& u = p->services[0];
  CHECK(u.name == "user-service");
  CHECK(u.changes == "../../changes/users");
  CHECK(u.migrations == "../../backend/user-service/schemashift");
  CHECK(u.format == "sqlx");
  CHECK(u.database_env == "DATABASE_URL_USER_SERVICE");
  CHECK(u.schema.path == "../../backend/user-service/migrations");
  CHECK(u.where.str() == "../../.schemashift.yaml:11:11");
  const auto& f = p->services[1];
  CHECK(f.changes == "../../changes/feed_service");      // defaults
  CHECK(f.migrations == "../../migrations/feed_service");
  CHECK(f.format == "sql");
  CHECK(f.database_env == "FEED_DB");
  CHECK(f.schema.database == "FEED_DB");
  CHECK(f.schema.path.empty());
  CHECK(p->find_service("feed_service") == &f);
  CHECK(p->find_service("nope") == nullptr);
}

TEST_CASE("project file: services as a map; the schema defaults to the migrations folder", "[project]") {
  core::Diagnostics diags;
  const auto p = parse("services:\n  media-service:\n  content-service: {format: flyway}\n", diags);
  REQUIRE(p);
  REQUIRE(p->services.size() == 2);
  CHECK(p->root.empty());
  CHECK(p->services[0].name == "media-service");
  CHECK(p->services[0].changes == "changes/media-service");
  CHECK(p->services[0].schema.path == "migrations/media-service");
  CHECK(p->services[1].format == "flyway");
}

TEST_CASE("project file: empty file, lint only", "[project]") {
  core::Diagnostics diags;
  CHECK(parse("", diags));
  CHECK(parse("lint:\n  rules: {ban-truncate: off}\n", diags));
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("DATABASE_URL_<NAME>: - becomes _, upper case (the seed's convention)", "[project]") {
  CHECK(project::default_database_env("user-service") == "DATABASE_URL_USER_SERVICE");
  CHECK(project::default_database_env("feed_v2") == "DATABASE_URL_FEED_V2");
}

TEST_CASE("project file: malformed files, each at its file:line:col", "[project][malformed]") {
  // 1. unknown top-level key, with a did-you-mean
  CHECK(only_error("servces: []\n") ==
        ".schemashift.yaml:1:1 unknown key `servces` in the config file | did you mean `services`?");
  // 2. unknown key in defaults
  CHECK(only_error("defaults:\n  lock_timout: 1s\n") ==
        ".schemashift.yaml:2:3 unknown key `lock_timout` in `defaults` | did you mean `lock_timeout`?");
  // 3. a duration without its unit
  CHECK(only_error("defaults:\n  lock_timeout: 500\n") ==
        ".schemashift.yaml:2:17 `lock_timeout` must be a duration such as 500ms, 30s or 2min, got '500' | "
        "units: ms, s, min; write 0 to disable");
  // 4. a duration out of the runner's range
  CHECK(only_error("defaults:\n  batch_delay: 2min\n") ==
        ".schemashift.yaml:2:16 `batch_delay` must be between 0 and 1min, got 2min");
  // 5. wrong type: batch_size as text
  CHECK(only_error("defaults:\n  batch_size: many\n") ==
        ".schemashift.yaml:2:15 `batch_size` must be a whole number, got 'many'");
  // 6. retries out of range
  CHECK(only_error("defaults:\n  retries: 101\n") ==
        ".schemashift.yaml:2:12 `retries` must be between 0 and 100, got 101");
  // 7. history_schema not an identifier
  CHECK(only_error("defaults:\n  history_schema: My Schema\n") ==
        ".schemashift.yaml:2:19 `history_schema` must be a lower-case SQL identifier, got 'My Schema' | "
        "e.g. `history_schema: schemashift`");
  // 8. services neither a list nor a map
  CHECK(only_error("services: user-service\n") ==
        ".schemashift.yaml:1:11 `services` must be a list or a map, got a scalar | "
        "write one `- name: <service>` item per service, or a map from name to settings");
  // 9. unknown key in a service, with a did-you-mean
  CHECK(only_error("services:\n  - name: a\n    migratons: x\n") ==
        ".schemashift.yaml:3:5 unknown key `migratons` in service `a` | did you mean `migrations`?");
  // 10. unknown format, with a did-you-mean
  CHECK(only_error("services:\n  - name: a\n    format: flyaway\n") ==
        ".schemashift.yaml:3:13 `format` must be one of sql, flyway, sqlx, liquibase, alembic, rails, got 'flyaway' | "
        "did you mean 'flyway'?");
  // 11. duplicate service name in the list form
  CHECK(only_error("services:\n  - name: a\n  - name: b\n  - name: a\n") ==
        ".schemashift.yaml:4:11 service `a` is defined twice | the first is at .schemashift.yaml:2:11; service "
        "names must be unique");
  // 12. a service without a name
  CHECK(only_error("services:\n  - changes: x\n") ==
        ".schemashift.yaml:2:5 a service needs `name` | add `name: <service>`, e.g. `name: user-service`");
  // 13. a name that cannot make an environment variable
  CHECK(only_error("services:\n  - name: user service\n") ==
        ".schemashift.yaml:2:11 service name 'user service' must be letters, digits, `-` and `_`, starting with a "
        "letter or digit | e.g. `user-service`; its database variable is DATABASE_URL_<NAME> unless "
        "`database_env` says otherwise");
  // 14. database_env that is not a variable name
  CHECK(only_error("services:\n  - name: a\n    database_env: postgresql://h/db\n") ==
        ".schemashift.yaml:3:19 `database_env` must be an environment variable's name, got 'postgresql://h/db' | "
        "e.g. `database_env: DATABASE_URL_A` (the URL itself goes in the variable)");
  // 15. schema as a map without database
  {
    core::Diagnostics diags;
    CHECK_FALSE(parse("services:\n  - name: a\n    schema: {url: x}\n", diags));
    REQUIRE(diags.error_count() == 2);
    const auto sorted = diags.sorted();
    CHECK(sorted[0].where.str() + " " + sorted[0].message == ".schemashift.yaml:3:13 schema needs `database`");
    CHECK(sorted[1].where.str() + " " + sorted[1].message == ".schemashift.yaml:3:14 unknown key `url` in schema");
  }
  // 16. a service in the map form that is a list
  CHECK(only_error("services:\n  a: [x]\n") ==
        ".schemashift.yaml:2:6 service `a` must be a map, got a list | write its settings indented under its name, "
        "e.g. `changes: changes/a`");
  // 17. YAML's own duplicate key (the map form's duplicate service)
  core::Diagnostics diags;
  CHECK_FALSE(parse("services:\n  a: {}\n  a: {}\n", diags));
  REQUIRE(diags.error_count() >= 1);
  CHECK(diags.items().front().where.str() == ".schemashift.yaml:3:3");
  // 18. an empty changes folder
  CHECK(only_error("services:\n  - name: a\n    changes: ''\n") ==
        ".schemashift.yaml:3:14 `changes` must not be empty | a folder, relative to the project root");
}

TEST_CASE("project file: found from a subfolder, the nearest one wins", "[project]") {
  const fs::path tmp = fs::temp_directory_path() / ("ss_project_find_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp / "a/b/c");
  std::ofstream(tmp / ".schemashift.yaml") << "services: [{name: top}]\n";
  std::ofstream(tmp / "a/.schemashift.yaml") << "services: [{name: middle}]\n";
  const auto cwd = fs::current_path();
  fs::current_path(tmp / "a/b/c");
  CHECK(project::find_project_file() == std::optional<std::string>("../../.schemashift.yaml"));
  core::Diagnostics diags;
  const auto p = project::find_project(diags);
  REQUIRE(p);
  CHECK(p->services.front().name == "middle");
  CHECK(p->services.front().changes == "../../changes/middle");
  fs::current_path(tmp);
  CHECK(project::find_project_file() == std::optional<std::string>(".schemashift.yaml"));
  CHECK(project::find_project_file((tmp / "a/b").string()) == (tmp / "a/.schemashift.yaml").string());
  fs::current_path(cwd);
  fs::remove_all(tmp);
}
