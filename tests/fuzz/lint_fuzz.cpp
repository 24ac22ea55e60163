// Fuzz target: the linter on one migration file, against the samples' schema (so that
// rules about existing tables run too).
#include <fstream>
#include <sstream>

#include "analyze/linter.hpp"
#include "fuzz_support.hpp"
#include "model/sql_schema_loader.hpp"

namespace {

const schemashift::model::Schema& samples_schema() {
  static const schemashift::model::Schema schema = [] {
    std::ifstream in(schemashift::fuzz::source_file("samples/schema.sql"), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    schemashift::core::Diagnostics diags;
    auto s = schemashift::model::load_schema_sql(text.str(), "samples/schema.sql", diags);
    if (!s) schemashift::fuzz::fail("samples/schema.sql does not load");
    return *s;
  }();
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schemashift;
  model::Schema schema = samples_schema();
  analyze::LintOptions options;
  const auto report = analyze::lint_script(fuzz::input(data, size), "fuzz.sql", options, &schema);
  if (report.parse_error) fuzz::check_printable(report.parse_error->message, "a syntax error");
  return 0;
}
