#pragma once
// Byte offset -> 1-based line and column. The line starts are indexed once, so placing
// every statement and finding of a file costs a binary search each, not a walk from the
// start of the file (which made large files quadratic).
#include <cstddef>
#include <string_view>
#include <vector>

namespace schemashift::sql {

struct Position {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes (a multi-byte UTF-8 character counts its bytes)
};

class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);

  // Offsets past the end of the text are placed at its end.
  Position position(std::size_t offset) const;

 private:
  std::vector<std::size_t> starts_{0};  // byte offset of each line's first character
  std::size_t size_ = 0;
};

// One-off form of LineIndex(text).position(offset), for a single lookup.
void offset_to_line_col(std::string_view text, std::size_t offset, int& line, int& column);

}  // namespace schemashift::sql
