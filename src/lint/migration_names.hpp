#pragma once
// File names of the migration tools lint knows (postgres-facts.md §7): Flyway's
// V/U/R prefixes and versions, sqlx's, golang-migrate's and popx's numbered names, and
// the folder names of folder-per-migration histories (diesel, one folder per version).
// Versions stay digit strings: popx histories use versions longer than any 64-bit integer.
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

// Order of two digit strings as numbers of any length: leading zeros do not count, then
// the longer is larger, then text order ("9" < "10" < "0000000000000000000000001000").
int compare_digit_versions(const std::string& a, const std::string& b);

// sqlx / golang-migrate names: <version>_<desc>.sql, <version>_<desc>.up.sql, .down.sql
// (split at the first '_').
struct NumberedName {
  std::string version;  // the digits as written
  enum class Kind { Simple, Up, Down } kind = Kind::Simple;
};
std::optional<NumberedName> parse_numbered_name(const std::string& file_name);
// sqlx parses versions as an i64: a longer one is no sqlx migration.
bool fits_i64(const std::string& digits);

// gobuffalo/pop and ory/x popx names: <version>_<name>[.<dialect>][.autocommit].{up,down}.sql,
// the name without dots, the dialect one lower-case word ("postgres", "mysql", ...).
// popx accepts `.autocommit` also where the dialect stands ("1_x.autocommit.up.sql").
struct PopxName {
  std::string version;
  std::string dialect;  // "" = every dialect; otherwise as written ("pg", "postgres", "mysql" ...)
  bool autocommit = false;
  bool down = false;
};
std::optional<PopxName> parse_popx_name(const std::string& file_name);
// True for "" (every dialect) and pop's names of PostgreSQL (postgres, postgresql, pg, pgx).
bool is_postgres_dialect(const std::string& dialect);
// True when the name says more than sqlx's or golang-migrate's names could: a dialect,
// `.autocommit`, or a version longer than 19 digits.
bool is_popx_only_name(const PopxName& n);

// A folder of a folder-per-migration history: diesel's <version>_<name> (the version the
// part before the first '_', '-' removed, as diesel reads it: "2024-01-05-120000_users"),
// or one folder per schema version ("7", "V1", "v2.1", "0003-billing").
struct VersionFolder {
  std::string version;  // digits, '.'-separated parts for V1.2-style folders
  bool diesel = false;  // named <digits and dashes>_<name>
};
std::optional<VersionFolder> parse_version_folder(const std::string& folder_name);

}  // namespace schemashift::lint
