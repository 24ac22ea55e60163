#include "plan/row_counts.hpp"

#include "model/qualified_name.hpp"

namespace schemashift::plan {

namespace {

std::optional<long long> hint_for(const spec::ChangeSpec& spec, const std::string& relation) {
  const model::QualifiedName n = model::parse_table_name(relation);
  for (const auto& key : {relation, n.name, n.key()}) {
    if (const auto it = spec.rows.find(key); it != spec.rows.end()) return it->second;
  }
  return std::nullopt;
}

}  // namespace

std::optional<analyze::TableStats> row_count(const spec::ChangeSpec& spec, const std::string& relation) {
  if (const auto hint = hint_for(spec, relation)) return analyze::TableStats{*hint, -1, kSpecHint};
  const auto it = spec.catalog_rows.find(model::parse_table_name(relation).key());
  if (it == spec.catalog_rows.end()) return std::nullopt;
  return analyze::TableStats{it->second.rows, -1, it->second.basis};
}

analyze::TableStatsMap row_counts(const spec::ChangeSpec& spec) {
  analyze::TableStatsMap out;
  for (const auto& [table, rows] : spec.rows) out[table] = analyze::TableStats{rows, -1, kSpecHint};
  for (const auto& [table, estimate] : spec.catalog_rows) {
    if (!hint_for(spec, table)) out[table] = analyze::TableStats{estimate.rows, -1, estimate.basis};
  }
  return out;
}

}  // namespace schemashift::plan
