#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "spec/change_spec.hpp"

using namespace schemashift;
using spec::parse_change_spec;

namespace {

const char* const kHeader =
    "issue: 234\n"                                       // 1
    "title: Advanced contact enrichment\n"               // 2
    "purpose: |\n"                                       // 3
    "  Store third-party enrichment data per contact.\n"  // 4
    "author: Jane Doe <jane@example.com>\n"               // 5
    "created: 2024-01-15T14:30:22Z\n"                     // 6
    "schema: ../samples/schema.sql\n";                    // 7

const char* const kOps =
    "operations:\n"
    "  - add_column:\n"
    "      table: contacts\n"
    "      column: {name: status, type: text}\n";

std::string spec_text(const std::string& extra = "") { return std::string(kHeader) + extra + kOps; }

const core::Diagnostic* find(const core::Diagnostics& diags, const std::string& code) {
  for (const auto& d : diags.items())
    if (d.code == code) return &d;
  return nullptr;
}

std::string report(const core::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.sorted()) out += core::format_diagnostic(d, false);
  return out.empty() ? "(none)" : out;
}

// Removes one line that starts with `key:` from the default spec text.
std::string without(const std::string& key) {
  std::string text = spec_text();
  const std::size_t at = text.find(key + ":");
  REQUIRE(at != std::string::npos);
  const std::size_t end = text.find('\n', at);
  text.erase(at, end - at + 1);
  // A block scalar's continuation line goes with it.
  if (key == "purpose") text.erase(at, text.find('\n', at) - at + 1);
  return text;
}

}  // namespace

TEST_CASE("parse_change_spec reads a full valid header", "[spec][change_spec]") {
  core::Diagnostics diags;
  auto s = parse_change_spec(spec_text("service: contact-service\n"
                                       "name: Contact Enrichment!\n"
                                       "rows:\n  contacts: 50000\n  billing.invoices: 0\n"
                                       "settings:\n  lock_timeout: 2s\n  statement_timeout: 1min\n"
                                       "  lock_retries: 3\n  batch_size: 250\n  batch_pause: 0\n  pg_version: 12\n"
                                       "strategy: offline\n"),
                             "changes/234-contact-enrichment.yaml", diags);
  INFO(report(diags));
  REQUIRE(s);
  CHECK(diags.items().empty());
  CHECK(s->path == "changes/234-contact-enrichment.yaml");
  CHECK(s->issue == 234);
  CHECK(s->title == "Advanced contact enrichment");
  CHECK(s->purpose == "Store third-party enrichment data per contact.");
  CHECK(s->author == "Jane Doe <jane@example.com>");
  CHECK(s->created.iso() == "2024-01-15T14:30:22Z");
  CHECK(s->service == "contact-service");
  CHECK(s->name == "contact_enrichment");
  CHECK(s->schema_path == "samples/schema.sql");
  CHECK(s->schema_where.line == 7);
  CHECK(s->schema_where.column == 9);
  CHECK(s->rows == std::map<std::string, long long>{{"contacts", 50000}, {"billing.invoices", 0}});
  CHECK(s->rows_where.at("contacts").line == 11);
  CHECK(s->rows_where.at("contacts").column == 3);
  CHECK(s->settings.lock_timeout_ms == 2000);
  CHECK(s->settings.statement_timeout_ms == 60'000);
  CHECK(s->settings.lock_retries == 3);
  CHECK(s->settings.batch_size == 250);
  CHECK(s->settings.batch_pause_ms == 0);
  CHECK(s->settings.pg_version == 12);
  CHECK(s->strategy == spec::Strategy::Offline);
  REQUIRE(s->operations.size() == 1);
  CHECK(s->operations[0].name == "add_column");
  CHECK(s->operations[0].where.line == 22);
  CHECK(s->operations[0].where.column == 5);
  CHECK(s->operations[0].body.is_map());
  CHECK(s->operations[0].body.find("table")->scalar == "contacts");
}

TEST_CASE("settings, strategy, service and name default sensibly", "[spec][change_spec]") {
  core::Diagnostics diags;
  auto s = parse_change_spec(spec_text(), "c.yaml", diags);
  INFO(report(diags));
  REQUIRE(s);
  CHECK_FALSE(diags.has_errors());
  const spec::Settings defaults;
  CHECK(s->settings.lock_timeout_ms == 500);
  CHECK(s->settings.statement_timeout_ms == 30'000);
  CHECK(s->settings.lock_retries == 5);
  CHECK(s->settings.batch_size == 1000);
  CHECK(s->settings.batch_pause_ms == 10);
  CHECK(s->settings.pg_version == 15);
  CHECK(defaults.lock_timeout_ms == 500);
  CHECK(s->strategy == spec::Strategy::Online);
  CHECK(s->service.empty());
  CHECK(s->name == "advanced_contact_enrichment");  // from the title
  CHECK(s->rows.empty());
  CHECK(std::string(spec::strategy_name(spec::Strategy::Online)) == "online");
  CHECK(std::string(spec::strategy_name(spec::Strategy::Offline)) == "offline");
}

TEST_CASE("an empty settings map keeps the defaults", "[spec][change_spec]") {
  core::Diagnostics diags;
  auto s = parse_change_spec(spec_text("settings: {}\n"), "c.yaml", diags);
  REQUIRE(s);
  CHECK_FALSE(diags.has_errors());
  CHECK(s->settings.lock_timeout_ms == 500);
  CHECK(s->settings.batch_size == 1000);
}

TEST_CASE("each required key missing is reported at the map's position", "[spec][change_spec]") {
  for (const char* key : {"issue", "title", "purpose", "author", "created", "schema"}) {
    core::Diagnostics diags;
    // Comment lines first, so the map does not start at 1:1.
    auto s = parse_change_spec("# a comment\n\n" + without(key), "c.yaml", diags);
    INFO(key << "\n" << report(diags));
    REQUIRE(s);
    REQUIRE(diags.error_count() == 1);
    const core::Diagnostic& d = diags.items().front();
    CHECK(d.code == "missing-key");
    CHECK(d.message == std::string("the spec needs `") + key + "`");
    CHECK(d.where.file == "c.yaml");
    CHECK(d.where.line == 3);
    CHECK(d.where.column == 1);
    CHECK_FALSE(d.hint.empty());
  }
  SECTION("operations") {
    core::Diagnostics diags;
    auto s = parse_change_spec(kHeader, "c.yaml", diags);
    REQUIRE(s);
    REQUIRE(find(diags, "missing-key"));
    CHECK(find(diags, "missing-key")->message == "the spec needs `operations`");
    CHECK(find(diags, "missing-key")->where.line == 1);
  }
}

TEST_CASE("all missing keys are reported at once", "[spec][change_spec]") {
  core::Diagnostics diags;
  auto s = parse_change_spec("service: x\n", "c.yaml", diags);
  REQUIRE(s);
  CHECK(diags.error_count() == 7);  // issue title purpose author created schema operations
}

TEST_CASE("unknown keys get did-you-mean hints", "[spec][change_spec]") {
  core::Diagnostics diags;
  auto s = parse_change_spec(spec_text("servce: x\nsettings:\n  lock_timout: 1s\nbanana: 1\n"), "c.yaml", diags);
  INFO(report(diags));
  REQUIRE(s);
  std::vector<core::Diagnostic> unknown;
  for (const auto& d : diags.sorted())
    if (d.code == "unknown-key") unknown.push_back(d);
  REQUIRE(unknown.size() == 3);
  CHECK(unknown[0].message == "unknown key `servce` in the spec");
  CHECK(unknown[0].hint == "did you mean `service`?");
  CHECK(unknown[0].where.line == 8);
  CHECK(unknown[0].where.column == 1);
  CHECK(unknown[1].message == "unknown key `lock_timout` in settings");
  CHECK(unknown[1].hint == "did you mean `lock_timeout`?");
  CHECK(unknown[1].where.line == 10);
  CHECK(unknown[1].where.column == 3);
  CHECK(unknown[2].message == "unknown key `banana` in the spec");
  CHECK(unknown[2].hint.rfind("allowed keys: issue, title, purpose", 0) == 0);
}

TEST_CASE("duplicate keys are reported at the second one", "[spec][change_spec]") {
  core::Diagnostics diags;
  auto s = parse_change_spec(spec_text("title: Second title\n"), "c.yaml", diags);
  REQUIRE(s);
  const core::Diagnostic* d = find(diags, "duplicate-key");
  REQUIRE(d);
  CHECK(d->message == "duplicate key 'title'");
  CHECK(d->where.line == 8);
  CHECK(d->where.column == 1);
  CHECK(s->title == "Advanced contact enrichment");  // the first one is kept
}

TEST_CASE("durations: ms, s, min and 0", "[spec][change_spec][duration]") {
  struct Case {
    const char* text;
    long long ms;
  };
  for (const Case& c : {Case{"500ms", 500}, Case{"30s", 30'000}, Case{"2min", 120'000}, Case{"0", 0},
                        Case{"0ms", 0}, Case{"1s", 1000}, Case{"\"250ms\"", 250}}) {
    core::Diagnostics diags;
    auto s = parse_change_spec(spec_text(std::string("settings:\n  statement_timeout: ") + c.text + "\n"), "c.yaml", diags);
    INFO(c.text << "\n" << report(diags));
    REQUIRE(s);
    CHECK_FALSE(diags.has_errors());
    CHECK(s->settings.statement_timeout_ms == c.ms);
  }
}

TEST_CASE("durations without a known unit are rejected", "[spec][change_spec][duration]") {
  for (const char* bad : {"500", "5h", "1.5s", "-5s", "ms", "5 s", "5S", "1d", "1234567890ms", "[1s]", "{a: 1}", "''"}) {
    core::Diagnostics diags;
    auto s = parse_change_spec(spec_text(std::string("settings:\n  batch_pause: ") + bad + "\n"), "c.yaml", diags);
    INFO(bad << "\n" << report(diags));
    REQUIRE(s);
    REQUIRE(diags.error_count() == 1);
    const core::Diagnostic& d = diags.items().front();
    CHECK(d.code == "invalid-value");
    CHECK(d.message.find("`batch_pause` must be a duration such as 500ms, 30s or 2min") == 0);
    CHECK(d.hint == "units: ms, s, min; write 0 to disable");
    CHECK(d.where.line == 9);
    CHECK(s->settings.batch_pause_ms == 10);  // default kept
  }
}

TEST_CASE("a lock_timeout above 10s is a warning", "[spec][change_spec]") {
  core::Diagnostics diags;
  auto s = parse_change_spec(spec_text("settings:\n  lock_timeout: 11s\n"), "c.yaml", diags);
  REQUIRE(s);
  CHECK_FALSE(diags.has_errors());
  const core::Diagnostic* d = find(diags, "long-lock-timeout");
  REQUIRE(d);
  CHECK(d->severity == core::Severity::Warning);
  CHECK(d->where.line == 9);
  CHECK(s->settings.lock_timeout_ms == 11'000);

  core::Diagnostics ok;
  parse_change_spec(spec_text("settings:\n  lock_timeout: 10s\n"), "c.yaml", ok);
  CHECK(ok.items().empty());
}

TEST_CASE("settings ranges are checked", "[spec][change_spec]") {
  for (const char* bad : {"pg_version: 10", "pg_version: 18", "batch_size: 0", "batch_size: 1000001",
                          "lock_retries: -1", "lock_retries: 101", "pg_version: \"15\"", "batch_size: 1e3"}) {
    core::Diagnostics diags;
    auto s = parse_change_spec(spec_text(std::string("settings:\n  ") + bad + "\n"), "c.yaml", diags);
    INFO(bad << "\n" << report(diags));
    REQUIRE(s);
    CHECK(diags.error_count() == 1);
  }
  core::Diagnostics diags;
  auto s = parse_change_spec(spec_text("settings: 5\n"), "c.yaml", diags);
  REQUIRE(s);
  REQUIRE(find(diags, "wrong-type"));
  CHECK(find(diags, "wrong-type")->message == "settings must be a map, got a scalar");
}

TEST_CASE("quoted and plain scalars: numbers must be plain, text may be either", "[spec][change_spec]") {
  SECTION("a quoted issue number is text, not a number") {
    core::Diagnostics diags;
    std::string text = spec_text();
    text.replace(text.find("issue: 234"), 10, "issue: \"234\"");
    auto s = parse_change_spec(text, "c.yaml", diags);
    REQUIRE(s);
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].message == "`issue` must be a whole number, got '234'");
    CHECK(diags.items()[0].where.line == 1);
    CHECK(diags.items()[0].where.column == 8);
  }
  SECTION("issue must be positive") {
    for (const char* v : {"0", "-3", "12abc", "1.5"}) {
      core::Diagnostics diags;
      std::string text = spec_text();
      text.replace(text.find("issue: 234"), 10, std::string("issue: ") + v);
      auto s = parse_change_spec(text, "c.yaml", diags);
      INFO(v);
      REQUIRE(s);
      CHECK(diags.error_count() == 1);
    }
  }
  SECTION("a quoted title or created is fine") {
    core::Diagnostics diags;
    std::string text = spec_text();
    text.replace(text.find("title: Advanced contact enrichment"), 34, "title: '  Padded: title  '");
    text.replace(text.find("created: 2024-01-15T14:30:22Z"), 29, "created: \"2024-01-15T14:30:22Z\"");
    auto s = parse_change_spec(text, "c.yaml", diags);
    INFO(report(diags));
    REQUIRE(s);
    CHECK_FALSE(diags.has_errors());
    CHECK(s->title == "Padded: title");
    CHECK(s->created.version() == "20240115143022");
  }
  SECTION("a title that is a list") {
    core::Diagnostics diags;
    std::string text = spec_text();
    text.replace(text.find("title: Advanced contact enrichment"), 34, "title: [a, b]");
    auto s = parse_change_spec(text, "c.yaml", diags);
    REQUIRE(s);
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].message == "`title` must be text, got a list");
  }
  SECTION("an empty required string") {
    core::Diagnostics diags;
    std::string text = spec_text();
    text.replace(text.find("author: Jane Doe <jane@example.com>"), 35, "author: '  '");
    auto s = parse_change_spec(text, "c.yaml", diags);
    REQUIRE(s);
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].message == "`author` must not be empty");
  }
}

TEST_CASE("created must be an exact UTC timestamp", "[spec][change_spec]") {
  for (const char* bad : {"2024-01-15", "2024-01-15T14:30:22", "2024-02-30T00:00:00Z", "2024-01-15T14:30:22+01:00",
                          "yesterday"}) {
    core::Diagnostics diags;
    std::string text = spec_text();
    text.replace(text.find("created: 2024-01-15T14:30:22Z"), 29, std::string("created: ") + bad);
    auto s = parse_change_spec(text, "c.yaml", diags);
    INFO(bad << "\n" << report(diags));
    REQUIRE(s);
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].code == "invalid-value");
    CHECK(diags.items()[0].where.line == 6);
    CHECK(diags.items()[0].where.column == 10);
    CHECK(diags.items()[0].message.find("`created` must be a UTC timestamp") == 0);
  }
}

TEST_CASE("strategy must be online or offline", "[spec][change_spec]") {
  core::Diagnostics diags;
  auto s = parse_change_spec(spec_text("strategy: offlne\n"), "c.yaml", diags);
  REQUIRE(s);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].message == "`strategy` must be one of online, offline, got 'offlne'");
  CHECK(diags.items()[0].hint == "did you mean 'offline'?");
  CHECK(s->strategy == spec::Strategy::Online);
}

TEST_CASE("name is slugified and must contain letters or digits", "[spec][change_spec]") {
  core::Diagnostics ok;
  auto s = parse_change_spec(spec_text("name: \"  My Change -- v2 \"\n"), "c.yaml", ok);
  REQUIRE(s);
  CHECK(s->name == "my_change_v2");

  core::Diagnostics diags;
  s = parse_change_spec(spec_text("name: \"!!!\"\n"), "c.yaml", diags);
  REQUIRE(s);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].message == "`name` must contain letters or digits");
}

TEST_CASE("rows hints must be whole numbers >= 0", "[spec][change_spec][rows]") {
  core::Diagnostics diags;
  auto s = parse_change_spec(
      spec_text("rows:\n  users: 2000000\n  orders: -5\n  posts: \"100\"\n  tags: 1e3\n  notes: 50_000\n  big: [1]\n"),
      "c.yaml", diags);
  INFO(report(diags));
  REQUIRE(s);
  CHECK(s->rows == std::map<std::string, long long>{{"users", 2'000'000}});
  CHECK(diags.error_count() == 5);
  for (const auto& d : diags.items()) {
    CHECK(d.code == "wrong-type");
    CHECK(d.message.find("row count for `") == 0);
  }
  CHECK(diags.sorted()[0].where.line == 10);  // orders' value

  core::Diagnostics list;
  parse_change_spec(spec_text("rows: [users]\n"), "c.yaml", list);
  REQUIRE(find(list, "wrong-type"));
  CHECK(find(list, "wrong-type")->message == "rows must be a map, got a list");
}

TEST_CASE("operations must be a non-empty list of single-key maps", "[spec][change_spec][operations]") {
  SECTION("two keys in one item") {
    core::Diagnostics diags;
    auto s = parse_change_spec(std::string(kHeader) +
                                   "operations:\n"
                                   "  - add_column: {table: a}\n"
                                   "    add_index: {table: a}\n"
                                   "  - drop_table: {table: b}\n",
                               "c.yaml", diags);
    REQUIRE(s);
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].message == "each operation must be a map with exactly one key, the operation name");
    CHECK(diags.items()[0].where.line == 9);
    CHECK(diags.items()[0].where.column == 5);
    REQUIRE(s->operations.size() == 1);  // the valid item is kept
    CHECK(s->operations[0].name == "drop_table");
  }
  SECTION("a bare name") {
    core::Diagnostics diags;
    auto s = parse_change_spec(std::string(kHeader) + "operations:\n  - add_column\n", "c.yaml", diags);
    REQUIRE(s);
    CHECK(diags.error_count() == 1);
    CHECK(s->operations.empty());
  }
  SECTION("not a list") {
    core::Diagnostics diags;
    auto s = parse_change_spec(std::string(kHeader) + "operations:\n  add_column: {table: a}\n", "c.yaml", diags);
    REQUIRE(s);
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].message == "`operations` must be a list, got a map");
  }
  SECTION("empty") {
    core::Diagnostics diags;
    auto s = parse_change_spec(std::string(kHeader) + "operations: []\n", "c.yaml", diags);
    REQUIRE(s);
    REQUIRE(find(diags, "empty-operations"));
  }
  SECTION("order and positions are kept") {
    core::Diagnostics diags;
    auto s = parse_change_spec(std::string(kHeader) +
                                   "operations:\n"
                                   "  - drop_index: {name: a}\n"
                                   "  - sql: {up: SELECT 1}\n"
                                   "  - drop_index:\n      name: b\n",
                               "c.yaml", diags);
    REQUIRE(s);
    CHECK_FALSE(diags.has_errors());
    REQUIRE(s->operations.size() == 3);
    CHECK(s->operations[0].name == "drop_index");
    CHECK(s->operations[1].name == "sql");
    CHECK(s->operations[2].name == "drop_index");
    CHECK(s->operations[2].where.line == 11);
    CHECK(s->operations[2].body.find("name")->scalar == "b");
  }
}

TEST_CASE("schema path is resolved relative to the spec file", "[spec][change_spec][schema]") {
  struct Case {
    const char* spec_path;
    const char* schema;
    const char* expected;
  };
  for (const Case& c : {Case{"changes/234.yaml", "../samples/schema.sql", "samples/schema.sql"},
                        Case{"changes/234.yaml", "schema.sql", "changes/schema.sql"},
                        Case{"changes/234.yaml", "./db/./schema.sql", "changes/db/schema.sql"},
                        Case{"234.yaml", "schema.sql", "schema.sql"},
                        Case{"/srv/app/changes/234.yaml", "../db/schema.sql", "/srv/app/db/schema.sql"},
                        Case{"changes/234.yaml", "/abs/schema.sql", "/abs/schema.sql"},
                        Case{"changes/234.yaml", "  spaced.sql  ", "changes/spaced.sql"}}) {
    core::Diagnostics diags;
    std::string text = spec_text();
    text.replace(text.find("schema: ../samples/schema.sql"), 29, std::string("schema: \"") + c.schema + "\"");
    auto s = parse_change_spec(text, c.spec_path, diags);
    INFO(c.spec_path << " + " << c.schema);
    REQUIRE(s);
    CHECK_FALSE(diags.has_errors());
    CHECK(s->schema_path == c.expected);
  }
}

TEST_CASE("documents that cannot be a spec", "[spec][change_spec]") {
  SECTION("empty") {
    core::Diagnostics diags;
    CHECK_FALSE(parse_change_spec("", "c.yaml", diags));
    REQUIRE(find(diags, "empty-spec"));
    CHECK(find(diags, "empty-spec")->where.str() == "c.yaml:1:1");
  }
  SECTION("only comments") {
    core::Diagnostics diags;
    CHECK_FALSE(parse_change_spec("# nothing here\n", "c.yaml", diags));
    CHECK(find(diags, "empty-spec"));
  }
  SECTION("a list") {
    core::Diagnostics diags;
    CHECK_FALSE(parse_change_spec("- a\n- b\n", "c.yaml", diags));
    REQUIRE(find(diags, "wrong-type"));
    CHECK(find(diags, "wrong-type")->message == "the spec must be a map, got a list");
  }
  SECTION("a YAML syntax error") {
    core::Diagnostics diags;
    CHECK_FALSE(parse_change_spec("issue: 1\ntitle: [unclosed\n", "c.yaml", diags));
    REQUIRE(find(diags, "yaml-syntax"));
  }
}

TEST_CASE("read_change_spec reads a file and resolves the schema next to it", "[spec][change_spec][schema]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("schemashift_spec_test_" + std::to_string(::getpid()));
  fs::create_directories(dir / "changes");
  const fs::path file = dir / "changes" / "234.yaml";
  {
    std::ofstream out(file);
    out << spec_text();
  }
  core::Diagnostics diags;
  auto s = spec::read_change_spec(file.string(), diags);
  INFO(report(diags));
  REQUIRE(s);
  CHECK_FALSE(diags.has_errors());
  CHECK(s->path == file.string());
  CHECK(s->schema_path == (dir / "samples" / "schema.sql").string());

  core::Diagnostics missing;
  CHECK_FALSE(spec::read_change_spec((dir / "nope.yaml").string(), missing));
  REQUIRE(find(missing, "unreadable-spec"));
  fs::remove_all(dir);
}
