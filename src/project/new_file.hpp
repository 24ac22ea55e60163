#pragma once
// Writing a file that must not exist yet (`init`, `new`): a file that exists, or appears
// between the check and the write, is never replaced.
#include <string>

namespace schemashift::project {

// Creates `path` with `text` (O_EXCL). An existing file: core::Error with ExitCode::Refused
// and `refused` as its message; any other failure: core::Error (environment).
void write_new_file(const std::string& path, const std::string& text, const std::string& refused);

}  // namespace schemashift::project
