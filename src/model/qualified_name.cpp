#include "model/qualified_name.hpp"

#include "core/text.hpp"
#include "sql/quote.hpp"

namespace schemashift::model {

model::QualifiedName parse_table_name(const std::string& text) {
  const std::string t = core::trim(text);
  const auto dot = t.find('.');
  if (dot == std::string::npos) return {"", t};
  return {t.substr(0, dot), t.substr(dot + 1)};
}

std::string table_sql(const QualifiedName& t) {
  return t.schema.empty() ? sql::quote_ident(t.name) : sql::quote_ident(t.schema) + "." + sql::quote_ident(t.name);
}

std::string display(const model::QualifiedName& t) { return t.schema.empty() ? t.name : t.schema + "." + t.name; }

}  // namespace schemashift::model
