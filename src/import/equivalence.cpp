#include "import/equivalence.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include <algorithm>

#include "model/names_from_tree.hpp"
#include "model/sql_schema_loader.hpp"
#include "sql/tree.hpp"

namespace schemashift::import {

namespace {

using sql::tree::json;

void canonical(const json& node, std::string& out);

// A column's constraints in any order are one definition (NOT NULL DEFAULT 0 is DEFAULT 0
// NOT NULL), unless DEFERRABLE / INITIALLY ... attributes follow one: they belong to the
// constraint before them.
void canonical_column_constraints(const json& constraints, std::string& out) {
  std::vector<std::string> parts;
  bool positional = false;
  for (const auto& c : constraints) {
    positional |= sql::tree::text(sql::tree::member(c, "Constraint"), "contype").rfind("CONSTR_ATTR", 0) == 0;
    parts.emplace_back();
    canonical(c, parts.back());
  }
  if (!positional) std::sort(parts.begin(), parts.end());
  out += '[';
  for (const auto& p : parts) out += p + ',';
  out += ']';
}

void canonical(const json& node, std::string& out) {
  if (node.is_object()) {
    const bool column_def = !sql::tree::member(node, "colname").is_null() && !sql::tree::member(node, "typeName").is_null();
    out += '{';
    for (const auto& [key, value] : node.items()) {
      const std::string k(key);
      if (k == "location" || k == "if_not_exists" || k == "missing_ok" || k == "stmt_len" || k == "stmt_location") continue;
      out += k + ':';
      if (column_def && k == "constraints" && value.is_array()) {
        canonical_column_constraints(value, out);
      } else {
        canonical(value, out);
      }
      out += ',';
    }
    out += '}';
  } else if (node.is_array()) {
    out += '[';
    for (const auto& e : node) {
      canonical(e, out);
      out += ',';
    }
    out += ']';
  } else if (node.is_string()) {
    out += '"' + std::string(node.string_view()) + '"';
  } else if (node.is_boolean()) {
    out += node.get<bool>() ? "true" : "false";
  } else if (node.is_number_integer()) {
    out += node.is_number_unsigned() ? std::to_string(node.get<std::uint64_t>()) : std::to_string(node.get<std::int64_t>());
  } else if (node.is_number_float()) {
    out += fmt::format("{}", node.get<double>());
  } else {
    out += "null";
  }
}

// A table as the model holds it, with its indexes: what CREATE TABLE made.
std::string table_fingerprint(const model::Schema& s, const model::QualifiedName& name) {
  const model::Table* t = s.find_table(name);
  if (!t) return "";
  std::string out = t->name.key() + "\n";
  for (const auto& c : t->columns) {
    out += fmt::format("col {} {} {} {} {}\n", c.name, c.type.sql(), c.nullable, c.default_sql.value_or("<none>"),
                       static_cast<int>(c.identity));
  }
  std::vector<std::string> cons;
  for (const auto& k : t->constraints) {
    std::string r = fmt::format("con {} {} {} {} {}", k.name, static_cast<int>(k.kind), core::join(k.columns, ","),
                                k.check_sql, k.validated);
    if (k.references) {
      r += fmt::format(" -> {} {} {} {}", k.references->table.key(), core::join(k.references->columns, ","),
                       static_cast<int>(k.references->on_delete), static_cast<int>(k.references->on_update));
    }
    cons.push_back(r);
  }
  std::sort(cons.begin(), cons.end());
  for (const auto& c : cons) out += c + "\n";
  for (const auto* ix : s.indexes_of(name)) out += "idx " + ix->name + "\n";
  // A serial column's sequence: an operation writes the column as integer DEFAULT nextval(...),
  // which would not create it.
  for (const auto& [rel, kind] : s.other_relations) out += "rel " + rel + " " + kind + "\n";
  return out;
}

}  // namespace

std::string canonical_tree(const json& tree) {
  std::string out;
  canonical(tree, out);
  return out;
}

bool equivalent(const sql::Statement& source, const std::string& source_script, const std::string& rendered,
                const model::Schema& before) {
  const sql::Script script = sql::parse_script(rendered);
  if (script.error || script.statements.size() != 1) return false;
  const sql::Statement& other = script.statements.front();
  if (canonical_tree(source.tree) == canonical_tree(other.tree)) return true;
  const json& create = sql::tree::member(source.tree, "CreateStmt");
  if (create.is_null() || sql::tree::member(other.tree, "CreateStmt").is_null()) return false;
  model::Schema a = before, b = before;
  model::apply_statement(a, source_script, source);
  model::apply_statement(b, rendered, other);
  const model::QualifiedName name = model::relation_name(sql::tree::member(create, "relation"));
  const std::string fa = table_fingerprint(a, name);
  return !fa.empty() && fa == table_fingerprint(b, name);
}

}  // namespace schemashift::import
