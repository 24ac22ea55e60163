// Fuzz target: the schema loader (pg_dump --schema-only text -> model::Schema).
#include "fuzz_support.hpp"
#include "model/sql_schema_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace schemashift;
  core::Diagnostics diags;
  const auto schema = model::load_schema_sql(fuzz::input(data, size), "fuzz.sql", diags);
  fuzz::check_outcome(schema.has_value(), diags);
  return 0;
}
