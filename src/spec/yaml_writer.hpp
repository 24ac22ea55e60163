#pragma once
// Writes YAML for files schemashift generates (`schemashift import`'s specs): block style,
// keys in the order they were added, so the same value always gives the same bytes.
// Strings are written plain only where YAML cannot read them as anything else (a number,
// a boolean, null, a key, a comment); multi-line text (SQL) as a literal block scalar,
// which keeps every byte; anything a block cannot carry exactly (a carriage return,
// a line of only blanks, a line starting with blanks where the block's indentation would
// be ambiguous is handled by an indentation indicator) is double-quoted with escapes.
#include <string>
#include <utility>
#include <vector>

namespace schemashift::spec {

struct YamlValue {
  enum class Kind { String, Literal, Map, Seq };
  Kind kind = Kind::Map;
  std::string text;  // String: any text (quoted as needed); Literal: written as it is (numbers, booleans)
  std::vector<std::pair<std::string, YamlValue>> entries;  // Map, in order
  std::vector<YamlValue> items;                            // Seq
  std::vector<std::string> comments;  // `# ...` lines written before this value's key or item

  static YamlValue string(std::string s);
  static YamlValue literal(std::string s);  // 42, true: the caller vouches for the syntax
  static YamlValue map();
  static YamlValue seq();
  YamlValue& set(const std::string& key, YamlValue v);  // appends; returns the added value
  YamlValue& push(YamlValue v);                          // appends to a Seq
};

// The document, ending in one newline.
std::string write_yaml(const YamlValue& root);

// One string as a YAML scalar on one line: plain when safe, else double-quoted.
std::string yaml_inline_string(const std::string& s);

}  // namespace schemashift::spec
