#pragma once
// What `schemashift lint` reads: the files under the given paths, grouped by directory,
// each directory's migration layout (plain psql, Flyway, sqlx, golang-migrate), the order
// the tool would apply them in, and how it would run each file (transaction model).
// Facts behind each layout: postgres-facts.md §7.1 (Flyway), §7.2 (sqlx), §4.1.
#include <optional>
#include <string>
#include <vector>

#include "analyze/linter.hpp"

namespace schemashift::cli {

enum class Layout { Auto, Sql, Flyway, Sqlx, GolangMigrate };
const char* layout_name(Layout l);                       // "auto", "sql", "flyway", "sqlx", "golang-migrate"
std::optional<Layout> parse_layout(const std::string& s);

// The part a file plays in its layout.
enum class Role {
  Plain,       // plain SQL file, or a file whose name the layout's tool would not run
  Up,          // Flyway V, sqlx simple or .up.sql, golang-migrate .up.sql
  Repeatable,  // Flyway R__ (after all versioned migrations, by description)
  Down,        // sqlx/golang-migrate .down.sql, Flyway U (undo): never change the shared schema
};

struct InputFile {
  std::string path;          // as shown in reports ("migrations/V1__init.sql", "-" names stdin)
  std::string name;          // file name used for layout detection
  Layout layout = Layout::Sql;
  Role role = Role::Plain;
  std::string version;       // layout version ("1.2", "20240101120000"); "" for plain/repeatable
  bool follows_layout = true;  // false: the name does not match the directory's layout
  analyze::FileTransaction transaction = analyze::FileTransaction::None;
  std::string transaction_reason;  // why: "Flyway .sql.conf: executeInTransaction=false" ...
  bool contract = false;     // the name says "contract": destructive statements are expected
  std::string text;
  std::optional<std::string> read_error;  // the file could not be read (text is empty)
};

// Files of one directory in apply order; they share one evolving schema when linted.
struct MigrationGroup {
  std::string directory;     // "." for the current directory, "-" for stdin
  Layout layout = Layout::Sql;
  std::vector<InputFile> files;
};

struct DiscoveryOptions {
  Layout layout = Layout::Auto;         // Auto: detect per directory
  bool assume_in_transaction = false;   // every file runs in one transaction (psql --single-transaction)
  std::vector<std::string> exclude;     // fnmatch globs on the shown path or the file name
  std::string stdin_name;               // --stdin-filepath: names "-" for layout detection and reports
};

struct Discovery {
  std::vector<MigrationGroup> groups;   // in the order the paths were given
  std::vector<std::string> notes;       // one line each, for stderr (files a tool would ignore ...)
  std::vector<std::string> errors;      // unreadable directories (exit 3 at the end)
  std::size_t file_count() const;
};

// Walks `paths` (files, directories recursively, "-" for stdin). Directories named .*,
// node_modules, build, build-*, cmake-build-* are skipped; only *.sql files are read.
Discovery discover(const std::vector<std::string>& paths, const DiscoveryOptions& options);

// ---- pieces exposed for tests and docs -------------------------------------------------

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

// The layout of one directory from its *.sql file names and contents (sqlx's
// `-- no-transaction` marker, psql meta-commands, schemashift's own sql/ header) and
// whether it lies in a Cargo project (sqlx is a Rust tool). See docs/lint.md "Layouts".
Layout detect_layout(const std::vector<std::string>& names, const std::vector<const std::string*>& texts,
                     bool in_cargo_project = false);

// True when `text` can only be run by psql: a line starting with a backslash meta-command
// (\set, \i ...), a query ended by \gexec or \gset, or the header of
// `schemashift scaffold`'s sql/ format.
bool is_psql_script(const std::string& text);

}  // namespace schemashift::cli
