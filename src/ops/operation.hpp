#pragma once
// What an operation file builds on. The vocabulary (Step, Phase, Statement, Operation,
// Check, the registry) belongs to plan/, which plans with it and never includes ops/;
// operations implement it, so these names bring it into ops.
#include "plan/operation.hpp"
#include "plan/step.hpp"

namespace schemashift::ops {

using plan::Phase;
using plan::phase_description;
using plan::phase_name;
using plan::statements;
using plan::Statement;
using plan::Step;
using plan::StepKind;

using plan::Check;
using plan::CheckAt;
using plan::Expect;
using plan::Context;
using plan::decode_operations;
using plan::Factory;
using plan::Impact;
using plan::Operation;
using plan::operation_names;
using plan::registry;

}  // namespace schemashift::ops
