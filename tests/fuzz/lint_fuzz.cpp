// Fuzz target: the linter on one migration file, against the samples' schema, and the
// file's part of the human report as `lint --locks` prints it.
#include "analyze/linter.hpp"
#include "fuzz_support.hpp"
#include "lint/report/reporter.hpp"
#include "samples_schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schemashift;
  static const auto human = lint::make_human_reporter({false, true});
  model::Schema schema = fuzz::samples_schema();
  lint::LintedFile file;
  file.text = fuzz::input(data, size);
  file.report = analyze::lint_script(file.text, "fuzz.sql", analyze::LintOptions{}, &schema);
  file.layout = "sql";
  // What reaches the terminal: the file's bytes are quoted in messages and excerpts.
  fuzz::check_printable(human->render(file), "the human report");
  return 0;
}
