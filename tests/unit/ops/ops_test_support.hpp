#pragma once
// Shared helpers for the ops unit tests: a small schema loaded from inline SQL, a spec
// parsed from inline YAML, and the operations decoded and applied the way the planner does.
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "model/schema.hpp"
#include "ops/operation.hpp"
#include "spec/change_spec.hpp"

namespace ops_test {

// users(id PK, email NOT NULL, name, age int + index, nickname varchar(20), phone, created_at),
// customers(id PK, name), orders(id PK, customer_id, total), audit_log (no primary key),
// legacy(id PK, payload) referenced by legacy_items.
extern const char* const kSchemaSql;

struct Change {
  std::unique_ptr<schemashift::spec::ChangeSpec> spec;  // stable address for ops::Context
  schemashift::model::Schema schema;                    // after every successful apply()
  std::vector<std::unique_ptr<schemashift::ops::Operation>> ops;
  schemashift::core::Diagnostics diags;
  bool applied = false;                                 // every operation applied cleanly

  std::vector<schemashift::ops::Step> steps(std::size_t i = 0) const;
  std::vector<schemashift::ops::Step> all_steps() const;
  std::vector<schemashift::ops::Check> verify(std::size_t i = 0) const;  // no later renames
  bool has_error(const std::string& code) const;
  const schemashift::core::Diagnostic* first(const std::string& code) const;
  std::string report() const;  // every diagnostic, for INFO()
};

// `operations_yaml` is the block under `operations:` (items start with "  - ").
// `header_extra` is inserted into the header (e.g. "strategy: offline\n").
std::unique_ptr<Change> run(const std::string& operations_yaml, const std::string& header_extra = "",
                            const std::string& schema_sql = kSchemaSql);

// Any of the statements contains `needle`.
bool any_contains(const std::vector<schemashift::ops::Statement>& statements, const std::string& needle);
std::string joined(const std::vector<schemashift::ops::Statement>& statements);

}  // namespace ops_test
