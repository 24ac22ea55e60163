#include "cli/app.hpp"

#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"

namespace schemashift::cli {

namespace {

const char* kDescription = R"(schemashift turns one YAML change spec per issue into phased, zero-downtime
PostgreSQL migrations: expand (additive), migrate (batched backfills, VALIDATE),
contract (destructive, reviewed). Every statement is analysed for the lock it
takes, what it blocks and how long it holds it.

Examples:
  schemashift init                             a starter .schemashift.yaml (services found here) and changes/
  schemashift new --service user-service --issue 245 "add email verification column"
                                               a spec skeleton for that service's next change
  schemashift plan --issue 234                 preview the plan for changes/*.yaml with issue: 234
  schemashift scaffold --issue 234             write migrations/issue-234/ (SQL, README, ...)
  schemashift scaffold --spec change.yaml --out db/changes/234 --format sql,readme
  schemashift plan --issue 234 --format json   the same plan for scripts
  schemashift verify --issue 234               rehearse it on a scratch PostgreSQL: up (locks traced), down, up again
  schemashift lint db/migrations               lint hand-written migrations (psql, Flyway, sqlx, golang-migrate)
  schemashift rules                            the lint rules; `rules explain ID` for one
  schemashift run --dry-run                    what would be applied to $DATABASE_URL, and why it is safe
  schemashift run                              apply pending migrations (retries, history, advisory lock)
  schemashift status                           applied / pending / failed / modified migrations
  schemashift revert --issue 234               undo an issue's migrations with their down files
  schemashift repair --dry-run                 applied files that changed since; accept them if harmless
  schemashift history                          every run and revert
  schemashift status                           in a project of services: every service's database at once
  schemashift run --service user-service       one service: its migrations folder and DATABASE_URL_USER_SERVICE
  schemashift report --issue 245               the issue's status per service, as Markdown for the issue

Exit codes: 0 ok / SAFE_TO_RUN; 1 verdict BLOCKED; 2 invalid spec or SQL input (diagnostics
on stderr, nothing written); 3 environment failure (I/O, templates, database);
4 lint verdict REQUIRES_MAINTENANCE_WINDOW; run/revert/repair: 5 a migration failed,
6 busy (another runner, or a table stayed locked through every retry), 7 refused (needs
--contract, --yes, --out-of-order, a changed applied file, or a failed pre-flight check;
init/new: the file already exists);
64 usage error.
Colour: only on a terminal, never with NO_COLOR set; --color always|never overrides.)";

// The commands, in the order help lists them.
struct CommandEntry {
  const char* name;
  Command (*add)(CLI::App&);
};
constexpr CommandEntry kCommands[] = {
    {"scaffold", add_scaffold}, {"plan", add_plan},     {"formats", add_formats}, {"lint", add_lint},
    {"rules", add_rules},       {"run", add_run},       {"revert", add_revert},   {"status", add_status},
    {"history", add_history}, {"report", add_report},   {"verify", add_verify},   {"repair", add_repair},
    {"init", add_init},       {"new", add_new},         {"import", add_import},
    {"translate", add_translate}};

// Setting up every command's options in CLI11 was ~6 % of a one-file `lint` run: when the
// first argument names a command exactly, as CLI11 would match it, only that command is set
// up. Anything else (no command, an option first, a typo) gets all of them, so that help,
// --version and errors read as before.
std::vector<Command> add_commands(CLI::App& app, int argc, char** argv) {
  std::vector<Command> commands;
  for (const auto& c : kCommands) {
    if (argc > 1 && argv[1] == std::string(c.name)) return {c.add(app)};
  }
  for (const auto& c : kCommands) commands.push_back(c.add(app));
  return commands;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{kDescription, "schemashift"};
  app.set_version_flag("--version", std::string("schemashift ") + SCHEMASHIFT_VERSION);
  app.require_subcommand(1);
  app.footer("Run `schemashift <command> --help` for a command's options. Spec format: docs/spec-format.md");
  const std::vector<Command> commands = add_commands(app, argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(core::ExitCode::Usage);
  }
  try {
    for (const auto& command : commands) {
      if (command.app->parsed()) return command.run();
    }
  } catch (const core::Error& e) {
    std::cerr << "schemashift: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "schemashift: internal error: " << e.what() << "\n";
    return static_cast<int>(core::ExitCode::Environment);
  }
  return 0;
}

}  // namespace schemashift::cli
