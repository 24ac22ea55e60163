#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "render/backend.hpp"
#include "render/builtin_files.hpp"

using namespace schemashift;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

// The table is generated from formats/ and templates/ at build time: it must hold exactly
// those files, byte for byte (a stale or partial table would silently change the output).
TEST_CASE("the built-in files are formats/*.yaml and templates/**/*.mustache, byte for byte", "[render][builtin]") {
  const fs::path src = SCHEMASHIFT_SOURCE_DIR;
  std::vector<std::string> on_disk;
  for (const auto& e : fs::directory_iterator(src / "formats")) {
    if (e.path().extension() == ".yaml") on_disk.push_back("formats/" + e.path().filename().string());
  }
  for (const auto& e : fs::recursive_directory_iterator(src / "templates")) {
    if (e.is_regular_file() && e.path().extension() == ".mustache") {
      on_disk.push_back(fs::relative(e.path(), src).generic_string());
    }
  }
  std::sort(on_disk.begin(), on_disk.end());
  std::vector<std::string> embedded;
  for (std::size_t i = 0; i < render::kEmbeddedFileCount; ++i) embedded.push_back(render::kEmbeddedFiles[i].path);
  CHECK(embedded == on_disk);
  CHECK(render::kEmbeddedFiles[render::kEmbeddedFileCount].path == nullptr);
  for (const auto& path : on_disk) {
    INFO(path);
    const auto text = render::builtin_file(path);
    REQUIRE(text);
    CHECK(std::string(*text) == read(src / path));
  }
}

TEST_CASE("builtin_file normalises the path; builtin_files_in lists one directory", "[render][builtin]") {
  CHECK(render::builtin_file("templates/sql/./up.sql.mustache") == render::builtin_file("templates/sql/up.sql.mustache"));
  CHECK(render::builtin_file("templates/flyway/../sql/up.sql.mustache") ==
        render::builtin_file("templates/sql/up.sql.mustache"));
  CHECK_FALSE(render::builtin_file("templates/sql/nope.mustache"));
  CHECK_FALSE(render::builtin_file("formats"));
  const auto alembic = render::builtin_files_in("templates/alembic/");
  CHECK(std::find(alembic.begin(), alembic.end(), "_statement.mustache") != alembic.end());
  CHECK(render::builtin_files_in("templates/alembic") == alembic);
  const auto formats = render::builtin_files_in("formats");
  CHECK(std::find(formats.begin(), formats.end(), "sql.yaml") != formats.end());
  CHECK(render::builtin_files_in("templates").empty());  // only directories there
  CHECK(render::builtin_files_in("nowhere").empty());
}

TEST_CASE("built-in formats load from the binary, templates and partials included", "[render][builtin]") {
  const render::Backend sql = render::load_backend("sql", {});
  CHECK(sql.root == "<built-in>");
  CHECK(sql.templates.count("up.sql.mustache") == 1);
  CHECK(sql.templates.at("up.sql.mustache") == std::string(*render::builtin_file("templates/sql/up.sql.mustache")));
  const render::Backend alembic = render::load_backend("alembic", {});
  CHECK(alembic.partials.count("_statement") == 1);
  CHECK(alembic.templates.count("_statement.mustache") == 0);  // a partial, not a file rule's template
}

TEST_CASE("an unknown format names every place it looked, exit 3", "[render][builtin]") {
  try {
    render::load_backend("nosuch", {"/tmp/a-templates-dir"});
    FAIL("expected core::Error");
  } catch (const core::Error& e) {
    const std::string what = e.what();
    CHECK(what.find("/tmp/a-templates-dir/formats/nosuch.yaml") != std::string::npos);
    CHECK(what.find("<built-in>/formats/nosuch.yaml") != std::string::npos);
    CHECK(what.find("available: alembic") != std::string::npos);
    CHECK(e.code() == core::ExitCode::Environment);
  }
}
