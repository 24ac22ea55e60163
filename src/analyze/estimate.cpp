// How long a statement holds its locks, from the work it does and a row count.
#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>

#include "analyze/analysis.hpp"
#include "core/text.hpp"

namespace schemashift::analyze {

namespace {

// Rough single-core throughputs for a warm cache (table and indexes in shared buffers or
// the OS page cache) and narrow rows of a few hundred bytes. Real figures vary by an order
// of magnitude with row width, number of indexes, disk and concurrent load: the estimate
// tells "milliseconds, seconds or hours", never more.
constexpr double kScanRowsPerSecond = 2'000'000;        // sequential read + predicate check
constexpr double kRewriteRowsPerSecond = 300'000;       // copy every row, then rebuild every index
constexpr double kIndexBuildRowsPerSecond = 500'000;    // scan + sort + write one b-tree
constexpr double kDataChangeRowsPerSecond = 50'000;     // UPDATE/DELETE: new row version + index entries + WAL
// Catalog-only work: a few catalog rows and a relcache invalidation.
constexpr double kCatalogMillis = 5;

// Rows per second for work proportional to the table size; nullopt for fixed-cost work.
std::optional<double> rows_per_second(Work w) {
  switch (w) {
    case Work::Scan: return kScanRowsPerSecond;
    case Work::Rewrite: return kRewriteRowsPerSecond;
    case Work::IndexBuild: return kIndexBuildRowsPerSecond;
    case Work::DataChange: return kDataChangeRowsPerSecond;
    case Work::Catalog:
    case Work::NewRelation: return std::nullopt;
  }
  return std::nullopt;
}

double seconds_per_row(Work w) {
  const auto rate = rows_per_second(w);
  return rate ? 1.0 / *rate : 0.0;
}

// Two significant digits: an estimate this rough should not look precise.
std::string two_significant(double value) {
  if (value <= 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(value)));
  const double unit = std::pow(10.0, magnitude - 1);
  const double rounded = std::round(value / unit) * unit;
  if (rounded >= 1000) return core::thousands(std::llround(rounded));
  if (magnitude >= 1) return std::to_string(std::llround(rounded));
  std::string text = fmt::format("{:.{}f}", rounded, 1 - magnitude);  // 5.0, 0.25
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string approx_duration(double millis) {
  if (millis < 1000) return "≈ " + two_significant(millis) + " ms";
  if (millis < 120'000) return "≈ " + two_significant(millis / 1000) + " s";
  if (millis < 120 * 60'000.0) return "≈ " + two_significant(millis / 60'000) + " min";
  return "≈ " + two_significant(millis / 3'600'000) + " h";
}

}  // namespace

namespace {

// New relations have no rows unless a query earlier in the file filled them.
bool has_rows(const RelationLock& lock) { return !(lock.is_new && !lock.filled) && lock.mode != LockMode::None; }

}  // namespace

// Every lock is held until the statement's work is done, so the duration is that of the most
// expensive work on a relation that has rows (new relations have none unless filled). Of
// equal work, the relation read for itself before one read only to match its rows (a
// foreign key's validation scans the referencing table; the referenced one follows it).
const RelationLock* costliest_lock(const StatementAnalysis& a) {
  const RelationLock* best = nullptr;
  for (const auto& lock : a.locks) {
    if (!has_rows(lock)) continue;
    const double cost = seconds_per_row(lock.work);
    if (!best || cost > seconds_per_row(best->work) ||
        (cost == seconds_per_row(best->work) && best->read_for_other_rows && !lock.read_for_other_rows)) {
      best = &lock;
    }
  }
  return best;
}

Estimate estimate(const StatementAnalysis& a, std::optional<long long> rows, const std::string& rows_source) {
  Estimate e;
  const RelationLock* lock = costliest_lock(a);
  if (!lock) {
    const bool creates_only = !a.locks.empty();
    e.millis = creates_only ? kCatalogMillis : 0;
    e.basis = creates_only ? "new relation (no rows yet)" : "no table locks";
    return e;
  }
  if (!rows_per_second(lock->work)) {
    e.millis = kCatalogMillis;
    e.basis = "catalog only";
    return e;
  }
  if (!rows) {
    e.millis = kCatalogMillis;
    e.basis = "no row count (give rows: in the spec or --rows)";
    return e;
  }
  const long long n = std::max(0LL, *rows);
  e.from_rows = true;
  e.millis = kCatalogMillis + static_cast<double>(n) * seconds_per_row(lock->work) * 1000.0;
  e.basis = core::thousands(n) + " rows (" + rows_source + ") × " + work_name(lock->work) + " " + approx_duration(e.millis);
  return e;
}

void add_other_relations(Estimate& e, const StatementAnalysis& a, const RelationLock* counted, const RowsOf& rows_of) {
  if (!e.from_rows) return;
  const RelationLock* costliest = costliest_lock(a);
  std::set<std::string> summed;
  if (counted) summed.insert(counted->relation);
  std::string extra;
  for (const auto& lock : a.locks) {
    if (&lock == costliest || &lock == counted || !has_rows(lock) || !rows_per_second(lock.work)) continue;
    if (!lock.partition_of.empty() && summed.count(lock.partition_of)) continue;
    const auto more = rows_of(lock);
    if (!more || !summed.insert(lock.relation).second) continue;
    const long long n = std::max(0LL, more->rows);
    e.millis += static_cast<double>(n) * seconds_per_row(lock.work) * 1000.0;
    extra += " + " + core::thousands(n) + " rows of " + lock.relation + " (" + more->basis + ") × " + work_name(lock.work);
  }
  if (extra.empty()) return;
  e.basis = e.basis.substr(0, e.basis.rfind(" ≈ ")) + extra + " " + approx_duration(e.millis);
}

}  // namespace schemashift::analyze
