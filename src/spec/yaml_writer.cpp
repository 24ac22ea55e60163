#include "spec/yaml_writer.hpp"

#include <cctype>

#include <fmt/format.h>

#include "core/text.hpp"

namespace schemashift::spec {

YamlValue YamlValue::string(std::string s) {
  YamlValue v;
  v.kind = Kind::String;
  v.text = std::move(s);
  return v;
}

YamlValue YamlValue::literal(std::string s) {
  YamlValue v;
  v.kind = Kind::Literal;
  v.text = std::move(s);
  return v;
}

YamlValue YamlValue::map() { return YamlValue{}; }

YamlValue YamlValue::seq() {
  YamlValue v;
  v.kind = Kind::Seq;
  return v;
}

YamlValue& YamlValue::set(const std::string& key, YamlValue v) {
  entries.emplace_back(key, std::move(v));
  return entries.back().second;
}

YamlValue& YamlValue::push(YamlValue v) {
  items.push_back(std::move(v));
  return items.back();
}

namespace {

// YAML 1.1 and 1.2 words a plain scalar would turn into a boolean or null.
bool is_reserved_word(const std::string& s) {
  static const char* const words[] = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"};
  const std::string l = core::lower(s);
  for (const char* w : words) {
    if (l == w) return true;
  }
  return false;
}

bool looks_numeric(const std::string& s) {
  // Anything that starts like a number (digits, sign, dot) may be read as one (1e3, .5, 0x1F,
  // 1_000, 2024-01-01 as a date): quote it.
  const char c = s.front();
  return std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.';
}

// Letters, digits, '_' and single inner spaces, '.', '-', '(', ')', ',', '/' ... never
// ": ", " #", a leading indicator or a trailing blank.
bool plain_safe(const std::string& s) {
  if (s.empty() || is_reserved_word(s) || looks_numeric(s)) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s.front())) || s.front() == '_')) return false;
  if (s.back() == ' ') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '(' || c == ')' || c == '/') continue;
    if (c == ' ' && s[i - 1] != ' ') continue;
    return false;
  }
  return true;
}

std::string double_quoted(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02X}", c);
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

// A literal block holds the text exactly when no line is blanks only (a block reads such a
// line as empty) and there is no carriage return or other control character but tab.
bool block_safe(const std::string& s) {
  if (s.find('\n') == std::string::npos || s.find_first_not_of('\n') == std::string::npos) return false;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    const std::string line = s.substr(start, end - start);
    if (!line.empty() && line.find_first_not_of(" \t") == std::string::npos) return false;
    for (const char ch : line) {
      const unsigned char c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
    }
    start = end + 1;
  }
  // A first line starting with a tab cannot be told from indentation either.
  return s.front() != '\t';
}

// `|`, `|-` or `|+` (how many final line breaks are content) and an indentation indicator
// when the first line starts with a space.
std::string block_header(const std::string& s) {
  std::string h = "|";
  if (s.front() == ' ' || (s.front() == '\n' && s.find_first_not_of('\n') != std::string::npos &&
                           s[s.find_first_not_of('\n')] == ' ')) {
    h += "2";
  }
  if (s.back() != '\n') {
    h += "-";
  } else if (s.size() >= 2 && s[s.size() - 2] == '\n') {
    h += "+";
  }
  return h;
}

void write_block(std::string& out, const std::string& s, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  std::string body = s;
  if (!body.empty() && body.back() == '\n') body.pop_back();
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const std::string line = body.substr(start, end - start);
    out += line.empty() ? "\n" : pad + line + "\n";
    start = end + 1;
  }
}

std::string key_text(const std::string& k) { return plain_safe(k) ? k : double_quoted(k); }

// A comment may quote a multi-line statement (an import note): every line gets its own
// "# ", or the lines after the first would be read as YAML.
void write_comments(std::string& out, const YamlValue& v, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& c : v.comments) {
    std::size_t start = 0;
    do {
      std::size_t end = c.find_first_of("\r\n", start);
      if (end == std::string::npos) end = c.size();
      std::string line = c.substr(start, end - start);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
      out += pad + (line.empty() ? "#" : "# " + line) + "\n";
      start = end + 1;
      if (end < c.size() && c[end] == '\r' && start < c.size() && c[start] == '\n') ++start;
    } while (start < c.size());
  }
}

void write_value(std::string& out, const YamlValue& v, int indent);

// After "key:" or "- ": a scalar on the same line, a block, or a nested collection.
void write_after_key(std::string& out, const YamlValue& v, int indent, bool in_seq_item) {
  switch (v.kind) {
    case YamlValue::Kind::Literal: out += " " + v.text + "\n"; return;
    case YamlValue::Kind::String:
      if (block_safe(v.text)) {
        out += " " + block_header(v.text) + "\n";
        write_block(out, v.text, indent + 2);
      } else {
        out += " " + yaml_inline_string(v.text) + "\n";
      }
      return;
    case YamlValue::Kind::Map:
      if (v.entries.empty()) { out += " {}\n"; return; }
      out += "\n";
      write_value(out, v, indent + 2);
      return;
    case YamlValue::Kind::Seq:
      if (v.items.empty()) { out += " []\n"; return; }
      out += "\n";
      write_value(out, v, in_seq_item ? indent + 2 : indent);
      return;
  }
}

void write_value(std::string& out, const YamlValue& v, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (v.kind == YamlValue::Kind::Map) {
    for (const auto& [k, child] : v.entries) {
      write_comments(out, child, indent);
      out += pad + key_text(k) + ":";
      write_after_key(out, child, indent, false);
    }
  } else if (v.kind == YamlValue::Kind::Seq) {
    for (const auto& item : v.items) {
      write_comments(out, item, indent);
      if (item.kind == YamlValue::Kind::Map && !item.entries.empty()) {
        // "- key: ..." with the map's later keys aligned under the first.
        std::string nested;
        write_value(nested, item, indent + 2);
        out += pad + "- " + nested.substr(static_cast<std::size_t>(indent) + 2);
      } else {
        out += pad + "-";
        write_after_key(out, item, indent, true);
      }
    }
  }
}

}  // namespace

std::string yaml_inline_string(const std::string& s) { return plain_safe(s) ? s : double_quoted(s); }

std::string write_yaml(const YamlValue& root) {
  std::string out;
  write_value(out, root, 0);
  return out;
}

}  // namespace schemashift::spec
