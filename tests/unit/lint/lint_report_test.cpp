// The four renderings of a lint run (lint/report/reporter.hpp): exact human output, JSON fields
// and key order, GitHub workflow-command escaping, SARIF 2.1.0 structure (and, when
// scripts/install-deps.sh has fetched it, the official SARIF 2.1.0 JSON schema).
//
// Runs are built with analyze::lint_script on small scripts with every rule switched off
// except require-concurrent-index-creation, syntax-error and unused-suppression, so the
// expected output does not move when rules are added.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyze/linter.hpp"
#include "analyze/rule.hpp"
#include "lint/report/reporter.hpp"

using namespace schemashift;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

const std::string kIndexRule = "require-concurrent-index-creation";
const std::string kPath = "db/migrations/V3__users_email_idx.sql";
const std::string kIndexSql = "-- users by email\nSELECT 1;\n\nCREATE INDEX users_email_idx ON users (email);\n";

analyze::LintOptions stable_options(long long users_rows = 1'000'000) {
  analyze::LintOptions o;
  const std::set<std::string> keep = {kIndexRule, analyze::kSyntaxErrorRule, analyze::kUnusedSuppressionRule};
  for (const auto* r : analyze::all_rules()) {
    if (!keep.count(r->info().id)) o.severities[r->info().id] = analyze::Severity::Off;
  }
  if (users_rows > 0) o.stats["users"] = {users_rows, -1, "--rows"};
  return o;
}

lint::LintedFile lint_file(const std::string& sql, const std::string& path = kPath,
                          const analyze::LintOptions& options = stable_options()) {
  lint::LintedFile f;
  f.text = sql;
  f.layout = "sql";
  f.report = analyze::lint_script(sql, path, options);
  return f;
}

lint::LintRun run_of(std::vector<lint::LintedFile> files) {
  lint::LintRun run;
  std::vector<analyze::FileReport> reports;
  for (const auto& f : files) {
    reports.push_back(f.report);
    if (f.report.parse_error) run.has_syntax_error = true;
  }
  run.files = std::move(files);
  run.verdict = analyze::overall_verdict(reports);
  run.stats_source = "--rows";
  return run;
}

std::string human(const lint::LintRun& run, bool color = false, bool locks = false) {
  lint::HumanOptions o;
  o.color = color;
  o.locks = locks;
  return lint::render_lint_human(run, o);
}

std::string strip_ansi(const std::string& s) { return std::regex_replace(s, std::regex("\x1b\\[[0-9;]*m"), ""); }

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (begin < s.size()) {
    const std::size_t nl = s.find('\n', begin);
    out.push_back(s.substr(begin, nl - begin));
    if (nl == std::string::npos) break;
    begin = nl + 1;
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------- human

TEST_CASE("human output reads like a compiler: location, excerpt, lock, help, verdict, summary", "[lint_report]") {
  const auto run = run_of({lint_file(kIndexSql)});
  CHECK(human(run) ==
        "db/migrations/V3__users_email_idx.sql:4:1: error: CREATE INDEX on existing table users blocks writes "
        "(SHARE lock) while the index builds [require-concurrent-index-creation]\n"
        "   |\n"
        " 4 | CREATE INDEX users_email_idx ON users (email);\n"
        "   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "   = lock: SHARE on users (index build): blocks writes · ≈ 2 s (1,000,000 rows (--rows) × index build)\n"
        "   = help: use CREATE INDEX CONCURRENTLY, outside a transaction block\n"
        "\n"
        "db/migrations/V3__users_email_idx.sql: REQUIRES_MAINTENANCE_WINDOW (1 error)\n"
        "\n"
        "1 file, 2 statements: 0 BLOCKED, 1 REQUIRES_MAINTENANCE_WINDOW, 0 SAFE_TO_RUN · verdict: "
        "REQUIRES_MAINTENANCE_WINDOW\n"
        "1 error, 0 warnings, 0 hints\n");
}

TEST_CASE("colour wraps the same text in ANSI codes, following core::format_diagnostic", "[lint_report]") {
  const auto run = run_of({lint_file(kIndexSql)});
  const std::string colored = human(run, true);
  CHECK(strip_ansi(colored) == human(run));
  CHECK(colored.find("\x1b[1mdb/migrations/V3__users_email_idx.sql:4:1:\x1b[0m \x1b[1;31merror:\x1b[0m CREATE INDEX") !=
        std::string::npos);
  CHECK(colored.find("\x1b[1;31m^~~~") != std::string::npos);
  CHECK(colored.find("\x1b[1;33mREQUIRES_MAINTENANCE_WINDOW\x1b[0m") != std::string::npos);
  CHECK(human(run).find('\x1b') == std::string::npos);
}

TEST_CASE("a clean run says so", "[lint_report]") {
  const auto run = run_of({lint_file("CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n")});
  CHECK(human(run) ==
        "1 file, 1 statement: 0 BLOCKED, 0 REQUIRES_MAINTENANCE_WINDOW, 1 SAFE_TO_RUN · verdict: SAFE_TO_RUN\n"
        "no findings\n");
}

TEST_CASE("carets line up after tabs and multi-byte UTF-8 characters", "[lint_report]") {
  // 'ü' is two bytes but one column; the tab after the ';' (column 12) expands to column 13.
  const auto run = run_of({lint_file("SELECT 'ü';\tCREATE INDEX i ON users (email);\n")});
  const auto out = lines_of(human(run));
  REQUIRE(out.size() > 4);
  CHECK(out[0].rfind(kPath + ":1:14: error:", 0) == 0);  // byte column
  CHECK(out[2] == " 1 | SELECT 'ü'; CREATE INDEX i ON users (email);");
  CHECK(out[3] == "   |             ^" + std::string(30, '~'));  // "CREATE INDEX i ON users (email)"
  // Leading tabs too.
  const auto tabbed = lines_of(human(run_of({lint_file("\tCREATE INDEX i ON users (email);")})));
  CHECK(tabbed[2] == " 1 |     CREATE INDEX i ON users (email);");
  CHECK(tabbed[3] == "   |     ^" + std::string(30, '~'));
}

TEST_CASE("long statements are elided around the marked line", "[lint_report]") {
  const std::string sql =
      "SELECT 1;\n"
      "CREATE INDEX users_lookup_idx\n"
      "  ON users\n"
      "  USING btree\n"
      "  (\n"
      "    email,\n"
      "    created_at\n"
      "  )\n"
      "  WHERE deleted_at IS NULL;\n";
  const auto out = lines_of(human(run_of({lint_file(sql)})));
  REQUIRE(out.size() > 8);
  CHECK(out[0].rfind(kPath + ":2:1: error:", 0) == 0);
  CHECK(out[1] == "   |");
  CHECK(out[2] == " 2 | CREATE INDEX users_lookup_idx");
  CHECK(out[3] == "   | ^" + std::string(28, '~'));  // to the end of the line, not of the statement
  CHECK(out[4] == " 3 |   ON users");
  CHECK(out[5] == "...");
  CHECK(out[6] == " 9 |   WHERE deleted_at IS NULL;");
  CHECK(out[7].rfind("   = lock: SHARE on users", 0) == 0);
}

TEST_CASE("a syntax error is marked at its token and blocks the run", "[lint_report]") {
  const std::string sql = "SELECT 1;\nALTER TABLE users ADD COLUM email text;\n";
  auto file = lint_file(sql, "bad.sql");
  REQUIRE(file.report.parse_error);
  const auto run = run_of({file, lint_file(kIndexSql)});
  const std::string out = human(run);
  const auto& e = *file.report.parse_error;
  // PostgreSQL's message, and which grammar judged the file (issue 10: PG 16+ syntax is not a mistake).
  CHECK(out.rfind(fmt::format("bad.sql:{}:{}: error: {} (parsed with the PostgreSQL 15 grammar) [syntax-error]\n",
                              e.line, e.column, e.message),
                  0) == 0);
  // The caret sits under the column PostgreSQL reported.
  const auto lines = lines_of(out);
  CHECK(lines[2] == " 2 | ALTER TABLE users ADD COLUM email text;");
  CHECK(lines[3].find('^') == std::string(" 2 | ").size() + static_cast<std::size_t>(e.column - 1));
  CHECK(out.find("bad.sql: BLOCKED (1 error)\n") != std::string::npos);
  CHECK(out.find("2 files, 2 statements: 1 BLOCKED, 1 REQUIRES_MAINTENANCE_WINDOW, 0 SAFE_TO_RUN · verdict: BLOCKED\n"
                 "2 errors, 0 warnings, 0 hints\n") != std::string::npos);
}

TEST_CASE("suppressed findings are counted, an unused suppression is a warning", "[lint_report]") {
  const std::string sql =
      "-- schemashift:ignore require-concurrent-index-creation -- lookup table\n"
      "CREATE INDEX users_email_idx ON users (email);\n"
      "-- schemashift:ignore no-such-rule-xyz\n"
      "SELECT 1;\n";
  const auto run = run_of({lint_file(sql)});
  const std::string out = human(run);
  CHECK(out.find(kPath + ":3:1: warning: suppression names unknown rule no-such-rule-xyz [unused-suppression]\n"
                         "   |\n"
                         " 3 | -- schemashift:ignore no-such-rule-xyz\n"
                         "   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n") == 0);
  CHECK(out.find(kPath + ": SAFE_TO_RUN (1 warning; 1 suppressed)\n") != std::string::npos);
  CHECK(out.find("0 errors, 1 warning, 0 hints; 1 suppressed\n") != std::string::npos);
}

TEST_CASE("human output with --locks adds a per-statement table and a verdict line for every file", "[lint_report]") {
  const auto run = run_of({lint_file(kIndexSql), lint_file("SELECT 1;\n", "clean.sql")});
  const std::string out = human(run, false, true);
  const auto lines = lines_of(out);
  CHECK(out.find(kPath + ": 2 statements (autocommit)\n") != std::string::npos);
  CHECK(std::regex_search(out, std::regex("\n  line  statement +lock +blocks +work +estimate +runs in\n")));
  CHECK(std::regex_search(out, std::regex("\n     4  CREATE INDEX[^\n]* +SHARE on users +writes +index build +≈ 2 s "
                                          "+autocommit\n")));
  CHECK(out.find("clean.sql: 1 statement (autocommit)\n") != std::string::npos);
  CHECK(out.find("clean.sql: SAFE_TO_RUN (no findings)\n") != std::string::npos);
  const auto bad = run_of({lint_file("ALTER TABLE x ADD COLUM y z;", "bad.sql")});
  CHECK(human(bad, false, true).find("bad.sql: not analysed (syntax error)\nbad.sql: BLOCKED (1 error)\n") !=
        std::string::npos);
  // Without --locks a clean file prints nothing of its own.
  CHECK(human(run).find("clean.sql") == std::string::npos);
}

// ---------------------------------------------------------------------------- JSON

TEST_CASE("JSON carries every fact, keys in a stable order", "[lint_report]") {
  auto in_tx = stable_options();
  in_tx.transaction = analyze::FileTransaction::Whole;
  auto flyway = lint_file(kIndexSql, kPath, in_tx);
  flyway.layout = "flyway";
  flyway.layout_rule = "more Flyway names (1) than numbered names (0)";
  flyway.transaction = analyze::FileTransaction::Whole;
  const auto run = run_of({flyway, lint_file("SELECT 1;\nALTER TABLE x ADD COLUM y z;", "bad.sql")});
  const std::string text = lint::render_lint_json(run);
  CHECK(text == lint::render_lint_json(run));
  CHECK(text.substr(0, 22) == "{\n  \"version\": 1,\n  \"p");
  const ordered_json doc = ordered_json::parse(text);

  std::vector<std::string> keys;
  for (const auto& item : doc.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"version", "pg_version", "stats_source", "verdict", "summary", "files"});
  CHECK(doc["verdict"] == "BLOCKED");
  CHECK(doc["pg_version"] == 15);
  CHECK(doc["summary"] == ordered_json::parse(R"j({"files": 2, "statements": 2, "findings": 2, "errors": 2,
      "warnings": 0, "hints": 0, "suppressed": 0, "blocked": 1, "requires_maintenance_window": 1, "safe_to_run": 0})j"));

  const auto& f = doc["files"][0];
  keys.clear();
  for (const auto& item : f.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"path", "layout", "layout_rule", "transaction", "contract", "verdict",
                                         "verdict_reasons", "suppressed", "estimated_ms", "statements", "findings"});
  CHECK(f["path"] == kPath);
  CHECK(f["layout"] == "flyway");
  CHECK(f["layout_rule"] == "more Flyway names (1) than numbered names (0)");
  CHECK(f["transaction"] == "one transaction");
  CHECK(f["verdict"] == "REQUIRES_MAINTENANCE_WINDOW");
  CHECK(f["estimated_ms"] == 2005);  // SELECT 1 takes no table lock
  REQUIRE(f["statements"].size() == 2);
  const auto& st = f["statements"][1];
  CHECK(st["line"] == 4);
  CHECK(st["column"] == 1);
  CHECK(st["end_line"] == 4);
  CHECK(st["end_column"] == 46);
  CHECK(st["text"] == "CREATE INDEX users_email_idx ON users (email)");
  CHECK(st["in_transaction"] == true);
  CHECK(st["locks"][0] == ordered_json::parse(R"j({"relation": "users", "mode": "SHARE", "work": "index build",
      "blocks_reads": false, "blocks_writes": true, "new": false})j"));
  CHECK(st["estimate"]["ms"] == 2005);
  CHECK(st["estimate"]["basis"] == "1,000,000 rows (--rows) × index build ≈ 2 s");

  REQUIRE(f["findings"].size() == 1);
  const auto& finding = f["findings"][0];
  keys.clear();
  for (const auto& item : finding.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"rule", "severity", "impact", "message", "help", "line", "column", "end_line",
                                         "end_column", "statement", "estimate", "tolerated"});
  CHECK(finding["rule"] == kIndexRule);
  CHECK(finding["severity"] == "error");
  CHECK(finding["impact"] == "blocking");
  CHECK(finding["statement"] == 1);
  CHECK(finding["estimate"]["ms"] == 2005);
  CHECK(finding["tolerated"] == false);

  const auto& bad = doc["files"][1];
  CHECK(bad["verdict"] == "BLOCKED");
  CHECK(bad["parse_error"]["line"] == 2);
  CHECK(bad["statements"].empty());
  CHECK(bad["findings"][0]["rule"] == "syntax-error");
  CHECK(bad["findings"][0]["statement"].is_null());
  CHECK_FALSE(bad["findings"][0].contains("estimate"));
}

TEST_CASE("JSON survives invalid UTF-8 in a file", "[lint_report]") {
  const auto run = run_of({lint_file("SELECT 1;\nALTER TABLE caf\xe9 ADD COLUM x y;\n", "latin1.sql")});
  const std::string text = lint::render_lint_json(run);
  CHECK_NOTHROW(json::parse(text));
  CHECK_NOTHROW(json::parse(lint::render_lint_sarif(run)));
}

// ---------------------------------------------------------------------------- GitHub

TEST_CASE("GitHub annotations: one workflow command per finding and a summary notice", "[lint_report]") {
  const auto run = run_of({lint_file(kIndexSql)});
  CHECK(lint::render_lint_github(run) ==
        "::error file=db/migrations/V3__users_email_idx.sql,line=4,col=1,endLine=4,endColumn=45,"
        "title=require-concurrent-index-creation::CREATE INDEX on existing table users blocks writes (SHARE lock) "
        "while the index builds%0Aestimate: ≈ 2 s (1,000,000 rows (--rows) × index build)"
        "%0Ahelp: use CREATE INDEX CONCURRENTLY, outside a transaction block\n"
        "::notice title=schemashift lint::1 file, 2 statements: 1 error · verdict: REQUIRES_MAINTENANCE_WINDOW\n");
}

TEST_CASE("GitHub annotations escape data and properties", "[lint_report]") {
  auto file = lint_file("SELECT 1;\nCREATE INDEX i\n  ON users (email);\n", "db/odd,name:x%.sql");
  REQUIRE(file.report.findings.size() == 1);
  auto& f = file.report.findings[0];
  f.message = "100% sure: a, b\r\nnext";
  f.help = "";
  f.severity = analyze::Severity::Hint;
  f.rule = "rule:with,chars";
  const std::string out = lint::render_lint_github(run_of({file}));
  // A statement over several lines is annotated by lines only (GitHub ignores columns then).
  CHECK(lines_of(out)[0] ==
        "::notice file=db/odd%2Cname%3Ax%25.sql,line=2,endLine=3,title=rule%3Awith%2Cchars::100%25 sure: a, "
        "b%0D%0Anext%0Aestimate: ≈ 2 s (1,000,000 rows (--rows) × index build)");
  f.severity = analyze::Severity::Warning;
  CHECK(lint::render_lint_github(run_of({file})).rfind("::warning file=", 0) == 0);
}

// ---------------------------------------------------------------------------- SARIF

namespace {

const ordered_json& only_result(const ordered_json& log) {
  REQUIRE(log["runs"].size() == 1);
  REQUIRE(log["runs"][0]["results"].size() == 1);
  return log["runs"][0]["results"][0];
}

}  // namespace

TEST_CASE("SARIF 2.1.0: driver lists every rule, results point into the file", "[lint_report]") {
  const auto run = run_of({lint_file(kIndexSql)});
  const ordered_json log = ordered_json::parse(lint::render_lint_sarif(run));
  CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(log["version"] == "2.1.0");
  const auto& driver = log["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "schemashift");
  CHECK(driver["version"] == SCHEMASHIFT_VERSION);
  const auto& rules = analyze::all_rules();
  REQUIRE(driver["rules"].size() == rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& d = driver["rules"][i];
    const auto& info = rules[i]->info();
    CHECK(d["id"] == info.id);
    CHECK(d["shortDescription"]["text"] == info.summary);
    CHECK(d["fullDescription"]["text"] == info.rationale);
    CHECK(d["help"]["text"] == info.safe_alternative);
    CHECK(d["properties"]["impact"] == analyze::impact_name(info.impact));
    const std::string level = d["defaultConfiguration"]["level"];
    CHECK((level == "error" || level == "warning" || level == "note" || level == "none"));
  }
  const std::size_t index_rule =
      std::find_if(rules.begin(), rules.end(), [](const auto* r) { return r->info().id == kIndexRule; }) - rules.begin();
  const auto& index_descriptor = driver["rules"][index_rule];
  CHECK(index_descriptor["name"] == "RequireConcurrentIndexCreation");
  CHECK(index_descriptor["defaultConfiguration"]["level"] == "error");

  const auto& r = only_result(log);
  CHECK(r["ruleId"] == kIndexRule);
  CHECK(r["ruleIndex"] == index_rule);
  CHECK(r["level"] == "error");
  CHECK(r["message"]["text"] ==
        "CREATE INDEX on existing table users blocks writes (SHARE lock) while the index builds\n"
        "help: use CREATE INDEX CONCURRENTLY, outside a transaction block");
  const auto& physical = r["locations"][0]["physicalLocation"];
  CHECK(physical["artifactLocation"] == ordered_json::parse(R"j({"uri": "db/migrations/V3__users_email_idx.sql",
      "uriBaseId": "%SRCROOT%"})j"));
  CHECK(physical["region"] == ordered_json::parse(R"j({"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 46,
      "snippet": {"text": "CREATE INDEX users_email_idx ON users (email)"}})j"));
  CHECK(r["partialFingerprints"]["schemashift/v1"].get<std::string>().size() == 16);
  CHECK(log["runs"][0]["columnKind"] == "unicodeCodePoints");
  CHECK(log["runs"][0]["properties"]["verdict"] == "REQUIRES_MAINTENANCE_WINDOW");
}

TEST_CASE("SARIF fingerprints survive moving the statement; columns count code points", "[lint_report]") {
  const auto at = [](const std::string& sql, const std::string& path = kPath) {
    return ordered_json::parse(lint::render_lint_sarif(run_of({lint_file(sql, path)})));
  };
  const auto a = at("CREATE INDEX users_email_idx ON users (email);\n");
  const auto b = at("SELECT 1;\n\n\n  CREATE   INDEX users_email_idx\n ON users (email);\n");
  const auto c = at("CREATE INDEX users_email_idx ON users (email);\n", "db/other.sql");
  const auto fp = [](const ordered_json& log) { return only_result(log)["partialFingerprints"]["schemashift/v1"]; };
  CHECK(fp(a) == fp(b));
  CHECK(fp(a) != fp(c));
  CHECK(only_result(b)["locations"][0]["physicalLocation"]["region"]["startLine"] == 4);

  const auto d = at("SELECT 'ü';\tCREATE INDEX i ON users (email);\n", "dir with space/ü.sql");
  const auto& loc = only_result(d)["locations"][0]["physicalLocation"];
  CHECK(loc["region"]["startColumn"] == 13);   // byte column 14
  CHECK(loc["artifactLocation"]["uri"] == "dir%20with%20space/%C3%BC.sql");
  CHECK(at("CREATE INDEX i ON users (email);", "/abs/x.sql")["runs"][0]["results"][0]["locations"][0]
            ["physicalLocation"]["artifactLocation"] == ordered_json::parse(R"j({"uri": "file:///abs/x.sql"})j"));
}

TEST_CASE("SARIF output validates against the official SARIF 2.1.0 JSON schema", "[lint_report][sarif-schema]") {
  namespace fs = std::filesystem;
  const fs::path schema =
      fs::path(SCHEMASHIFT_SOURCE_DIR) / "tools/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
  const fs::path python = "/usr/bin/python3";
  if (!fs::exists(schema) || !fs::exists(python)) {
    WARN("SARIF schema not installed (scripts/install-deps.sh): structure checked by the other tests only");
    return;
  }
  auto bad = lint_file("SELECT 1;\nALTER TABLE users ADD COLUM email text;\n", "bad.sql");
  const std::string sql =
      "-- schemashift:ignore no-such-rule-xyz\nSELECT 1;\n"
      "CREATE INDEX users_email_idx ON users (email);\n";
  const std::string sarif = lint::render_lint_sarif(run_of({lint_file(sql), bad}));
  const fs::path dir = fs::temp_directory_path() / ("schemashift-sarif-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "out.sarif") << sarif;
  std::ofstream(dir / "check.py") << "import json, sys, jsonschema\n"
                                     "schema = json.load(open(sys.argv[1]))\n"
                                     "log = json.load(open(sys.argv[2]))\n"
                                     "jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())"
                                     ".validate(log)\n"
                                     "assert len(log['runs'][0]['results']) == 3\n";
  const std::string command = python.string() + " '" + (dir / "check.py").string() + "' '" + schema.string() + "' '" +
                              (dir / "out.sarif").string() + "'";
  const int status = std::system(command.c_str());
  fs::remove_all(dir);
  CHECK(status == 0);
}

