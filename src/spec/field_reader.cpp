#include "spec/field_reader.hpp"

#include <algorithm>
#include <cctype>

#include "core/duration.hpp"
#include "core/text.hpp"

namespace schemashift::spec {

bool expect_map(const core::Node& n, const std::string& what, core::Diagnostics& diags) {
  if (n.is_map()) return true;
  diags.error("wrong-type", n.where, what + " must be a map, got " + n.kind_name(),
              "write it as `key: value` lines indented under its parent");
  return false;
}

FieldReader::FieldReader(const core::Node& node, std::string what, core::Diagnostics& diags)
    : node_(node), what_(std::move(what)), diags_(diags) {
  ok_ = expect_map(node_, what_, diags_);
}

core::SourceLocation FieldReader::where(const std::string& key) const {
  const core::Node* n = node_.find(key);
  return n ? n->where : node_.where;
}

core::SourceLocation FieldReader::where(const std::string& key, std::size_t index) const {
  const core::Node* n = node_.find(key);
  if (n && n->is_sequence() && index < n->items.size()) return n->items[index].where;
  return where(key);
}

void FieldReader::error(const std::string& key, const std::string& message, const std::string& hint) {
  ok_ = false;
  diags_.error("invalid-value", where(key), message, hint);
}

const core::Node* FieldReader::lookup(const std::string& key, bool required, const char* expected) {
  known_.push_back(key);
  if (!node_.is_map()) return nullptr;
  const core::Node* n = node_.find(key);
  if (!n) {
    if (required) {
      ok_ = false;
      diags_.error("missing-key", node_.where, what_ + " needs `" + key + "`",
                   std::string("add `") + key + ": <" + expected + ">`");
    }
    return nullptr;
  }
  return n;
}

std::optional<std::string> FieldReader::string(const std::string& key, bool required) {
  const core::Node* n = lookup(key, required, "text");
  if (!n) return std::nullopt;
  if (!n->is_scalar()) {
    error(key, "`" + key + "` must be text, got " + n->kind_name());
    return std::nullopt;
  }
  if (required && core::trim(n->scalar).empty()) {
    error(key, "`" + key + "` must not be empty");
    return std::nullopt;
  }
  return n->scalar;
}

std::optional<long long> FieldReader::integer(const std::string& key, bool required, long long min, long long max) {
  const core::Node* n = lookup(key, required, "number");
  if (!n) return std::nullopt;
  const std::string& s = n->scalar;
  const bool digits = n->is_scalar() && !n->quoted && !s.empty() &&
                      std::all_of(s.begin() + (s[0] == '-' ? 1 : 0), s.end(),
                                  [](unsigned char c) { return std::isdigit(c); }) &&
                      s != "-";
  if (!digits) {
    error(key, "`" + key + "` must be a whole number, got " + (n->is_scalar() ? "'" + s + "'" : n->kind_name()));
    return std::nullopt;
  }
  long long v = 0;
  try {
    v = std::stoll(s);
  } catch (...) {
    error(key, "`" + key + "` is out of range");
    return std::nullopt;
  }
  if (v < min || v > max) {
    error(key, "`" + key + "` must be between " + std::to_string(min) + " and " + std::to_string(max) +
                   ", got " + s);
    return std::nullopt;
  }
  return v;
}

std::optional<bool> FieldReader::boolean(const std::string& key, bool required) {
  const core::Node* n = lookup(key, required, "true|false");
  if (!n) return std::nullopt;
  if (n->is_scalar() && !n->quoted && (n->scalar == "true" || n->scalar == "false")) return n->scalar == "true";
  error(key, "`" + key + "` must be true or false, got " + (n->is_scalar() ? "'" + n->scalar + "'" : n->kind_name()));
  return std::nullopt;
}

std::optional<long long> FieldReader::duration_ms(const std::string& key) {
  const core::Node* n = lookup(key, false, "duration");
  if (!n) return std::nullopt;
  const std::string s = n->is_scalar() ? core::trim(n->scalar) : std::string();
  const auto ms = core::parse_duration(s, core::DurationSyntax::Spec);
  if (!ms) {
    error(key, "`" + key + "` must be a duration such as 500ms, 30s or 2min, got '" + s + "'",
          "units: ms, s, min; write 0 to disable");
  }
  return ms;
}

std::optional<std::string> FieldReader::choice(const std::string& key, const std::vector<std::string>& allowed,
                                               bool required) {
  auto v = string(key, required);
  if (!v) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *v) != allowed.end()) return v;
  const std::string near = core::closest_match(*v, allowed);
  error(key, "`" + key + "` must be one of " + core::join(allowed, ", ") + ", got '" + *v + "'",
        near.empty() ? std::string() : "did you mean '" + near + "'?");
  return std::nullopt;
}

std::optional<std::vector<std::string>> FieldReader::string_list(const std::string& key, bool required) {
  const core::Node* n = lookup(key, required, "list");
  if (!n) return std::nullopt;
  if (!n->is_sequence()) {
    error(key, "`" + key + "` must be a list, got " + n->kind_name(),
          "write `" + key + ": [a, b]` or one `- item` per line");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : n->items) {
    if (!item.is_scalar()) {
      ok_ = false;
      diags_.error("wrong-type", item.where, "items of `" + key + "` must be text, got " + item.kind_name());
      continue;
    }
    out.push_back(item.scalar);
  }
  if (required && out.empty()) {
    error(key, "`" + key + "` must not be empty");
    return std::nullopt;
  }
  return out;
}

const core::Node* FieldReader::node(const std::string& key, bool required) {
  return lookup(key, required, "value");
}

const core::Node* FieldReader::scalar_or_null(const std::string& key) {
  const core::Node* n = lookup(key, false, "value");
  if (!n) return nullptr;
  if (!n->is_scalar() && !n->is_null()) {
    error(key, "`" + key + "` must be a single value, got " + n->kind_name(),
          "quote text, e.g. `" + key + ": 'pending'`");
    return nullptr;
  }
  return n;
}

void FieldReader::finish() {
  if (!node_.is_map()) return;
  for (const auto& e : node_.entries) {
    if (std::find(known_.begin(), known_.end(), e.key) != known_.end()) continue;
    ok_ = false;
    const std::string near = core::closest_match(e.key, known_);
    diags_.error("unknown-key", e.key_where, "unknown key `" + e.key + "` in " + what_,
                 near.empty() ? "allowed keys: " + core::join(known_, ", ") : "did you mean `" + near + "`?");
  }
}

}  // namespace schemashift::spec
