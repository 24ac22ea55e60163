#include "render/output_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>

#include <unistd.h>

#include "core/error.hpp"

namespace schemashift::render {

namespace fs = std::filesystem;

namespace {

void write_one(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) throw core::Error("cannot write " + path.string());
}

}  // namespace

std::vector<std::string> write_output_dir(const std::string& out_dir, const std::vector<RenderedFile>& files) {
  std::set<std::string> seen;
  for (const auto& f : files) {
    const fs::path p = fs::path(f.path).lexically_normal();
    if (p.is_absolute() || p.empty() || *p.begin() == "..") {
      throw core::Error("refusing to write '" + f.path + "' outside the output directory");
    }
    if (!seen.insert(p.string()).second) throw core::Error("two templates produce the same file '" + f.path + "'");
  }
  fs::path target = fs::absolute(fs::path(out_dir)).lexically_normal();
  // "out/" and "out/." normalise to a path with an empty file name; staging and backup
  // directories must sit beside the target, never inside it.
  if (target.filename().empty()) target = target.parent_path();
  const fs::path parent = target.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw core::Error("cannot create " + parent.string() + ": " + ec.message());
  const std::string suffix = "." + std::to_string(::getpid());
  const fs::path staging = parent / ("." + target.filename().string() + ".staging" + suffix);
  const fs::path previous = parent / ("." + target.filename().string() + ".previous" + suffix);
  fs::remove_all(staging, ec);
  try {
    // Created up front, not only by write_one: an empty file set still yields a directory.
    fs::create_directories(staging);
    for (const auto& f : files) write_one(staging / f.path, f.content);
    if (fs::exists(target)) fs::rename(target, previous);
    fs::rename(staging, target);
    fs::remove_all(previous, ec);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(staging, ec);
    if (!fs::exists(target) && fs::exists(previous)) fs::rename(previous, target, ec);
    throw core::Error(std::string("cannot write the output directory: ") + e.what());
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  std::vector<std::string> written(seen.begin(), seen.end());
  return written;
}

}  // namespace schemashift::render
