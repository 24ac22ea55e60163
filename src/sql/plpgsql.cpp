#include "sql/plpgsql.hpp"

#include <string>

#include <pg_query.h>

#include "sql/quote.hpp"

namespace schemashift::sql {

bool plpgsql_controls_transactions(std::string_view body) {
  // pg_query_parse_plpgsql reads CREATE FUNCTION statements: wrap the body in one. A DO
  // block's body follows the same grammar as a function's.
  const std::string tag = dollar_quote(body);
  const std::string wrapped =
      "CREATE FUNCTION schemashift_do() RETURNS void LANGUAGE plpgsql AS " + tag + std::string(body) + tag;
  PgQueryPlpgsqlParseResult result = pg_query_parse_plpgsql(wrapped.c_str());
  bool found = false;
  if (!result.error && result.plpgsql_funcs) {
    // The output is JSON; a statement node is an object key, which no string value can
    // contain unescaped, so a plain search cannot be fooled by the text of a query.
    const std::string_view json(result.plpgsql_funcs);
    found = json.find("{\"PLpgSQL_stmt_commit\":") != std::string_view::npos ||
            json.find("{\"PLpgSQL_stmt_rollback\":") != std::string_view::npos;
  }
  pg_query_free_plpgsql_parse_result(result);
  return found;
}

}  // namespace schemashift::sql
