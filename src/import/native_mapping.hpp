#pragma once
// Which spec operation one SQL statement is, if any: the candidate the importer tries
// before it falls back to a `sql` operation. A candidate is only kept when the planner,
// given it with `strategy: offline`, renders a statement equivalent to the source one in
// the same place (importer.cpp checks), so this may propose freely.
#include <optional>
#include <string>

#include "model/schema.hpp"
#include "spec/yaml_writer.hpp"
#include "sql/parser.hpp"

namespace schemashift::import {

struct NativeCandidate {
  std::string operation;   // "create_table", "add_index" ...
  spec::YamlValue body;    // the operation's keys
};

// `script` is the text the statement's offsets point into; `before` the schema the
// statement runs against (for CREATE TABLE, ADD COLUMN and CREATE INDEX the model's own
// reading of the statement is used, so a column or index is read by one implementation).
std::optional<NativeCandidate> native_candidate(const sql::Statement& st, const std::string& script,
                                                const model::Schema& before);

}  // namespace schemashift::import
