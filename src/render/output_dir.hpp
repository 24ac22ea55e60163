#pragma once
// Writes a set of files as one unit: everything goes to a temporary directory beside the
// target, which then replaces the target with renames. A failure part-way leaves the old
// output (or nothing) — never a half-written directory.
#include <string>
#include <vector>

#include "render/backend.hpp"

namespace schemashift::render {

struct OutputDir {
  std::vector<std::string> files;  // relative to the output directory, sorted
  // The directory already held exactly these files with these bytes and nothing else, so
  // it was left as it was: no file rewritten, modification times kept (make, rsync and
  // editors see no change when a spec is scaffolded again unchanged).
  bool unchanged = false;
};

// Throws core::Error.
OutputDir write_output_dir(const std::string& out_dir, const std::vector<RenderedFile>& files);

}  // namespace schemashift::render
