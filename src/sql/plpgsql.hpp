#pragma once
// PL/pgSQL bodies read with PostgreSQL's own PL/pgSQL grammar (libpg_query's
// pg_query_parse_plpgsql), for the few facts about a DO block or function body that
// decide how a migration may run.
#include <string>
#include <string_view>
#include <vector>

namespace schemashift::sql {

// True when the PL/pgSQL `body` (a DO block's or a procedure's code, without the quotes)
// contains a COMMIT or ROLLBACK statement. Such a block commits as it goes (a batched
// backfill) and fails with "invalid transaction termination" inside a transaction block,
// so its file must run outside one. False when the body does not parse.
bool plpgsql_controls_transactions(std::string_view body);

// The static SQL statements of a PL/pgSQL body, in order (UPDATE, INSERT, SELECT ... INTO,
// PERFORM ...), as the text PL/pgSQL sends; their variables read as column names. Dynamic
// SQL (EXECUTE) is not included: its text is known only when it runs. Empty when the body
// does not parse.
std::vector<std::string> plpgsql_static_queries(std::string_view body);

}  // namespace schemashift::sql
