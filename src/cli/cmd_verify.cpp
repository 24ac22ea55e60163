// `schemashift verify`: flags -> the migrations and the schema they start from -> a scratch
// database -> verify::rehearse -> report -> exit code.
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "cli/render_all.hpp"
#include "cli/schema_source.hpp"
#include "cli/verify_migrations.hpp"
#include "cli/verify_output.hpp"
#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "db/pg_session.hpp"
#include "lint/config.hpp"
#include "render/output_dir.hpp"
#include "render/plan_json.hpp"
#include "verify/rehearsal.hpp"
#include "verify/scratch_database.hpp"
#include "verify/scratch_server.hpp"

namespace schemashift::cli {

namespace {

const char* kVerifyHelp = R"(
Rehearses a change on a throw-away PostgreSQL before it goes anywhere near production:

  1. a scratch database: by default a private server started with the PostgreSQL binaries
     on this machine (initdb into a temporary directory, a unix socket only; removed
     afterwards, also after Ctrl-C or kill -9), or --scratch-url: a server where verify
     creates a database of its own and drops it after. DATABASE_URL is never used.
  2. the schema the change starts from: the spec's `schema:` (a pg_dump file, a folder of
     migrations, or a live database's catalog, read only), then --seed rows if given.
  3. every up migration, applied exactly as `schemashift run` applies it (same
     transactions, lock timeouts, retries, backfills). Each statement's locks (pg_locks,
     per relation and mode), rewrites (a new relfilenode) and full scans (the
     transaction's scan counters) are recorded and compared with what the analyser
     predicted for it: every difference is reported.
  4. every down migration, newest first; the catalog (tables, columns, types, defaults,
     NOT NULL, constraints and their validation, indexes and their validity, triggers,
     views, functions, sequences, comments, grants) must then equal the catalog before
     step 3, or the objects that differ are listed.
  5. the ups again (down then up must be repeatable), then the change's verify.sql.

With --issue/--spec the spec is planned and its SQL rendered to a temporary folder (what
`scaffold --format sql` writes); with --dir an existing folder of migrations is
rehearsed from an empty database (scaffold's issue-N/sql folders, or any folder of
<version>_<name>.up.sql / .down.sql files).

Examples:
  schemashift verify --issue 234
  schemashift verify --issue 234 --seed fixtures/rows.sql --format markdown >> PR.md
  schemashift verify --dir migrations/issue-234
  schemashift verify --spec changes/234.yaml --scratch-url postgresql://postgres@ci-db/postgres

Exit codes: 0 verified; 1 every step passed but a lock, rewrite or scan differed from the
prediction; 2 invalid spec or migration files; 3 environment (no PostgreSQL binaries, the
scratch server did not start, --scratch-url unreachable); 5 a step failed: an up or down
migration failed, the catalog after the downs differs, or a verification check failed.)";


}  // namespace

int run_verify(const VerifyCommandOptions& o) {
  const bool color = use_color(o.color, 1);
  const auto project = read_project(o.config, o.color);
  if (!project) return static_cast<int>(core::ExitCode::InvalidInput);
  core::Diagnostics config_diags;
  const auto config = lint::lint_config_of(*project, config_diags);
  print_diagnostics(config_diags, use_color(o.color, 2), "nothing was verified");
  if (!config) return static_cast<int>(core::ExitCode::InvalidInput);

  verify::RehearsalInput input;
  lint::apply_config(*config, input.lint);
  VerifyHeader header;
  std::optional<core::TempDir> rendered;
  std::string migrations_dir = o.dir;
  if (o.dir.empty()) {
    auto plan = load_plan(o.selector, use_color(o.color, 2));
    if (!plan) return static_cast<int>(core::ExitCode::InvalidInput);
    core::Diagnostics diags;
    auto scripts = read_schema_scripts(plan->spec, diags);
    print_diagnostics(diags, use_color(o.color, 2), "nothing was verified");
    if (!scripts) return static_cast<int>(core::ExitCode::InvalidInput);
    for (auto& s : *scripts) input.schema.push_back({std::move(s.path), std::move(s.text)});
    input.base = plan->before;
    // What `scaffold --format sql` writes, in a folder of our own.
    const auto backends = select_formats({"sql"}, {});
    render::TemplateContext context(render::plan_to_json(*plan, render::MigrationViews::References));
    rendered.emplace("schemashift-sql");
    migrations_dir = rendered->path();
    render::write_output_dir(fmt::format("{}/issue-{}", rendered->path(), plan->spec.issue), render_formats(context, backends));
    header.what = fmt::format("issue {} ({})", plan->spec.issue, plan->spec.title);
  }
  core::Diagnostics diags;
  if (o.dir.empty()) {
    input.set = runner::find_migrations(migrations_dir, diags);
  } else {
    VerifyMigrations found = find_verify_migrations(o.dir, diags);
    input.set = std::move(found.set);
    header.what = found.layout == "runner" || found.layout.empty() ? o.dir : fmt::format("{} ({})", o.dir, found.layout);
  }
  print_diagnostics(diags, use_color(o.color, 2), "nothing was verified");
  if (diags.has_errors()) return static_cast<int>(core::ExitCode::InvalidInput);
  if (input.set.files.empty()) {
    std::cerr << "schemashift: no migrations to verify in " << migrations_dir << "\n";
    return static_cast<int>(core::ExitCode::InvalidInput);
  }
  if (!o.seed.empty()) {
    const auto text = runner::read_text(o.seed);
    if (!text) throw core::Error("cannot read --seed " + o.seed, core::ExitCode::InvalidInput);
    input.seed = verify::SqlFile{o.seed, *text};
  }

  std::unique_ptr<verify::ScratchServer> server;
  std::unique_ptr<verify::ScratchDatabase> database;
  std::string url;
  if (!o.scratch_url.empty()) {
    database = std::make_unique<verify::ScratchDatabase>(std::make_unique<db::PgSession>(o.scratch_url), o.scratch_url);
    url = database->url();
    header.server = database->describe();
  } else {
    verify::ScratchOptions so;
    so.bin_dir = o.pg_bin;
    so.keep = o.keep;
    server = verify::ScratchServer::start(so);
    url = server->url();
    header.server = fmt::format("a scratch PostgreSQL {} ({})", server->version(),
                                o.keep ? "kept running in " + server->directory() : "removed afterwards");
  }
  const verify::Connect connect = [&url] { return std::make_unique<db::PgSession>(url); };
  runner::Events quiet;
  const verify::RehearsalReport report = verify::rehearse(input, connect, quiet);

  if (o.format == "json") {
    print_verify_json(std::cout, header, report);
  } else if (o.format == "markdown") {
    print_verify_markdown(std::cout, header, report);
  } else {
    print_verify_human(std::cout, header, report, color);
  }
  if (report.ok()) return 0;
  if (!report.failed_step.empty() || report.catalog_differs()) return static_cast<int>(core::ExitCode::MigrationFailed);
  for (const auto& c : report.checks) {
    if (!c.ok) return static_cast<int>(core::ExitCode::MigrationFailed);
  }
  return static_cast<int>(core::ExitCode::Findings);
}

Command add_verify(CLI::App& app) {
  auto o = std::make_shared<VerifyCommandOptions>();
  auto* cmd = app.add_subcommand(
      "verify", "rehearse a change on a scratch PostgreSQL: up with lock tracing, down, up again, checks");
  cmd->footer(kVerifyHelp);
  add_selector(cmd, o->selector);
  cmd->add_option("--dir", o->dir, "a folder of migrations to rehearse instead of a spec (from an empty database)")
      ->check(CLI::ExistingDirectory);
  // Replaces add_selector's own check: --dir is the third way to say what to verify.
  cmd->callback([cmd] {
    const auto n = cmd->count("--issue") + cmd->count("--spec") + cmd->count("--dir");
    if (n == 0) throw CLI::RequiredError("--issue N, --spec FILE or --dir DIR");
    if (n > 1) throw CLI::ValidationError("--issue, --spec and --dir", "give only one of them");
  });
  cmd->add_option("--scratch-url", o->scratch_url,
                  "a server where verify may create (and afterwards drop) a database of its own, instead of starting "
                  "a private one");
  cmd->add_option("--seed", o->seed, "SQL file of rows to load after the schema, before the migrations")
      ->check(CLI::ExistingFile);
  cmd->add_option("--pg-bin", o->pg_bin,
                  "directory of PostgreSQL's initdb and postgres (default: $PGBIN, /usr/lib/postgresql/15/bin, PATH)");
  cmd->add_flag("--keep", o->keep, "leave the scratch server running and its directory in place (debugging)");
  cmd->add_option("--format", o->format, "human, json or markdown")
      ->check(CLI::IsMember({"human", "json", "markdown"}))
      ->capture_default_str();
  cmd->add_option("--config", o->config,
                  "project file: its lint settings make the predictions (default: .schemashift.yaml here or above)")
      ->check(CLI::ExistingFile);
  add_color(cmd, o->color);
  return {cmd, [o] { return run_verify(*o); }};
}

}  // namespace schemashift::cli
