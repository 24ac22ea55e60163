// db::Connection. The URL helpers run everywhere; the cases tagged [.live] need a
// PostgreSQL server and run as the ctest `db:live` against the e2e cluster
// (tests/db/CMakeLists.txt: PGHOST, PGPORT, PGUSER point at it).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <string>

#include "db/connection.hpp"
#include "db/table_stats.hpp"

using namespace schemashift;

namespace {

// The e2e cluster's unix socket, as a URL with a password that must never be printed.
std::string cluster_url(const std::string& database, const std::string& password = "") {
  const char* host = std::getenv("PGHOST");
  const char* port = std::getenv("PGPORT");
  const char* user = std::getenv("PGUSER");
  REQUIRE(host);
  REQUIRE(port);
  return std::string("postgresql://") + (user ? user : "postgres") + (password.empty() ? "" : ":" + password) + "@/" +
         database + "?host=" + host + "&port=" + port;
}

db::Failure failure_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const db::Error& e) {
    return e.failure();
  }
  FAIL("no db::Error thrown");
  return {};
}

}  // namespace

TEST_CASE("redact_url hides passwords in URIs and key=value strings", "[db]") {
  CHECK(db::redact_url("postgresql://app:s3cret@db.internal:5432/app") == "postgresql://app:***@db.internal:5432/app");
  CHECK(db::redact_url("postgres://app@db/app") == "postgres://app@db/app");
  CHECK(db::redact_url("host=db user=app password=s3cret dbname=app") == "host=db user=app password=*** dbname=app");
  CHECK(db::redact_url("host=db password = 'two words' dbname=app") == "host=db password = *** dbname=app");
}

TEST_CASE("with_default_parameter adds a parameter the string does not set", "[db]") {
  using db::with_default_parameter;
  CHECK(with_default_parameter("postgresql://h/db", "connect_timeout", "10") ==
        "postgresql://h/db?connect_timeout=10");
  CHECK(with_default_parameter("postgresql://h/db?sslmode=require", "connect_timeout", "10") ==
        "postgresql://h/db?sslmode=require&connect_timeout=10");
  CHECK(with_default_parameter("postgresql://h/db?connect_timeout=3", "connect_timeout", "10") ==
        "postgresql://h/db?connect_timeout=3");
  CHECK(with_default_parameter("host=h dbname=db", "connect_timeout", "10") == "host=h dbname=db connect_timeout=10");
  CHECK(with_default_parameter("host=h connect_timeout = 3", "connect_timeout", "10") == "host=h connect_timeout = 3");
  CHECK(with_default_parameter("", "connect_timeout", "10") == "connect_timeout=10");
}

TEST_CASE("a connection runs read-only queries and reports NULLs", "[.live][db]") {
  db::ConnectOptions options;
  options.url = cluster_url("postgres");
  db::Connection conn(options);
  CHECK(conn.server_version() >= 150000);
  const auto rows = conn.query_read_only("SELECT 1::text, NULL::text UNION ALL SELECT 'two', 'x' ORDER BY 1");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][0] == std::optional<std::string>("1"));
  CHECK_FALSE(rows[0][1].has_value());
  CHECK(rows[1][1] == std::optional<std::string>("x"));
  // The transaction is read-only: a write fails with SQLSTATE 25006.
  CHECK(failure_of([&] { conn.query_read_only("CREATE TABLE db_test_nope (id int)"); }).sqlstate == "25006");
  // The connection survives a failed statement.
  CHECK(conn.query_read_only("SELECT 2").at(0).at(0) == std::optional<std::string>("2"));
}

TEST_CASE("failures carry the SQLSTATE; messages never carry the password", "[.live][db]") {
  db::ConnectOptions options;
  options.url = cluster_url("postgres", "s3cret");
  db::Connection conn(options);
  CHECK(conn.display_url().find("s3cret") == std::string::npos);
  CHECK(failure_of([&] { conn.query_read_only("SELECT 1/0"); }).sqlstate == "22012");
  CHECK(failure_of([&] { conn.query_read_only("SELECT * FROM no_such_table_here"); }).sqlstate == "42P01");
  try {
    conn.execute("SELECT * FROM no_such_table_here");
    FAIL("no error");
  } catch (const core::Error& e) {  // the one environment error type, exit 3
    CHECK(e.code() == core::ExitCode::Environment);
    CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
  }

  db::ConnectOptions missing;
  missing.url = cluster_url("no_such_database_here", "s3cret");
  try {
    db::Connection c(missing);
    FAIL("connected to a database that does not exist");
  } catch (const db::Error& e) {
    CHECK(e.failure().sqlstate == "08001");
    CHECK(std::string(e.what()).find("cannot connect to postgresql://postgres:***@/no_such_database_here") == 0);
    CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
  }
}

TEST_CASE("the statement timeout applies to every statement of the session", "[.live][db]") {
  db::ConnectOptions options;
  options.url = cluster_url("postgres");
  options.statement_timeout = std::chrono::milliseconds(100);
  db::Connection conn(options);
  CHECK(conn.query_read_only("SHOW statement_timeout").at(0).at(0) == std::optional<std::string>("100ms"));
  CHECK(failure_of([&] { conn.query_read_only("SELECT pg_sleep(2)"); }).sqlstate == "57014");  // query_canceled
}

TEST_CASE("table sizes come from the catalog", "[.live][db]") {
  db::ConnectOptions options;
  options.url = cluster_url("postgres");
  db::Connection conn(options);
  conn.execute("DROP TABLE IF EXISTS db_test_sizes");
  conn.execute("CREATE TABLE db_test_sizes (id int)");
  conn.execute("INSERT INTO db_test_sizes SELECT generate_series(1, 100)");
  conn.execute("ANALYZE db_test_sizes");
  const auto tables = db::read_table_sizes(conn);
  conn.execute("DROP TABLE db_test_sizes");
  const auto it = std::find_if(tables.begin(), tables.end(), [](const db::TableSize& t) {
    return t.schema == "public" && t.name == "db_test_sizes";
  });
  REQUIRE(it != tables.end());
  CHECK(it->reltuples == 100);
  CHECK(it->main_bytes > 0);
  CHECK(it->table_bytes >= it->main_bytes);
}

TEST_CASE("send returns SQL failures as values with their SQLSTATE, whatever class libpqxx throws", "[.live][db]") {
  db::ConnectOptions options;
  options.url = cluster_url("postgres");
  db::Connection c(options);
  auto state_of = [&](const std::string& sql) {
    const auto sent = c.send(sql);
    REQUIRE(sent.failure);
    return sent.failure->sqlstate;
  };
  CHECK(state_of("SELECT * FROM no_such_table_anywhere") == "42P01");
  CHECK(state_of("DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '40P01'; END $$") == "40P01");
  CHECK(state_of("DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '42501'; END $$") == "42501");
  CHECK(state_of("DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '55P03'; END $$") == "55P03");
  // BEGIN and COMMIT travel as statements: the caller owns the transaction.
  REQUIRE_FALSE(c.send("BEGIN").failure);
  REQUIRE_FALSE(c.send("CREATE TEMP TABLE t (a int)").failure);
  CHECK(state_of("SELECT 1/0") == "22012");
  CHECK(state_of("SELECT 1") == "25P02");  // in a failed transaction
  REQUIRE_FALSE(c.send("ROLLBACK").failure);
  CHECK(c.send("SELECT 42").rows.at(0).at(0) == std::optional<std::string>("42"));
}
