// Fuzz target: the renderers. A spec is planned against the samples' schema and, when it
// plans, scaffolded in memory in every built-in format, as `scaffold` would write it.
#include <fstream>
#include <sstream>

#include "cli/render_all.hpp"
#include "fuzz_support.hpp"
#include "model/sql_schema_loader.hpp"
#include "plan/plan.hpp"
#include "render/plan_json.hpp"
#include "spec/change_spec.hpp"

namespace {

using namespace schemashift;

const model::Schema& samples_schema() {
  static const model::Schema schema = [] {
    std::ifstream in(fuzz::source_file("samples/schema.sql"), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    core::Diagnostics diags;
    auto s = model::load_schema_sql(text.str(), "samples/schema.sql", diags);
    if (!s) fuzz::fail("samples/schema.sql does not load");
    return *s;
  }();
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<render::Backend> backends = cli::select_formats({}, {});
  core::Diagnostics diags;
  auto spec = spec::parse_change_spec(fuzz::input(data, size), "fuzz.yaml", diags);
  if (!spec) {
    fuzz::check_messages(diags);
    return 0;
  }
  // Whatever `schema:` says, the samples' schema: the input is the spec, not the file system.
  const plan::SchemaSource samples = [](const spec::ChangeSpec&, core::Diagnostics&) {
    return std::optional<plan::CurrentSchema>(plan::CurrentSchema{samples_schema(), {}});
  };
  const auto plan = plan::build_plan(std::move(*spec), diags, samples);
  fuzz::check_messages(diags);
  if (!plan) return 0;
  render::TemplateContext context(render::plan_to_json(*plan));
  cli::add_frameworks(context, backends);
  for (const auto& file : cli::render_formats(context, backends)) {
    if (core::invalid_utf8_offset(file.content) != std::string::npos) fuzz::fail(file.path + " is not UTF-8");
  }
  return 0;
}
