#pragma once
// Identifier and literal quoting — the only quoting code in the tree. The keyword test
// uses PostgreSQL's own keyword table (through libpg_query's scanner), so the rule is the
// server's quote_ident(): quote unless the name is a lower-case identifier and not a
// keyword other than an unreserved one.
#include <string>
#include <string_view>

namespace schemashift::sql {

bool needs_quoting(std::string_view ident);
std::string quote_ident(std::string_view ident);
// 'it''s' ; backslashes are plain characters with standard_conforming_strings = on.
std::string quote_literal(std::string_view value);
// A dollar-quote tag not occurring in body: $schemashift$, $schemashift_1$ ...
std::string dollar_quote(std::string_view body, std::string_view base = "schemashift");

}  // namespace schemashift::sql
