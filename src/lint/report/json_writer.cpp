#include "lint/report/json_writer.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

namespace schemashift::lint::detail {

namespace {

template <typename N>
void append_number(std::string& out, N n) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

// The length of the run at the start of `s` that is its own JSON form: ASCII other than
// control characters, quote and backslash (0x7f included: nlohmann prints it as is).
// Eight bytes at a time: report strings are long (statement texts) and mostly plain.
std::size_t plain_run(std::string_view s) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const auto has_zero_byte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    // High bit set, below 0x20, '"' or '\\' anywhere in the eight bytes.
    if ((w & highs) | ((w - 0x20 * ones) & ~w & highs) | has_zero_byte(w ^ ('"' * ones)) |
        has_zero_byte(w ^ ('\\' * ones))) {
      break;
    }
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
  }
  return i;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  const std::size_t start = out.size();
  const std::string_view whole = s;
  out += '"';
  for (;;) {
    const std::size_t run = plain_run(s);
    out.append(s.data(), run);
    if (run == s.size()) break;
    const auto c = static_cast<unsigned char>(s[run]);
    if (c >= 0x80) {
      // UTF-8, valid or not, exactly as the rest of the JSON output has always been
      // printed: by nlohmann's serializer (invalid sequences replaced by U+FFFD).
      out.resize(start);
      out += nlohmann::json(std::string(whole)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
    // The escapes nlohmann's serializer writes.
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static constexpr char hex[] = "0123456789abcdef";
        const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
        out.append(escape, sizeof escape);
      }
    }
    s.remove_prefix(run + 1);
  }
  out += '"';
}

void JsonWriter::newline_indent(std::size_t level) {
  // One append for the usual depths (a report nests about six levels).
  static constexpr std::string_view kIndent = "\n                                ";
  if (1 + 2 * level <= kIndent.size()) {
    out_.append(kIndent.data(), 1 + 2 * level);
    return;
  }
  out_ += '\n';
  out_.append(2 * level, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;  // the first value: placed by the caller
  if (!empty_.back()) out_ += ',';
  empty_.back() = false;
  newline_indent(static_cast<std::size_t>(depth_) + empty_.size());
}

JsonWriter& JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  empty_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) newline_indent(static_cast<std::size_t>(depth_) + empty_.size());
  out_ += bracket;
  return *this;
}

JsonWriter& JsonWriter::begin_object() { return open('{'); }
JsonWriter& JsonWriter::end_object() { return close('}'); }
JsonWriter& JsonWriter::begin_array() { return open('['); }
JsonWriter& JsonWriter::end_array() { return close(']'); }

JsonWriter& JsonWriter::resume(bool empty) {
  empty_.push_back(empty);
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  // Keys are the reports' own names, plain ASCII: the comma, the indentation, the quoted
  // key and ": " go out in one append (a key took four appends and the escaping scan,
  // 5 % of a JSON run). Anything else takes the general path.
  char buf[160];
  const std::size_t level = static_cast<std::size_t>(depth_) + empty_.size();
  if (!after_key_ && !empty_.empty() && 1 + 1 + 2 * level + k.size() + 3 <= sizeof buf &&
      plain_run(k) == k.size()) {
    std::size_t n = 0;
    if (!empty_.back()) buf[n++] = ',';
    empty_.back() = false;
    buf[n++] = '\n';
    std::memset(buf + n, ' ', 2 * level);
    n += 2 * level;
    buf[n++] = '"';
    std::memcpy(buf + n, k.data(), k.size());
    n += k.size();
    buf[n++] = '"';
    buf[n++] = ':';
    buf[n++] = ' ';
    out_.append(buf, n);
    after_key_ = true;
    return *this;
  }
  before_value();
  append_json_string(out_, k);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  append_json_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(long long n) {
  before_value();
  append_number(out_, n);
  return *this;
}

JsonWriter& JsonWriter::value(unsigned long long n) {
  before_value();
  append_number(out_, n);
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::value(const std::vector<std::string>& strings) {
  begin_array();
  for (const auto& s : strings) value(s);
  return end_array();
}

}  // namespace schemashift::lint::detail
