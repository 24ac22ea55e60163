// Conflict matrix and lock-mode helpers against postgres-facts.md §1.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analyze/analysis.hpp"

using namespace schemashift::analyze;

namespace {

const std::vector<LockMode> kModes = {
    LockMode::AccessShare, LockMode::RowShare, LockMode::RowExclusive, LockMode::ShareUpdateExclusive,
    LockMode::Share,       LockMode::ShareRowExclusive, LockMode::Exclusive, LockMode::AccessExclusive,
};

// §1 "Conflicting Lock Modes", copied row by row: requested (row) waits for held (column),
// columns in the order AS RS RE SUE S SRE E AE.
const std::vector<std::string> kDocumentedMatrix = {
    ".......X",  // ACCESS SHARE
    "......XX",  // ROW SHARE
    "....XXXX",  // ROW EXCLUSIVE
    "...XXXXX",  // SHARE UPDATE EXCLUSIVE
    "..XX.XXX",  // SHARE
    "..XXXXXX",  // SHARE ROW EXCLUSIVE
    ".XXXXXXX",  // EXCLUSIVE
    "XXXXXXXX",  // ACCESS EXCLUSIVE
};

}  // namespace

TEST_CASE("conflict matrix matches postgres-facts §1 cell by cell", "[lock]") {
  for (std::size_t r = 0; r < kModes.size(); ++r) {
    for (std::size_t h = 0; h < kModes.size(); ++h) {
      INFO(lock_mode_sql(kModes[r]) << " requested vs " << lock_mode_sql(kModes[h]) << " held");
      CHECK(conflicts(kModes[r], kModes[h]) == (kDocumentedMatrix[r][h] == 'X'));
    }
  }
}

TEST_CASE("conflict matrix spot checks", "[lock]") {
  // Two CICs on one table serialize; two plain CREATE INDEX do not (§2, §4.2).
  CHECK(conflicts(LockMode::ShareUpdateExclusive, LockMode::ShareUpdateExclusive));
  CHECK_FALSE(conflicts(LockMode::Share, LockMode::Share));
  // A plain SELECT waits only for ACCESS EXCLUSIVE.
  CHECK_FALSE(conflicts(LockMode::AccessShare, LockMode::Exclusive));
  CHECK(conflicts(LockMode::AccessShare, LockMode::AccessExclusive));
  // SELECT FOR UPDATE waits for EXCLUSIVE (REFRESH ... CONCURRENTLY).
  CHECK(conflicts(LockMode::RowShare, LockMode::Exclusive));
  // DML waits for CREATE INDEX (SHARE) but not for VALIDATE (SUE).
  CHECK(conflicts(LockMode::RowExclusive, LockMode::Share));
  CHECK_FALSE(conflicts(LockMode::RowExclusive, LockMode::ShareUpdateExclusive));
  // Nothing conflicts with no lock.
  CHECK_FALSE(conflicts(LockMode::AccessExclusive, LockMode::None));
  CHECK_FALSE(conflicts(LockMode::None, LockMode::AccessExclusive));
}

TEST_CASE("conflicts are symmetric", "[lock]") {
  for (LockMode a : kModes) {
    for (LockMode b : kModes) CHECK(conflicts(a, b) == conflicts(b, a));
  }
}

TEST_CASE("what a held lock does to application traffic (§1)", "[lock]") {
  CHECK_FALSE(blocks_reads(LockMode::ShareUpdateExclusive));
  CHECK_FALSE(blocks_writes(LockMode::ShareUpdateExclusive));
  CHECK_FALSE(blocks_reads(LockMode::Share));
  CHECK(blocks_writes(LockMode::Share));
  CHECK(blocks_writes(LockMode::ShareRowExclusive));
  CHECK_FALSE(blocks_reads(LockMode::Exclusive));
  CHECK(blocks_writes(LockMode::Exclusive));
  CHECK(blocks_reads(LockMode::AccessExclusive));
  CHECK(blocks_writes(LockMode::AccessExclusive));
  CHECK_FALSE(blocks_reads(LockMode::None));
  CHECK_FALSE(blocks_writes(LockMode::RowExclusive));
}

TEST_CASE("lock, work and verdict names", "[lock]") {
  CHECK(std::string(lock_mode_sql(LockMode::AccessExclusive)) == "ACCESS EXCLUSIVE");
  CHECK(std::string(lock_mode_sql(LockMode::ShareUpdateExclusive)) == "SHARE UPDATE EXCLUSIVE");
  CHECK(std::string(lock_mode_sql(LockMode::RowShare)) == "ROW SHARE");
  CHECK(std::string(work_name(Work::Rewrite)) == "table rewrite");
  CHECK(std::string(work_name(Work::Scan)) == "full scan");
  CHECK(std::string(work_name(Work::Catalog)) == "catalog only");
  CHECK(std::string(work_name(Work::IndexBuild)) == "index build");
  CHECK(std::string(verdict_name(Verdict::SafeToRun)) == "SAFE_TO_RUN");
  CHECK(std::string(verdict_name(Verdict::RequiresMaintenanceWindow)) == "REQUIRES_MAINTENANCE_WINDOW");
  CHECK(std::string(verdict_name(Verdict::Blocked)) == "BLOCKED");
}

TEST_CASE("strongest lock ignores relations nobody else can see", "[lock]") {
  StatementAnalysis a;
  a.locks.push_back({"new_table", LockMode::AccessExclusive, Work::NewRelation, true});
  a.locks.push_back({"orgs", LockMode::ShareRowExclusive, Work::Catalog, false});
  CHECK(a.strongest() == LockMode::ShareRowExclusive);
  CHECK_FALSE(a.blocks_reads());
  CHECK(a.blocks_writes());

  StatementAnalysis empty;
  CHECK(empty.strongest() == LockMode::None);
  CHECK_FALSE(empty.blocks_writes());
}
