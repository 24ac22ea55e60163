#pragma once
// The change spec's header: who, why, when, against which schema, with which settings.
// Operations stay as position-carrying nodes here; ops/ decodes each one, so adding an
// operation never touches this file.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "spec/schema_ref.hpp"
#include "core/node.hpp"
#include "core/timestamp.hpp"

namespace schemashift::spec {

enum class Strategy { Online, Offline };

struct Settings {
  long long lock_timeout_ms = 500;        // short: a queued strong lock blocks every later query
  long long statement_timeout_ms = 30'000;
  long long lock_retries = 5;
  // Backfills (ops/batched_update.cpp): the first batch's rows; later batches are sized to
  // take about batch_time_ms each (0: every batch keeps batch_size), at most batch_max rows.
  long long batch_size = 1000;
  long long batch_time_ms = 200;
  long long batch_max = 100'000;
  // The pause after each batch: a fixed part plus a share of the batch's own time.
  long long batch_pause_ms = 10;
  long long batch_pause_percent = 0;
  int pg_version = 15;
};

// A row count and where it comes from ("catalog statistics (reltuples)"), for estimates.
struct RowEstimate {
  long long rows = 0;
  std::string basis;
};

struct RawOperation {
  std::string name;            // "add_column"
  core::SourceLocation where;  // of the operation name
  core::Node body;             // the map under the name
};

struct ChangeSpec {
  std::string path;                 // as given on the command line
  long long issue = 0;
  std::string title;
  std::string purpose;
  std::string author;
  core::Timestamp created;
  std::string service;              // may be empty
  std::string name;                 // slug for file names
  // `schema:` — where the current schema comes from: a path (a `pg_dump --schema-only`
  // file, or a folder of migrations; which one is decided when it is read), or
  // `{database: ENV_VAR_OR_URL}`. Exactly one of schema_path / schema_database is set.
  std::string schema_path;          // resolved relative to the spec file
  std::string schema_database;      // an environment variable's name or a URL, as written
  std::string schema_before;        // `{folder: PATH, before: VERSION}`: replay only files named below VERSION
  core::SourceLocation schema_where;
  std::map<std::string, long long> rows;  // table -> row-count hint, as written
  std::map<std::string, core::SourceLocation> rows_where;
  // Row estimates of the live database named by `schema: {database: ...}`, keyed
  // schema-qualified ("public.users"); filled when the schema is read, not from the YAML.
  // A `rows:` hint wins over them (plan/row_counts.hpp).
  std::map<std::string, RowEstimate> catalog_rows;
  Settings settings;
  Strategy strategy = Strategy::Online;
  std::vector<RawOperation> operations;
};

// Reads and checks the header of a spec. Operation bodies are checked by ops/.
// Returns nullopt when the file cannot be used at all (unreadable, not YAML, not a map).
// `default_schema`: the schema of the spec's service (project file), used when the spec
// has no `schema:` (its path absolute or relative to the current directory); without one,
// `schema:` is required.
std::optional<ChangeSpec> read_change_spec(const std::string& path, core::Diagnostics& diags,
                                           const SchemaRef* default_schema = nullptr);
// Same, from text already in memory (tests).
std::optional<ChangeSpec> parse_change_spec(const std::string& text, const std::string& path,
                                            core::Diagnostics& diags, const SchemaRef* default_schema = nullptr);

const char* strategy_name(Strategy s);

}  // namespace schemashift::spec
