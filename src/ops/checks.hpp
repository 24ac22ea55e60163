#pragma once
// verify.sql's checks against the catalog: a column's type and nullability, a constraint
// (validated or not), an index that is valid, and things that are gone.
#include <string>

#include "model/schema.hpp"
#include "ops/operation.hpp"

namespace schemashift::ops {

// The type as PostgreSQL's format_type() prints it ("character varying(20)"), for
// verification queries against the catalog.
std::string format_type_name(const model::TypeRef& t);
// Check::subject and Check::needs: "table K", "relation K" (a table, view or index by
// name), "constraint K.name", "column K.name" (K = QualifiedName::key()).
std::string table_fact(const model::QualifiedName& table);
std::string relation_fact(const model::QualifiedName& relation);
std::string constraint_fact(const model::QualifiedName& table, const std::string& name);
std::string column_fact(const model::QualifiedName& table, const std::string& column);
// Verification: the column exists with this type and nullability.
Check column_check(const model::QualifiedName& table, const model::Column& c);
Check column_absent_check(const model::QualifiedName& table, const std::string& column);
Check constraint_check(const model::QualifiedName& table, const std::string& name, bool must_be_validated);
Check index_check(const model::QualifiedName& index, bool must_exist);
// Pre-flight: the key values (SQL expressions) held by more than one row of `table`
// (within `where_sql`, a partial index's predicate), which would fail a unique build. A
// row with a NULL key never conflicts (NULLs are distinct), so those rows are left out.
Check duplicates_check(const std::string& title, const model::QualifiedName& table, const std::vector<std::string>& keys,
                       const std::string& where_sql);

}  // namespace schemashift::ops
