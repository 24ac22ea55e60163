#pragma once
// The names PostgreSQL gives objects the user did not name (makeObjectName,
// ChooseRelationName, ChooseConstraintName in src/backend/commands/indexcmds.c and
// catalog/pg_constraint.c): name1[_name2]_label, shortened to 63 bytes, with a numeric
// suffix on the label until the name is free. The schema model uses them so it matches
// the database; generated DDL uses them so a name schemashift writes is the name
// PostgreSQL would have chosen, and a down file can name it.
#include <cstddef>
#include <string>
#include <vector>

#include "model/schema.hpp"
#include "model/schema_index.hpp"

namespace schemashift::model {

constexpr std::size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1

// Where a generated name must be free.
enum class NameSpace {
  Constraint,             // CHECK, FOREIGN KEY, NOT NULL helper checks
  Relation,               // plain index, sequence
  RelationAndConstraint,  // PRIMARY KEY, UNIQUE, EXCLUDE: a constraint and its index
};

// Shortens to at most `n` bytes without splitting a UTF-8 character; returns the length.
std::size_t utf8_clip(const std::string& s, std::size_t n);

// name1[_name2]_label, shortening the longer of name1/name2 until it fits in 63 bytes.
std::string make_object_name(const std::string& name1, const std::string& name2, const std::string& label);

// prefix_part1_part2..._partN for names schemashift invents (sync triggers and their
// functions). When that is longer than 63 bytes it is shortened by make_object_name's rule
// (the longest part loses a byte until the whole fits; the prefix is kept whole) to make
// room for `_` and 8 hex digits hashed from the whole name, so two long names that
// shorten alike (columns that differ only at their end) stay distinct.
std::string make_prefixed_name(const std::string& prefix, const std::vector<std::string>& parts);

// Column names joined with '_' as PostgreSQL does for index and constraint names.
std::string name_addition(const std::vector<std::string>& columns);

// Tables, indexes, sequences, views ...: the names in pg_class.
bool relation_exists(const Schema& schema, const QualifiedName& name);

// `index`, when given, answers the constraint-name part (see schema_index.hpp); without
// it every table of the schema is scanned.
bool name_taken(const Schema& schema, const QualifiedName& name, NameSpace space, SchemaIndex* index = nullptr);

// First free name among table_name2_label, table_name2_label1, table_name2_label2 ...
// `also_taken`: names already given in the same command but not yet in `schema` (a
// CREATE TABLE's earlier constraints), as ChooseConstraintName's `others` list.
std::string choose_name(const Schema& schema, const QualifiedName& table, const std::string& name2,
                        const std::string& label, NameSpace space, const std::vector<std::string>& also_taken = {},
                        SchemaIndex* index = nullptr);

}  // namespace schemashift::model
