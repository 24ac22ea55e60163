// Compiles every operation file into unit_ops and registers the ones the static library's
// link left out. See ops_test_support.hpp for why; harmless once the library is linked whole.
#include <map>
#include <utility>
#include <vector>

#include "ops/operation.hpp"

namespace {

std::vector<std::pair<const char*, schemashift::ops::Factory>>& deferred() {
  static std::vector<std::pair<const char*, schemashift::ops::Factory>> d;
  return d;
}

int defer_registration(const char* name, schemashift::ops::Factory f) {
  deferred().emplace_back(name, std::move(f));
  return 0;
}

}  // namespace

// The operation files include ops/operation.hpp (#pragma once, already seen), so they use
// this definition: registration is deferred and never aborts on a name the library has.
#undef REGISTER_OPERATION
#define REGISTER_OPERATION(NAME, CLASS)                                                          \
  static const int SCHEMASHIFT_CONCAT(deferred_registration_, __COUNTER__) = defer_registration( \
      NAME, [](::schemashift::spec::FieldReader& r, ::schemashift::core::Diagnostics& d)         \
                -> std::unique_ptr<::schemashift::ops::Operation> { return CLASS::decode(r, d); })

#include "ops/add_check.cpp"
#include "ops/add_column.cpp"
#include "ops/add_foreign_key.cpp"
#include "ops/add_index.cpp"
#include "ops/add_unique.cpp"
#include "ops/backfill.cpp"
#include "ops/change_column_type.cpp"
#include "ops/create_table.cpp"
#include "ops/drop_column.cpp"
#include "ops/drop_constraint.cpp"
#include "ops/drop_index.cpp"
#include "ops/drop_not_null.cpp"
#include "ops/drop_table.cpp"
#include "ops/rename_column.cpp"
#include "ops/rename_table.cpp"
#include "ops/set_default.cpp"
#include "ops/set_not_null.cpp"
#include "ops/sql.cpp"

namespace ops_test {

void ensure_operations_registered() {
  // Runs after static initialisation: a name the library registered itself is kept.
  for (const auto& [name, factory] : deferred()) schemashift::ops::registry().emplace(name, factory);
}

}  // namespace ops_test
