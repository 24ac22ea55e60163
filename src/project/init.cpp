#include "project/init.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "core/error.hpp"
#include "project/new_file.hpp"
#include "project/project.hpp"

namespace schemashift::project {

namespace fs = std::filesystem;

namespace {

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// A folder name as a service name: lower case, anything but letters, digits, - and _ as `-`.
std::string service_name_of(const std::string& folder) {
  std::string out;
  for (const char c : folder) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isalnum(u) || c == '-' || c == '_' ? static_cast<char>(std::tolower(u)) : '-';
  }
  while (!out.empty() && (out.front() == '-' || out.front() == '_')) out.erase(out.begin());
  if (out.size() > 63) out.resize(63);
  return out.empty() ? "app" : out;
}

// Where scaffold writes a service's issue-N folders: never inside the existing folder,
// whose migrations build the current schema.
std::string scaffold_root(const DetectedService& s, bool several) {
  const std::string root = s.existing == "migrations" ? "schemashift-migrations" : "migrations";
  return several ? root + "/" + s.name : root;
}

std::string changes_of(const DetectedService& s, bool several) { return several ? "changes/" + s.name : "changes"; }

// What the service's current schema is read from: the existing folder when `plan` can
// replay it (SQL layouts), Rails' structure dump, else the service's database.
std::string schema_line(const DetectedService& s, const std::string& dir) {
  if (s.format == "sql" || s.format == "flyway" || s.format == "sqlx") {
    if (!s.existing.empty()) return fmt::format("schema: {}", s.existing);
    return "# schema: db/schema.sql";
  }
  if (s.format == "rails" && fs::is_regular_file(fs::path(dir) / "db/structure.sql")) return "schema: db/structure.sql";
  return fmt::format("schema: {{database: {}}}", default_database_env(s.name));
}

std::string schema_comment(const DetectedService& s, const std::string& line) {
  if (line.rfind("schema: {database:", 0) == 0) return "the live database (" + s.format + " migrations cannot be replayed)";
  if (line == "schema: db/structure.sql") return "Rails' structure dump";
  if (s.existing.empty()) return "a pg_dump --schema-only file, a folder of migrations or {database: VAR}";
  return "replayed from its existing migrations";
}

}  // namespace

std::vector<DetectedService> detect_services(const std::string& dir, const SqlLayoutOf& sql_layout) {
  const fs::path base(dir);
  std::vector<DetectedService> out;
  if (is_dir(base / "backend")) {
    std::error_code ec;
    for (fs::directory_iterator it(base / "backend", ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path folder = it->path() / "migrations";
      if (!is_dir(folder)) continue;
      const std::string name = service_name_of(it->path().filename().string());
      const std::string rel = "backend/" + it->path().filename().string() + "/migrations";
      out.push_back({name, rel, sql_layout((base / rel).string())});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    if (!out.empty()) return out;
  }
  fs::path absolute = fs::absolute(base).lexically_normal();
  if (absolute.filename().empty()) absolute = absolute.parent_path();  // "/a/b/" -> "/a/b"
  const std::string name = service_name_of(absolute.filename().string());
  struct Candidate {
    const char* folder;
    const char* format;  // "" = decided from the files
  };
  static const Candidate candidates[] = {{"db/migrate", "rails"},
                                         {"alembic/versions", "alembic"},
                                         // Liquibase as Spring Boot lays it out (db.changelog-master.*)
                                         {"src/main/resources/db/changelog", "liquibase"},
                                         {"db/changelog", "liquibase"},
                                         {"src/main/resources/db/migration", "flyway"},
                                         {"db/migration", "flyway"},
                                         {"migrations", ""}};
  for (const auto& c : candidates) {
    if (!is_dir(base / c.folder)) continue;
    out.push_back({name, c.folder, *c.format ? c.format : sql_layout((base / c.folder).string())});
    return out;
  }
  out.push_back({name, "", "sql"});
  return out;
}

std::string starter_file(const std::vector<DetectedService>& services, const std::string& dir) {
  const bool several = services.size() > 1;
  std::string out =
      "# schemashift project file, found from this folder and every folder below it.\n"
      "# Every key is documented in docs/project-file.md; editors can check it against\n"
      "# schemas/project.schema.json. Paths are relative to this folder.\n"
      "\n"
      "# lint:                         # `schemashift lint` settings (docs/lint.md)\n"
      "#   pg_version: 15\n"
      "#   rules: {prefer-text-field: off}\n"
      "\n"
      "# What `run` and `revert` use when a flag is not given (flags win), and what `new`\n"
      "# writes into a new spec's settings. Unset: each command's own default.\n"
      "defaults:\n"
      "  # lock_timeout: 500ms          # --lock-timeout; a spec's settings.lock_timeout\n"
      "  # statement_timeout: 30s       # a spec's settings.statement_timeout\n"
      "  # batch_size: 1000             # --batch-size; a spec's settings.batch_size\n"
      "  # batch_delay: 10ms            # --batch-delay; a spec's settings.batch_pause\n"
      "  # retries: 5                   # --retries; a spec's settings.lock_retries\n"
      "  # history_schema: schemashift  # --history-schema\n"
      "\n"
      "services:\n";
  for (const auto& s : services) {
    const std::string schema = schema_line(s, dir);
    out += fmt::format("  - name: {}\n", s.name);
    out += fmt::format("    changes: {:<37}# change specs; `schemashift new` writes here\n", changes_of(s, several));
    out += fmt::format("    migrations: {:<34}# where `scaffold` writes issue-N/, what `run` applies\n",
                       scaffold_root(s, several));
    out += fmt::format("    format: {:<38}# {}\n", s.format,
                       s.existing.empty() ? "sql | flyway | sqlx | liquibase | alembic | rails"
                                          : "detected from " + s.existing);
    out += fmt::format("    database_env: {:<32}# the variable holding its database URL\n",
                       default_database_env(s.name));
    out += fmt::format("    {:<46}# current schema: {}\n", schema, schema_comment(s, schema));
  }
  return out;
}

InitResult init_project(const std::string& dir, const SqlLayoutOf& sql_layout) {
  const fs::path file = fs::path(dir) / kProjectFile;
  InitResult result;
  result.file = file.lexically_normal().string();
  result.services = detect_services(dir, sql_layout);
  write_new_file(result.file, starter_file(result.services, dir),
                 result.file + " already exists; init never replaces it");
  const bool several = result.services.size() > 1;
  for (const auto& s : result.services) {
    const fs::path changes = fs::path(dir) / changes_of(s, several);
    std::error_code ec;
    if (fs::create_directories(changes, ec)) result.created.push_back(changes.lexically_normal().string());
    if (ec) throw core::Error("cannot create " + changes.string() + ": " + ec.message());
  }
  return result;
}

}  // namespace schemashift::project
