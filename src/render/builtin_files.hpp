#pragma once
// The built-in formats/ and templates/, compiled into the binary (cmake/embed_files.cmake
// generates the table at build time from those folders), so an installed or copied binary
// needs no data directory and no source tree.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemashift::render {

struct EmbeddedFile {
  const char* path;           // relative to the repository root: "formats/sql.yaml"
  const unsigned char* data;
  std::size_t size;
};

// The generated table, sorted by path and ended by an entry with a null path.
extern const EmbeddedFile kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;

// The text of a built-in file ("templates/sql/up.sql.mustache"); "a/./b" and "a/x/../b"
// name the same file. nullopt when there is none.
std::optional<std::string_view> builtin_file(const std::string& path);

// Names of the built-in files directly inside `dir` ("formats"), sorted.
std::vector<std::string> builtin_files_in(const std::string& dir);

}  // namespace schemashift::render
