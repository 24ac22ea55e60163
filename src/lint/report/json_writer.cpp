#include "lint/report/json_writer.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

namespace schemashift::lint::detail {

namespace {

template <typename N>
void append_number(std::string& out, N n) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

// Printable ASCII without quote and backslash is its own JSON form.
bool plain(std::string_view s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  if (plain(s)) {
    out += '"';
    out.append(s);
    out += '"';
    return;
  }
  // Escapes and UTF-8 (valid or not) exactly as the rest of the JSON output has always
  // been printed: by nlohmann's serializer.
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void JsonWriter::newline_indent(std::size_t level) {
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
