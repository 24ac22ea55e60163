#pragma once
// The plan as one JSON document. It is both the `plan --format json` output and the
// context every template renders from, so what scripts see and what files say agree.
#include <nlohmann/json.hpp>

#include "plan/plan.hpp"

namespace schemashift::render {

nlohmann::json plan_to_json(const plan::Plan& plan);

}  // namespace schemashift::render
