#pragma once
// The plan as one JSON document. It is both the `plan --format json` output and the
// context every template renders from, so what scripts see and what files say agree.
#include <nlohmann/json.hpp>

#include "plan/plan.hpp"

namespace schemashift::render {

// How the plan's other views of its migrations (`migrations_reversed`, each phase's
// `migrations`) hold them. Copies: the JSON output, which scripts read. References: for a
// TemplateContext only, each as {"$migration": <index in migrations>}, which the context
// renders as that migration; building the copies was ~7 % of `plan`.
enum class MigrationViews { Copies, References };
inline constexpr const char* kMigrationReference = "$migration";

nlohmann::json plan_to_json(const plan::Plan& plan, MigrationViews views = MigrationViews::Copies);

}  // namespace schemashift::render
