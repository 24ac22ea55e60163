#pragma once
// SQL text for model objects: column definitions, constraint bodies, indexes, and the
// ALTER TABLE ... ADD/DROP CONSTRAINT statements built from them.
#include <string>

#include "model/schema.hpp"

namespace schemashift::ops {

std::string column_definition_sql(const model::Column& c);  // name type [NOT NULL] [DEFAULT ..] [IDENTITY]
std::string references_sql(const model::ForeignKeyRef& r);  // REFERENCES t (c) ON DELETE ...
std::string constraint_body_sql(const model::Constraint& c);  // PRIMARY KEY (..) / CHECK (..) / FOREIGN KEY ..
std::string index_sql(const model::Index& ix, bool concurrently, bool if_not_exists);
std::string index_elements_sql(const model::Index& ix);
// ALTER TABLE t ADD CONSTRAINT name <body> [NOT VALID]
std::string add_constraint_sql(const model::QualifiedName& table, const model::Constraint& c, bool not_valid);
std::string drop_constraint_sql(const model::QualifiedName& table, const std::string& name);

}  // namespace schemashift::ops
