#pragma once
// What `schemashift lint` reads: the files under the given paths, grouped by directory,
// each directory's migration layout (plain psql, Flyway, sqlx, golang-migrate, popx,
// diesel), the order the tool would apply them in, and how it would run each file
// (transaction model). A folder-per-migration history (diesel's <version>_<name>/up.sql,
// one folder per schema version) is one group: its parent directory.
// Facts behind each layout: postgres-facts.md §7.1 (Flyway), §7.2 (sqlx), §4.1.
//
// Two steps, so that a run never holds every file at once: discover() lists the files of
// each directory (names only), load_group() reads one directory and decides its layout,
// order and transaction model, just before it is linted.
#include <optional>
#include <string>
#include <vector>

#include "analyze/linter.hpp"
#include "lint/layout.hpp"

namespace schemashift::lint {

// The part a file plays in its layout.
enum class Role {
  Plain,       // plain SQL file, or a file whose name the layout's tool would not run
  Up,          // Flyway V, sqlx simple or .up.sql, golang-migrate .up.sql
  Repeatable,  // Flyway R__ (after all versioned migrations, by description)
  Down,        // .down.sql, diesel down.sql, Flyway U (undo): never change the shared schema
};

struct InputFile {
  std::string path;          // as shown in reports ("migrations/V1__init.sql", "-" names stdin)
  std::string name;          // file name used for layout detection
  Layout layout = Layout::Sql;
  std::string layout_rule;   // the rule that decided the layout, for the reports
  Role role = Role::Plain;
  std::string version;       // layout version ("1.2", "20240101120000"), prefixed "<folder>/" in a
                             // folder history; "" for plain/repeatable. Pairs a down with its up.
  bool follows_layout = true;  // false: the name does not match the directory's layout
  analyze::FileTransaction transaction = analyze::FileTransaction::None;
  std::string transaction_reason;  // why: "Flyway .sql.conf: executeInTransaction=false" ...
  bool contract = false;     // the name says "contract": destructive statements are expected
  std::string text;
  std::optional<std::string> read_error;  // the file could not be read (text is empty)
};

// Files of one directory (or folder history) in apply order; they share one evolving
// schema when linted.
struct MigrationGroup {
  std::string directory;     // "." for the current directory, "-" for stdin
  Layout layout = Layout::Sql;
  std::vector<InputFile> files;
  std::vector<std::string> notes;  // one line each, for stderr (files the tool would not run ...)
};

struct DiscoveryOptions {
  Layout layout = Layout::Auto;         // Auto: detect per directory
  bool assume_in_transaction = false;   // every file runs in one transaction (psql --single-transaction)
  std::vector<std::string> exclude;     // fnmatch globs on the shown path or the file name
  std::string stdin_name;               // --stdin-filepath: names "-" for layout detection and reports
};

// One directory's files as found, before anything is read.
struct GroupSource {
  std::string directory;                // "-" for stdin
  bool walked = false;                  // the whole directory was listed (no siblings to peek at)
  bool folder_history = false;          // paths lie in version folders of `directory` (diesel ...)
  std::vector<std::string> paths;       // shown form
  std::optional<std::string> stdin_text;  // the text of "-" (read once, at discovery)
  bool stdin_failed = false;             // reading it failed
};

struct Discovery {
  std::vector<GroupSource> groups;      // in the order the paths were given
  std::vector<std::string> errors;      // unreadable directories (exit 3 at the end)
  std::size_t file_count() const;
};

// Walks `paths` (files, directories recursively, "-" for stdin). Directories named .*,
// node_modules, build, build-*, cmake-build-* are skipped; only *.sql files are listed.
// Sibling folders named like versions (parse_version_folder) form one folder history.
Discovery discover(const std::vector<std::string>& paths, const DiscoveryOptions& options);

// Reads one directory's files and decides its layout, apply order and transaction models.
// Files the tool would not run on PostgreSQL (popx files of another dialect, or superseded
// by a PostgreSQL-specific file of the same version) are left out, with a note.
MigrationGroup load_group(const GroupSource& source, const DiscoveryOptions& options);

}  // namespace schemashift::lint
