#include "sql/plpgsql.hpp"

#include <string>

#include <nlohmann/json.hpp>
#include <pg_query.h>

#include "sql/quote.hpp"

namespace schemashift::sql {

namespace {

// pg_query_parse_plpgsql reads CREATE FUNCTION statements: the body wrapped in one. A DO
// block's body follows the same grammar as a function's.
std::string as_function(std::string_view body) {
  const std::string tag = dollar_quote(body);
  return "CREATE FUNCTION schemashift_do() RETURNS void LANGUAGE plpgsql AS " + tag + std::string(body) + tag;
}

void collect_queries(const nlohmann::json& node, std::vector<std::string>& out) {
  if (node.is_array()) {
    for (const auto& item : node) collect_queries(item, out);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (key == "PLpgSQL_stmt_execsql" || key == "PLpgSQL_stmt_perform") {
      const auto& expr = value.contains("sqlstmt") ? value["sqlstmt"] : value.contains("expr") ? value["expr"] : nlohmann::json();
      if (expr.is_object() && expr.contains("PLpgSQL_expr")) {
        const auto& q = expr["PLpgSQL_expr"];
        if (q.contains("query") && q["query"].is_string()) out.push_back(q["query"].get<std::string>());
      }
    }
    collect_queries(value, out);
  }
}

}  // namespace

std::vector<std::string> plpgsql_static_queries(std::string_view body) {
  PgQueryPlpgsqlParseResult result = pg_query_parse_plpgsql(as_function(body).c_str());
  std::vector<std::string> out;
  if (!result.error && result.plpgsql_funcs) {
    const nlohmann::json tree = nlohmann::json::parse(result.plpgsql_funcs, nullptr, false);
    if (!tree.is_discarded()) collect_queries(tree, out);
  }
  pg_query_free_plpgsql_parse_result(result);
  return out;
}

bool plpgsql_controls_transactions(std::string_view body) {
  const std::string wrapped = as_function(body);
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
