// estimate(): time the locks are held, and the basis text shown to the user.
#include <catch2/catch.hpp>

#include <string>

#include "analyze/analysis.hpp"
#include "sql/parser.hpp"

using namespace schemashift;
using analyze::LockMode;
using analyze::Work;

namespace {

analyze::StatementAnalysis one_lock(Work work, bool is_new = false) {
  analyze::StatementAnalysis a;
  a.locks.push_back({"users", LockMode::AccessExclusive, work, is_new});
  return a;
}

}  // namespace

TEST_CASE("estimate basis names rows, work and a rounded duration", "[estimate]") {
  const auto e = analyze::estimate(one_lock(Work::Rewrite), 50'000);
  CHECK(e.basis == "50,000 rows (hint) × table rewrite ≈ 170 ms");
  CHECK(e.millis == Approx(5 + 50'000 / 300'000.0 * 1000));

  CHECK(analyze::estimate(one_lock(Work::Scan), 10'000'000).basis == "10,000,000 rows (hint) × full scan ≈ 5 s");
  CHECK(analyze::estimate(one_lock(Work::IndexBuild), 2'000'000).basis ==
        "2,000,000 rows (hint) × index build ≈ 4 s");
  CHECK(analyze::estimate(one_lock(Work::DataChange), 120'000'000).basis ==
        "120,000,000 rows (hint) × data change ≈ 40 min");
  CHECK(analyze::estimate(one_lock(Work::Rewrite), 4'000'000'000).basis ==
        "4,000,000,000 rows (hint) × table rewrite ≈ 3.7 h");
  CHECK(analyze::estimate(one_lock(Work::Rewrite), 0).basis == "0 rows (hint) × table rewrite ≈ 5 ms");
}

TEST_CASE("estimate without a row count gives the catalog time and says why", "[estimate]") {
  const auto e = analyze::estimate(one_lock(Work::Rewrite), std::nullopt);
  CHECK(e.millis == Approx(5));
  CHECK(e.basis == "no row count (give rows: in the spec or --rows)");
}

TEST_CASE("catalog-only, new-relation and lock-free statements", "[estimate]") {
  const auto catalog = analyze::estimate(one_lock(Work::Catalog), 1'000'000);
  CHECK(catalog.millis == Approx(5));
  CHECK(catalog.basis == "catalog only");

  // Work on a relation created in the same change touches no rows.
  const auto fresh = analyze::estimate(one_lock(Work::Rewrite, true), 1'000'000);
  CHECK(fresh.millis == Approx(5));
  CHECK(fresh.basis == "new relation (no rows yet)");

  const auto none = analyze::estimate(analyze::StatementAnalysis{}, 1'000'000);
  CHECK(none.millis == 0);
  CHECK(none.basis == "no table locks");
}

TEST_CASE("the costliest work on any existing relation decides the estimate", "[estimate]") {
  const sql::Script script =
      sql::parse_script("ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (org_id) REFERENCES orgs (id)");
  const auto a = analyze::analyze_statement(script.statements.front(), {});
  CHECK(analyze::estimate(a, 4'000'000).basis == "4,000,000 rows (hint) × full scan ≈ 2 s");
}
