#include "render/builtin_files.hpp"

#include <algorithm>
#include <filesystem>

namespace schemashift::render {

std::optional<std::string_view> builtin_file(const std::string& path) {
  // Descriptors may name a template with a relative path, as they may in a --templates
  // directory: normalise it the way the file system would.
  const std::string key = std::filesystem::path(path).lexically_normal().generic_string();
  for (std::size_t i = 0; i < kEmbeddedFileCount; ++i) {
    const EmbeddedFile& f = kEmbeddedFiles[i];
    if (key == f.path) return std::string_view(reinterpret_cast<const char*>(f.data), f.size);
  }
  return std::nullopt;
}

std::vector<std::string> builtin_files_in(const std::string& dir) {
  std::string prefix = std::filesystem::path(dir).lexically_normal().generic_string();
  if (prefix.empty() || prefix.back() != '/') prefix += '/';
  std::vector<std::string> names;
  for (std::size_t i = 0; i < kEmbeddedFileCount; ++i) {
    const std::string path = kEmbeddedFiles[i].path;
    if (path.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string rest = path.substr(prefix.size());
    if (rest.find('/') == std::string::npos) names.push_back(rest);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace schemashift::render
