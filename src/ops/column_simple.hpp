#pragma once
// Shared decoding for operations addressed as {table, column}.
#include "ops/names.hpp"
#include "ops/decode.hpp"
#include "ops/lookups.hpp"

namespace schemashift::ops {

struct ColumnRef {
  model::QualifiedName table;
  std::string column;
  core::SourceLocation table_where, column_where;

  bool read(spec::FieldReader& r) {
    bool ok = true;
    if (auto t = read_table(r)) table = *t; else ok = false;
    table_where = r.where("table");
    if (auto c = r.string("column", true)) column = *c; else ok = false;
    column_where = r.where("column");
    return ok;
  }
  // Resolves table and column; null (with diagnostics) when either is missing.
  model::Column* resolve(model::Schema& s, core::Diagnostics& d, model::Table** table_out = nullptr) const {
    model::Table* t = require_table(s, table, table_where, d);
    if (!t) return nullptr;
    if (table_out) *table_out = t;
    return require_column(*t, column, column_where, d);
  }
  std::string qualified() const { return display(table) + "." + column; }
};

}  // namespace schemashift::ops
