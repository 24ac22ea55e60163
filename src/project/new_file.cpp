#include "project/new_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/error.hpp"

namespace schemashift::project {

void write_new_file(const std::string& path, const std::string& text, const std::string& refused) {
  std::FILE* f = std::fopen(path.c_str(), "wx");  // "x": O_EXCL
  if (!f) {
    if (errno == EEXIST) throw core::Error(refused, core::ExitCode::Refused);
    throw core::Error("cannot write " + path + ": " + std::strerror(errno));
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !written) throw core::Error("cannot write " + path);
}

}  // namespace schemashift::project
