#pragma once
// File names of the migration tools lint knows (postgres-facts.md §7): Flyway's
// V/U/R prefixes and versions, sqlx's and golang-migrate's numbered names.
#include <optional>
#include <string>

namespace schemashift::lint {

bool is_sql_file(const std::string& name);  // *.sql, any case

// Flyway names (postgres-facts.md §7.1): V<version>__<desc>.sql, U<version>__<desc>.sql,
// R__<desc>.sql. Version: digits separated by '.' or '_'.
struct FlywayName {
  char prefix = 'V';
  std::string version;        // normalised: '_' -> '.'
  std::string description;
};
std::optional<FlywayName> parse_flyway_name(const std::string& file_name);
// Flyway's version order: numeric parts, trailing zero parts ignored ("1.0" == "1" < "1.1" < "1.10").
int compare_flyway_versions(const std::string& a, const std::string& b);

// sqlx / golang-migrate names: <version>_<desc>.sql, <version>_<desc>.up.sql, .down.sql,
// version an i64 (sqlx) / unsigned number (golang-migrate).
struct NumberedName {
  long long version = 0;
  enum class Kind { Simple, Up, Down } kind = Kind::Simple;
};
std::optional<NumberedName> parse_numbered_name(const std::string& file_name);

}  // namespace schemashift::lint
