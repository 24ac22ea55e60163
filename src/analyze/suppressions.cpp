// Suppression comments: `-- schemashift:ignore[-file] [rule, ...] [-- reason]`.
// Only real comments count (as PostgreSQL's scanner sees them, so text inside string
// literals or function bodies is never one), and only those that start their line.
#include <cctype>

#include "analyze/linter.hpp"
#include "core/text.hpp"

namespace schemashift::analyze {

namespace {

constexpr const char* kMarker = "schemashift:ignore";

bool is_rule_char(char c) { return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'; }

// "rule-a, rule-b -- because" -> {rule-a, rule-b}: ids until the first token that is not one.
std::set<std::string> rule_ids(const std::string& rest) {
  std::set<std::string> out;
  std::size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == ',')) ++i;
    if (rest.compare(i, 2, "--") == 0 || rest.compare(i, 1, ":") == 0) break;
    std::size_t j = i;
    while (j < rest.size() && is_rule_char(rest[j])) ++j;
    const bool ends_id = j == rest.size() || std::isspace(static_cast<unsigned char>(rest[j])) || rest[j] == ',' ||
                         rest[j] == ':';  // "rule-a: reason"
    if (j == i || !ends_id) break;
    out.insert(rest.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

std::vector<Suppression> find_suppressions(const std::string& text, const sql::Script& script) {
  std::vector<Suppression> out;
  for (const sql::Range& comment : script.comments) {
    const std::size_t i = comment.begin;
    if (text.compare(i, 2, "--") != 0) continue;
    std::size_t line_start = i;
    while (line_start > 0 && (text[line_start - 1] == ' ' || text[line_start - 1] == '\t')) --line_start;
    if (line_start > 0 && text[line_start - 1] != '\n') continue;  // after a statement on the same line
    const std::size_t line_end = comment.end;
    std::size_t j = i + 2;
    while (j < line_end && (text[j] == ' ' || text[j] == '\t')) ++j;
    const std::string marker = kMarker;
    if (text.compare(j, marker.size(), marker) != 0) continue;
    std::size_t k = j + marker.size();
    Suppression s;
    if (text.compare(k, 5, "-file") == 0) {
      s.whole_file = true;
      k += 5;
    }
    const bool ends_word = k >= line_end || text[k] == ' ' || text[k] == '\t' || text[k] == '\r';
    if (!ends_word) continue;
    s.rules = rule_ids(text.substr(k, line_end - k));
    s.offset = i;
    const sql::Position at = script.lines.position(i);
    s.line = at.line;
    s.column = at.column;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace schemashift::analyze
