#pragma once
// Files written into a fresh temporary directory, removed with it: the migration folders and
// changelogs of the unit tests of import/, translate/ and render/'s changelog reader.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/temp_dir.hpp"

namespace schemashift::testing {

namespace fs = std::filesystem;

struct Tree {
  core::TempDir tmp{"ss-test-tree"};
  fs::path dir{tmp.path()};
  explicit Tree(const std::map<std::string, std::string>& files) {
    for (const auto& [name, text] : files) {
      fs::create_directories((dir / name).parent_path());
      std::ofstream(dir / name, std::ios::binary) << text;
    }
  }
  std::string path(const std::string& name) const { return (dir / name).lexically_normal().generic_string(); }
};

}  // namespace schemashift::testing
