#pragma once
// Writes a set of files as one unit: everything goes to a temporary directory beside the
// target, which then replaces the target with renames. A failure part-way leaves the old
// output (or nothing) — never a half-written directory.
#include <string>
#include <vector>

#include "render/backend.hpp"

namespace schemashift::render {

// Returns the paths written (relative to `out_dir`), sorted. Throws core::Error.
std::vector<std::string> write_output_dir(const std::string& out_dir, const std::vector<RenderedFile>& files);

}  // namespace schemashift::render
