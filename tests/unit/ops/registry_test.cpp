#include <catch2/catch.hpp>

#include "ops/operation.hpp"

using namespace schemashift;

TEST_CASE("every documented operation is registered", "[ops][registry]") {
  const auto names = ops::operation_names();
  INFO(names.size());
  CHECK(names.size() == 19);
}
