// schemashift — neutral YAML change specs to safe, zero-downtime PostgreSQL migrations.
// main wires subcommands to CLI11 and is the one place exceptions become exit codes.
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "lint/layout.hpp"
#include "lint/report/reporter.hpp"
#include "lint/run.hpp"

using namespace schemashift;

namespace {

const char* kDescription = R"(schemashift turns one YAML change spec per issue into phased, zero-downtime
PostgreSQL migrations: expand (additive), migrate (batched backfills, VALIDATE),
contract (destructive, reviewed). Every statement is analysed for the lock it
takes, what it blocks and how long it holds it.

Examples:
  schemashift plan --issue 234                 preview the plan for changes/*.yaml with issue: 234
  schemashift scaffold --issue 234             write migrations/issue-234/ (SQL, README, ...)
  schemashift scaffold --spec change.yaml --out db/changes/234 --format sql,readme
  schemashift plan --issue 234 --format json   the same plan for scripts
  schemashift lint db/migrations               lint hand-written migrations (psql, Flyway, sqlx, golang-migrate)
  schemashift rules                            the lint rules; `rules explain ID` for one

Exit codes: 0 ok / SAFE_TO_RUN; 1 verdict BLOCKED; 2 invalid spec or SQL input (diagnostics
on stderr, nothing written); 3 environment failure (I/O, templates, database);
4 lint verdict REQUIRES_MAINTENANCE_WINDOW; 64 usage error.
Colour: only on a terminal, never with NO_COLOR set; --color always|never overrides.)";

void add_selector(CLI::App* cmd, cli::SpecSelector& sel) {
  auto* issue = cmd->add_option("--issue", sel.issue, "issue number: picks the spec in --changes whose `issue:` matches")
                    ->check(CLI::PositiveNumber);
  auto* spec = cmd->add_option("--spec", sel.spec, "path of the spec file (instead of --issue)")->check(CLI::ExistingFile);
  issue->excludes(spec);
  cmd->add_option("--changes", sel.changes, "directory of change specs")->capture_default_str();
}

void add_templates(CLI::App* cmd, std::vector<std::string>& dirs) {
  cmd->add_option("--templates", dirs,
                  "extra directory with formats/<id>.yaml and templates/<id>/ (searched before the built-ins)")
      ->check(CLI::ExistingDirectory);
}

void add_color(CLI::App* cmd, std::string& color) {
  cmd->add_option("--color", color, "colour output: auto (terminal only, never with NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

// "auto (default), sql, flyway, sqlx or golang-migrate", from lint's one list of layouts.
std::string layout_choices() {
  const auto& names = lint::layout_names();
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i] + (i == 0 ? " (default)" : "");
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{kDescription, "schemashift"};
  app.set_version_flag("--version", std::string("schemashift ") + SCHEMASHIFT_VERSION);
  app.require_subcommand(1);
  app.footer("Run `schemashift <command> --help` for a command's options. Spec format: docs/spec-format.md");

  cli::ScaffoldOptions scaffold;
  auto* sc = app.add_subcommand("scaffold", "plan a change spec and write its migrations, README and verify.sql");
  add_selector(sc, scaffold.selector);
  sc->add_option("--out", scaffold.out, "output directory (default: migrations/issue-<N>); replaced as a whole");
  sc->add_option("--format", scaffold.formats,
                 "formats to write, comma separated (see `schemashift formats`); default: all")
      ->delimiter(',');
  add_templates(sc, scaffold.template_dirs);
  sc->add_option("--var", scaffold.variables,
                 "KEY=VALUE: set a format's template variable (repeatable), e.g. "
                 "--var rails_migration_version=7.1; `schemashift formats` lists them");
  add_color(sc, scaffold.color);
  sc->add_flag("-q,--quiet", scaffold.quiet, "print nothing on success");

  cli::PlanOptions plan;
  auto* pl = app.add_subcommand("plan", "preview the plan: schema changes, locks, durations, warnings, rollback, files");
  add_selector(pl, plan.selector);
  pl->add_option("--format", plan.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  add_templates(pl, plan.template_dirs);
  add_color(pl, plan.color);

  std::vector<std::string> format_dirs;
  auto* fm = app.add_subcommand("formats", "list the output formats (built-in and from --templates)");
  add_templates(fm, format_dirs);

  cli::LintCommandOptions lint_cmd;
  auto* li = app.add_subcommand("lint", "lint SQL migration files: locks, rewrites, durations, verdict per file");
  li->footer(lint::help());
  lint::Options& lo = lint_cmd.lint;
  li->add_option("paths", lo.paths, "files or directories (recursive) to lint; - reads stdin; default: .")
      ->check(CLI::Validator(
          [](std::string& p) {
            std::error_code ec;
            return p == "-" || std::filesystem::exists(p, ec) ? std::string() : "no such file or directory: " + p;
          },
          "PATH|-"));
  li->add_option("--stdin-filepath", lo.stdin_filepath, "file name for stdin (layout detection and reports)");
  li->add_option_function<std::string>("--layout", [&lo](const std::string& v) { lo.layout = v; },
                                       layout_choices())
      ->check(CLI::IsMember(lint::layout_names()));
  li->add_flag("--assume-in-transaction", lo.assume_in_transaction,
               "every file runs in one transaction (e.g. psql --single-transaction)");
  li->add_option_function<int>("--pg-version", [&lo](const int& v) { lo.pg_version = v; },
                               "target PostgreSQL major version, 10..17 (default 15)")
      ->check(CLI::Range(10, 17));
  li->add_option("--rule", lo.rules, "ID=SEVERITY (off, hint, warning, error); repeatable");
  li->add_option("--rows", lo.rows, "TABLE=N: row count for duration estimates; repeatable");
  li->add_option_function<long long>("--max-lock-ms", [&lo](const long long& v) { lo.max_lock_ms = v; },
                                     "blocking work on known rows estimated below this is tolerated (default 1000)")
      ->check(CLI::NonNegativeNumber);
  li->add_option_function<long long>("--max-lock-timeout-ms",
                                     [&lo](const long long& v) { lo.max_lock_timeout_ms = v; },
                                     "longest acceptable lock_timeout (default 5000)")
      ->check(CLI::NonNegativeNumber);
  li->add_option("--database-url", lo.database_url,
                 "read row estimates and table sizes from this database's catalog (read-only)");
  li->add_option("--schema", lo.schema, "pg_dump --schema-only file: the schema before the first migration")
      ->check(CLI::ExistingFile);
  li->add_option("--config", lo.config, "config file (default: .schemashift.yaml if present)")
      ->check(CLI::ExistingFile);
  li->add_option("--format", lo.format, lint::report_format_help())
      ->check(CLI::IsMember(lint::report_format_names()))
      ->capture_default_str();
  li->add_flag("--locks", lo.report.locks, "human format: show every statement's locks, not only findings");
  add_color(li, lint_cmd.color);

  cli::RulesOptions rules;
  auto* ru = app.add_subcommand("rules", "list the lint rules (id, severity, impact, summary)");
  ru->add_option("--format", rules.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  auto* rx = ru->add_subcommand("explain", "explain one rule: rationale, safe alternative, examples");
  rx->add_option("id", rules.explain, "rule id (see `schemashift rules`)")->required();
  rx->add_option("--format", rules.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  add_color(rx, rules.color);

  for (auto* cmd : {sc, pl}) {
    cmd->callback([cmd] {
      // --issue or --spec: exactly one.
      if (cmd->count("--issue") + cmd->count("--spec") == 0) {
        throw CLI::RequiredError("--issue N or --spec FILE");
      }
    });
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(core::ExitCode::Usage);
  }
  try {
    if (sc->parsed()) return cli::run_scaffold(scaffold);
    if (pl->parsed()) return cli::run_plan(plan);
    if (fm->parsed()) return cli::run_formats(format_dirs);
    if (li->parsed()) return cli::run_lint(lint_cmd);
    if (rx->parsed()) return cli::run_rules_explain(rules);
    if (ru->parsed()) return cli::run_rules(rules);
  } catch (const core::Error& e) {
    std::cerr << "schemashift: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "schemashift: internal error: " << e.what() << "\n";
    return static_cast<int>(core::ExitCode::Environment);
  }
  return 0;
}
