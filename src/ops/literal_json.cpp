// json and jsonb input as PostgreSQL's JSON parser (common/jsonapi.c) reads it: RFC 8259
// values with white space of space, tab, CR and LF; numbers without leading zeros, a bare
// point or a leading '+'; no control character inside a string. jsonb also de-escapes
// strings, so it refuses \u0000 and a \uD800-\uDFFF surrogate that is not a proper pair,
// which json (kept as text) takes.
#include <fmt/format.h>

#include "ops/literal_input.hpp"

namespace schemashift::ops {

namespace {

class JsonReader {
 public:
  JsonReader(const std::string& text, bool jsonb) : s_(text), jsonb_(jsonb) {}

  std::optional<std::string> problem() {
    space();
    if (!value()) return error_;
    space();
    if (i_ != s_.size()) fail("unexpected text after the value");
    return error_;
  }

 private:
  const std::string& s_;
  bool jsonb_;
  std::size_t i_ = 0;
  std::optional<std::string> error_;

  bool fail(const std::string& what) {
    if (!error_) error_ = fmt::format("not valid JSON at character {}: {}", i_ + 1, what);
    return false;
  }
  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  void space() {
    while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool digits() {
    const std::size_t from = i_;
    while (!at_end() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > from;
  }

  bool value() {
    switch (peek()) {
      case '{': return object();
      case '[': return array();
      case '"': return string();
      case 't': return word("true");
      case 'f': return word("false");
      case 'n': return word("null");
      default: return (peek() == '-' || (peek() >= '0' && peek() <= '9')) ? number() : fail("expected a value");
    }
  }
  bool word(const char* w) {
    const std::string text(w);
    if (s_.compare(i_, text.size(), text) != 0) return fail("expected a value");
    i_ += text.size();
    return true;
  }
  bool number() {
    if (peek() == '-') ++i_;
    if (peek() == '0') {
      ++i_;
    } else if (!digits()) {
      return fail("a number needs digits");
    }
    if (peek() == '.') {
      ++i_;
      if (!digits()) return fail("a number needs digits after the point");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!digits()) return fail("a number needs digits in its exponent");
    }
    // "01", "1x": the lexer reads the token up to a delimiter, and it is not a number.
    if (!at_end() && std::string(" \t\n\r,]}:").find(s_[i_]) == std::string::npos) return fail("not a number");
    return true;
  }
  bool hex4(unsigned& code) {
    if (i_ + 4 > s_.size()) return fail("\\u needs four hex digits");
    code = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      code <<= 4;
      if (c >= '0' && c <= '9') code |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') code |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') code |= static_cast<unsigned>(c - 'A' + 10);
      else return fail("\\u needs four hex digits");
    }
    return true;
  }
  bool string() {
    ++i_;  // the opening quote
    bool high_surrogate = false;  // jsonb: the previous escape was a high surrogate
    while (!at_end()) {
      const char c = s_[i_];
      if (c == '"') {
        if (high_surrogate) return fail("a Unicode high surrogate must be followed by a low surrogate");
        ++i_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return fail("a control character must be escaped in a string");
      if (c != '\\') {
        if (high_surrogate) return fail("a Unicode high surrogate must be followed by a low surrogate");
        ++i_;
        continue;
      }
      ++i_;
      const char e = peek();
      ++i_;
      if (e == 'u') {
        unsigned code = 0;
        if (!hex4(code)) return false;
        if (!jsonb_) continue;
        if (code == 0) return fail("\\u0000 cannot be stored in jsonb");
        const bool high = code >= 0xD800 && code <= 0xDBFF, low = code >= 0xDC00 && code <= 0xDFFF;
        if (high_surrogate != low) return fail("a Unicode surrogate that is not part of a pair");
        high_surrogate = high;
        continue;
      }
      if (std::string("\"\\/bfnrt").find(e) == std::string::npos || e == '\0') return fail("an unknown escape");
      if (high_surrogate) return fail("a Unicode high surrogate must be followed by a low surrogate");
    }
    return fail("the string is not closed");
  }
  bool array() {
    ++i_;
    space();
    if (peek() == ']') {
      ++i_;
      return true;
    }
    for (;;) {
      space();
      if (!value()) return false;
      space();
      if (peek() == ']') {
        ++i_;
        return true;
      }
      if (peek() != ',') return fail("expected , or ]");
      ++i_;
    }
  }
  bool object() {
    ++i_;
    space();
    if (peek() == '}') {
      ++i_;
      return true;
    }
    for (;;) {
      space();
      if (peek() != '"') return fail("expected a quoted key");
      if (!string()) return false;
      space();
      if (peek() != ':') return fail("expected :");
      ++i_;
      space();
      if (!value()) return false;
      space();
      if (peek() == '}') {
        ++i_;
        return true;
      }
      if (peek() != ',') return fail("expected , or }");
      ++i_;
    }
  }
};

}  // namespace

std::optional<std::string> json_problem(bool jsonb, const std::string& text) { return JsonReader(text, jsonb).problem(); }

}  // namespace schemashift::ops
