#include "render/format_source.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "render/backend.hpp"
#include "render/builtin_files.hpp"

namespace schemashift::render {

namespace fs = std::filesystem;

FormatSource FormatSource::directory(std::string dir) { return FormatSource(std::move(dir), false); }

FormatSource FormatSource::builtin() { return FormatSource(builtin_source(), true); }

std::vector<FormatSource> FormatSource::search_order(const std::vector<std::string>& template_dirs) {
  std::vector<FormatSource> out;
  for (const auto& dir : template_dirs) out.push_back(directory(dir));
  out.push_back(builtin());
  return out;
}

std::string FormatSource::describe(const std::string& relative) const {
  return (fs::path(name_) / relative).string();
}

std::optional<std::string> FormatSource::read(const std::string& relative) const {
  if (builtin_) {
    const auto text = builtin_file(relative);
    if (!text) return std::nullopt;
    return std::string(*text);
  }
  const fs::path p = fs::path(name_) / relative;
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) throw core::Error("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> FormatSource::files_in(const std::string& relative_dir) const {
  if (builtin_) return builtin_files_in(relative_dir);
  std::vector<std::string> names;
  const fs::path dir = fs::path(name_) / relative_dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return names;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file()) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace schemashift::render
