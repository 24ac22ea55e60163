#include "sql/tree_json.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace schemashift::sql {

namespace {

using nlohmann::json;

// One pass over the text, containers built in place: the containers being filled are on
// an explicit stack (no recursion, so nesting depth is not limited by the thread's stack),
// and each value is written straight into its slot in the parent.
class TreeReader {
 public:
  explicit TreeReader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  json read() {
    json root;
    json* slot = &root;
    for (;;) {
      if (value(*slot)) {
        stack_.push_back(slot);
        if (first_member(*slot, slot)) continue;
        // else an empty container: a finished value
      }
      // A value is finished: close containers until one continues with ','.
      for (;;) {
        if (stack_.empty()) {
          skip_blanks();
          if (p_ != end_) malformed();
          return root;
        }
        json& container = *stack_.back();
        skip_blanks();
        const char c = next();
        if (c == ',') {
          slot = container.is_object() ? &member_slot(container) : &element_slot(container);
          break;
        }
        if (c != (container.is_object() ? '}' : ']')) malformed();
        stack_.pop_back();
      }
    }
  }

 private:
  // Reads the value at p_ into `out`. True when it opened an object or array whose
  // members are still to be read.
  bool value(json& out) {
    skip_blanks();
    const char c = next();
    switch (c) {
      case '{': out = json::object(); return true;
      case '[': out = json::array(); return true;
      case '"': out = string(); return false;
      case 't': word("rue"); out = true; return false;
      case 'f': word("alse"); out = false; return false;
      case 'n': word("ull"); out = nullptr; return false;
      default:
        --p_;
        number(out);
        return false;
    }
  }

  // After '{' or '[': sets `slot` to the first member's place, or closes an empty
  // container (false; `slot` unchanged).
  bool first_member(json& container, json*& slot) {
    skip_blanks();
    const char close = container.is_object() ? '}' : ']';
    if (p_ != end_ && *p_ == close) {
      ++p_;
      stack_.pop_back();
      return false;
    }
    slot = container.is_object() ? &member_slot(container) : &element_slot(container);
    return true;
  }

  json& member_slot(json& object) {
    skip_blanks();
    if (next() != '"') malformed();
    std::string key = string();
    skip_blanks();
    if (next() != ':') malformed();
    return object.get_ref<json::object_t&>()[std::move(key)];
  }

  static json& element_slot(json& array) {
    auto& elements = array.get_ref<json::array_t&>();
    elements.emplace_back();
    return elements.back();
  }

  // After the opening quote. Text without escapes is copied in one piece.
  std::string string() {
    const char* start = p_;
    skip_unescaped();
    std::string out(start, p_);
    while (*p_ != '"') {  // at a backslash
      ++p_;
      switch (next()) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': unicode_escape(out); break;
        default: malformed();
      }
      start = p_;
      skip_unescaped();
      out.append(start, p_);
    }
    ++p_;  // the closing quote
    return out;
  }

  // Moves to the string's next '"' or '\\'.
  void skip_unescaped() {
    while (p_ != end_ && *p_ != '"' && *p_ != '\\') {
      if (static_cast<unsigned char>(*p_) < 0x20) malformed();
      ++p_;
    }
    if (p_ == end_) malformed();
  }

  // \uXXXX (a surrogate pair takes two) as UTF-8.
  void unicode_escape(std::string& out) {
    std::uint32_t code = hex4();
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') malformed();
      p_ += 2;
      const std::uint32_t low = hex4();
      if (low < 0xDC00 || low > 0xDFFF) malformed();
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    } else if (code >= 0xDC00 && code <= 0xDFFF) {
      malformed();
    }
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::uint32_t hex4() {
    if (end_ - p_ < 4) malformed();
    std::uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *p_++;
      code <<= 4;
      if (c >= '0' && c <= '9') code |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') code |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') code |= static_cast<std::uint32_t>(c - 'A' + 10);
      else malformed();
    }
    return code;
  }

  // As nlohmann's parser: an integer without '-' is unsigned, with '-' signed, one that
  // does not fit a 64-bit integer or has a fraction or exponent is a double.
  void number(json& out) {
    const char* start = p_;
    const bool negative = p_ != end_ && *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    if (p_ == digits || (*digits == '0' && p_ - digits > 1)) malformed();
    bool integral = true;
    if (p_ != end_ && *p_ == '.') {
      integral = false;
      const char* fraction = ++p_;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      if (p_ == fraction) malformed();
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      const char* exponent = p_;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      if (p_ == exponent) malformed();
    }
    if (integral) {
      std::uint64_t magnitude = 0;
      bool overflow = false;
      for (const char* d = digits; d != p_; ++d) {
        const auto digit = static_cast<std::uint64_t>(*d - '0');
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
          overflow = true;
          break;
        }
        magnitude = magnitude * 10 + digit;
      }
      if (!overflow && !negative) {
        out = static_cast<json::number_unsigned_t>(magnitude);
        return;
      }
      const auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1;
      if (!overflow && magnitude <= limit) {
        out = magnitude == limit ? std::numeric_limits<std::int64_t>::min()
                                 : -static_cast<json::number_integer_t>(magnitude);
        return;
      }
    }
    const std::string spelled(start, p_);
    out = std::strtod(spelled.c_str(), nullptr);
  }

  void word(const char* rest) {
    for (; *rest; ++rest) {
      if (p_ == end_ || *p_ != *rest) malformed();
      ++p_;
    }
  }

  char next() {
    if (p_ == end_) malformed();
    return *p_++;
  }

  void skip_blanks() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  [[noreturn]] static void malformed() { throw core::Error("libpg_query returned a malformed JSON parse tree"); }

  const char* p_;
  const char* end_;
  std::vector<json*> stack_;
};

}  // namespace

json read_tree_json(std::string_view text) { return TreeReader(text).read(); }

}  // namespace schemashift::sql
