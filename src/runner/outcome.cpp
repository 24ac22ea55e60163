#include "runner/outcome.hpp"

namespace schemashift::runner {

Outcome Outcome::refuse(core::ExitCode code, std::string message, std::string hint, std::vector<std::string> details) {
  Outcome o;
  o.code = code;
  o.message = std::move(message);
  o.hint = std::move(hint);
  o.details = std::move(details);
  return o;
}

}  // namespace schemashift::runner
