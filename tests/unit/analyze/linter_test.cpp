// The linter engine itself (analyze/linter.cpp): transaction and lock_timeout tracking,
// suppression comments, syntax errors and verdicts. Rules are observed only through the
// findings they produce, filtered by id, so other rules firing on the same SQL do not matter.
#include <catch2/catch.hpp>

#include "analyze/linter.hpp"
#include "analyze/rule.hpp"

#include "findings.hpp"  // of_rule, contains

using namespace schemashift::analyze;
using namespace schemashift::analyze::testing;

namespace {

FileReport lint(const std::string& sql, FileTransaction transaction = FileTransaction::None,
                LintOptions options = {}) {
  options.transaction = transaction;
  return lint_script(sql, "test.sql", options);
}

bool has(const FileReport& r, const std::string& rule) { return !of_rule(r, rule).empty(); }

std::vector<bool> in_transaction(const FileReport& r) {
  std::vector<bool> out;
  for (const auto& st : r.statements) out.push_back(st.in_transaction);
  return out;
}

std::string describe(const FileReport& r) {
  std::string out;
  for (const auto& f : r.findings) {
    out += "  " + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule + ": " + f.message + "\n";
  }
  return out;
}

constexpr const char* kCic = "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);";

}  // namespace

// ---------------------------------------------------------------------------------------
// Transactions.

TEST_CASE("linter: BEGIN opens and COMMIT closes an explicit transaction (autocommit file)") {
  const FileReport r = lint(std::string(kCic) + "\nBEGIN;\n" + kCic + "\nCOMMIT;\n" + kCic);
  INFO(describe(r));
  REQUIRE(r.statements.size() == 5);
  CHECK(in_transaction(r) == std::vector<bool>{false, true, true, true, false});
  const auto hits = of_rule(r, "cannot-run-in-transaction");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].line == 3);
  CHECK(hits[0].message.find("BEGIN on line 2") != std::string::npos);
}

TEST_CASE("linter: ROLLBACK closes the transaction too") {
  const FileReport r = lint(std::string("BEGIN;\nROLLBACK;\n") + kCic);
  CHECK(in_transaction(r) == std::vector<bool>{true, true, false});
  CHECK_FALSE(has(r, "cannot-run-in-transaction"));
}

TEST_CASE("linter: FileTransaction::Whole wraps every statement, even a single one") {
  const FileReport r = lint(kCic, FileTransaction::Whole);
  CHECK(in_transaction(r) == std::vector<bool>{true});
  const auto hits = of_rule(r, "cannot-run-in-transaction");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].message.find("wraps the whole file") != std::string::npos);
}

TEST_CASE("linter: after a COMMIT in a wrapped file the runner's transaction continues") {
  // Flyway's driver (autocommit off) opens a new transaction; a query string starts a new
  // implicit block: the CIC after the COMMIT still fails.
  for (const auto mode : {FileTransaction::Whole, FileTransaction::MultiStatement, FileTransaction::FlywayAuto}) {
    INFO(file_transaction_name(mode));
    const FileReport r = lint(std::string("ALTER TABLE users ADD COLUMN a text;\nCOMMIT;\n") + kCic, mode);
    CHECK(in_transaction(r) == std::vector<bool>{true, true, true});
    CHECK(has(r, "cannot-run-in-transaction"));
  }
}

TEST_CASE("linter: FileTransaction::MultiStatement is a transaction only with several statements") {
  SECTION("one statement: no implicit block") {
    const FileReport r = lint(kCic, FileTransaction::MultiStatement);
    CHECK(in_transaction(r) == std::vector<bool>{false});
    CHECK_FALSE(has(r, "cannot-run-in-transaction"));
  }
  SECTION("two statements: both are in the implicit block") {
    const FileReport r = lint(std::string(kCic) + "\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);",
                              FileTransaction::MultiStatement);
    CHECK(in_transaction(r) == std::vector<bool>{true, true});
    const auto hits = of_rule(r, "cannot-run-in-transaction");
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].message.find("one query string with 2 statements") != std::string::npos);
  }
  SECTION("BEGIN ... COMMIT inside the query string is not nesting") {
    const FileReport r = lint("BEGIN;\nALTER TABLE users ADD COLUMN a text;\nCOMMIT;", FileTransaction::MultiStatement);
    CHECK_FALSE(has(r, "transaction-nesting"));
    CHECK_FALSE(has(r, "uncommitted-transaction"));
  }
}

TEST_CASE("linter: FileTransaction::FlywayAuto follows Flyway's detection of non-transactional statements") {
  SECTION("only statements Flyway detects: not wrapped") {
    const FileReport r = lint(std::string(kCic) + "\nVACUUM (ANALYZE) users;", FileTransaction::FlywayAuto);
    CHECK(in_transaction(r) == std::vector<bool>{false, false});
    CHECK_FALSE(has(r, "cannot-run-in-transaction"));
  }
  SECTION("mixed with a transactional statement: wrapped, and the CIC fails") {
    const FileReport r = lint(std::string("ALTER TABLE users ADD COLUMN a text;\n") + kCic, FileTransaction::FlywayAuto);
    CHECK(in_transaction(r) == std::vector<bool>{true, true});
    const auto hits = of_rule(r, "cannot-run-in-transaction");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].line == 2);
    CHECK(hits[0].message.find("Flyway") != std::string::npos);
  }
  SECTION("REINDEX CONCURRENTLY is not detected by Flyway: wrapped even alone") {
    const FileReport r = lint("REINDEX INDEX CONCURRENTLY users_email_idx;", FileTransaction::FlywayAuto);
    CHECK(in_transaction(r) == std::vector<bool>{true});
    const auto hits = of_rule(r, "cannot-run-in-transaction");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].help.find("executeInTransaction=false") != std::string::npos);
  }
  SECTION("ALTER TYPE ADD VALUE is non-transactional only before PostgreSQL 12") {
    LintOptions o;
    o.pg_version = 11;
    CHECK(in_transaction(lint("ALTER TYPE mood ADD VALUE 'meh';", FileTransaction::FlywayAuto, o)) ==
          std::vector<bool>{false});
    CHECK(in_transaction(lint("ALTER TYPE mood ADD VALUE 'meh';", FileTransaction::FlywayAuto)) ==
          std::vector<bool>{true});
  }
}

TEST_CASE("linter: transaction nesting and an unterminated BEGIN") {
  const FileReport wrapped = lint("BEGIN;\nALTER TABLE users ADD COLUMN a text;\nCOMMIT;", FileTransaction::Whole);
  CHECK(of_rule(wrapped, "transaction-nesting").size() == 1);
  CHECK_FALSE(has(wrapped, "uncommitted-transaction"));  // the runner's COMMIT ends it

  const FileReport open = lint("BEGIN;\nALTER TABLE users ADD COLUMN a text;");
  const auto hits = of_rule(open, "uncommitted-transaction");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].line == 2);  // reported where the file ends
  CHECK(hits[0].message.find("line 1") != std::string::npos);
  CHECK(open.verdict == Verdict::Blocked);
}

// ---------------------------------------------------------------------------------------
// lock_timeout.

TEST_CASE("linter: lock_timeout tracking") {
  const std::string alter = "ALTER TABLE users ADD COLUMN nickname text;";
  const auto flagged = [&](const std::string& sql, FileTransaction t = FileTransaction::None, LintOptions o = {}) {
    const FileReport r = lint(sql, t, o);
    INFO(sql << "\n" << describe(r));
    return of_rule(r, "require-lock-timeout");
  };

  SECTION("none set") { CHECK(flagged(alter).size() == 1); }
  SECTION("the runner's initial setting counts") {
    LintOptions o;
    o.initial_lock_timeout_ms = 1000;
    CHECK(flagged(alter, FileTransaction::None, o).empty());
  }
  SECTION("SET with units: '2s' is 2000 ms") {
    LintOptions o;
    o.max_lock_timeout_ms = 2000;
    CHECK(flagged("SET lock_timeout = '2s';\n" + alter, FileTransaction::None, o).empty());
    o.max_lock_timeout_ms = 1999;
    const auto hits = flagged("SET lock_timeout = '2s';\n" + alter, FileTransaction::None, o);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].message.find("lock_timeout is 2s") != std::string::npos);
  }
  SECTION("a bare number is milliseconds; 0 disables the timeout") {
    CHECK(flagged("SET lock_timeout = 500;\n" + alter).empty());
    CHECK(flagged("SET lock_timeout TO 0;\n" + alter).size() == 1);
  }
  SECTION("RESET and SET ... TO DEFAULT remove it") {
    CHECK(flagged("SET lock_timeout = '1s';\nRESET lock_timeout;\n" + alter).size() == 1);
    CHECK(flagged("SET lock_timeout = '1s';\nSET lock_timeout TO DEFAULT;\n" + alter).size() == 1);
  }
  SECTION("SET LOCAL lasts until COMMIT") {
    const auto hits = flagged("BEGIN;\nSET LOCAL lock_timeout = '1s';\n" + alter + "\nCOMMIT;\n" + alter);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].line == 5);
  }
  SECTION("SET LOCAL outside a transaction has no effect") {
    CHECK(flagged("SET LOCAL lock_timeout = '1s';\n" + alter).size() == 1);
  }
  SECTION("set_config('lock_timeout', ..., true) is SET LOCAL") {
    CHECK(flagged("SELECT set_config('lock_timeout', '1s', true);\n" + alter, FileTransaction::Whole).empty());
    CHECK(flagged("SELECT set_config('lock_timeout', '1s', false);\n" + alter).empty());
    CHECK(flagged("SET lock_timeout = '1s';\nSELECT set_config('lock_timeout', '0', false);\n" + alter).size() == 1);
    CHECK(flagged("SELECT coalesce('lock_timeout', '1s');\n" + alter).size() == 1);
  }
  SECTION("reported once per transaction") {
    CHECK(flagged(alter + "\n" + alter, FileTransaction::Whole).size() == 1);
    CHECK(flagged(alter + "\n" + alter).size() == 2);  // autocommit: two transactions
  }
}

// ---------------------------------------------------------------------------------------
// Suppressions.

TEST_CASE("linter: a suppression comment silences the next statement only") {
  const FileReport r = lint(
      "-- schemashift:ignore ban-drop-column\n"
      "ALTER TABLE users DROP COLUMN a;\n"
      "ALTER TABLE users DROP COLUMN b;");
  const auto hits = of_rule(r, "ban-drop-column");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].line == 3);
  CHECK(r.suppressed == 1);
  CHECK_FALSE(has(r, kUnusedSuppressionRule));
}

TEST_CASE("linter: a suppression inside a multi-line statement governs that statement") {
  const FileReport r = lint(
      "ALTER TABLE users\n"
      "  -- schemashift:ignore ban-drop-column\n"
      "  DROP COLUMN a;");
  CHECK_FALSE(has(r, "ban-drop-column"));
  CHECK_FALSE(has(r, kUnusedSuppressionRule));
}

TEST_CASE("linter: a suppression-looking line inside a string literal is not a suppression") {
  const FileReport r = lint(
      "INSERT INTO notes (body) VALUES ('first line\n"
      "-- schemashift:ignore ban-drop-column\n"
      "last line');\n"
      "ALTER TABLE users DROP COLUMN a;");
  CHECK(has(r, "ban-drop-column"));
  CHECK(r.suppressed == 0);
  CHECK_FALSE(has(r, kUnusedSuppressionRule));
}

TEST_CASE("linter: several rules, and a reason after the ids") {
  const FileReport r = lint(
      "-- schemashift:ignore ban-drop-column, require-lock-timeout -- approved in review #42\n"
      "ALTER TABLE users DROP COLUMN a;");
  CHECK_FALSE(has(r, "ban-drop-column"));
  CHECK_FALSE(has(r, "require-lock-timeout"));
  CHECK_FALSE(has(r, kUnusedSuppressionRule));
  CHECK(r.suppressed == 2);
  CHECK(r.verdict == Verdict::SafeToRun);
}

TEST_CASE("linter: a suppression without rule ids silences every rule on the statement") {
  const FileReport r = lint("-- schemashift:ignore\nALTER TABLE users DROP COLUMN a;\nTRUNCATE users;");
  CHECK_FALSE(has(r, "ban-drop-column"));
  CHECK(has(r, "ban-truncate"));
}

TEST_CASE("linter: ignore-file silences a rule in the whole file") {
  const FileReport r = lint(
      "-- schemashift:ignore-file ban-drop-column: legacy columns, see ADR 7\n"
      "ALTER TABLE users DROP COLUMN a;\n"
      "ALTER TABLE users DROP COLUMN b;\n"
      "TRUNCATE users;");
  CHECK_FALSE(has(r, "ban-drop-column"));
  CHECK(has(r, "ban-truncate"));
  CHECK(r.suppressed == 2);
  CHECK_FALSE(has(r, kUnusedSuppressionRule));
}

TEST_CASE("linter: unused and unknown suppressions are reported where the comment is") {
  const FileReport r = lint(
      "SELECT 1;\n"
      "  -- schemashift:ignore ban-truncate\n"
      "SELECT 2;\n"
      "-- schemashift:ignore no-such-rule\n"
      "SELECT 3;");
  const auto hits = of_rule(r, kUnusedSuppressionRule);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].line == 2);
  CHECK(hits[0].column == 3);
  CHECK(hits[0].message.find("ban-truncate suppresses nothing") != std::string::npos);
  CHECK(hits[1].line == 4);
  CHECK(hits[1].message.find("unknown rule no-such-rule") != std::string::npos);
}

// ---------------------------------------------------------------------------------------
// Syntax errors.

TEST_CASE("linter: a syntax error is one finding with line and column, and the file is BLOCKED") {
  const FileReport r = lint("ALTER TABLE users ADD COLUMN a text;\n\n  SELEC 1;\n");
  REQUIRE(r.parse_error);
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.rule == kSyntaxErrorRule);
  CHECK(f.line == 3);
  CHECK(f.column == 3);
  CHECK(f.message.find("syntax error") != std::string::npos);
  CHECK(r.statements.empty());
  CHECK(r.verdict == Verdict::Blocked);
}

TEST_CASE("linter: a syntax error names the grammar, and with --pg-version 16+ says it does not change it") {
  // PostgreSQL 16 accepts a subquery in FROM without an alias; libpg_query's grammar is 15's.
  const std::string sql = "INSERT INTO t SELECT * FROM (SELECT 1);\n";
  const FileReport plain = lint(sql);
  REQUIRE(plain.findings.size() == 1);
  CHECK(plain.findings[0].message ==
        "subquery in FROM must have an alias (parsed with the PostgreSQL 15 grammar)");
  CHECK(plain.findings[0].help.find("fix the SQL") == 0);
  CHECK(plain.findings[0].help.find("PostgreSQL 16 or later") != std::string::npos);
  LintOptions newer;
  newer.pg_version = 17;
  const FileReport r = lint(sql, FileTransaction::None, newer);
  REQUIRE(r.findings.size() == 1);
  const std::string& help = r.findings[0].help;
  CHECK(help.find("PostgreSQL 15 grammar") != std::string::npos);
  CHECK(help.find("--pg-version 17 changes which rules apply, not the grammar") != std::string::npos);
  CHECK(r.verdict_reasons.at(0).find("(parsed with the PostgreSQL 15 grammar)") != std::string::npos);
}

// ---------------------------------------------------------------------------------------
// Verdicts.

TEST_CASE("linter: SAFE_TO_RUN when only warnings and hints remain") {
  const FileReport r = lint(
      "SET lock_timeout = '500ms';\n"
      "ALTER TABLE users ADD COLUMN settings json;\n"
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);");
  INFO(describe(r));
  CHECK(has(r, "prefer-jsonb"));
  CHECK(r.verdict == Verdict::SafeToRun);
  CHECK(r.verdict_reasons.empty());
}

TEST_CASE("linter: REQUIRES_MAINTENANCE_WINDOW for blocking work on an existing table") {
  const FileReport r = lint("SET lock_timeout = '500ms';\nCREATE INDEX users_email_idx ON users (email);");
  INFO(describe(r));
  CHECK(r.verdict == Verdict::RequiresMaintenanceWindow);
  REQUIRE(r.verdict_reasons.size() == 1);
  CHECK(r.verdict_reasons[0].find("require-concurrent-index-creation") != std::string::npos);
}

TEST_CASE("linter: BLOCKED for a breaking change, and BLOCKED wins over a maintenance window") {
  const FileReport r = lint("CREATE INDEX users_email_idx ON users (email);\nALTER TABLE users DROP COLUMN legacy;");
  CHECK(r.verdict == Verdict::Blocked);
  CHECK(r.verdict_reasons.size() >= 2);
  CHECK(overall_verdict({lint("SELECT 1;"), r}) == Verdict::Blocked);
}

TEST_CASE("linter: the contract phase turns destructive statements from BLOCKED to SAFE") {
  CHECK(lint("-- schemashift:contract\nSET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN legacy;").verdict ==
        Verdict::SafeToRun);
  LintOptions o;
  o.contract_phase = true;
  CHECK(lint("SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN legacy;", FileTransaction::None, o).verdict ==
        Verdict::SafeToRun);
}

TEST_CASE("linter: a blocking finding estimated under max_blocking_ms from known rows is tolerated") {
  const std::string sql = "SET lock_timeout = '500ms';\nCREATE INDEX users_email_idx ON users (email);";
  LintOptions o;
  o.max_blocking_ms = 1000;

  SECTION("a small table: tolerated, still reported") {
    o.stats["users"] = TableStats{1000, -1, "--rows"};
    const FileReport r = lint(sql, FileTransaction::None, o);
    const auto hits = of_rule(r, "require-concurrent-index-creation");
    REQUIRE(hits.size() == 1);
    REQUIRE(hits[0].estimate);
    CHECK(hits[0].estimate->from_rows);
    CHECK(hits[0].estimate->millis < 1000);
    CHECK(hits[0].tolerated);
    CHECK(r.statements[1].estimate.basis.find("--rows") != std::string::npos);
    CHECK(r.verdict == Verdict::SafeToRun);
  }
  SECTION("a large table: maintenance window") {
    o.stats["public.users"] = TableStats{50'000'000, -1, "catalog statistics"};
    const FileReport r = lint(sql, FileTransaction::None, o);
    const auto hits = of_rule(r, "require-concurrent-index-creation");
    REQUIRE(hits.size() == 1);
    CHECK_FALSE(hits[0].tolerated);
    CHECK(r.verdict == Verdict::RequiresMaintenanceWindow);
  }
  SECTION("no row count: the estimate is not from rows, never tolerated") {
    const FileReport r = lint(sql, FileTransaction::None, o);
    CHECK(r.verdict == Verdict::RequiresMaintenanceWindow);
  }
}

TEST_CASE("linter: severities from options override and disable rules") {
  LintOptions o;
  o.severities["ban-drop-column"] = Severity::Warning;
  const FileReport warned = lint("ALTER TABLE users DROP COLUMN a;", FileTransaction::None, o);
  const auto hits = of_rule(warned, "ban-drop-column");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].severity == Severity::Warning);
  CHECK(warned.verdict == Verdict::SafeToRun);

  o.severities["ban-drop-column"] = Severity::Off;
  CHECK_FALSE(has(lint("ALTER TABLE users DROP COLUMN a;", FileTransaction::None, o), "ban-drop-column"));
}

TEST_CASE("linter: tables created earlier in the file are new for every rule") {
  const FileReport r = lint(
      "CREATE TABLE imports (id bigint, tmp text);\n"
      "CREATE INDEX imports_tmp_idx ON imports (tmp);\n"
      "ALTER TABLE imports DROP COLUMN tmp;\n"
      "TRUNCATE imports;");
  INFO(describe(r));
  CHECK_FALSE(has(r, "require-concurrent-index-creation"));
  CHECK_FALSE(has(r, "ban-drop-column"));
  CHECK_FALSE(has(r, "ban-truncate"));
  CHECK_FALSE(has(r, "require-lock-timeout"));
}

TEST_CASE("linter: findings point at the node's location") {
  const FileReport r = lint("CREATE TABLE events (\n  id bigint,\n  payload json\n);");
  const auto hits = of_rule(r, "prefer-jsonb");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].line == 3);
  CHECK(hits[0].column == 11);
}
