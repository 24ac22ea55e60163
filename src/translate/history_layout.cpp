#include "translate/history_layout.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace schemashift::translate {

namespace {

// The folder scaffold writes a framework's files under, which is the framework's own
// folder in a project (what `--out` names for a history).
struct Target {
  const char* format;
  const char* scaffold_dir;  // stripped from scaffold's paths
};

constexpr Target kTargets[] = {
    {"sql", ""},  // kept per change: issue-<N>/ (sql/, verify.sql), as scaffold writes it
    {"flyway", "flyway/"},
    {"liquibase", "liquibase/"},
    {"alembic", "alembic/versions/"},
    {"rails", "rails/db/migrate/"},
    {"sqlx", "sqlx/migrations/"},
};

const Target& target(const std::string& format) {
  for (const auto& t : kTargets) {
    if (format == t.format) return t;
  }
  throw core::Error("translate: unknown target format '" + format + "' (one of: " + core::join(target_formats(), ", ") +
                        ")",
                    core::ExitCode::Usage);
}

}  // namespace

const std::vector<std::string>& target_formats() {
  static const std::vector<std::string> formats = [] {
    std::vector<std::string> v;
    for (const auto& t : kTargets) v.emplace_back(t.format);
    return v;
  }();
  return formats;
}

std::string history_path(const std::string& format, const std::string& rendered_path, long long issue) {
  const Target& t = target(format);
  if (format == "sql") return fmt::format("issue-{}/{}", issue, rendered_path);
  if (!core::starts_with(rendered_path, t.scaffold_dir)) {
    throw core::Error("translate: format '" + format + "' rendered " + rendered_path + ", outside " + t.scaffold_dir);
  }
  // Each change's changelog beside the master changelog.xml that includes them all.
  if (format == "liquibase") return fmt::format("issue-{}.xml", issue);
  return rendered_path.substr(std::string(t.scaffold_dir).size());
}

}  // namespace schemashift::translate
