#include <cstring>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "cli/render_all.hpp"
#include "core/error.hpp"
#include "plan/plan.hpp"
#include "render/plan_json.hpp"

namespace schemashift::cli {

namespace {

// Colour is applied to the rendered preview, so the template stays plain text.
std::string colorize(std::string text) {
  const std::pair<const char*, const char*> tones[] = {
      {"SAFE_TO_RUN", "\x1b[32m"}, {"REQUIRES_MAINTENANCE_WINDOW", "\x1b[33m"}, {"BLOCKED", "\x1b[31m"}};
  for (const auto& [word, tone] : tones) {
    const std::string painted = std::string(tone) + "\x1b[1m" + word + "\x1b[0m";
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + painted.size())) {
      text.replace(at, std::strlen(word), painted);
    }
  }
  return text;
}

}  // namespace

int run_plan(const PlanOptions& o) {
  const bool color = use_color(o.color, 1);
  auto plan = load_plan(o.selector, use_color(o.color, 2));
  if (!plan) return static_cast<int>(core::ExitCode::InvalidInput);

  // The preview lists what scaffold would write: the paths only, no file is rendered.
  const auto backends = select_formats({"all"}, o.template_dirs);
  // JSON output is read by scripts: the migrations' other views as copies there.
  const auto views = o.format == "json" ? render::MigrationViews::Copies : render::MigrationViews::References;
  render::TemplateContext context(render::plan_to_json(*plan, views));
  add_frameworks(context, backends);
  context.set("files", format_paths(context, backends));
  if (o.format == "json") {
    // The plan as scripts see it: without the README's `frameworks`.
    nlohmann::json out = context.json();
    out.erase("frameworks");
    out.erase("has_frameworks");
    std::cout << out.dump(2) << "\n";
  } else {
    auto rendered = render::render_backend(render::load_backend("preview", o.template_dirs), context);
    const std::string text = rendered.empty() ? std::string() : rendered.front().content;
    std::cout << (color ? colorize(text) : text);
  }
  keep_until_exit(std::move(context));
  // Scripts can gate on the verdict: 1 when a migration is BLOCKED.
  return plan->verdict == analyze::Verdict::Blocked ? static_cast<int>(core::ExitCode::Findings) : 0;
}

Command add_plan(CLI::App& app) {
  auto o = std::make_shared<PlanOptions>();
  auto* pl = app.add_subcommand("plan", "preview the plan: schema changes, locks, durations, warnings, rollback, files");
  add_selector(pl, o->selector);
  pl->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  add_templates(pl, o->template_dirs);
  add_color(pl, o->color);
  return {pl, [o] { return run_plan(*o); }};
}

}  // namespace schemashift::cli
