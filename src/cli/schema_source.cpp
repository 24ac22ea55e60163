#include "cli/schema_source.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "core/text.hpp"
#include "db/catalog_schema.hpp"
#include "db/connection.hpp"
#include "db/table_stats.hpp"
#include "lint/discovery.hpp"
#include "lint/migration_names.hpp"
#include "lint/stats.hpp"
#include "model/sql_schema_loader.hpp"
#include "runner/migration_files.hpp"

namespace schemashift::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFolderHint =
    "`schema:` may name a folder of migrations (plain numbered .sql, Flyway V files, sqlx, golang-migrate "
    ".up.sql, or scaffold's issue-N/sql/ folders)";

// scaffold's output: issue-N folders, each with sql/ (and the same SQL for other tools).
bool is_scaffold_output(const std::string& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && core::issue_folder_number(it->path().filename().string())) return true;
  }
  return false;
}

// The up migrations of scaffold's output, in the order `schemashift run` applies them.
std::optional<std::vector<model::MigrationScript>> scaffolded_scripts(const std::string& dir,
                                                                      core::Diagnostics& diags) {
  const runner::MigrationSet set = runner::find_migrations(dir, diags);
  if (diags.has_errors()) return std::nullopt;
  std::vector<model::MigrationScript> out;
  for (const auto& f : set.files) out.push_back({f.up_path, f.up_text});
  return out;
}

// `{folder: ..., before: V}`: a file whose name starts with a version (its leading digits) below V.
bool before_version(const std::string& name, const std::string& before) {
  const std::string digits = name.substr(0, name.find_first_not_of("0123456789"));
  return !digits.empty() && lint::compare_digit_versions(digits, before) < 0;
}

// Any other folder: the files its tool runs, in its order (lint's discovery), without the
// down/undo files, which never build the schema, and without files the tool would not run.
std::optional<std::vector<model::MigrationScript>> folder_scripts(const spec::ChangeSpec& spec,
                                                                  core::Diagnostics& diags) {
  const lint::DiscoveryOptions options;
  const lint::Discovery found = lint::discover({spec.schema_path}, options);
  for (const auto& e : found.errors) throw core::Error(e);
  if (found.groups.size() > 1) {
    std::vector<std::string> dirs;
    for (const auto& g : found.groups) dirs.push_back(g.directory);
    diags.error("ambiguous-schema-folder", spec.schema_where,
                "the schema folder holds migrations in " + std::to_string(dirs.size()) +
                    " directories (" + core::join(dirs, ", ") + "): their relative order is unknown",
                "name the one directory whose migrations build the schema");
    return std::nullopt;
  }
  std::vector<model::MigrationScript> out;
  if (found.groups.empty()) return out;
  lint::MigrationGroup group = lint::load_group(found.groups.front(), options);
  for (const auto& note : group.notes) diags.warning("schema-folder", spec.schema_where, note);
  for (auto& f : group.files) {
    if (f.role == lint::Role::Down || !f.follows_layout) continue;
    if (!spec.schema_before.empty() && !before_version(f.name, spec.schema_before)) continue;
    if (f.read_error) throw core::Error("cannot read " + f.path + ": " + *f.read_error);
    out.push_back({f.path, std::move(f.text)});
  }
  return out;
}

std::optional<std::vector<model::MigrationScript>> folder_scripts_of(const spec::ChangeSpec& spec,
                                                                     core::Diagnostics& diags) {
  return is_scaffold_output(spec.schema_path) ? scaffolded_scripts(spec.schema_path, diags)
                                              : folder_scripts(spec, diags);
}

std::optional<plan::CurrentSchema> read_folder(const spec::ChangeSpec& spec, core::Diagnostics& diags) {
  const auto scripts = folder_scripts_of(spec, diags);
  if (!scripts) return std::nullopt;
  if (scripts->empty() && spec.schema_before.empty()) {
    diags.error("empty-schema-folder", spec.schema_where,
                "the schema folder '" + spec.schema_path + "' holds no migrations to replay", kFolderHint);
    return std::nullopt;
  }
  auto schema = model::replay_migrations(*scripts, diags);
  if (!schema) return std::nullopt;
  return plan::CurrentSchema{std::move(*schema), {}};
}

// `database:` names an environment variable (DATABASE_URL_USER_SERVICE) or is the URL.
std::string database_url(const spec::ChangeSpec& spec) {
  if (!core::is_env_name(spec.schema_database)) return spec.schema_database;
  const char* value = std::getenv(spec.schema_database.c_str());
  if (value && *value) return value;
  throw core::Error(spec.schema_where.str() + ": " + spec.schema_database +
                    " is not set: `schema: {database: " + spec.schema_database +
                    "}` reads the current schema from the database it names\n  hint: export " +
                    spec.schema_database + "=postgresql://USER@HOST:5432/DBNAME (a password goes in ~/.pgpass or "
                    "PGPASSWORD), or write the URL itself");
}

// The live catalog as DDL, and its row estimates. Throws db::Error with a hint.
std::pair<db::CatalogSchema, std::vector<db::TableSize>> read_catalog(const spec::ChangeSpec& spec, std::string& url) {
  db::ConnectOptions options;
  options.url = database_url(spec);
  const char* hint =
      "\n  hint: check the URL (postgresql://user@host:5432/dbname), that the server runs and accepts the "
      "connection, and the password (PGPASSWORD or ~/.pgpass); or point `schema:` at a pg_dump file or a "
      "migrations folder";
  std::optional<db::Connection> conn;
  try {
    conn.emplace(options);
  } catch (const db::Error& e) {
    throw db::Error(std::string(e.what()) + hint, e.failure());
  }
  db::CatalogSchema catalog;
  std::vector<db::TableSize> sizes;
  try {
    catalog = db::read_catalog_schema(*conn);
    sizes = db::read_table_sizes(*conn);
  } catch (const db::Error& e) {
    throw db::Error("cannot read the schema of " + conn->display_url() + ": " + e.failure().message + hint,
                    e.failure());
  }
  url = conn->display_url();
  return {std::move(catalog), std::move(sizes)};
}

// The catalog's DDL in the model; indexes the catalog marks INVALID stay invalid.
std::optional<model::Schema> model_of(const db::CatalogSchema& catalog, const std::string& url, core::Diagnostics& diags) {
  // Diagnostics point into the generated text, which nobody has: name the database instead.
  auto schema = model::load_schema_sql(catalog.ddl, "catalog of " + url, diags);
  if (!schema) return std::nullopt;
  for (const auto& name : catalog.invalid_indexes) {
    if (auto it = schema->indexes.find(name); it != schema->indexes.end()) it->second.valid = false;
  }
  return schema;
}

std::optional<plan::CurrentSchema> read_database(const spec::ChangeSpec& spec, core::Diagnostics& diags) {
  std::string url;
  auto [catalog, sizes] = read_catalog(spec, url);
  auto schema = model_of(catalog, url, diags);
  if (!schema) return std::nullopt;
  plan::CurrentSchema current{std::move(*schema), {}};
  // What a missing or zero reltuples means is lint's one decision (lint/stats.hpp).
  for (const auto& [table, stats] : lint::stats_from_catalog(sizes)) {
    current.row_estimates[table] = spec::RowEstimate{stats.rows, stats.basis};
  }
  return current;
}

}  // namespace

std::optional<std::vector<model::MigrationScript>> read_schema_scripts(const spec::ChangeSpec& spec,
                                                                      core::Diagnostics& diags) {
  if (!spec.schema_database.empty()) {
    std::string url;
    auto catalog = read_catalog(spec, url).first;
    return std::vector<model::MigrationScript>{{"catalog of " + url, std::move(catalog.ddl)}};
  }
  std::error_code ec;
  if (fs::is_directory(spec.schema_path, ec)) return folder_scripts_of(spec, diags);
  const auto text = runner::read_text(spec.schema_path);
  if (!text) throw core::Error("cannot read " + spec.schema_path);
  return std::vector<model::MigrationScript>{{spec.schema_path, *text}};
}

LiveSchema read_live_schema(const std::string& database_url) {
  LiveSchema live;
  db::CatalogSchema catalog;
  try {
    db::ConnectOptions options;
    options.url = database_url;
    db::Connection conn(options);
    live.url = conn.display_url();
    catalog = db::read_catalog_schema(conn, 2000);
  } catch (const db::Error& e) {
    live.url = live.url.empty() ? "the database" : live.url;
    live.problem = e.failure().message;
    return live;
  }
  core::Diagnostics diags;
  live.schema = model_of(catalog, live.url, diags);
  if (live.schema && diags.error_count() > 0) live.schema.reset();
  if (!live.schema) {
    live.problem = "its catalog could not be read into the schema model";
    for (const auto& d : diags.items()) {
      if (d.severity == core::Severity::Error) {
        live.problem += ": " + d.message;
        break;
      }
    }
  }
  return live;
}

std::optional<plan::CurrentSchema> read_current_schema(const spec::ChangeSpec& spec, core::Diagnostics& diags) {
  if (!spec.schema_database.empty()) return read_database(spec, diags);
  std::error_code ec;
  if (fs::is_directory(spec.schema_path, ec)) return read_folder(spec, diags);
  return plan::read_schema_file(spec, diags);
}

}  // namespace schemashift::cli
