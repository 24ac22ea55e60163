#pragma once
// A column type as PostgreSQL's grammar canonicalises it. It lives in sql/ because type
// parsing (sql/types.hpp) produces it and the schema model (model::Column) holds it.
#include <optional>
#include <string>
#include <vector>

namespace schemashift::sql {

// "int", "int4" and "integer" are one type; "varchar(50)" keeps its modifier.
struct TypeRef {
  std::string name;               // canonical lower-case name: int4, varchar, numeric, timestamptz, text, uuid ...
  std::string schema;             // non-empty for user types outside pg_catalog ("public" omitted)
  std::vector<long> modifiers;    // varchar(50) -> {50}; numeric(3,2) -> {3,2}
  int array_dims = 0;
  std::string spelled;            // how the user wrote it, for messages

  // Preferred SQL spelling: integer, bigint, varchar(50), numeric(3,2), timestamp with time zone ...
  std::string sql() const;
  bool operator==(const TypeRef& o) const {
    return name == o.name && schema == o.schema && modifiers == o.modifiers && array_dims == o.array_dims;
  }
  bool operator!=(const TypeRef& o) const { return !(*this == o); }
};

// serial types are not types: an integer column owning a sequence. The base type ("int4",
// "int8", "int2") of serial / bigserial / smallserial (and serial4/8/2), else nothing.
std::optional<std::string> serial_base_type(const TypeRef& t);

}  // namespace schemashift::sql
