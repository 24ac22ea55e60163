#include "spec/yaml_document.hpp"

#include <set>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/text.hpp"

namespace schemashift::spec {

namespace {

core::SourceLocation location(const std::string& file, const YAML::Mark& mark) {
  // yaml-cpp marks are 0-based; ours are 1-based like every compiler's.
  return {file, mark.line + 1, mark.column + 1};
}

// YAML text may hold tabs and line breaks but no other C0 control character; an escape in a
// double-quoted scalar ("\x01", "\e") still makes one. No spec value needs one, and none
// survives the outputs (XML 1.0 cannot represent them, a terminal acts on them): refused
// at the scalar, so that nothing downstream ever sees one.
bool check_controls(const std::string& s, const core::SourceLocation& where, core::Diagnostics& diags) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') continue;
    diags.error("control-character", where,
                "'" + core::escape_control(s) + "' contains the control character " + core::byte_hex(c),
                "remove it: text in a spec may hold tabs and line breaks, no other control characters");
    return false;
  }
  return true;
}

core::Node convert(const YAML::Node& y, const std::string& file, core::Diagnostics& diags) {
  core::Node n;
  n.where = location(file, y.Mark());
  switch (y.Type()) {
    case YAML::NodeType::Scalar:
      n.kind = core::Node::Kind::Scalar;
      n.scalar = y.Scalar();
      // Plain scalars carry the non-specific tag "?", quoted ones "!": that is how
      // `default: "42"` (a string) is told apart from `default: 42` (a number). An explicit
      // string tag (`!!str 42`) says the same thing as quotes.
      n.quoted = y.Tag() == "!" || y.Tag() == "tag:yaml.org,2002:str";
      check_controls(n.scalar, n.where, diags);
      break;
    case YAML::NodeType::Sequence:
      n.kind = core::Node::Kind::Sequence;
      for (const auto& item : y) n.items.push_back(convert(item, file, diags));
      break;
    case YAML::NodeType::Map: {
      n.kind = core::Node::Kind::Map;
      std::set<std::string> seen;
      for (const auto& kv : y) {
        core::MapEntry e;
        e.key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("<complex key>");
        e.key_where = location(file, kv.first.Mark());
        if (!check_controls(e.key, e.key_where, diags)) continue;
        // yaml-cpp keeps duplicate keys silently; a spec where the second `table:` wins
        // without a word is exactly the kind of surprise this tool exists to prevent.
        if (!seen.insert(e.key).second) {
          diags.error("duplicate-key", e.key_where, "duplicate key '" + e.key + "'",
                      "each key may appear once in a map; remove one of them");
          continue;
        }
        e.value = convert(kv.second, file, diags);
        n.entries.push_back(std::move(e));
      }
      break;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      n.kind = core::Node::Kind::Null;
      break;
  }
  return n;
}

// Where the innermost `[` or `{` still open at 0-based (line, column) was opened, as
// 0-based line and column; {-1, -1} when none is. yaml-cpp reports an unclosed flow
// collection where it gave up, often the line after it (or the end of the file): the
// opening bracket is what the user has to fix. A light scan, not a YAML parser: quoted
// scalars and comments are skipped, and in block context a bracket opens a collection
// only where a value starts (`key: [`, `- [`), as inside `title: a [draft]` it does not.
std::pair<int, int> unclosed_flow(std::string_view text, int stop_line, int stop_column) {
  std::vector<std::pair<int, int>> open;  // openers not yet closed
  int line = 0, column = 0;
  char quote = 0;              // inside '...' or "..."
  bool value_start = true;     // block context: the next non-blank character starts a value
  char previous = 0;           // the last character outside quotes and comments
  for (std::size_t i = 0; i < text.size(); ++i, ++column) {
    if (line > stop_line || (line == stop_line && column >= stop_column)) break;
    const char c = text[i];
    if (c == '\n') {
      ++line;
      column = -1;
      value_start = true;
      continue;
    }
    if (quote) {
      if (quote == '"' && c == '\\') {
        ++i;
        ++column;
      } else if (c == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;
          ++column;
        } else {
          quote = 0;
        }
      }
      continue;
    }
    const bool flow = !open.empty();
    if (c == ' ' || c == '\t') continue;
    // In a flow collection a scalar starts after `[`, `{`, `,` or `:` (`[it's]` holds a
    // plain scalar with a quote in it, not a quoted one).
    const bool flow_value_start = flow && (previous == '[' || previous == '{' || previous == ',' || previous == ':');
    previous = c;
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;  // column is wrong only until the line ends
      continue;
    }
    if ((c == '\'' || c == '"') && (flow_value_start || (!flow && value_start))) {
      quote = c;
      value_start = false;
      continue;
    }
    if ((c == '[' || c == '{') && (flow || value_start)) {
      open.emplace_back(line, column);
      continue;
    }
    if ((c == ']' || c == '}') && flow) {
      open.pop_back();
      value_start = false;
      continue;
    }
    if (!flow) {
      // `key: value` and `- item`: a value starts after the indicator and a blank.
      const bool indicator = (c == ':' || c == '-' || c == '?') &&
                             (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n');
      value_start = indicator;
    }
  }
  return open.empty() ? std::pair<int, int>{-1, -1} : open.back();
}

// YAML is Unicode text; yaml-cpp passes bytes that are not UTF-8 through into scalars,
// which then fail far from here (in a JSON dump, in a template). Every YAML input (specs,
// the project file, format descriptors) comes through parse_yaml: checked once, here.
bool check_utf8(const std::string& text, const std::string& file, core::Diagnostics& diags) {
  const std::size_t bad = core::invalid_text_offset(text);
  if (bad == std::string::npos) return true;
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < bad; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  const int column = static_cast<int>(bad - line_start) + 1;
  const auto byte = static_cast<unsigned char>(text[bad]);
  if (byte == 0) {
    diags.error("invalid-utf8", {file, line, column}, "a NUL byte (0x00): YAML files are text",
                "is this a binary file? a spec is a UTF-8 YAML file");
  } else {
    diags.error("invalid-utf8", {file, line, column}, "byte " + core::byte_hex(byte) + " is not valid UTF-8",
                "YAML files are UTF-8: save the file as UTF-8 (e.g. `iconv -f LATIN1 -t UTF-8`)");
  }
  return false;
}

}  // namespace

std::optional<core::Node> parse_yaml(const std::string& text, const std::string& file, core::Diagnostics& diags) {
  if (!check_utf8(text, file, diags)) return std::nullopt;
  try {
    const YAML::Node root = YAML::Load(text);
    const std::size_t before = diags.items().size();
    core::Node doc = convert(root, file, diags);
    // Control characters make the document unusable as a whole (what reads it next would
    // report them again, as names or values): stop here. Duplicate keys do not.
    const auto& items = diags.items();
    for (std::size_t i = before; i < items.size(); ++i) {
      if (items[i].code == "control-character") return std::nullopt;
    }
    return doc;
  } catch (const YAML::Exception& e) {
    core::SourceLocation where = location(file, e.mark);
    if (e.mark.is_null()) where = {file, 0, 0};
    if (!e.mark.is_null() && (e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW || e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW)) {
      const auto [line, column] = unclosed_flow(text, e.mark.line, e.mark.column);
      if (line >= 0) {
        const bool seq = e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW;
        diags.error("yaml-syntax", {file, line + 1, column + 1},
                    std::string("invalid YAML: this `") + (seq ? "[" : "{") + "` is never closed (no `" +
                        (seq ? "]" : "}") + "` before " + where.str() + ")",
                    std::string("close the ") + (seq ? "list with `]`" : "map with `}`") +
                        " on this line, or quote the value if the bracket is part of it");
        return std::nullopt;
      }
    }
    diags.error("yaml-syntax", where, "invalid YAML: " + e.msg,
                "check indentation and quoting on this line (tabs are not allowed for indentation)");
    return std::nullopt;
  }
}

}  // namespace schemashift::spec
