// `schemashift report --issue N`: flags -> runner::read_issue_report on each service the
// issue touches (at once) -> Markdown for the issue, or JSON -> exit code.
#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/issue_report_output.hpp"
#include "project/changes.hpp"

namespace schemashift::cli {

namespace {

const char* kReportHelp = R"(
Prints where one issue's migrations stand, for pasting into the issue or its pull
request: per service the issue touches (its spec is in the service's changes folder, or
its migrations are in the service's migrations folder), each migration with its phase and
state, the phases applied and pending, the latest result of the issue's verify.sql
checks, and the command that rolls it back. Read-only; every service's database is asked
at once. Without services in the project file: the one database (--database-url or
DATABASE_URL) and --dir.

Examples:
  schemashift report --issue 245                      Markdown on stdout
  schemashift report --issue 245 | gh issue comment 245 --body-file -
  schemashift report --issue 245 --format json

Exit codes: 0 written; 2 no spec and no migration of the issue anywhere, unknown
--service, unusable migration files; 3 a database could not be asked (the report still
shows the others).)";

bool has_issue(const runner::MigrationSet& set, int issue) {
  return std::any_of(set.files.begin(), set.files.end(),
                     [&](const runner::MigrationFile& f) { return f.issue == issue; });
}

}  // namespace

int run_report(const ReportCommandOptions& o) {
  const auto project = read_project("", o.db.color);
  if (!project) return static_cast<int>(core::ExitCode::InvalidInput);
  DatabaseFlags db = o.db;
  const auto choice = choose_database_service(*project, db);
  if (!choice) return static_cast<int>(core::ExitCode::InvalidInput);

  IssueReportDoc doc;
  doc.issue = o.issue;
  std::vector<std::string> wanted;  // the services to report on ("" = the one database of the flags)
  if (project->services.empty() || (choice->service && !o.db.service.empty()) || !db.database_url.empty()) {
    wanted.push_back(choice->service ? choice->service->name : "");
  }
  // The spec's title, and the services holding a spec of the issue.
  std::vector<std::string> with_spec;
  if (project->services.empty()) {
    for (const auto& spec : project::list_specs("changes")) {
      if (spec.issue == o.issue && doc.title.empty()) doc.title = spec.title;
    }
  } else {
    for (const auto& spec : project::find_issue_specs(*project, o.issue)) {
      if (doc.title.empty()) doc.title = spec.file.title;
      with_spec.push_back(spec.service->name);
    }
  }

  Fleet fleet;
  if (!wanted.empty() && wanted.front().empty()) {
    // No services: the database and folder of the flags, as `status` without a project.
    FleetService one{db, {}, 0};
    runner::FleetMember member{"", database_url(db), ""};
    const auto set = load_migrations(db);
    if (!set) return static_cast<int>(core::ExitCode::InvalidInput);
    one.migrations = *set;
    fleet.services.push_back(std::move(one));
    fleet.members.push_back(std::move(member));
  } else {
    fleet = make_fleet(*project, db, wanted, true);
    // Every service the issue touches: a spec in its changes, or migrations in its folder.
    for (std::size_t i = fleet.members.size(); i-- > 0;) {
      const bool touched = !wanted.empty() || has_issue(fleet.services[i].migrations, o.issue) ||
                           std::count(with_spec.begin(), with_spec.end(), fleet.members[i].name) > 0 ||
                           fleet.services[i].migration_errors > 0;
      if (touched) continue;
      fleet.members.erase(fleet.members.begin() + static_cast<std::ptrdiff_t>(i));
      fleet.services.erase(fleet.services.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  if (fleet.members.empty() || (wanted.size() == 1 && wanted.front().empty() &&
                                !has_issue(fleet.services.front().migrations, o.issue) && doc.title.empty())) {
    std::cerr << fmt::format("schemashift: issue {}: no spec and no migration of it in {}\n", o.issue,
                             project->services.empty() ? db.dir + " or changes/" : "any service")
              << "  hint: `schemashift new --issue " << o.issue << "` writes its spec; `schemashift scaffold --issue "
              << o.issue << "` its migrations\n";
    return static_cast<int>(core::ExitCode::InvalidInput);
  }

  doc.services.resize(fleet.members.size());
  const auto reached = runner::visit_fleet(
      fleet.members, fleet_connector(std::chrono::seconds(o.connect_timeout_s)),
      [&](std::size_t i, runner::Session& session) {
        doc.services[i].report = runner::read_issue_report(
            fleet.services[i].migrations, session,
            runner::History(history_schema_of(fleet.services[i].flags, project->defaults)), o.issue);
      });
  bool unreached = false, unusable = false;
  for (std::size_t i = 0; i < doc.services.size(); ++i) {
    auto& s = doc.services[i];
    s.service = fleet.members[i].name;
    s.reached = reached[i];
    if (!reached[i].error.empty()) s.report.reset();
    unusable = unusable || fleet.services[i].migration_errors > 0;
    unreached = unreached || (!s.report && fleet.services[i].migration_errors == 0);
    s.rollback = s.service.empty() ? fmt::format("schemashift revert --issue {}", o.issue)
                                   : fmt::format("schemashift revert --service {} --issue {}", s.service, o.issue);
  }
  if (db.format == "json") {
    std::cout << issue_report_json(doc).dump(2) << "\n";
  } else {
    std::cout << issue_report_markdown(doc);
  }
  if (unreached) return static_cast<int>(core::ExitCode::Environment);
  return unusable ? static_cast<int>(core::ExitCode::InvalidInput) : 0;
}

Command add_report(CLI::App& app) {
  auto o = std::make_shared<ReportCommandOptions>();
  auto* cmd = app.add_subcommand("report", "one issue's migration status per service, as Markdown for the issue");
  cmd->footer(kReportHelp);
  cmd->add_option("--issue", o->issue, "the issue")->required()->check(CLI::PositiveNumber);
  add_database_flags(cmd, o->db);
  // One --format: the report's (markdown by default) replaces the database flags' human|json.
  cmd->remove_option(cmd->get_option("--format"));
  o->db.format = "markdown";
  cmd->add_option("--format", o->db.format, "markdown (for the issue) or json")
      ->check(CLI::IsMember({"markdown", "json"}))
      ->capture_default_str();
  add_connect_timeout(cmd, o->connect_timeout_s);
  return {cmd, [o] { return run_report(*o); }};
}

}  // namespace schemashift::cli
