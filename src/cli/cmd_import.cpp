// `schemashift import`: flags -> import::import_folder -> the specs written as one unit ->
// a per-file report -> exit code.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/output_guard.hpp"
#include "core/error.hpp"
#include "import/importer.hpp"
#include "render/output_dir.hpp"

namespace schemashift::cli {

namespace {

const char* kImportHelp = R"(
Turns a folder of plain SQL migrations into change specs, one per migration
(docs/import.md): sqlx, golang-migrate, dbmate (-- migrate:up / -- migrate:down),
diesel (<version>_<name>/up.sql + down.sql), Flyway V/U files and plain numbered psql
files, detected as `lint` detects them (--from to force one); or a Liquibase XML
changelog (a file, or a folder holding db.changelog-master.xml or one changelog), one
spec per changeSet, <include>/<includeAll> followed, each change read as the SQL
Liquibase runs on PostgreSQL, its <rollback> (or Liquibase's own) as the down. Each spec has
`strategy: offline`: scaffolded, it runs the same statements in the same order and
transactions. Statements become native operations where the planner renders them back
equivalently, the rest `sql` operations holding their exact text, with their down from
the down file (none: marked irreversible). Beside the specs, import-history/ holds each
migration's up SQL: each spec's `schema: {folder: import-history, before: N}` is the
schema its predecessors leave.

Exit codes: 0 written; 2 input errors (file:line:col on stderr, nothing written);
3 a file or folder cannot be read or written; 7 refused: --out holds other files.)";

struct ImportCommandOptions {
  import::Options import;
  std::string from = "auto";
  std::string format = "text";
  std::string color = "auto";
};

int run_import(const ImportCommandOptions& o) {
  import::Options options = o.import;
  options.liquibase = o.from == "liquibase";
  options.layout = options.liquibase ? lint::Layout::Auto : *lint::parse_layout(o.from);
  core::Diagnostics diags;
  const import::Result result = import::import_folder(options, diags);
  const bool color = use_color(o.color, 2);
  for (const auto& n : result.notes) std::cerr << "note: " << n << "\n";
  if (diags.has_errors()) {
    print_diagnostics(diags, color);
    return 2;
  }
  print_diagnostics(diags, color, "");
  std::vector<render::RenderedFile> files;
  std::vector<std::string> paths;
  for (const auto& f : result.outputs) {
    files.push_back({f.path, f.content});
    paths.push_back(f.path);
  }
  check_replaceable(options.out, paths, "import");
  const render::OutputDir written = render::write_output_dir(options.out, files);
  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["folder"] = options.folder;
    j["layout"] = result.layout;
    j["out"] = options.out;
    j["unchanged"] = written.unchanged;
    int native = 0, raw = 0;
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& f : result.files) {
      native += f.native;
      raw += f.raw;
      arr.push_back({{"file", f.path}, {"spec", f.spec}, {"statements", f.statements}, {"native", f.native},
                     {"raw", f.raw}, {"irreversible", f.irreversible}, {"notes", f.notes}});
    }
    j["native"] = native;
    j["raw"] = raw;
    j["files"] = arr;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  int native = 0, raw = 0;
  for (const auto& f : result.files) {
    native += f.native;
    raw += f.raw;
    std::cout << fmt::format("{} -> {}: {} statements, {} native, {} raw SQL{}\n", f.path, f.spec, f.statements,
                             f.native, f.raw, f.irreversible ? " (irreversible: raw SQL without a down)" : "");
    for (const auto& n : f.notes) std::cout << "  note: " << n << "\n";
  }
  std::cout << fmt::format("{} {} migrations ({}) into {}: {} statements as operations, {} as raw SQL\n",
                           written.unchanged ? "unchanged:" : "imported", result.files.size(), result.layout,
                           options.out, native, raw);
  return 0;
}

}  // namespace

Command add_import(CLI::App& app) {
  auto o = std::make_shared<ImportCommandOptions>();
  auto* cmd = app.add_subcommand("import", "turn a folder of SQL migrations or a Liquibase changelog into change specs (strategy: offline)");
  cmd->footer(kImportHelp);
  cmd->add_option("folder", o->import.folder, "the migrations folder, or a Liquibase XML changelog")->required();
  cmd->add_option("--from", o->from, "the folder's layout (default: detected as `lint` does)")
      ->check(CLI::IsMember([] {
        auto names = lint::layout_names();
        names.push_back("liquibase");
        return names;
      }()));
  cmd->add_option("--out", o->import.out, "where the specs go (default: changes); replaced as a whole");
  cmd->add_option("--schema", o->import.base_schema, "the schema before the first migration (a DDL file)");
  cmd->add_option("--issue-base", o->import.issue_base, "the first spec's issue number (default: from the versions)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--author", o->import.author, "the specs' author");
  cmd->add_option("--format", o->format, "text or json (per file: statements as operations and as raw SQL)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--color", o->color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
  return {cmd, [o] { return run_import(*o); }};
}

}  // namespace schemashift::cli
