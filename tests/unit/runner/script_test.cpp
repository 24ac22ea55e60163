#include <catch2/catch.hpp>

#include "runner/script.hpp"

using namespace schemashift;
using runner::Mode;

namespace {

runner::Script prepare(const std::string& text) {
  core::Diagnostics diags;
  auto s = runner::prepare_script(text, "m.up.sql", diags);
  if (!s) FAIL(diags.items().front().message);
  return *s;
}

std::string error_of(const std::string& text) {
  core::Diagnostics diags;
  auto s = runner::prepare_script(text, "m.up.sql", diags);
  REQUIRE_FALSE(s);
  REQUIRE(diags.has_errors());
  const auto& d = diags.items().front();
  return d.where.str() + ": " + d.message;
}

}  // namespace

TEST_CASE("scaffold's BEGIN ... COMMIT is one transaction the runner opens itself") {
  const auto s = prepare("-- header\nBEGIN;\nSET LOCAL lock_timeout = '500ms';\nALTER TABLE t ADD COLUMN c int;\nCOMMIT;\n");
  CHECK(s.mode == Mode::Transaction);
  CHECK(s.own_block);
  REQUIRE(s.statements.size() == 2);
  CHECK(s.statements[0].sets_lock_timeout);
  CHECK(s.statements[1].sql == "ALTER TABLE t ADD COLUMN c int");
  CHECK(s.statements[1].line == 4);
  CHECK(s.statements[1].blocking);
  CHECK(s.statements[1].lock == analyze::LockMode::AccessExclusive);
}

TEST_CASE("a file without transaction control runs in one transaction, as sqlx and Flyway run it") {
  const auto s = prepare("CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n");
  CHECK(s.mode == Mode::Transaction);
  CHECK_FALSE(s.own_block);
  CHECK(s.statements.size() == 2);
}

TEST_CASE("CONCURRENTLY runs statement by statement, and names the index it builds") {
  const auto s = prepare("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"Users_Email\" ON app.users (email);\n");
  CHECK(s.mode == Mode::Autocommit);
  REQUIRE(s.statements.size() == 1);
  CHECK(s.statements[0].concurrent_index == "app.\"Users_Email\"");
  CHECK_FALSE(s.statements[0].blocking);
}

TEST_CASE("a DO block that commits as it goes cannot run in a transaction") {
  const auto s = prepare(
      "DO $x$\nDECLARE n int := 0;\nBEGIN\n  LOOP\n    UPDATE t SET a = 1 WHERE id = n;\n    COMMIT;\n"
      "    n := n + 1;\n    EXIT WHEN n > 3;\n  END LOOP;\nEND\n$x$;\n");
  CHECK(s.mode == Mode::Autocommit);
  const auto plain = prepare("DO $$ BEGIN RAISE NOTICE 'commit;'; END $$;\n");
  CHECK(plain.mode == Mode::Transaction);
}

TEST_CASE("sqlx's -- no-transaction marker runs the file statement by statement") {
  CHECK(prepare("-- no-transaction\nSELECT 1;\n").mode == Mode::Autocommit);
}

TEST_CASE("a file that runs its own transactions is sent as written") {
  const auto s = prepare("CREATE TABLE a (id int);\nBEGIN;\nINSERT INTO a VALUES (1);\nCOMMIT;\nSELECT 1;\n");
  CHECK(s.mode == Mode::Autocommit);
  REQUIRE(s.statements.size() == 5);
  CHECK(s.statements[1].opens_transaction);
  CHECK(s.statements[3].closes_transaction);
}

TEST_CASE("what the runner cannot send is an error at file:line:col") {
  CHECK(error_of("SELECT 1;\nSELEC 2;\n") == "m.up.sql:2:1: syntax error at or near \"SELEC\"");
  CHECK(error_of("SELECT 1;\n\\set x 1\n").find("m.up.sql:2:1: psql meta-command \\set") == 0);
  CHECK(error_of("BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;\n").find("cannot run inside this file's BEGIN") !=
        std::string::npos);
}
