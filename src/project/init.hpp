#pragma once
// `schemashift init` as a library call: which existing folders hold migrations, in which
// layout, and the commented starter `.schemashift.yaml` that names them.
#include <functional>
#include <string>
#include <vector>

namespace schemashift::project {

// One service init found (or the one it proposes when it found none).
struct DetectedService {
  std::string name;
  std::string existing;  // the folder of its existing migrations ("" = none found)
  std::string format;    // one of service_formats()
};

// Decides the layout of a folder of .sql migrations: "sql", "flyway" or "sqlx". The
// caller passes lint's detection (names, file heads, Cargo project), the one place that
// knows it; project/ sits below lint/.
using SqlLayoutOf = std::function<std::string(const std::string& dir)>;

// In `dir`: one service per backend/<service>/migrations; else one service named after
// the folder, with the first of db/migrate (Rails), alembic/versions, Liquibase's
// src/main/resources/db/changelog and db/changelog, Flyway's
// src/main/resources/db/migration and db/migration, and migrations/ (sqlx or plain SQL)
// that exists. Sorted by name, so the output never depends on the directory's order.
std::vector<DetectedService> detect_services(const std::string& dir, const SqlLayoutOf& sql_layout);

// The starter file for `services` (deterministic: the same folders give the same bytes).
std::string starter_file(const std::vector<DetectedService>& services, const std::string& dir);

struct InitResult {
  std::string file;                  // the project file written
  std::vector<std::string> created;  // folders created (changes/...)
  std::vector<DetectedService> services;
};

// Writes `dir`/.schemashift.yaml and the services' changes folders. An existing project
// file is never replaced: core::Error with ExitCode::Refused.
InitResult init_project(const std::string& dir, const SqlLayoutOf& sql_layout);

}  // namespace schemashift::project
