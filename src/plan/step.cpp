#include "plan/step.hpp"

namespace schemashift::plan {

const char* phase_name(Phase p) {
  switch (p) {
    case Phase::Expand: return "expand";
    case Phase::Migrate: return "migrate";
    case Phase::Contract: return "contract";
  }
  return "expand";
}

const char* phase_description(Phase p) {
  switch (p) {
    case Phase::Expand: return "additive and backward compatible: the running application keeps working";
    case Phase::Migrate: return "moves data in batches and tightens constraints; the application keeps running";
    case Phase::Contract:
      return "destructive: deploy only after no running application version uses the old shape (requires review)";
  }
  return "";
}

}  // namespace schemashift::plan
