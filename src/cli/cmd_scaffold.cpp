#include <memory>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "cli/render_all.hpp"
#include "core/error.hpp"
#include "plan/plan.hpp"
#include "render/output_dir.hpp"
#include "render/plan_json.hpp"

namespace schemashift::cli {

int run_scaffold(const ScaffoldOptions& o) {
  std::optional<project::Service> service;
  auto plan = load_plan(o.selector, use_color(o.color, 2), &service);
  if (!plan) return static_cast<int>(core::ExitCode::InvalidInput);

  std::map<std::string, std::string> variables;
  for (const auto& kv : o.variables) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw core::Error("--var " + kv + ": expected KEY=VALUE, e.g. --var rails_migration_version=7.1",
                        core::ExitCode::Usage);
    }
    variables[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  // A service's migrations are for its framework: the README, the plain SQL that `run`
  // applies, and the service's own format, unless --format says otherwise.
  std::vector<std::string> formats = o.formats;
  if (formats.empty() && service) {
    formats = {"readme", "sql"};
    if (service->format != "sql") formats.push_back(service->format);
  }
  const auto backends = select_formats(formats, o.template_dirs, variables);
  // One context for every format, converted once and shared by reference.
  render::TemplateContext context(render::plan_to_json(*plan, render::MigrationViews::References));
  add_frameworks(context, backends);
  const auto files = render_formats(context, backends, variables);
  const std::string out = !o.out.empty() ? o.out
                          : service      ? fmt::format("{}/issue-{}", service->migrations, plan->spec.issue)
                                         : fmt::format("migrations/issue-{}", plan->spec.issue);
  const auto written = render::write_output_dir(out, files);
  if (!o.quiet) {
    std::cout << fmt::format("Issue #{}: {} — {} migration{}, verdict {}, estimated {}\n", plan->spec.issue,
                             plan->spec.title, plan->migrations.size(), plan->migrations.size() == 1 ? "" : "s",
                             analyze::verdict_name(plan->verdict), context.json()["estimated"].get<std::string>());
    if (written.unchanged) {
      std::cout << fmt::format("{} is up to date ({} files, none rewritten)\n", out, written.files.size());
    } else {
      std::cout << fmt::format("wrote {} ({} files)\n", out, written.files.size());
      for (const auto& f : written.files) std::cout << "  " << f << "\n";
    }
  }
  keep_until_exit(std::move(context));
  return 0;
}

Command add_scaffold(CLI::App& app) {
  auto o = std::make_shared<ScaffoldOptions>();
  auto* sc = app.add_subcommand("scaffold", "plan a change spec and write its migrations, README and verify.sql");
  add_selector(sc, o->selector);
  sc->add_option("--out", o->out, "output directory (default: <the service's migrations>/issue-<N>, else migrations/issue-<N>); replaced as a whole");
  sc->add_option("--format", o->formats, "formats to write, comma separated (see `schemashift formats`); default: all, or for a service "
                 "readme, sql and the service's format")
      ->delimiter(',');
  add_templates(sc, o->template_dirs);
  sc->add_option("--var", o->variables,
                 "KEY=VALUE: set a format's template variable (repeatable), e.g. "
                 "--var rails_migration_version=7.1; `schemashift formats` lists them");
  add_color(sc, o->color);
  sc->add_flag("-q,--quiet", o->quiet, "print nothing on success");
  return {sc, [o] { return run_scaffold(*o); }};
}

}  // namespace schemashift::cli
