#include "render/output_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
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

// Whether `target` holds exactly `files` (paths normalised as in `seen`), byte for byte,
// and nothing else: no other file, no directory that none of them needs, no symlink.
bool holds_exactly(const fs::path& target, const std::vector<RenderedFile>& files) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(target, ec))) return false;
  std::map<std::string, const std::string*> expected;
  std::set<std::string> dirs;
  for (const auto& f : files) {
    const fs::path p = fs::path(f.path).lexically_normal();
    expected.emplace(p.generic_string(), &f.content);
    for (fs::path d = p.parent_path(); !d.empty(); d = d.parent_path()) dirs.insert(d.generic_string());
  }
  std::size_t matched = 0;
  for (auto it = fs::recursive_directory_iterator(target, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const std::string rel = it->path().lexically_relative(target).generic_string();
    const auto type = it->symlink_status(ec).type();
    if (ec) return false;
    if (type == fs::file_type::directory) {
      if (!dirs.count(rel)) return false;
      continue;
    }
    const auto want = expected.find(rel);
    if (type != fs::file_type::regular || want == expected.end()) return false;
    if (it->file_size(ec) != want->second->size() || ec) return false;
    std::ifstream in(it->path(), std::ios::binary);
    std::string have(want->second->size(), '\0');
    if (!in.read(have.data(), static_cast<std::streamsize>(have.size())) || have != *want->second) return false;
    ++matched;
  }
  return !ec && matched == expected.size();
}

}  // namespace

OutputDir write_output_dir(const std::string& out_dir, const std::vector<RenderedFile>& files) {
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
  std::vector<std::string> written(seen.begin(), seen.end());
  if (holds_exactly(target, files)) return {std::move(written), true};
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
  return {std::move(written), false};
}

}  // namespace schemashift::render
