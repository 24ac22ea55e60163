// Fuzz target: the renderers. A spec is planned against the samples' schema and, when it
// plans, scaffolded in memory in every built-in format, as `scaffold` would write it.
#include "cli/render_all.hpp"
#include "fuzz_support.hpp"
#include "plan/plan.hpp"
#include "render/plan_json.hpp"
#include "samples_schema.hpp"
#include "spec/change_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schemashift;
  static const std::vector<render::Backend> backends = cli::select_formats({}, {});
  core::Diagnostics diags;
  auto spec = spec::parse_change_spec(fuzz::input(data, size), "fuzz.yaml", diags);
  if (!spec) {
    fuzz::check_outcome(false, diags);
    return 0;
  }
  // Whatever `schema:` says, the samples' schema: the input is the spec, not the file system.
  const plan::SchemaSource samples = [](const spec::ChangeSpec&, core::Diagnostics&) {
    return std::optional<plan::CurrentSchema>(plan::CurrentSchema{fuzz::samples_schema(), {}});
  };
  const auto plan = plan::build_plan(std::move(*spec), diags, samples);
  fuzz::check_outcome(plan.has_value(), diags);
  if (!plan) return 0;
  render::TemplateContext context(render::plan_to_json(*plan));
  cli::add_frameworks(context, backends);
  for (const auto& file : cli::render_formats(context, backends)) {
    if (core::invalid_utf8_offset(file.content) != std::string::npos) fuzz::fail(file.path + " is not UTF-8");
  }
  return 0;
}
