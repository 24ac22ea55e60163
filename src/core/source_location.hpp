#pragma once
// Where a piece of user input came from; every user-facing diagnostic carries one.
#include <string>

namespace schemashift::core {

struct SourceLocation {
  std::string file;  // path as the user gave it (or "<input>")
  int line = 0;      // 1-based; 0 = unknown
  int column = 0;    // 1-based; 0 = unknown

  bool known() const { return line > 0; }
  // "file:line:col", or "file" when the position is unknown.
  std::string str() const;
};

}  // namespace schemashift::core
