#pragma once
// Strict, position-aware decoding of one YAML map. Every accessor records the key as
// known; finish() reports every key nobody asked for (with a "did you mean" hint), so a
// typo such as `nulable: false` is an error instead of a silently ignored line.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/node.hpp"

namespace schemashift::spec {

class FieldReader {
 public:
  // `what` names the map in messages: "add_column", "column", "the spec".
  FieldReader(const core::Node& node, std::string what, core::Diagnostics& diags);

  bool ok() const { return ok_; }
  const core::Node& node() const { return node_; }
  core::SourceLocation where() const { return node_.where; }
  // Location of a key's value if present, else of the map itself.
  core::SourceLocation where(const std::string& key) const;
  // Location of item `index` of the list under `key` (e.g. one entry of `columns:`), else
  // where(key). Items are counted as written, so it pairs with string_list()'s result.
  core::SourceLocation where(const std::string& key, std::size_t index) const;

  std::optional<std::string> string(const std::string& key, bool required = false);
  std::optional<long long> integer(const std::string& key, bool required = false, long long min = 0,
                                   long long max = 9'223'372'036'854'775'807LL);
  std::optional<bool> boolean(const std::string& key, bool required = false);
  // Duration "500ms" / "30s" / "2min" / "0" -> milliseconds.
  std::optional<long long> duration_ms(const std::string& key);
  // One of `allowed` (case-sensitive, as documented).
  std::optional<std::string> choice(const std::string& key, const std::vector<std::string>& allowed,
                                    bool required = false);
  // A list of strings (a single string is NOT accepted: lists must look like lists).
  std::optional<std::vector<std::string>> string_list(const std::string& key, bool required = false);
  // Any node; marks the key as known. Type checks are the caller's.
  const core::Node* node(const std::string& key, bool required = false);
  // A scalar literal value (string, number, bool, null) for `default:` / `fill:`.
  const core::Node* scalar_or_null(const std::string& key);
  bool has(const std::string& key) const { return node_.find(key) != nullptr; }
  // Marks keys that are read elsewhere (or ignored on purpose) as known.
  void accept(const std::string& key) { known_.push_back(key); }
  // Reports unknown keys. Call once, after all accessors.
  void finish();

  void error(const std::string& key, const std::string& message, const std::string& hint = {});

 private:
  const core::Node* lookup(const std::string& key, bool required, const char* expected);

  const core::Node& node_;
  std::string what_;
  core::Diagnostics& diags_;
  std::vector<std::string> known_;
  bool ok_ = true;
};

// Checks that a node is a map; reports "expected a map" otherwise.
bool expect_map(const core::Node& n, const std::string& what, core::Diagnostics& diags);

}  // namespace schemashift::spec
