#pragma once
// The migrations of one folder, as its tool would apply them: each up script with its
// down script (if any), the version and description its name gives, and how the tool runs
// it (in one transaction or not). Which files exist, their layout, apply order and
// transaction model are lint/'s knowledge (discovery, apply_order, transaction_model);
// this only pairs the files up and reads dbmate's `-- migrate:up` / `-- migrate:down`
// sections, which lint reads as sqlx simple files.
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "lint/layout.hpp"

namespace schemashift::import {

struct Script {
  std::string path;     // as shown in messages
  std::string text;     // the whole file (positions stay the file's own)
  std::size_t begin = 0, end = std::string::npos;  // the part that is this script (dbmate sections)
  bool in_transaction = true;   // the tool wraps the script in one transaction (or sends it as one string)
  bool autocommit = false;      // psql -f: every statement commits on its own (explicit BEGIN/COMMIT count)
  bool flyway_auto = false;     // Flyway: outside a transaction only if every statement must be
  bool one_string = false;      // sent as one query string: a single statement runs outside a transaction
  // A script generated from another file (a Liquibase changeSet's SQL): from each `offset`
  // on, positions are those of `at`, lines counted on from it. Empty: `text` is the file.
  struct Origin {
    std::size_t offset = 0;
    core::SourceLocation at;
  };
  std::vector<Origin> origins;
};

// Where line:col of `script.text` is in the user's files (through `origins`).
core::SourceLocation locate(const Script& script, int line, int column);

struct SourceMigration {
  std::string version;          // as the layout reads it ("1.2", "20240101120000", "" for plain files)
  std::string description;      // from the name ("add users"), may be empty
  Script up;
  std::optional<Script> down;
  bool repeatable = false;      // Flyway R__: re-run whenever it changes
  std::vector<std::string> comments;  // for the spec's header (a changeSet's comment, contexts, ...)
  std::vector<std::string> notes;     // for the report and the spec (preconditions, runAlways, ...)
};

struct SourceFolder {
  std::string directory;
  lint::Layout layout = lint::Layout::Sql;
  std::string dbmate;           // "dbmate" when the files are dbmate's, else ""
  std::string tool;             // the name reports give the input when not a lint layout ("liquibase")
  std::vector<SourceMigration> migrations;
  std::vector<std::string> notes;  // files the tool would not run, ...
};

// Reads `dir` (one directory, or a folder-per-migration history such as diesel's).
// `layout` Auto detects it as lint does. Input problems (a down file without its up, an
// unreadable file) are errors in `diags` at the file; an unreadable directory throws.
SourceFolder read_source_folder(const std::string& dir, lint::Layout layout, core::Diagnostics& diags);

// dbmate's markers: the line offsets of `-- migrate:up` and `-- migrate:down` in `text`
// and whether each says `transaction:false`. nullopt when the file has no `-- migrate:up`.
struct DbmateSections {
  std::size_t up_begin = 0, up_end = 0, down_begin = 0, down_end = 0;
  bool has_down = false;
  bool up_transaction = true, down_transaction = true;
};
std::optional<DbmateSections> dbmate_sections(const std::string& text);

}  // namespace schemashift::import
