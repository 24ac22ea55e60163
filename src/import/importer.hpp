#pragma once
// `schemashift import` as a library call: a folder of plain SQL migrations (sqlx,
// golang-migrate, dbmate, diesel, Flyway, plain psql) or a Liquibase XML changelog (each
// changeSet turned into the SQL Liquibase runs) -> one change spec per migration,
// `strategy: offline`, whose scaffolded `sql/` files run the same statements in the same
// order and transactions (docs/import.md). A statement becomes a native operation only
// when the planner renders it back equivalently in place; everything else is a `sql`
// operation holding the statement's exact text.
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "lint/layout.hpp"

namespace schemashift::import {

struct Options {
  std::string folder;                       // the migrations
  lint::Layout layout = lint::Layout::Auto;  // --from
  bool liquibase = false;                   // --from liquibase (else detected: an .xml changelog, a folder with one)
  std::string out = "changes";              // where the specs go (paths in them are relative to it)
  std::string base_schema;                  // --schema: the schema before the first migration (a DDL file)
  long long issue_base = 0;                 // 0: derived (small integer versions, else 1, 2, ...)
  std::string author = "schemashift import";
};

struct FileReport {
  std::string path;        // the up file
  std::string spec;        // the spec written, relative to `out`
  int statements = 0;
  int native = 0;          // statements that became native operations
  int raw = 0;             // statements kept as `sql` operations
  bool irreversible = false;  // some raw SQL has no down
  std::vector<std::string> notes;
};

struct OutputFile {
  std::string path;        // relative to `out`
  std::string content;
};

struct Result {
  std::string layout;      // as lint names it (+ " (dbmate)")
  std::vector<FileReport> files;
  std::vector<OutputFile> outputs;
  std::vector<std::string> notes;   // files skipped ...
};

// Input problems are errors in `diags` (file:line:col), the other migrations are still
// read; an unreadable folder throws core::Error. The caller writes `outputs` only when
// `diags` has no errors.
Result import_folder(const Options& options, core::Diagnostics& diags);

}  // namespace schemashift::import
