#pragma once
// Literal values of a spec (`default:`, `fill:`) judged with PostgreSQL's own input rules for
// the column's type. A value the type cannot take fails at the first ALTER or INSERT that
// evaluates it, after the earlier migrations ran: it is refused at the value instead. The
// rule is one-sided: never refuse a value the server would take (tests/e2e/literals/ applies
// every accepted one of its table on PostgreSQL 15); what cannot be judged statically (time
// zone names, free-form dates, money, user types other than enums) is left to the server.
#include <optional>
#include <string>

#include "core/diagnostics.hpp"
#include "core/node.hpp"
#include "model/schema.hpp"

namespace schemashift::ops {

// How a YAML scalar is written into SQL: a bare boolean or numeric constant (unquoted
// true/false, unquoted numbers), NULL (unquoted null, ~, or a YAML null), or quoted text.
enum class LiteralForm { Null, Boolean, Number, Text };
LiteralForm literal_form(const core::Node& n);

// What PostgreSQL (major version `pg_version`) would say about `text`, written as `form`, as
// a value of `type`; nullopt when it takes it, or when the type is not judged.
std::optional<std::string> literal_problem(LiteralForm form, const std::string& text, const model::TypeRef& type,
                                           const model::Schema& schema, int pg_version);

// literal_problem for a spec value, as a `literal-not-valid-for-type` error at the value.
bool check_literal_for_type(const core::Node& literal, const model::TypeRef& type, const model::Schema& schema,
                            int pg_version, core::Diagnostics& diags);

// The text without the white space PostgreSQL's input functions skip around a value (C's
// isspace(): space, tab, newline, vertical tab, form feed, carriage return).
std::string pg_trim(const std::string& s);

// The families with a grammar of their own (literal_datetime.cpp, literal_json.cpp): the
// problem with quoted text as a value of the built-in type `type_name`, or nullopt.
std::optional<std::string> datetime_problem(const std::string& type_name, const std::string& text, int pg_version);
std::optional<std::string> json_problem(bool jsonb, const std::string& text);

}  // namespace schemashift::ops
