#include "sql/line_index.hpp"

#include <algorithm>

namespace schemashift::sql {

LineIndex::LineIndex(std::string_view text) : size_(text.size()) {
  for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
    starts_.push_back(i + 1);
  }
}

Position LineIndex::position(std::size_t offset) const {
  offset = std::min(offset, size_);
  // The last line starting at or before `offset`.
  const auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(after - starts_.begin());
  return {static_cast<int>(line), static_cast<int>(offset - starts_[line - 1]) + 1};
}

void offset_to_line_col(std::string_view text, std::size_t offset, int& line, int& column) {
  const std::size_t end = std::min(offset, text.size());
  const Position p = LineIndex(text.substr(0, end)).position(end);
  line = p.line;
  column = p.column;
}

}  // namespace schemashift::sql
