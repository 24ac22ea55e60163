// Fuzz target: the linter on one migration file, against the samples' schema.
#include "analyze/linter.hpp"
#include "fuzz_support.hpp"
#include "samples_schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schemashift;
  model::Schema schema = fuzz::samples_schema();
  analyze::LintOptions options;
  const auto report = analyze::lint_script(fuzz::input(data, size), "fuzz.sql", options, &schema);
  if (report.parse_error) fuzz::check_printable(report.parse_error->message, "a syntax error");
  return 0;
}
