#pragma once
// Shared decoding for operations addressed as {table, column}.
#include "ops/names.hpp"
#include "ops/decode.hpp"
#include "ops/lookups.hpp"
#include "ops/shadow_column.hpp"

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
  // Resolves table and column; null (with diagnostics) when either is missing, or when an
  // online type change earlier in the change swaps the column in only at contract, unless
  // the caller can wait for that (`after_swap` given: set to why its steps must wait).
  model::Column* resolve(model::Schema& s, core::Diagnostics& d, model::Table** table_out = nullptr,
                         std::string* after_swap = nullptr) const {
    model::Table* t = require_table(s, table, table_where, d);
    if (!t) return nullptr;
    if (table_out) *table_out = t;
    model::Column* c = require_column(*t, column, column_where, d);
    if (c && c->swapped_in_at_contract && after_swap) {
      *after_swap = after_swap_reason(*t, [&](const std::string& name) { return name == column; });
      return c;
    }
    if (c && c->swapped_in_at_contract) {
      // Until the contract phase the name is the old column's: a change made to it in
      // expand or migrate would be made to the old column and dropped with it.
      d.error("column-type-changing", column_where,
              "column '" + qualified() + "' gets its new type online earlier in this change, which swaps the "
                  "converted column in only in the contract phase; this operation would act on the old column",
              "make this change in a later spec, or give the type change `strategy: offline`");
      return nullptr;
    }
    return c;
  }
  std::string qualified() const { return display(table) + "." + column; }
};

}  // namespace schemashift::ops
