#include "ops/names.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "sql/quote.hpp"

namespace schemashift::ops {

std::string ident(const std::string& name) { return sql::quote_ident(name); }

std::string idents(const std::vector<std::string>& names) {
  std::vector<std::string> q;
  for (const auto& n : names) q.push_back(ident(n));
  return core::join(q, ", ");
}

bool check_name_length(const std::string& name, const core::SourceLocation& where, core::Diagnostics& diags) {
  // PostgreSQL silently truncates identifiers to NAMEDATALEN-1 = 63 bytes; two long names
  // could then collide, so a long name is an error here rather than a surprise there.
  if (name.size() <= 63) return true;
  diags.error("name-too-long", where,
              fmt::format("name '{}' is {} bytes; PostgreSQL identifiers are at most 63", name, name.size()),
              "choose a shorter name (PostgreSQL would silently truncate it)");
  return false;
}

std::string default_name(const model::QualifiedName& table, const std::vector<std::string>& columns,
                         const std::string& suffix) {
  std::string name = table.name;
  for (const auto& c : columns) name += "_" + c;
  return name + "_" + suffix;
}

model::QualifiedName sibling(const model::QualifiedName& table, const std::string& name) {
  return {table.schema, name};
}

}  // namespace schemashift::ops
