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

// One pass over the text, no recursion (nesting depth is not limited by the thread's
// stack): the members and elements of the containers still open wait on two stacks and
// become one arena array each when their container closes.
class TreeReader {
 public:
  // The tree takes about twice the bytes of its JSON text (a member: 32 bytes for its key
  // and node, plus the key's and a string value's characters).
  explicit TreeReader(std::string_view text)
      : p_(text.data()), end_(text.data() + text.size()), builder_(2 * text.size()) {}

  tree::Document read() && {
    std::string_view key;  // the member name of the value about to be read (objects only)
    for (;;) {
      Node node;
      skip_blanks();
      const char c = next();
      if (c == '{' || c == '[') {
        const bool object = c == '{';
        open_.push_back({object, object ? members_.size() : elements_.size(), key});
        skip_blanks();
        if (p_ == end_ || *p_ != (object ? '}' : ']')) {
          key = object ? member_key() : std::string_view{};
          continue;
        }
        ++p_;  // empty
        node = close(key);
      } else {
        node = scalar(c);
      }
      // `node` is finished: add it to its container, closing containers until one goes on with ','.
      for (;;) {
        if (open_.empty()) {
          skip_blanks();
          if (p_ != end_) malformed();
          return std::move(builder_).finish(node);
        }
        const bool object = open_.back().object;
        if (object) {
          members_.push_back({key, node});
        } else {
          elements_.push_back(node);
        }
        skip_blanks();
        const char after = next();
        if (after == ',') {
          key = object ? member_key() : std::string_view{};
          break;
        }
        if (after != (object ? '}' : ']')) malformed();
        node = close(key);
      }
    }
  }

 private:
  using Node = tree::Node;

  struct Open {
    bool object;
    std::size_t first;      // its first member or element on members_ / elements_
    std::string_view key;   // its own member name in the container around it
  };

  // Closes the innermost container: its node, and in `key` the name it has in its parent.
  Node close(std::string_view& key) {
    const Open o = open_.back();
    open_.pop_back();
    key = o.key;
    if (o.object) {
      const Node out = builder_.object(members_.data() + o.first, members_.size() - o.first);
      members_.resize(o.first);
      return out;
    }
    const Node out = builder_.array(elements_.data() + o.first, elements_.size() - o.first);
    elements_.resize(o.first);
    return out;
  }

  Node scalar(char c) {
    switch (c) {
      case '"': return builder_.string(string());
      case 't': word("rue"); return builder_.boolean(true);
      case 'f': word("alse"); return builder_.boolean(false);
      case 'n': word("ull"); return builder_.null();
      default:
        --p_;
        return number();
    }
  }

  // "name": -> name, in the arena.
  std::string_view member_key() {
    skip_blanks();
    if (next() != '"') malformed();
    const std::string_view key = builder_.key(string());
    skip_blanks();
    if (next() != ':') malformed();
    return key;
  }

  // After the opening quote: the string's text, viewed in place when it has no escapes,
  // else decoded into scratch_ (valid until the next call).
  std::string_view string() {
    const char* start = p_;
    skip_unescaped();
    if (*p_ == '"') {
      ++p_;
      return {start, static_cast<std::size_t>(p_ - 1 - start)};
    }
    std::string& out = scratch_;
    out.assign(start, p_);
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
  Node number() {
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
      if (!overflow && !negative) return builder_.unsigned_integer(magnitude);
      const auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1;
      if (!overflow && magnitude <= limit) {
        return builder_.integer(magnitude == limit ? std::numeric_limits<std::int64_t>::min()
                                                   : -static_cast<std::int64_t>(magnitude));
      }
    }
    const std::string spelled(start, p_);
    return builder_.number_float(std::strtod(spelled.c_str(), nullptr));
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
  tree::Builder builder_;
  std::vector<Open> open_;
  std::vector<tree::Member> members_;
  std::vector<Node> elements_;
  std::string scratch_;
};

}  // namespace

tree::Document read_tree_json(std::string_view text) { return TreeReader(text).read(); }

}  // namespace schemashift::sql
