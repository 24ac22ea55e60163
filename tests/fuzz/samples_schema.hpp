#pragma once
// The samples' schema (samples/schema.sql), loaded once: what the lint and render
// harnesses start from, so that rules and operations on existing tables run too.
#include <fstream>
#include <sstream>

#include "fuzz_support.hpp"
#include "model/sql_schema_loader.hpp"

namespace schemashift::fuzz {

inline const model::Schema& samples_schema() {
  static const model::Schema schema = [] {
    std::ifstream in(source_file("samples/schema.sql"), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    core::Diagnostics diags;
    auto s = model::load_schema_sql(text.str(), "samples/schema.sql", diags);
    if (!s) fail("samples/schema.sql does not load");
    return *s;
  }();
  return schema;
}

}  // namespace schemashift::fuzz
