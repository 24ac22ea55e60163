#pragma once
// Small text helpers shared by every stage.
#include <string>
#include <string_view>
#include <vector>

namespace schemashift::core {

std::string lower(std::string_view s);
std::string trim(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
std::vector<std::string> split_lines(std::string_view s);
// "Advanced Contact Enrichment!" -> "advanced_contact_enrichment"; cut at a word boundary
// so the result is at most max_len bytes.
std::string slugify(std::string_view s, std::size_t max_len = 48);
// "add_column_users" -> "AddColumnUsers" (Rails class names).
std::string camelize(std::string_view snake);
// 1234567 -> "1,234,567"
std::string thousands(long long n);
// 12.3 -> "~12 ms", 4200 -> "~4.2 s", 190000 -> "~3.2 min"
std::string human_millis(double ms);
// Levenshtein distance, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word`, if it is close enough to be a likely typo.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);
// Indent every non-empty line by `n` spaces.
std::string indent(std::string_view s, int n);

}  // namespace schemashift::core
