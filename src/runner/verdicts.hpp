#pragma once
// Before anything runs, every pending migration is judged by the same rules as
// `schemashift lint` (and scaffold's plan): SAFE_TO_RUN runs, REQUIRES_MAINTENANCE_WINDOW
// needs --maintenance-window, BLOCKED never runs. Row counts come from the live database's
// statistics, so the estimates are this database's, not a spec's hints.
#include <map>
#include <set>
#include <string>

#include "analyze/linter.hpp"
#include "runner/migration_files.hpp"

namespace schemashift::runner {

struct JudgeOptions {
  // The project's analysis settings (.schemashift.yaml's lint: pg_version, rule severities,
  // lock limits) with the live statistics; per-file fields are set by judge().
  analyze::LintOptions lint;
  long long lock_timeout_ms = 500;  // what the runner sets before blocking statements
  // The schema before the first file of each folder (verify knows it: the spec's schema
  // source); null: the folder is the whole history and starts from an empty schema.
  const model::Schema* base = nullptr;
  // The database's schema now, every applied migration in it (`run` reads it from the
  // catalog). When set, only the versions in `pending` are judged, in apply order, on
  // that one schema: a folder's applied files are already in it and are not followed
  // again, and pending files of several folders all change the same database.
  const model::Schema* live = nullptr;
  const std::set<std::string>* pending = nullptr;
  // Every file follows the one before it, whatever its folder: the files go to one database
  // in version order (verify's rehearsal; a diesel history keeps each migration in a folder).
  bool one_history = false;
};

// Lint reports by version. Without a live schema each folder is one history, linted in
// version order with one evolving schema, as `lint` reads a folder (applied files too, so
// that later files know the tables earlier ones created).
std::map<std::string, analyze::FileReport> judge(const MigrationSet& set, const JudgeOptions& options);

}  // namespace schemashift::runner
