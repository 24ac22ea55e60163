#include <catch2/catch.hpp>

#include "runner/checksum.hpp"
#include "runner/migration_files.hpp"
#include "runner_test_support.hpp"

using namespace schemashift;
using test::TempDir;

TEST_CASE("versions compare as numbers of any length") {
  CHECK(runner::compare_versions("9", "10") < 0);
  CHECK(runner::compare_versions("0010", "10") == 0);
  CHECK(runner::compare_versions("20240115143023", "20240115143022") > 0);
  CHECK(runner::compare_versions("99999999999999999999999", "100000000000000000000000") < 0);
}

TEST_CASE("sha256 of the exact bytes") {
  CHECK(runner::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(runner::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(runner::sha256_hex("SELECT 1;\n") != runner::sha256_hex("SELECT 1;\r\n"));
}

TEST_CASE("scaffold's issue folders and a hand-written folder are one history in version order") {
  TempDir dir;
  dir.write("issue-234/sql/20240115143022_issue_234_expand_contact_enrichment.up.sql", "SELECT 1;\n");
  dir.write("issue-234/sql/20240115143022_issue_234_expand_contact_enrichment.down.sql", "SELECT 2;\n");
  dir.write("issue-234/sql/20240115143023_issue_234_contract_drop_old.up.sql", "SELECT 3;\n");
  dir.write("issue-234/verify.sql", "SELECT 'x' AS check_name, true AS ok;\n");
  dir.write("issue-234/sqlx/migrations/20240115143022_issue_234_expand_contact_enrichment.up.sql", "ignored");
  dir.write("issue-7/sql/9_issue_7_migrate_backfill.up.sql", "SELECT 4;\n");
  dir.write("20200101000000_hand_written.up.sql", "SELECT 5;\n");
  dir.write("notes.sql", "-- not a migration\n");
  const auto set = dir.load();
  REQUIRE(set.files.size() == 4);
  CHECK(set.files[0].version == "9");
  CHECK(set.files[0].issue == 7);
  CHECK(set.files[0].phase == "migrate");
  CHECK(set.files[1].name() == "20200101000000_hand_written");
  CHECK_FALSE(set.files[1].issue);
  CHECK(set.files[1].phase.empty());
  CHECK(set.files[2].issue == 234);
  CHECK(set.files[2].phase == "expand");
  CHECK(set.files[2].down_path.find("20240115143022_issue_234_expand_contact_enrichment.down.sql") != std::string::npos);
  CHECK(set.files[2].checksum == runner::sha256_hex("SELECT 1;\n"));
  CHECK(set.files[3].is_contract());
  CHECK(set.files[3].down_path.empty());
  REQUIRE(set.verify_files.size() == 1);
  CHECK(set.verify_files[0].first == 234);
  REQUIRE(set.notes.size() == 1);
  CHECK(set.notes[0].find("notes.sql") != std::string::npos);
}

TEST_CASE("a version used twice, or a down file without its up, is an error") {
  TempDir dir;
  dir.write("issue-1/sql/100_issue_1_expand_a.up.sql", "SELECT 1;");
  dir.write("issue-2/sql/0100_issue_2_expand_b.up.sql", "SELECT 1;");
  dir.write("issue-2/sql/200_issue_2_expand_c.down.sql", "SELECT 1;");
  core::Diagnostics diags;
  runner::find_migrations(dir.path(), diags);
  REQUIRE(diags.error_count() == 2);
  std::string all;
  for (const auto& d : diags.items()) all += d.code + ":" + d.message + "\n";
  CHECK(all.find("duplicate-version:version 0100 is used twice") != std::string::npos);
  CHECK(all.find("down-without-up") != std::string::npos);
}

TEST_CASE("a missing migrations folder says where scaffold writes") {
  core::Diagnostics diags;
  runner::find_migrations("/nonexistent/migrations", diags);
  REQUIRE(diags.has_errors());
  CHECK(diags.items()[0].hint.find("scaffold") != std::string::npos);
}
