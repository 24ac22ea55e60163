#pragma once
// Names in generated SQL: quoting, the rules for names the user writes (63 bytes, no control
// characters), and the names schemashift gives objects the user did not name.
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "model/object_names.hpp"
#include "model/qualified_name.hpp"
#include "model/schema.hpp"

namespace schemashift::ops {

// Operations read and show table names through the model's functions.
using model::display;
using model::parse_table_name;
using model::table_sql;

std::string ident(const std::string& name);               // sql::quote_ident
std::string idents(const std::vector<std::string>& names);  // "a, b" quoted
bool check_name_length(const std::string& name, const core::SourceLocation& where, core::Diagnostics& diags);
// A name the spec gives a new object: no control characters, at most 63 bytes.
bool check_new_name(const std::string& name, const core::SourceLocation& where, core::Diagnostics& diags);
// PostgreSQL's defaults: users_pkey, users_email_key, orders_customer_id_fkey,
// users_age_check, users_email_idx (ChooseConstraintName's shape), shortened to 63 bytes
// the way PostgreSQL shortens them (model::make_object_name).
std::string default_name(const model::QualifiedName& table, const std::vector<std::string>& columns,
                         const std::string& suffix);
// The same, with PostgreSQL's numeric suffix (users_check1, users_check2 ...) while the
// name is taken in `space`: what PostgreSQL would have chosen for an unnamed constraint.
std::string free_default_name(const model::Schema& schema, const model::QualifiedName& table,
                              const std::vector<std::string>& columns, const std::string& suffix,
                              model::NameSpace space);
// The shadow column of a type change: <column>_new, or <column>_new1 ... while the table
// has a column of that name. Shortened like PostgreSQL's names, so a 63-byte column never
// gets a shadow that truncates back to its own name, nor the name of another shadow column
// of the same change (model::Schema::freed_at_contract).
std::string shadow_column_name(const model::Schema& schema, const model::Table& table, const std::string& column);
// Keys of model::Schema::freed_at_contract.
std::string constraint_name_key(const model::QualifiedName& table, const std::string& name);
std::string relation_name_key(const model::QualifiedName& relation);
std::string column_name_key(const model::QualifiedName& table, const std::string& column);
// Why an object created under a name the change frees only in its contract phase must
// wait for it (recipes.hpp in_contract_phase); "" when the name is not such a name.
std::string reused_name_reason(const model::Schema& schema, const std::string& key, const std::string& name);
// A name of a relation (index) in the same schema as `table`.
model::QualifiedName sibling(const model::QualifiedName& table, const std::string& name);

}  // namespace schemashift::ops
