// `schemashift new`: flags -> the project's service -> project::write_new_spec -> the file -> exit code.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "project/new_spec.hpp"
#include "project/service_choice.hpp"

namespace schemashift::cli {

namespace {

const char* kNewHelp = R"(
Writes a change-spec skeleton for the next change of a service at
<changes>/<issue>-<slug of the title>.yaml (the service's `changes:` in
.schemashift.yaml), and prints its path and contents: issue, title, a purpose to fill in,
the author (git config user.name and user.email), created (now, UTC), the service, its
`schema:`, the project's defaults as settings, and an example operation in comments.
Uncomment and edit the example, then `schemashift plan --spec <file>`.

--service may be left out when the project has one service. `created` is the current
time, or SOURCE_DATE_EPOCH when set, or --created (reproducible output).

Examples:
  schemashift new --service user-service --issue 245 "add email verification column"
  schemashift new --issue 12 add orders status

Exit codes: 0 written; 2 no project file, no such service, or an invalid --created;
3 the file cannot be written; 7 refused: the spec file already exists (never replaced).)";

// One line of `git config KEY` output, or "" (no git, no repository, not set).
std::string git_config(const char* key) {
  std::FILE* p = ::popen((std::string("git config ") + key + " 2>/dev/null").c_str(), "r");
  if (!p) return {};
  char buf[512];
  std::string out;
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  ::pclose(p);
  return core::trim(out);
}

std::string git_author() {
  const std::string name = git_config("user.name");
  const std::string email = git_config("user.email");
  if (name.empty()) return email.empty() ? "" : "<" + email + ">";
  return email.empty() ? name : name + " <" + email + ">";
}

// --created, else SOURCE_DATE_EPOCH (reproducible builds' convention), else the clock.
std::optional<core::Timestamp> created_time(const std::string& flag, std::string& problem) {
  if (!flag.empty()) {
    auto t = core::Timestamp::parse(flag);
    if (!t) problem = "--created must be a UTC timestamp like 2024-01-15T14:30:22Z, not \"" + flag + "\"";
    return t;
  }
  long long seconds = static_cast<long long>(std::time(nullptr));
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    char* end = nullptr;
    seconds = std::strtoll(epoch, &end, 10);
    if (*end || seconds < 0) {
      problem = std::string("SOURCE_DATE_EPOCH must be whole seconds since 1970, not \"") + epoch + "\"";
      return std::nullopt;
    }
  }
  return core::Timestamp{}.plus_seconds(seconds);
}

// The service `new` writes for; nullopt after a diagnostic.
const project::Service* pick_service(const project::Project& p, const std::string& name, core::Diagnostics& diags) {
  if (p.services.empty()) {
    diags.error("no-services", {p.file.empty() ? project::kProjectFile : p.file, 0, 0},
                p.file.empty() ? "no .schemashift.yaml here or in any folder above" : "the project file lists no services",
                "`schemashift init` writes one with the services it finds");
    return nullptr;
  }
  const auto choice = project::choose_service(p, {name, 0, "", ""}, diags);
  if (!choice) return nullptr;
  if (choice->several) {
    project::no_service_chosen(p, "new", diags);
    return nullptr;
  }
  return p.find_service(choice->service->name);
}

}  // namespace

int run_new(const NewCommandOptions& o) {
  const auto project = read_project("", o.color);
  if (!project) return static_cast<int>(core::ExitCode::InvalidInput);
  core::Diagnostics diags;
  const project::Service* service = pick_service(*project, o.service, diags);
  print_diagnostics(diags, use_color(o.color, 2));
  if (!service) return static_cast<int>(core::ExitCode::InvalidInput);
  std::string problem;
  const auto created = created_time(o.created, problem);
  if (!created) {
    std::cerr << "schemashift: " << problem << "\n";
    return static_cast<int>(core::ExitCode::InvalidInput);
  }
  const project::NewSpec spec{o.issue, core::join(o.title, " "), git_author(), *created};
  const project::WrittenSpec written = project::write_new_spec(*service, project->defaults, spec);
  std::cout << "wrote " << written.path << "\n\n" << written.text;
  return 0;
}

Command add_new(CLI::App& app) {
  auto o = std::make_shared<NewCommandOptions>();
  auto* cmd = app.add_subcommand("new", "write a change-spec skeleton for a service's next change, and print it");
  cmd->footer(kNewHelp);
  cmd->add_option("--service", o->service, "the service (.schemashift.yaml's services:)");
  cmd->add_option("--issue", o->issue, "issue number")->required()->check(CLI::PositiveNumber);
  cmd->add_option("title", o->title, "the change's title (words)")->required();
  cmd->add_option("--created", o->created, "UTC timestamp to write as `created` (default: now, or SOURCE_DATE_EPOCH)");
  add_color(cmd, o->color);
  return {cmd, [o] { return run_new(*o); }};
}

}  // namespace schemashift::cli
