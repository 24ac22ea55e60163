#pragma once
// The project file, `.schemashift.yaml` at the repository root: the lint settings (read by
// lint/config), the defaults every command starts from, and the services, each with its
// changes, its migrations, its framework, its database and where its current schema comes
// from. Found as git finds its root: in the current directory or the nearest folder above.
//
//   lint: {...}                              # lint/config.hpp
//   defaults:
//     lock_timeout: 500ms
//     statement_timeout: 30s
//     batch_size: 1000
//     batch_delay: 10ms
//     retries: 5
//     history_schema: schemashift
//   services:                                # a list of {name: ...} or a map by name
//     - name: user-service
//       changes: changes/user-service        # default: changes/<name>
//       migrations: backend/user-service/migrations   # default: migrations/<name>
//       format: sqlx                         # sql (default) | flyway | sqlx | liquibase | alembic | rails
//       database_env: DATABASE_URL_USER_SERVICE        # default: DATABASE_URL_<NAME>
//       schema: backend/user-service/migrations        # default: the migrations folder
//
// Paths are relative to the project root; a Project holds them resolved (relative to the
// current directory when the file was found from it, so messages show short paths).
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/node.hpp"
#include "spec/schema_ref.hpp"

namespace schemashift::project {

inline constexpr const char* kProjectFile = ".schemashift.yaml";

// A duration as written ("500ms") and in milliseconds.
struct Duration {
  long long ms = 0;
  std::string text;
};

// `defaults:` — unset values leave each command's own default in place.
struct Defaults {
  std::optional<Duration> lock_timeout;
  std::optional<Duration> statement_timeout;
  std::optional<long long> batch_size;
  std::optional<Duration> batch_delay;
  std::optional<long long> retries;
  std::optional<std::string> history_schema;
};

struct Service {
  std::string name;
  core::SourceLocation where;  // of the name
  std::string changes;         // folder of change specs (resolved)
  std::string migrations;      // where scaffold writes, and what run applies (resolved)
  std::string format = "sql";  // one of service_formats()
  std::string database_env;    // the variable holding the database URL
  spec::SchemaRef schema;      // path resolved; default: the migrations folder
};

struct Project {
  std::string file;                // the file read; "" when there is none
  std::string root;                // its folder ("" = the current directory)
  std::optional<core::Node> lint;  // the `lint:` section, for lint/config
  Defaults defaults;
  std::vector<Service> services;

  const Service* find_service(const std::string& name) const;
};

// The frameworks a service's migrations may be written for (scaffold's formats).
const std::vector<std::string>& service_formats();

// DATABASE_URL_<NAME>: `-` becomes `_`, upper case ("user-service" -> DATABASE_URL_USER_SERVICE).
std::string default_database_env(const std::string& service);

// Parses project-file text named `file` (its folder is the root paths are resolved
// against). Problems go to `diags`; nullopt when there are errors.
std::optional<Project> parse_project(const std::string& text, const std::string& file, core::Diagnostics& diags);

// Reads `file`; an unreadable file is a core::Error (environment).
std::optional<Project> load_project(const std::string& file, core::Diagnostics& diags);

// `.schemashift.yaml` in `start` or the nearest folder above it (up to the filesystem root),
// as a path relative to `start` when `start` is relative ("../../.schemashift.yaml").
std::optional<std::string> find_project_file(const std::string& start = ".");

// The project of `start`: the file found upward, read and checked; an empty Project (no
// file, no services) when there is none; nullopt when the file has errors (in `diags`).
std::optional<Project> find_project(core::Diagnostics& diags, const std::string& start = ".");

}  // namespace schemashift::project
