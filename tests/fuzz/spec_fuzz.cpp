// Fuzz target: the spec loader (YAML text -> the change spec's header and raw operations).
#include "fuzz_support.hpp"
#include "spec/change_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schemashift;
  core::Diagnostics diags;
  const auto spec = spec::parse_change_spec(fuzz::input(data, size), "fuzz.yaml", diags);
  fuzz::check_outcome(spec.has_value(), diags);
  return 0;
}
