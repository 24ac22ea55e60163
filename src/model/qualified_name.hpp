#pragma once
// A table or index name as the spec writes it ("billing.invoices") and as SQL and
// messages show it. The schema model keys relations by QualifiedName, so reading and
// showing one belongs here, beside it, for every stage (ops, plan, render) to share.
#include <string>

#include "model/schema.hpp"

namespace schemashift::model {

QualifiedName parse_table_name(const std::string& text);  // " billing.invoices " -> {billing, invoices}
std::string table_sql(const QualifiedName& t);            // quoted, schema only when written
std::string display(const QualifiedName& t);              // unquoted, for messages

}  // namespace schemashift::model
