#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "core/temp_dir.hpp"

using namespace schemashift::core;
namespace fs = std::filesystem;

TEST_CASE("TempDir makes a fresh directory under $TMPDIR and removes it with its contents", "[core][temp_dir]") {
  std::string path;
  {
    TempDir a("schemashift-test");
    TempDir b("schemashift-test");
    path = a.path();
    CHECK(a.path() != b.path());
    CHECK(fs::is_directory(a.path()));
    CHECK(fs::path(a.path()).filename().string().rfind("schemashift-test-", 0) == 0);
    fs::create_directories(a.path() + "/sub");
    std::ofstream(a.path() + "/sub/file.sql") << "SELECT 1;\n";
  }
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("make_temp_directory leaves the directory in place and fails loudly", "[core][temp_dir]") {
  const std::string path = make_temp_directory("schemashift-test");
  CHECK(fs::is_directory(path));
  fs::remove_all(path);
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", "/nonexistent/schemashift", 1);
  CHECK_THROWS_AS(make_temp_directory("schemashift-test"), Error);
  if (old) ::setenv("TMPDIR", saved.c_str(), 1); else ::unsetenv("TMPDIR");
}
