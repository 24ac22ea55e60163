#pragma once
// Small text helpers shared by every stage.
#include <optional>
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

// Fixed name forms, checked by hand: constructing one std::regex costs about 2 M
// instructions, more than planning a small spec. ASCII only, as the forms are.
// [0-9]+
bool is_digits(std::string_view s);
// [A-Za-z_][A-Za-z0-9_]*: an environment variable's name.
bool is_env_name(std::string_view s);
// issue-<1 to 9 digits>: scaffold's folder of one issue; the number, or nullopt.
std::optional<int> issue_folder_number(std::string_view folder_name);

// The byte offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or npos. Every text input (YAML,
// SQL) is checked with it once, where it is parsed, so that what follows may assume UTF-8.
std::size_t invalid_utf8_offset(std::string_view s);
// The same, also stopping at a NUL byte: the first byte a text input may not hold (neither
// YAML nor PostgreSQL, which refuses 0x00 as an invalid byte sequence, accepts one).
std::size_t invalid_text_offset(std::string_view s);
// How a byte is shown in a message: "0xE9". Control characters in names are shown this way
// too, so that a message never carries a raw NUL or escape sequence to the terminal.
std::string byte_hex(unsigned char c);
// `s` with every ASCII control character and every byte of malformed UTF-8 replaced by
// its \xNN escape: for quoting user input in messages. `keep_layout` keeps newlines and
// tabs (a whole message); without it they are escaped too (a name).
std::string escape_control(std::string_view s, bool keep_layout = false);

}  // namespace schemashift::core
