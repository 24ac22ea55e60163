#pragma once
// Temporary migration folders for the runner's tests.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/diagnostics.hpp"
#include "runner/migration_files.hpp"

namespace schemashift::test {

// What scaffold writes for an expand step: one transaction with its lock_timeout.
inline constexpr const char* kAddColumn =
    "BEGIN;\nSET LOCAL lock_timeout = '500ms';\nALTER TABLE users ADD COLUMN IF NOT EXISTS nick text;\nCOMMIT;\n";

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ss-runner-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  void write(const std::string& relative, const std::string& text) const {
    const auto p = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  runner::MigrationSet load() const {
    core::Diagnostics diags;
    auto set = runner::find_migrations(path_, diags);
    if (diags.has_errors()) throw std::runtime_error(diags.items().front().message);
    return set;
  }

 private:
  std::string path_;
};

}  // namespace schemashift::test
