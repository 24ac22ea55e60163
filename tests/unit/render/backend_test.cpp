#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "plan/plan.hpp"
#include "render/backend.hpp"
#include "render/output_dir.hpp"
#include "render/plan_json.hpp"
#include "spec/change_spec.hpp"

using namespace schemashift;
using render::escape;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp dir, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("schemashift_render_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& rel, const std::string& content) const {
    const fs::path p = path / rel;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const char* const kDescriptor = R"(id: x
description: unit-test backend
escape: python
files:
  - each: change
    path: "out/{{name}}.txt"
    template: a.mustache
  - each: migration
    path: "m/{{version}}_{{slug}}.py"
    template: m.mustache
  - each: migration
    path: "only-with-down/{{slug}}.txt"
    template: m.mustache
    when: has_down
  - each: change
    path: never.txt
    template: a.mustache
    when: missing_key
)";

nlohmann::json context() {
  return nlohmann::json{
      {"issue", 7},
      {"name", "demo"},
      {"title", "Say \"hi\"\\now"},
      {"migrations",
       nlohmann::json::array({{{"version", "20240101000000"}, {"slug", "first"}, {"has_down", true}, {"sql", "a\nb"}},
                              {{"version", "20240101000001"}, {"slug", "second"}, {"has_down", false}, {"sql", "#{x}"}}})}};
}

}  // namespace

// ---- escape ----------------------------------------------------------------------

TEST_CASE("escape none leaves text alone", "[render][escape]") {
  CHECK(escape("none", "a\"b\\c\n#{x}<&>'") == "a\"b\\c\n#{x}<&>'");
  CHECK(escape("none", "") == "");
}

TEST_CASE("escape python: inside a double-quoted string literal", "[render][escape]") {
  CHECK(escape("python", "plain text") == "plain text");
  CHECK(escape("python", "say \"hi\"") == "say \\\"hi\\\"");
  CHECK(escape("python", "C:\\dir") == "C:\\\\dir");
  CHECK(escape("python", "line1\nline2") == "line1\\nline2");
  CHECK(escape("python", "a\tb") == "a\\tb");
  CHECK(escape("python", "#{not_interpolated}") == "#{not_interpolated}");
  CHECK(escape("python", "it's") == "it's");
  CHECK(escape("python", "\\\"") == "\\\\\\\"");  // backslash first, then the quote
}

TEST_CASE("escape ruby: also stops #{} interpolation", "[render][escape]") {
  CHECK(escape("ruby", "say \"hi\"") == "say \\\"hi\\\"");
  CHECK(escape("ruby", "C:\\dir") == "C:\\\\dir");
  CHECK(escape("ruby", "a\nb") == "a\\nb");
  CHECK(escape("ruby", "#{system('rm -rf /')}") == "\\#{system('rm -rf /')}");
  CHECK(escape("ruby", "issue #234") == "issue \\#234");
  CHECK(escape("ruby", "#@ivar #$global") == "\\#@ivar \\#$global");
}

// Regression: a carriage return was copied as is, and a raw CR inside a Python "..."
// literal ends the line (SyntaxError: unterminated string). Ruby escapes it the same way.
TEST_CASE("escape python escapes carriage returns", "[render][escape]") {
  CHECK(escape("python", "a\r\nb") == "a\\r\\nb");
  CHECK(escape("python", "a\rb") == "a\\rb");
  CHECK(escape("ruby", "a\r\nb") == "a\\r\\nb");
  CHECK(escape("xml", "a\rb") == "a\rb");
  CHECK(escape("none", "a\rb") == "a\rb");
}

TEST_CASE("escape json: inside a JSON string literal, control characters included", "[render][escape]") {
  CHECK(render::escape("json", "say \"hi\" \\ now") == "say \\\"hi\\\" \\\\ now");
  CHECK(render::escape("json", "a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(render::escape("json", std::string("\x01") + "é") == "\\u0001é");
  // The round trip: a string escaped into a literal parses back to itself.
  const std::string nasty = "line1\n'quoted' \"dq\" $$x$$ \\ \x1f end";
  CHECK(nlohmann::json::parse("\"" + render::escape("json", nasty) + "\"").get<std::string>() == nasty);
}

TEST_CASE("escape xml: the five predefined entities", "[render][escape]") {
  CHECK(escape("xml", "a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d");
  CHECK(escape("xml", "\"quoted\" 'single'") == "&quot;quoted&quot; &apos;single&apos;");
  CHECK(escape("xml", "&amp;") == "&amp;amp;");  // no double-unescaping
  CHECK(escape("xml", "back\\slash #{x}") == "back\\slash #{x}");
}

TEST_CASE("escape sql: a line break continues the -- comment", "[render][escape]") {
  CHECK(escape("sql", "one line 'q' \\ ${x} #{y} */") == "one line 'q' \\ ${x} #{y} */");
  CHECK(escape("sql", "first\nDROP TABLE users;") == "first\n-- DROP TABLE users;");
  CHECK(escape("sql", "a\r\nb\rc\n") == "a\n-- b\n-- c\n-- ");
}

// ---- load_backend -------------------------------------------------------------------

TEST_CASE("load_backend finds the built-in sql backend", "[render][backend]") {
  const render::Backend b = render::load_backend("sql", {});
  CHECK(b.id == "sql");
  CHECK(b.escape == "sql");  // user text lands in `--` comments
  CHECK_FALSE(b.description.empty());
  CHECK(b.root == render::builtin_source());
  REQUIRE(b.files.size() == 4);
  CHECK(b.files[0].each == "migration");
  CHECK(b.files[0].path == "sql/{{version}}_{{slug}}.up.sql");
  CHECK(b.files[0].template_file == "up.sql.mustache");
  CHECK(b.files[1].template_file == "down.sql.mustache");
  CHECK(b.files[2].each == "change");
  CHECK(b.files[2].path == "verify.sql");
  CHECK(b.files[3].path == "sql/manifest.json");
  CHECK(b.files[3].escape == "json");  // one file's own escaping, the backend's is none
  CHECK(b.files[0].escape.empty());
}

TEST_CASE("load_backend with an unknown id throws core::Error", "[render][backend]") {
  try {
    render::load_backend("no-such-format", {});
    FAIL("expected core::Error");
  } catch (const core::Error& e) {
    const std::string what = e.what();
    CHECK(what.find("unknown format 'no-such-format'") != std::string::npos);
    CHECK(what.find("sql") != std::string::npos);  // lists what is available
    CHECK(e.code() == core::ExitCode::Environment);  // issue 9: a format that cannot be found is exit 3
  }
  CHECK_THROWS_AS(render::load_backend("", {}), core::Error);
}

TEST_CASE("available_backends lists built-ins and user directories, sorted", "[render][backend]") {
  TempDir dir("available");
  dir.write("formats/aaa.yaml", "id: aaa\nfiles: []\n");
  dir.write("formats/notes.txt", "not a descriptor");
  const auto builtin = render::available_backends({});
  for (const char* id : {"preview", "readme", "sql"}) {
    CHECK(std::find(builtin.begin(), builtin.end(), id) != builtin.end());
  }
  const auto all = render::available_backends({dir.path.string()});
  REQUIRE_FALSE(all.empty());
  CHECK(all.front() == "aaa");
  CHECK(std::is_sorted(all.begin(), all.end()));
  CHECK(std::find(all.begin(), all.end(), "notes") == all.end());
}

TEST_CASE("a --templates directory is searched before the built-ins", "[render][backend]") {
  TempDir dir("override");
  dir.write("formats/sql.yaml", "id: sql\nescape: xml\nfiles:\n  - {each: change, path: x.sql, template: x.mustache}\n");
  const render::Backend b = render::load_backend("sql", {dir.path.string()});
  CHECK(b.root == dir.path.string());
  CHECK(b.escape == "xml");
  REQUIRE(b.files.size() == 1);
  CHECK(b.files[0].when.empty());
}

TEST_CASE("load_backend rejects bad descriptors with their position", "[render][backend]") {
  TempDir dir("bad");
  SECTION("unknown key") {
    dir.write("formats/bad.yaml", "id: bad\nfiles: []\nescpe: python\n");
    try {
      render::load_backend("bad", {dir.path.string()});
      FAIL("expected core::Error");
    } catch (const core::Error& e) {
      const std::string what = e.what();
      CHECK(what.find("bad.yaml:3:1") != std::string::npos);
      CHECK(what.find("unknown key `escpe`") != std::string::npos);
      CHECK(what.find("did you mean `escape`?") != std::string::npos);
    }
  }
  SECTION("unknown escape mode") {
    dir.write("formats/bad.yaml", "id: bad\nescape: php\nfiles: []\n");
    CHECK_THROWS_AS(render::load_backend("bad", {dir.path.string()}), core::Error);
  }
  SECTION("id does not match the file name") {
    dir.write("formats/bad.yaml", "id: other\nfiles: []\n");
    CHECK_THROWS_WITH(render::load_backend("bad", {dir.path.string()}),
                      Catch::Contains("id 'other' does not match the file name"));
  }
  SECTION("file rule without a template") {
    dir.write("formats/bad.yaml", "id: bad\nfiles:\n  - {each: change, path: a.txt}\n");
    CHECK_THROWS_WITH(render::load_backend("bad", {dir.path.string()}), Catch::Contains("needs `template`"));
  }
  SECTION("each must be change or migration") {
    dir.write("formats/bad.yaml", "id: bad\nfiles:\n  - {each: migrations, path: a.txt, template: a.mustache}\n");
    CHECK_THROWS_WITH(render::load_backend("bad", {dir.path.string()}), Catch::Contains("did you mean 'migration'?"));
  }
  SECTION("not YAML") {
    dir.write("formats/bad.yaml", "id: [unclosed\n");
    CHECK_THROWS_AS(render::load_backend("bad", {dir.path.string()}), core::Error);
  }
}

// ---- render_backend -----------------------------------------------------------------

TEST_CASE("render_backend renders per-change and per-migration files", "[render][backend]") {
  TempDir dir("render");
  dir.write("formats/x.yaml", kDescriptor);
  dir.write("templates/x/a.mustache",
            "Issue {{issue}}: {{title}}\nraw: {{{title}}}\n{{#migrations}}- {{slug}}\n{{/migrations}}");
  dir.write("templates/x/m.mustache",
            "v={{version}} issue={{issue}} slug={{migration.slug}} sql=\"{{sql}}\"{{#has_down}} down{{/has_down}}\n");
  const render::Backend b = render::load_backend("x", {dir.path.string()});
  CHECK(b.escape == "python");
  const auto files = render::render_backend(b, context());

  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.path);
  CHECK(paths == std::vector<std::string>{"out/demo.txt", "m/20240101000000_first.py", "m/20240101000001_second.py",
                                          "only-with-down/first.txt"});

  REQUIRE(files.size() == 4);
  // {{var}} goes through the backend's escape, {{{var}}} does not; numbers print as numbers.
  CHECK(files[0].content == "Issue 7: Say \\\"hi\\\"\\\\now\nraw: Say \"hi\"\\now\n- first\n- second\n");
  // A migration's fields sit on top of the change's, and under `migration`.
  CHECK(files[1].content == "v=20240101000000 issue=7 slug=first sql=\"a\\nb\" down\n");
  CHECK(files[2].content == "v=20240101000001 issue=7 slug=second sql=\"#{x}\"\n");
  CHECK(files[3].content == files[1].content);
}

TEST_CASE("render_backend errors: missing template, invalid template", "[render][backend]") {
  TempDir dir("render_errors");
  dir.write("formats/x.yaml", "id: x\nfiles:\n  - {each: change, path: a.txt, template: missing.mustache}\n");
  const render::Backend missing = render::load_backend("x", {dir.path.string()});
  CHECK_THROWS_WITH(render::render_backend(missing, context()), Catch::Contains("cannot read"));

  dir.write("formats/y.yaml", "id: y\nfiles:\n  - {each: change, path: a.txt, template: bad.mustache}\n");
  dir.write("templates/y/bad.mustache", "{{#open}} never closed");
  const render::Backend bad = render::load_backend("y", {dir.path.string()});
  CHECK_THROWS_AS(render::render_backend(bad, context()), core::Error);
}

TEST_CASE("every backend renders a sample plan the same from references as from copies", "[render][backend]") {
  core::Diagnostics diags;
  auto p = plan::build_plan(std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples/234-contact-enrichment.yaml", diags);
  REQUIRE(p);
  const render::TemplateContext copies(render::plan_to_json(*p, render::MigrationViews::Copies));
  const render::TemplateContext references(render::plan_to_json(*p, render::MigrationViews::References));
  CHECK(references.json().at("migrations") == copies.json().at("migrations"));
  CHECK(references.json().at("phases") != copies.json().at("phases"));
  for (const auto& id : render::available_backends({})) {
    const render::Backend b = render::load_backend(id, {});
    const auto a = render::render_backend(b, copies);
    const auto r = render::render_backend(b, references);
    REQUIRE(a.size() == r.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      INFO(id << " " << a[i].path);
      CHECK(r[i].path == a[i].path);
      CHECK(r[i].content == a[i].content);
    }
  }
}

TEST_CASE("the sql backend renders a sample plan: up and down per migration, one verify.sql, the manifest", "[render][backend]") {
  core::Diagnostics diags;
  auto p = plan::build_plan(std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples/106-orders-customer-fk.yaml", diags);
  REQUIRE(p);
  const nlohmann::json ctx = render::plan_to_json(*p);
  const auto files = render::render_backend(render::load_backend("sql", {}), ctx);
  REQUIRE(files.size() == 2 * p->migrations.size() + 2);
  for (std::size_t i = 0; i < p->migrations.size(); ++i) {
    CHECK(files[i].path == "sql/" + p->migrations[i].name() + ".up.sql");
    CHECK(files[p->migrations.size() + i].path == "sql/" + p->migrations[i].name() + ".down.sql");
  }
  CHECK(files[2 * p->migrations.size()].path == "verify.sql");
  // The runner's manifest: valid JSON, one entry per migration with its phase and checks.
  REQUIRE(files.back().path == "sql/manifest.json");
  const auto manifest = nlohmann::json::parse(files.back().content);
  CHECK(manifest["manifest"] == 1);
  CHECK(manifest["issue"] == 106);
  REQUIRE(manifest["migrations"].size() == p->migrations.size());
  CHECK(manifest["migrations"][0]["version"] == p->migrations[0].version);
  CHECK(manifest["migrations"][0]["transactional"] == false);
  CHECK(manifest["migrations"][2]["phase"] == "migrate");
  // Orphans are counted before the validation, not before the NOT VALID constraint.
  REQUIRE(manifest["migrations"][2]["preflight"].size() == 1);
  CHECK(manifest["migrations"][2]["preflight"][0]["expect"] == "zero");
  CHECK(manifest["migrations"][1]["preflight"].empty());
  // The transactional FK migration sets the spec's lock_timeout; the index build does not.
  CHECK(files[1].content.find("SET LOCAL lock_timeout = '1s'") != std::string::npos);
  CHECK(files[0].content.find("BEGIN") == std::string::npos);
  CHECK(files[0].content.find("CREATE INDEX CONCURRENTLY IF NOT EXISTS") != std::string::npos);
}

// ---- write_output_dir ---------------------------------------------------------------

TEST_CASE("write_output_dir writes every file and returns sorted relative paths", "[render][output]") {
  TempDir dir("write");
  const fs::path out = dir.path / "migrations" / "issue-7";
  const auto written =
      render::write_output_dir(out.string(), {{"z.txt", "z"}, {"sql/b.sql", "b"}, {"sql/a.sql", "a"}, {"./c.md", "c"}}).files;
  CHECK(written == std::vector<std::string>{"c.md", "sql/a.sql", "sql/b.sql", "z.txt"});
  CHECK(listing(out) == std::vector<std::string>{"c.md", "sql/a.sql", "sql/b.sql", "z.txt"});
  CHECK(read(out / "sql" / "a.sql") == "a");
  CHECK(read(out / "z.txt") == "z");
  // Nothing left behind next to the target.
  std::vector<std::string> siblings;
  for (const auto& e : fs::directory_iterator(out.parent_path())) siblings.push_back(e.path().filename().string());
  CHECK(siblings == std::vector<std::string>{"issue-7"});
}

TEST_CASE("write_output_dir replaces the target as a whole", "[render][output]") {
  TempDir dir("replace");
  const fs::path out = dir.path / "out";
  render::write_output_dir(out.string(), {{"old.sql", "old"}, {"keep/name.sql", "v1"}});
  CHECK(listing(out) == std::vector<std::string>{"keep/name.sql", "old.sql"});
  // A file written by hand into the output is gone too: the directory is the unit.
  dir.write("out/stray.txt", "stray");
  render::write_output_dir(out.string(), {{"keep/name.sql", "v2"}, {"new.sql", "new"}});
  CHECK(listing(out) == std::vector<std::string>{"keep/name.sql", "new.sql"});
  CHECK(read(out / "keep" / "name.sql") == "v2");
  std::vector<std::string> siblings;
  for (const auto& e : fs::directory_iterator(dir.path)) siblings.push_back(e.path().filename().string());
  CHECK(siblings == std::vector<std::string>{"out"});
}

TEST_CASE("write_output_dir refuses paths escaping the directory", "[render][output]") {
  TempDir dir("escape");
  const fs::path out = dir.path / "out";
  render::write_output_dir(out.string(), {{"existing.sql", "keep me"}});
  for (const char* bad : {"../evil.sql", "a/../../evil.sql", "/etc/evil.sql", ""}) {
    INFO("'" << bad << "'");
    CHECK_THROWS_AS(render::write_output_dir(out.string(), {{"fine.sql", "x"}, {bad, "evil"}}), core::Error);
    // Checked before anything is written: the old output is untouched.
    CHECK(listing(out) == std::vector<std::string>{"existing.sql"});
  }
  CHECK_FALSE(fs::exists(dir.path / "evil.sql"));
  CHECK_THROWS_WITH(render::write_output_dir(out.string(), {{"../x", ""}}), Catch::Contains("outside the output directory"));
}

TEST_CASE("write_output_dir rejects two files with the same path", "[render][output]") {
  TempDir dir("dupes");
  const fs::path out = dir.path / "out";
  CHECK_THROWS_WITH(render::write_output_dir(out.string(), {{"a.sql", "1"}, {"a.sql", "2"}}),
                    Catch::Contains("two templates produce the same file 'a.sql'"));
  CHECK_THROWS_AS(render::write_output_dir(out.string(), {{"sql/a.sql", "1"}, {"sql/./a.sql", "2"}}), core::Error);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("write_output_dir keeps the old output when writing fails part-way", "[render][output]") {
  TempDir dir("partial");
  const fs::path out = dir.path / "out";
  render::write_output_dir(out.string(), {{"v1.sql", "v1"}});
  // "a" is written as a file, then "a/b" needs it to be a directory.
  CHECK_THROWS_AS(render::write_output_dir(out.string(), {{"a", "file"}, {"a/b", "x"}}), core::Error);
  CHECK(listing(out) == std::vector<std::string>{"v1.sql"});
  std::vector<std::string> siblings;
  for (const auto& e : fs::directory_iterator(dir.path)) siblings.push_back(e.path().filename().string());
  CHECK(siblings == std::vector<std::string>{"out"});  // the staging directory is cleaned up
}

// Regression: with no files the staging directory was never created (only write_one
// created directories), so `rename(staging, target)` failed and an empty file set (a
// backend whose `when:` rules are all false, or `files: []`) was an error.
TEST_CASE("write_output_dir with no files leaves an empty directory", "[render][output]") {
  TempDir dir("empty");
  const fs::path out = dir.path / "out";
  dir.write("out/old.txt", "old");
  std::vector<std::string> written{"sentinel"};
  CHECK_NOTHROW(written = render::write_output_dir(out.string(), {}).files);
  CHECK(written.empty());
  CHECK(fs::is_directory(out));
  CHECK(listing(out).empty());
  // A target that did not exist yet is created empty; no staging or backup is left beside it.
  const fs::path fresh = dir.path / "fresh";
  CHECK_NOTHROW(render::write_output_dir(fresh.string(), {}));
  CHECK(fs::is_directory(fresh));
  CHECK(listing(fresh).empty());
  std::vector<std::string> siblings;
  for (const auto& e : fs::directory_iterator(dir.path)) siblings.push_back(e.path().filename().string());
  std::sort(siblings.begin(), siblings.end());
  CHECK(siblings == std::vector<std::string>{"fresh", "out"});
}

TEST_CASE("write_output_dir with no files never loses the old output", "[render][output]") {
  TempDir dir("empty_keep");
  const fs::path out = dir.path / "out";
  dir.write("out/old.txt", "old");
  try {
    render::write_output_dir(out.string(), {});
  } catch (const core::Error&) {
  }
  const auto files = listing(out);
  CHECK((files.empty() || files == std::vector<std::string>{"old.txt"}));
  std::vector<std::string> siblings;
  for (const auto& e : fs::directory_iterator(dir.path)) siblings.push_back(e.path().filename().string());
  CHECK(siblings == std::vector<std::string>{"out"});
}

TEST_CASE("write_output_dir leaves a directory that already holds exactly these files alone", "[render][output]") {
  TempDir dir("unchanged");
  const fs::path out = dir.path / "out";
  const std::vector<render::RenderedFile> files{{"README.md", "r"}, {"sql/1.up.sql", "up"}, {"sql/1.down.sql", "down"}};
  CHECK_FALSE(render::write_output_dir(out.string(), files).unchanged);
  // Old modification times: a rewrite would give the files new ones.
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const char* f : {"README.md", "sql/1.up.sql", "sql/1.down.sql"}) fs::last_write_time(out / f, old_time);
  const auto again = render::write_output_dir(out.string(), files);
  CHECK(again.unchanged);
  CHECK(again.files == std::vector<std::string>{"README.md", "sql/1.down.sql", "sql/1.up.sql"});
  CHECK(fs::last_write_time(out / "sql" / "1.up.sql") == old_time);

  // Anything else in the directory, or one byte different, and it is replaced as a whole.
  SECTION("a file with other bytes") {
    dir.write("out/sql/1.up.sql", "UP");
    CHECK_FALSE(render::write_output_dir(out.string(), files).unchanged);
    CHECK(read(out / "sql" / "1.up.sql") == "up");
  }
  SECTION("a file of the same size with other bytes") {
    dir.write("out/sql/1.up.sql", "pu");
    CHECK_FALSE(render::write_output_dir(out.string(), files).unchanged);
    CHECK(read(out / "sql" / "1.up.sql") == "up");
  }
  SECTION("an extra file") {
    dir.write("out/sql/stray.sql", "x");
    CHECK_FALSE(render::write_output_dir(out.string(), files).unchanged);
    CHECK(listing(out) == std::vector<std::string>{"README.md", "sql/1.down.sql", "sql/1.up.sql"});
  }
  SECTION("an extra empty directory") {
    fs::create_directories(out / "flyway");
    CHECK_FALSE(render::write_output_dir(out.string(), files).unchanged);
    CHECK_FALSE(fs::exists(out / "flyway"));
  }
  SECTION("a missing file") {
    fs::remove(out / "README.md");
    CHECK_FALSE(render::write_output_dir(out.string(), files).unchanged);
    CHECK(read(out / "README.md") == "r");
  }
  SECTION("a symlink in place of a file") {
    fs::remove(out / "README.md");
    fs::create_symlink(out / "sql" / "1.up.sql", out / "README.md");
    CHECK_FALSE(render::write_output_dir(out.string(), files).unchanged);
    CHECK(fs::is_regular_file(fs::symlink_status(out / "README.md")));
  }
}

// Regression: with a trailing slash (`--out migrations/issue-7/`) or a trailing "/.",
// target.filename() is empty; the staging and previous directories must still sit beside
// the target, never inside it (renaming the target into its own child fails).
TEST_CASE("write_output_dir accepts a directory written with a trailing slash", "[render][output]") {
  TempDir dir("slash");
  const std::string out = (dir.path / "out").string() + "/";
  CHECK_NOTHROW(render::write_output_dir(out, {{"a.sql", "a"}}));
  CHECK(read(dir.path / "out" / "a.sql") == "a");
  CHECK_NOTHROW(render::write_output_dir(out, {{"b.sql", "b"}}));
  CHECK(listing(dir.path / "out") == std::vector<std::string>{"b.sql"});
  CHECK_NOTHROW(render::write_output_dir((dir.path / "dot").string() + "/.", {{"c.sql", "c"}}));
}

// ---- user text in comments ----------------------------------------------------------------

TEST_CASE("a line break in a title or description never ends a comment, in any SQL-writing backend",
          "[render][backend][escape]") {
  core::Diagnostics diags;
  const std::string samples = std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples/";
  const std::string text = "issue: 79\ntitle: \"Two lines\\nDROP TABLE users; --\"\npurpose: test\n"
                           "author: T <t@example.com>\ncreated: 2024-12-31T23:59:58Z\nschema: " +
                           samples + "schema.sql\noperations:\n"
                           "  - sql:\n      description: \"first\\r\\nDELETE FROM orders;\"\n      up: SELECT 1\n"
                           "      down: SELECT 2\n";
  auto s = spec::parse_change_spec(text, "changes/79.yaml", diags);
  REQUIRE(s);
  auto p = plan::build_plan(std::move(*s), diags);
  REQUIRE(p);
  const nlohmann::json ctx = render::plan_to_json(*p);
  for (const char* id : {"sql", "sqlx", "flyway"}) {
    for (const auto& f : render::render_backend(render::load_backend(id, {}), ctx)) {
      if (f.path.size() < 4 || f.path.compare(f.path.size() - 4, 4, ".sql") != 0) continue;
      INFO(id << " " << f.path << "\n" << f.content);
      for (const auto& line : core::split_lines(f.content)) {
        CHECK_FALSE(core::starts_with(line, "DROP TABLE users"));
        CHECK_FALSE(core::starts_with(line, "DELETE FROM orders"));
      }
      // The text is still there, continued on a comment line.
      CHECK(f.content.find("\n-- DROP TABLE users; --") != std::string::npos);
    }
  }
}
