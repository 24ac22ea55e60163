#pragma once
// Commands that write a folder as a whole (render::write_output_dir replaces it) from
// another folder's contents: import and translate.
#include <string>
#include <vector>

namespace schemashift::cli {

// `out` is replaced as a whole: only when it is absent, empty, or holds nothing but files
// this run writes (`paths`, relative to it: a re-run). Otherwise core::Error, exit 7,
// naming the first other file. `command` names the command in the message ("import").
void check_replaceable(const std::string& out, const std::vector<std::string>& paths, const std::string& command);

}  // namespace schemashift::cli
