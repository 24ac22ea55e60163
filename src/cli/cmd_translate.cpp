// `schemashift translate`: flags -> translate::translate_folder -> the history folder (and
// the specs, --keep-specs) written as units -> a per-change report -> exit code.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/output_guard.hpp"
#include "core/error.hpp"
#include "render/output_dir.hpp"
#include "translate/history_layout.hpp"
#include "translate/translate.hpp"

namespace schemashift::cli {

namespace {

const char* kTranslateHelp = R"(
Translates a folder of migrations into another framework's migrations in one step:
`import` (one change spec per migration, docs/import.md) then `scaffold` of every spec
in history order, with one --to format. --out is the folder the target framework reads,
holding the whole history (docs/import.md, "translate"):

  sql        OUT/issue-<N>/sql/*.up.sql|.down.sql + manifest.json, OUT/issue-<N>/verify.sql
  flyway     OUT/V<version>__<slug>.sql, U..., .sql.conf
  liquibase  OUT/changelog.xml (includes each change in order) + OUT/issue-<N>.xml
  alembic    OUT/<version>_<slug>.py, one down_revision chain (alembic/versions)
  rails      OUT/<version>_<slug>.rb (db/migrate)
  sqlx       OUT/<version>_<slug>.up.sql|.down.sql (migrations)

Faithful by default: every change runs the same statements, in the same order and
transactions, as the source (the specs' `strategy: offline`). --safe re-plans each change
into expand / migrate / contract as scaffold does (CREATE INDEX -> CONCURRENTLY, SET NOT
NULL -> CHECK NOT VALID + VALIDATE, ...), raw SQL as written; the report lists per change
what changed and why, and a change the planner refuses to re-plan stays faithful.

Examples:
  schemashift translate --from flyway db/migration --to alembic --out alembic/versions
  schemashift translate db/migrations --to liquibase --out db/changelog --keep-specs changes
  schemashift translate migrations --to rails --out db/migrate --safe --format json

Exit codes: 0 written; 2 input errors (file:line:col on stderr, nothing written);
3 a file or folder cannot be read or written; 7 refused: --out or --keep-specs holds
other files; 64 usage.)";

struct TranslateCommandOptions {
  translate::Options translate;
  std::string from = "auto";
  std::string out;
  std::vector<std::string> variables;  // KEY=VALUE
  std::string format = "text";
  std::string color = "auto";
};

nlohmann::ordered_json change_json(const translate::ChangeReport& c) {
  const import::FileReport& f = c.source;
  return {{"file", f.path},       {"spec", f.spec},     {"statements", f.statements},
          {"native", f.native},   {"raw", f.raw},       {"irreversible", f.irreversible},
          {"strategy", c.strategy}, {"changes", c.changes}, {"kept_faithful", c.kept_faithful},
          {"files", c.files},     {"notes", [&] {
             auto notes = f.notes;
             notes.insert(notes.end(), c.notes.begin(), c.notes.end());
             return notes;
           }()}};
}

int run_translate(const TranslateCommandOptions& o) {
  translate::Options options = o.translate;
  options.import.layout = *lint::parse_layout(o.from);
  for (const auto& kv : o.variables) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw core::Error("--var " + kv + ": expected KEY=VALUE, e.g. --var alembic_down_revision=ae1027a6acf",
                        core::ExitCode::Usage);
    }
    options.variables[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  core::Diagnostics diags;
  const translate::Result result = translate::translate_folder(options, diags);
  const bool color = use_color(o.color, 2);
  for (const auto& n : result.notes) std::cerr << "note: " << n << "\n";
  if (diags.has_errors()) {
    print_diagnostics(diags, color);
    return 2;
  }
  print_diagnostics(diags, color, "");

  std::vector<std::string> paths, spec_paths;
  for (const auto& f : result.outputs) paths.push_back(f.path);
  for (const auto& f : result.specs) spec_paths.push_back(f.path);
  check_replaceable(o.out, paths, "translate");
  if (!options.import.out.empty()) check_replaceable(options.import.out, spec_paths, "translate");
  const render::OutputDir written = render::write_output_dir(o.out, result.outputs);
  bool specs_unchanged = true;
  if (!options.import.out.empty()) {
    std::vector<render::RenderedFile> specs;
    for (const auto& f : result.specs) specs.push_back({f.path, f.content});
    specs_unchanged = render::write_output_dir(options.import.out, specs).unchanged;
  }

  int native = 0, raw = 0, replanned = 0;
  for (const auto& c : result.changes) {
    native += c.source.native;
    raw += c.source.raw;
    replanned += c.strategy == "online";
  }
  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["folder"] = options.import.folder;
    j["layout"] = result.layout;
    j["to"] = options.format;
    j["out"] = o.out;
    j["safe"] = options.safe;
    j["specs"] = options.import.out.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(options.import.out);
    j["unchanged"] = written.unchanged && specs_unchanged;
    j["native"] = native;
    j["raw"] = raw;
    j["replanned"] = replanned;
    j["changes"] = nlohmann::ordered_json::array();
    for (const auto& c : result.changes) j["changes"].push_back(change_json(c));
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  for (const auto& c : result.changes) {
    const import::FileReport& f = c.source;
    if (f.spec.empty()) {
      std::cout << fmt::format("{}: no statements, nothing to translate\n", f.path);
      continue;
    }
    std::cout << fmt::format("{} -> {}: {} statements, {} native, {} raw SQL, {} file{}{}\n", f.path, f.spec,
                             f.statements, f.native, f.raw, c.files.size(), c.files.size() == 1 ? "" : "s",
                             f.irreversible ? " (irreversible: raw SQL without a down)" : "");
    for (const auto& line : c.changes) std::cout << "  safe: " << line << "\n";
    if (!c.kept_faithful.empty()) std::cout << "  faithful: " << c.kept_faithful << "\n";
    for (const auto& n : f.notes) std::cout << "  note: " << n << "\n";
    for (const auto& n : c.notes) std::cout << "  note: " << n << "\n";
  }
  std::cout << fmt::format("{} {} migrations ({}) to {} in {}: {} statements as operations, {} as raw SQL{}{}\n",
                           written.unchanged ? "unchanged:" : "translated", result.changes.size(), result.layout,
                           options.format, o.out, native, raw,
                           options.safe ? fmt::format("; {} re-planned (--safe)", replanned) : "",
                           options.import.out.empty() ? "" : "; specs in " + options.import.out);
  return 0;
}

}  // namespace

Command add_translate(CLI::App& app) {
  auto o = std::make_shared<TranslateCommandOptions>();
  o->translate.import.out.clear();  // specs are kept only with --keep-specs
  auto* cmd = app.add_subcommand("translate", "translate a folder of migrations into another framework's (import + scaffold)");
  cmd->footer(kTranslateHelp);
  cmd->add_option("folder", o->translate.import.folder, "the migrations folder")->required();
  cmd->add_option("--from", o->from, "the folder's layout (default: detected as `lint` does)")
      ->check(CLI::IsMember(lint::layout_names()));
  cmd->add_option("--to", o->translate.format, "the target format")
      ->required()
      ->check(CLI::IsMember(translate::target_formats()));
  cmd->add_option("--out", o->out, "the target framework's folder, written as a whole (new or empty)")->required();
  cmd->add_flag("--safe", o->translate.safe, "re-plan each change into expand / migrate / contract (default: faithful)");
  cmd->add_option("--keep-specs", o->translate.import.out,
                  "also write the specs and import-history/ there, to edit and re-scaffold");
  cmd->add_option("--schema", o->translate.import.base_schema, "the schema before the first migration (a DDL file)");
  cmd->add_option("--issue-base", o->translate.import.issue_base, "the first spec's issue number (default: from the versions)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--author", o->translate.import.author, "the specs' author");
  cmd->add_option("--var", o->variables,
                  "KEY=VALUE: a template variable of the --to format, e.g. --var alembic_down_revision=<your head> "
                  "(the first revision's; the others chain)");
  cmd->add_option("--format", o->format, "text or json (per change: native and raw statements, files, --safe changes)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--color", o->color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
  return {cmd, [o] { return run_translate(*o); }};
}

}  // namespace schemashift::cli
