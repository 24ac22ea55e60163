#include "core/check_expect.hpp"

namespace schemashift::core {

const char* expect_name(CheckExpect e) {
  switch (e) {
    case CheckExpect::True: return "true";
    case CheckExpect::Zero: return "zero";
    case CheckExpect::NoRows: return "no_rows";
    case CheckExpect::Report: return "report";
  }
  return "report";
}

std::optional<CheckExpect> parse_expect(const std::string& name) {
  for (CheckExpect e : {CheckExpect::True, CheckExpect::Zero, CheckExpect::NoRows, CheckExpect::Report}) {
    if (name == expect_name(e)) return e;
  }
  return std::nullopt;
}

}  // namespace schemashift::core
