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

bool check_new_name(const std::string& name, const core::SourceLocation& where, core::Diagnostics& diags) {
  // PostgreSQL accepts any character but NUL in a quoted identifier; the formats a name
  // ends up in do not: XML 1.0 (Liquibase) cannot carry control characters at all, and a
  // newline ends the SQL comment, Ruby or Python line that names the object. A control
  // character in a name is a typo or an injection, never intended: refused at the name.
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7F) continue;
    diags.error("control-character-in-name", where,
                fmt::format("name '{}' contains the control character {}", core::escape_control(name), core::byte_hex(c)),
                "names may hold any printable character (they are quoted), but no control characters");
    return false;
  }
  return check_name_length(name, where, diags);
}

std::string default_name(const model::QualifiedName& table, const std::vector<std::string>& columns,
                         const std::string& suffix) {
  return model::make_object_name(table.name, model::name_addition(columns), suffix);
}

std::string free_default_name(const model::Schema& schema, const model::QualifiedName& table,
                              const std::vector<std::string>& columns, const std::string& suffix,
                              model::NameSpace space) {
  return model::choose_name(schema, table, model::name_addition(columns), suffix, space);
}

std::string shadow_column_name(const model::Schema& schema, const model::Table& table, const std::string& column) {
  for (int pass = 0;; ++pass) {
    const std::string name = model::make_object_name(column, "", pass == 0 ? "new" : "new" + std::to_string(pass));
    // Another shadow column of this change (two 63-byte columns that differ only past
    // their 59th byte) holds its name until the contract phase.
    if (!table.find_column(name) && !schema.freed_at_contract.count(column_name_key(table.name, name))) return name;
  }
}

std::string constraint_name_key(const model::QualifiedName& table, const std::string& name) {
  return "constraint " + table.key() + "." + name;
}

std::string relation_name_key(const model::QualifiedName& relation) { return "relation " + relation.key(); }

std::string column_name_key(const model::QualifiedName& table, const std::string& column) {
  return "column " + table.key() + "." + column;
}

std::string reused_name_reason(const model::Schema& schema, const std::string& key, const std::string& name) {
  if (!schema.freed_at_contract.count(key)) return "";
  return "Contract phase: the name " + name + " is freed there, by the drop earlier in this change (created "
         "earlier, it would collide with the old object).";
}

model::QualifiedName sibling(const model::QualifiedName& table, const std::string& name) {
  return {table.schema, name};
}

}  // namespace schemashift::ops
