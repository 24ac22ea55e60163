// Which new tables a file fills, and with how many rows (see filled_tables.hpp).
#include "analyze/filled_tables.hpp"

#include <algorithm>
#include <vector>

#include "core/text.hpp"
#include "model/qualified_name.hpp"
#include "sql/tree.hpp"

namespace schemashift::analyze {

namespace {

using sql::tree::json;
using namespace sql::tree;

// The table a statement fills from a query, and the query.
struct FillTarget {
  model::QualifiedName table;
  const json* query = nullptr;
  bool creates = false;  // the statement creates the table too (CREATE TABLE AS, SELECT INTO)
};

// INSERT ... VALUES (...), (...): the rows are written in the statement.
bool is_values_list(const json& select) { return !member(body(select, "SelectStmt"), "valuesLists").is_null(); }

std::optional<FillTarget> fill_target(const StatementView& v, const LintState& state) {
  if (v.kind == "CreateTableAsStmt") {
    const json& into = member(v.node, "into");
    if (flag(into, "skipData")) return std::nullopt;  // WITH NO DATA
    return FillTarget{model::relation_name(member(into, "rel")), &member(v.node, "query"), true};
  }
  if (v.kind == "SelectStmt" && !member(v.node, "intoClause").is_null()) {
    return FillTarget{model::relation_name(member(member(v.node, "intoClause"), "rel")), &v.node, true};
  }
  if (v.kind == "InsertStmt") {
    const model::QualifiedName table = model::relation_name(member(v.node, "relation"));
    const json& query = member(v.node, "selectStmt");
    if (!state.is_new_table(table) || query.is_null() || is_values_list(query)) return std::nullopt;
    return FillTarget{table, &query, false};
  }
  return std::nullopt;
}

// Adds a source's rows to `fill` (rows: the largest source so far; unknown stays unknown).
void add_source(FilledTable& fill, bool& first, std::optional<long long> rows) {
  if (first) {
    fill.rows = rows;
    first = false;
  } else if (fill.rows && rows) {
    fill.rows = std::max(*fill.rows, *rows);
  } else {
    fill.rows.reset();
  }
}

// What the query of `target` puts in the table; nullopt when it puts only rows written in
// the statement itself.
std::optional<FilledTable> fill_from_sources(const StatementView& v, const FillTarget& target,
                                             const TableStatsMap& stats, const LintState& state) {
  FilledTable fill;
  bool first = true;
  std::vector<std::string> names;
  std::vector<std::string> bases;
  for (const auto& l : v.analysis.locks) {
    if (model::parse_table_name(l.relation).key() == target.table.key()) continue;
    names.push_back(l.relation);
    std::string basis;
    std::optional<long long> rows;
    if (const FilledTable* earlier = find_fill(state, l.relation)) {
      rows = earlier->rows;
      basis = earlier->basis;
    } else if (l.is_new) {
      rows = 0;  // created earlier in the file, still empty
      basis = "new, empty";
    } else if (const TableStats* s = find_stats(stats, l.relation)) {
      rows = s->rows;
      basis = s->basis;
    } else {
      basis = "size unknown";
    }
    add_source(fill, first, rows);
    if (std::find(bases.begin(), bases.end(), basis) == bases.end()) bases.push_back(basis);
  }
  if (names.empty()) {
    // A set-returning function (generate_series ...) makes any number of rows.
    if (!contains_node(*target.query, {"FuncCall"})) return std::nullopt;
    fill.basis = "filled by a function call, rows unknown";
    return fill;
  }
  fill.basis = "filled from " + core::join(names, ", ") + ", " + core::join(bases, ", ");
  return fill;
}

}  // namespace

const FilledTable* find_fill(const LintState& state, const std::string& relation) {
  const auto it = state.filled_tables.find(model::parse_table_name(relation).key());
  return it == state.filled_tables.end() ? nullptr : &it->second;
}

void record_fill(const StatementView& v, const TableStatsMap& stats, LintState& state) {
  if (v.kind == "TruncateStmt") {
    for (const auto& item : items(member(v.node, "relations"))) {
      const std::string key = model::relation_name(body(item, "RangeVar")).key();
      state.filled_tables.erase(key);
      state.seeded_tables.erase(key);
    }
    return;
  }
  const auto target = fill_target(v, state);
  // A relation created by this statement starts empty (CREATE TABLE again after a DROP).
  for (const auto& l : v.analysis.locks) {
    if (l.work != Work::NewRelation) continue;
    const std::string key = model::parse_table_name(l.relation).key();
    state.filled_tables.erase(key);
    state.seeded_tables.erase(key);
  }
  // Rows written out in the statement (or COPY's data) are few, but the table has rows.
  const bool writes_rows = v.kind == "InsertStmt" || (v.kind == "CopyStmt" && flag(v.node, "is_from"));
  if (writes_rows && !target && !member(v.node, "relation").is_null()) {
    const model::QualifiedName table = model::relation_name(member(v.node, "relation"));
    if (state.is_new_table(table)) state.seeded_tables.insert(table.key());
  }
  if (!target) return;
  auto fill = fill_from_sources(v, *target, stats, state);
  if (!fill) return;
  const auto earlier = state.filled_tables.find(target->table.key());
  if (earlier != state.filled_tables.end() && !target->creates) {
    // A second INSERT ... SELECT adds its rows to the first's.
    FilledTable& sum = earlier->second;
    sum.rows = sum.rows && fill->rows ? std::optional<long long>(*sum.rows + *fill->rows) : std::nullopt;
    sum.basis += "; " + fill->basis;
    return;
  }
  state.filled_tables[target->table.key()] = std::move(*fill);
}

}  // namespace schemashift::analyze
