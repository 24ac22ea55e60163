#include <algorithm>

#include "core/text.hpp"
#include "model/qualified_name.hpp"
#include "plan/operation.hpp"
#include "plan/row_counts.hpp"

namespace schemashift::plan {

std::optional<long long> Context::rows(const model::QualifiedName& table) const {
  const auto count = row_count(spec, model::display(table));
  return count ? std::optional<long long>(count->rows) : std::nullopt;
}

model::QualifiedName Context::table_in(const model::QualifiedName& table, Phase phase) const {
  if (phase == Phase::Expand) return table;
  model::QualifiedName name = table;
  for (const auto& r : later_renames) {
    if (r.from == name) name = r.to;
  }
  return name;
}

bool Context::nullable_during_expand(const model::QualifiedName& table, const std::string& column) const {
  return std::any_of(earlier_not_null.begin(), earlier_not_null.end(),
                     [&](const auto& c) { return c.first == table && c.second == column; });
}

std::map<std::string, Factory>& registry() {
  // Function-local static: safe against static-initialisation order across files.
  static std::map<std::string, Factory> r;
  return r;
}

Registrar::Registrar(const char* name, Factory f) {
  // A duplicate name is a programming error that must not ship: fail at start-up.
  if (!registry().emplace(name, std::move(f)).second) std::abort();
}

std::vector<std::string> operation_names() {
  std::vector<std::string> names;
  for (const auto& [name, f] : registry()) names.push_back(name);
  return names;
}

std::vector<std::unique_ptr<Operation>> decode_operations(const spec::ChangeSpec& spec, core::Diagnostics& diags) {
  std::vector<std::unique_ptr<Operation>> out;
  for (const auto& raw : spec.operations) {
    auto it = registry().find(raw.name);
    if (it == registry().end()) {
      const std::string near = core::closest_match(raw.name, operation_names());
      diags.error("unknown-operation", raw.where, "unknown operation '" + raw.name + "'",
                  near.empty() ? "operations: " + core::join(operation_names(), ", ")
                               : "did you mean '" + near + "'?");
      continue;
    }
    spec::FieldReader r(raw.body, raw.name, diags);
    if (!r.ok()) continue;
    std::optional<spec::Strategy> strategy;
    if (auto v = r.choice("strategy", {"online", "offline"})) {
      strategy = *v == "offline" ? spec::Strategy::Offline : spec::Strategy::Online;
    }
    std::unique_ptr<Operation> op = it->second(r, diags);
    r.finish();
    if (!op || !r.ok()) continue;
    op->where = raw.where;
    op->strategy_override = strategy;
    out.push_back(std::move(op));
  }
  return out;
}

}  // namespace schemashift::plan
