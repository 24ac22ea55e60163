// final_schema_facts: the schema a spec means to leave behind, and the schema a database
// holds, printed as the same sorted fact lines so that `diff` compares them.
//
//   final_schema_facts intended SPEC        the model after every operation (Plan::after)
//   final_schema_facts catalog SPEC URL     the database's catalog, read as `schema:
//                                           {database: URL}` reads it (db/catalog_schema)
//
// Both go through one printer, and the catalog through the same loader a dump goes
// through, so a difference is a difference in what exists, not in spelling. Used by
// tests/e2e/sql_roundtrip.sh (FINAL_SCHEMA_FACTS): after every up migration has run, the
// catalog must be the one the spec describes. Tables, columns (type, NOT NULL, a default
// or none, identity, comment), constraints (kind, columns, validated, target), indexes
// other than a constraint's own (unique, method, elements, INCLUDE, partial or not),
// sequences, triggers, comments.
// Expression texts (defaults, CHECK, WHERE) are compared by presence only: the server
// deparses them in its own spelling.
#include <algorithm>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/schema_source.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "ops/native.hpp"
#include "plan/plan.hpp"
#include "spec/change_spec.hpp"

using namespace schemashift;

namespace {

std::string text(const std::optional<std::string>& s) { return s ? nlohmann::json(*s).dump() : "-"; }

const char* identity_name(model::Identity i) {
  switch (i) {
    case model::Identity::None: return "none";
    case model::Identity::Always: return "always";
    case model::Identity::ByDefault: return "by_default";
  }
  return "?";
}

std::set<std::string> facts(const model::Schema& s) {
  std::set<std::string> out;
  for (const auto& [key, t] : s.tables) {
    out.insert("table " + key + " comment=" + text(t.comment));
    for (const auto& c : t.columns) {
      out.insert("column " + key + "." + c.name + " type=" + c.type.sql() + " not_null=" +
                 (c.nullable ? "no" : "yes") + " default=" + (c.default_sql ? "yes" : "no") +
                 " identity=" + identity_name(c.identity) + " comment=" + text(c.comment));
    }
    for (const auto& k : t.constraints) {
      std::string line = "constraint " + key + "." + k.name + " " + ops::native::constraint_type(k.kind);
      // A CHECK's columns are whatever the reader could tell; keys name theirs exactly.
      if (k.kind != model::ConstraintKind::Check) line += " (" + core::join(k.columns, ",") + ")";
      line += k.validated ? " valid" : " not_valid";
      if (k.references) {
        line += " references " + k.references->table.key() + "(" + core::join(k.references->columns, ",") + ")";
      }
      out.insert(line);
    }
  }
  for (const auto& [key, ix] : s.indexes) {
    if (ix.backs_constraint) continue;  // its PRIMARY KEY / UNIQUE constraint's line stands for it
    std::vector<std::string> elements;
    for (const auto& e : ix.elements) {
      std::string el = e.column.empty() ? "expr" : e.column;
      if (e.descending) el += " desc";
      elements.push_back(el);
    }
    out.insert("index " + key + " on " + ix.table.key() + (ix.unique ? " unique" : "") + " " + ix.method + " (" +
               core::join(elements, ",") + ")" + (ix.include.empty() ? "" : " include (" + core::join(ix.include, ",") + ")") +
               (ix.where_sql.empty() ? "" : " partial"));
  }
  for (const auto& [key, kind] : s.other_relations) {
    if (kind == "sequence") out.insert("sequence " + key);
  }
  for (const auto& tr : s.triggers) out.insert("trigger " + tr.table.key() + "." + tr.name);
  return out;
}

int usage() {
  std::cerr << "usage: final_schema_facts intended SPEC | final_schema_facts catalog SPEC URL\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 2) return usage();
  try {
    core::Diagnostics diags;
    std::optional<model::Schema> schema;
    if (args[0] == "intended" && args.size() == 2) {
      if (auto plan = plan::build_plan(args[1], diags, cli::read_current_schema)) schema = plan->after;
    } else if (args[0] == "catalog" && args.size() == 3) {
      if (auto spec = spec::read_change_spec(args[1], diags)) {
        spec->schema_path.clear();
        spec->schema_database = args[2];
        if (auto current = cli::read_current_schema(*spec, diags)) schema = current->schema;
      }
    } else {
      return usage();
    }
    if (!schema) {
      for (const auto& d : diags.items()) std::cerr << d.where.str() << ": " << d.message << "\n";
      return 1;
    }
    for (const auto& line : facts(*schema)) std::cout << line << "\n";
    return 0;
  } catch (const core::Error& e) {
    std::cerr << "final_schema_facts: " << e.what() << "\n";
    return 3;
  }
}
