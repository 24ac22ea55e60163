#pragma once
// Pretty-printed JSON written as it goes, byte for byte what nlohmann::json::dump(2)
// prints for the same values (keys in the order written; strings escaped by nlohmann,
// invalid UTF-8 replaced by U+FFFD), but without building a tree. The JSON and SARIF
// reports write one file's part at a time with it, at the part's nesting depth.
#include <string>
#include <string_view>
#include <vector>

namespace schemashift::lint::detail {

class JsonWriter {
 public:
  // `depth`: nesting level of the first value written (0 = a document's root). That value
  // starts without indentation; the caller places it.
  explicit JsonWriter(std::string& out, int depth = 0) : out_(out), depth_(depth) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  // Continues a container another writer opened (and wrote `empty` or not), one level
  // deeper than the last: for a document written in parts.
  JsonWriter& resume(bool empty = false);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b);
  JsonWriter& value(int n) { return value(static_cast<long long>(n)); }
  JsonWriter& value(long n) { return value(static_cast<long long>(n)); }
  JsonWriter& value(long long n);
  JsonWriter& value(unsigned long n) { return value(static_cast<unsigned long long>(n)); }
  JsonWriter& value(unsigned long long n);
  JsonWriter& null();
  JsonWriter& value(const std::vector<std::string>& strings);  // an array of strings

  template <typename T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

 private:
  void before_value();
  void newline_indent(std::size_t level);
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);

  std::string& out_;
  int depth_;
  std::vector<bool> empty_;   // per open container: nothing written in it yet
  bool after_key_ = false;
};

// `s` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view s);

}  // namespace schemashift::lint::detail
