#include "model/object_names.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace schemashift::model {

std::size_t utf8_clip(const std::string& s, std::size_t n) {
  if (n >= s.size()) return s.size();
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

std::string make_object_name(const std::string& name1, const std::string& name2, const std::string& label) {
  const std::size_t overhead = (name2.empty() ? 0 : 1) + label.size() + 1;
  const std::size_t available = kMaxIdentifierBytes > overhead ? kMaxIdentifierBytes - overhead : 0;
  std::size_t n1 = name1.size();
  std::size_t n2 = name2.size();
  while (n1 + n2 > available) {
    if (n1 > n2) {
      --n1;
    } else {
      --n2;
    }
  }
  std::string out = name1.substr(0, utf8_clip(name1, n1));
  if (!name2.empty()) out += "_" + name2.substr(0, utf8_clip(name2, n2));
  return out + "_" + label;
}

std::string make_prefixed_name(const std::string& prefix, const std::vector<std::string>& parts) {
  std::string full = prefix;
  for (const auto& p : parts) full += "_" + p;
  if (full.size() <= kMaxIdentifierBytes) return full;
  // Shortened names of different objects can be equal (two 63-byte columns that differ
  // only at their end): a suffix from the whole name keeps them apart, as PostgreSQL's
  // numeric suffix does for its own names. FNV-1a, 32 bits, as 8 hex digits.
  std::uint32_t hash = 2166136261u;
  for (const char ch : full) hash = (hash ^ static_cast<unsigned char>(ch)) * 16777619u;
  char suffix[10];
  std::snprintf(suffix, sizeof suffix, "_%08x", static_cast<unsigned>(hash));
  const std::size_t room = kMaxIdentifierBytes - (sizeof suffix - 1);
  std::vector<std::size_t> len;
  std::size_t total = prefix.size();
  for (const auto& p : parts) {
    len.push_back(p.size());
    total += 1 + p.size();
  }
  while (total > room) {
    std::size_t longest = 0;
    for (std::size_t i = 1; i < len.size(); ++i) {
      if (len[i] > len[longest]) longest = i;
    }
    if (len.empty() || len[longest] == 0) break;  // the prefix alone is too long
    --len[longest];
    --total;
  }
  std::string out = prefix;
  for (std::size_t i = 0; i < parts.size(); ++i) out += "_" + parts[i].substr(0, utf8_clip(parts[i], len[i]));
  return out + suffix;
}

std::string name_addition(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) {
    if (!out.empty()) out += "_";
    out += c;
    if (out.size() >= kMaxIdentifierBytes + 1) break;
  }
  return out;
}

namespace {

const std::string& schema_or_public(const std::string& schema) {
  static const std::string kPublic = "public";
  return schema.empty() ? kPublic : schema;
}

// Every table of the schema is scanned: the caller changes the schema directly, so no
// index could be trusted. The name is compared first, and no key string is built.
bool constraint_name_in_schema(const Schema& schema, const QualifiedName& name) {
  const std::string& wanted = schema_or_public(name.schema);
  for (const auto& [key, table] : schema.tables) {
    if (table.find_constraint(name.name) && schema_or_public(table.name.schema) == wanted) return true;
  }
  return false;
}

}  // namespace

// Tables, indexes, sequences, views ...: the names in pg_class.
bool relation_exists(const Schema& schema, const QualifiedName& name) {
  const std::string key = name.key();
  return schema.tables.count(key) || schema.indexes.count(key) || schema.other_relations.count(key);
}

bool name_taken(const Schema& schema, const QualifiedName& name, NameSpace space, SchemaIndex* index) {
  const auto constraint_named = [&] {
    return index ? index->constraint_name_used(schema, name) : constraint_name_in_schema(schema, name);
  };
  switch (space) {
    case NameSpace::Constraint: return constraint_named();
    case NameSpace::Relation: return relation_exists(schema, name);
    case NameSpace::RelationAndConstraint: return relation_exists(schema, name) || constraint_named();
  }
  return true;
}

std::string choose_name(const Schema& schema, const QualifiedName& table, const std::string& name2,
                        const std::string& label, NameSpace space, const std::vector<std::string>& also_taken,
                        SchemaIndex* index) {
  for (int pass = 0;; ++pass) {
    const std::string candidate =
        make_object_name(table.name, name2, pass == 0 ? label : label + std::to_string(pass));
    if (std::find(also_taken.begin(), also_taken.end(), candidate) != also_taken.end()) continue;
    if (!name_taken(schema, QualifiedName{table.schema, candidate}, space, index)) return candidate;
  }
}


}  // namespace schemashift::model
