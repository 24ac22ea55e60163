#include "plan/operation.hpp"

namespace schemashift::plan {

const char* expect_name(Expect e) {
  switch (e) {
    case Expect::True: return "true";
    case Expect::Zero: return "zero";
    case Expect::NoRows: return "no_rows";
    case Expect::Report: return "report";
  }
  return "report";
}

}  // namespace schemashift::plan
