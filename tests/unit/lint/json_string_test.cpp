#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "lint/report/json_writer.hpp"

using schemashift::lint::detail::append_json_string;

namespace {

std::string nlohmann_form(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ours(const std::string& s) {
  std::string out = "prefix";
  append_json_string(out, s);
  return out.substr(6);
}

}  // namespace

TEST_CASE("append_json_string writes what nlohmann's serializer writes") {
  // Every byte, at every position of an eight-byte word and in the tail after it.
  for (int b = 0; b < 256; ++b) {
    for (std::size_t at = 0; at < 19; ++at) {
      std::string s(18, 'x');
      s.insert(at, 1, static_cast<char>(b));
      INFO("byte " << b << " at " << at);
      CHECK(ours(s) == nlohmann_form(s));
    }
  }
  for (const std::string s : {"", "plain", "CREATE TABLE t (\n  a int\n);\t-- \"q\" \\ \x7f",
                              "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "bad \xc3 utf8 \xff\xfe", "\x01\x1f end"}) {
    INFO(s);
    CHECK(ours(s) == nlohmann_form(s));
  }
}
