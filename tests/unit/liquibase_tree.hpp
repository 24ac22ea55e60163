#pragma once
// Liquibase changelogs for the unit tests of the reader (render/) and the import (import/):
// files written into a fresh temporary directory, removed with it.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/temp_dir.hpp"

namespace schemashift::testing {

namespace fs = std::filesystem;

// Files written into a fresh temporary directory, removed with it.
struct Tree {
  core::TempDir tmp{"ss-liquibase"};
  fs::path dir{tmp.path()};
  explicit Tree(const std::map<std::string, std::string>& files) {
    for (const auto& [name, text] : files) {
      fs::create_directories((dir / name).parent_path());
      std::ofstream(dir / name, std::ios::binary) << text;
    }
  }
  std::string path(const std::string& name) const { return (dir / name).lexically_normal().generic_string(); }
};

inline std::string changelog(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n" +
         body + "</databaseChangeLog>\n";
}

}  // namespace schemashift::testing
