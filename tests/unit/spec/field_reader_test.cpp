#include <catch2/catch.hpp>

#include "spec/field_reader.hpp"
#include "spec/yaml_document.hpp"

using namespace schemashift;
using spec::FieldReader;

namespace {

core::Node yaml(const std::string& text) {
  core::Diagnostics diags;
  auto n = spec::parse_yaml(text, "f.yaml", diags);
  REQUIRE(n);
  REQUIRE_FALSE(diags.has_errors());
  return *n;
}

}  // namespace

TEST_CASE("FieldReader on something that is not a map", "[spec][field_reader]") {
  const core::Node n = yaml("- a\n- b\n");
  core::Diagnostics diags;
  FieldReader r(n, "column", diags);
  CHECK_FALSE(r.ok());
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "wrong-type");
  CHECK(diags.items()[0].message == "column must be a map, got a list");
  CHECK_FALSE(r.string("name"));
  r.finish();
  CHECK(diags.error_count() == 1);  // no extra noise
}

TEST_CASE("FieldReader::string", "[spec][field_reader]") {
  const core::Node n = yaml("plain: hello\nquoted: \"42\"\nblank: '  '\nlist: [a]\nnull_value:\n");
  core::Diagnostics diags;
  FieldReader r(n, "thing", diags);
  CHECK(r.string("plain") == std::optional<std::string>("hello"));
  CHECK(r.string("quoted") == std::optional<std::string>("42"));
  CHECK(r.string("blank") == std::optional<std::string>("  "));  // optional: blank is allowed
  CHECK_FALSE(r.string("absent"));
  CHECK(r.ok());
  CHECK(diags.items().empty());

  CHECK_FALSE(r.string("list"));
  CHECK_FALSE(r.ok());
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].message == "`list` must be text, got a list");
  CHECK(diags.items()[0].where.line == 4);
  CHECK(diags.items()[0].where.column == 7);

  CHECK_FALSE(r.string("null_value"));
  CHECK(diags.items().back().message == "`null_value` must be text, got null");
}

TEST_CASE("FieldReader::string required", "[spec][field_reader]") {
  const core::Node n = yaml("# leading comment\nname: '   '\n");
  core::Diagnostics diags;
  FieldReader r(n, "column", diags);
  CHECK_FALSE(r.string("type", true));
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "missing-key");
  CHECK(diags.items()[0].message == "column needs `type`");
  CHECK(diags.items()[0].hint == "add `type: <text>`");
  CHECK(diags.items()[0].where.line == 2);  // the map's position
  CHECK(diags.items()[0].where.column == 1);
  CHECK_FALSE(r.string("name", true));
  CHECK(diags.items().back().message == "`name` must not be empty");
}

TEST_CASE("FieldReader::integer", "[spec][field_reader]") {
  const core::Node n = yaml(
      "a: 42\nb: -7\nc: \"42\"\nd: 4.2\ne: 99999999999999999999\nf: 5\ng: '-'\nh: \"-\"\ni: [1]\nj: +3\nk: 0x10\n");
  core::Diagnostics diags;
  FieldReader r(n, "m", diags);
  CHECK(r.integer("a") == std::optional<long long>(42));
  CHECK(r.integer("b", false, -10, 10) == std::optional<long long>(-7));
  CHECK(diags.items().empty());

  CHECK_FALSE(r.integer("c"));
  CHECK(diags.items().back().message == "`c` must be a whole number, got '42'");
  CHECK_FALSE(r.integer("d"));
  CHECK_FALSE(r.integer("e"));
  CHECK(diags.items().back().message == "`e` is out of range");
  CHECK_FALSE(r.integer("f", false, 10, 20));
  CHECK(diags.items().back().message == "`f` must be between 10 and 20, got 5");
  CHECK_FALSE(r.integer("g"));
  CHECK_FALSE(r.integer("h"));
  CHECK_FALSE(r.integer("i"));
  CHECK(diags.items().back().message == "`i` must be a whole number, got a list");
  CHECK_FALSE(r.integer("j"));
  CHECK_FALSE(r.integer("k"));
  CHECK(diags.error_count() == 9);
  // The default minimum is 0.
  const core::Node neg = yaml("n: -1\n");
  core::Diagnostics d2;
  FieldReader r2(neg, "m", d2);
  CHECK_FALSE(r2.integer("n"));
  CHECK(d2.error_count() == 1);
}

TEST_CASE("FieldReader::boolean accepts only plain true/false", "[spec][field_reader]") {
  const core::Node n = yaml("t: true\nf: false\nq: \"true\"\ny: yes\nT: True\none: 1\n");
  core::Diagnostics diags;
  FieldReader r(n, "m", diags);
  CHECK(r.boolean("t") == std::optional<bool>(true));
  CHECK(r.boolean("f") == std::optional<bool>(false));
  CHECK_FALSE(r.boolean("absent"));
  CHECK(diags.items().empty());
  CHECK_FALSE(r.boolean("q"));
  CHECK(diags.items().back().message == "`q` must be true or false, got 'true'");
  CHECK_FALSE(r.boolean("y"));
  CHECK_FALSE(r.boolean("T"));
  CHECK_FALSE(r.boolean("one"));
  CHECK(diags.error_count() == 4);
  CHECK_FALSE(r.boolean("missing", true));
  CHECK(diags.items().back().hint == "add `missing: <true|false>`");
}

TEST_CASE("FieldReader::duration_ms", "[spec][field_reader][duration]") {
  const core::Node n = yaml("a: 500ms\nb: 30s\nc: 2min\nd: 0\ne: 500\nf: 5h\ng: 0s\nh: 999999999ms\ni: 1000000000ms\n");
  core::Diagnostics diags;
  FieldReader r(n, "settings", diags);
  CHECK(r.duration_ms("a") == std::optional<long long>(500));
  CHECK(r.duration_ms("b") == std::optional<long long>(30'000));
  CHECK(r.duration_ms("c") == std::optional<long long>(120'000));
  CHECK(r.duration_ms("d") == std::optional<long long>(0));
  CHECK(r.duration_ms("g") == std::optional<long long>(0));
  CHECK(r.duration_ms("h") == std::optional<long long>(999'999'999));
  CHECK_FALSE(r.duration_ms("absent"));
  CHECK(diags.items().empty());
  CHECK_FALSE(r.duration_ms("e"));
  CHECK(diags.items().back().message == "`e` must be a duration such as 500ms, 30s or 2min, got '500'");
  CHECK(diags.items().back().where.line == 5);
  CHECK_FALSE(r.duration_ms("f"));
  CHECK(diags.items().back().message == "`f` must be a duration such as 500ms, 30s or 2min, got '5h'");
  CHECK_FALSE(r.duration_ms("i"));  // more than 9 digits
  CHECK(diags.error_count() == 3);
}

TEST_CASE("FieldReader::choice hints at the closest allowed value", "[spec][field_reader]") {
  const core::Node n = yaml("a: cascade\nb: cascde\nc: explode\nd: CASCADE\n");
  core::Diagnostics diags;
  FieldReader r(n, "references", diags);
  const std::vector<std::string> allowed = {"cascade", "restrict", "set_null"};
  CHECK(r.choice("a", allowed) == std::optional<std::string>("cascade"));
  CHECK_FALSE(r.choice("b", allowed));
  CHECK(diags.items().back().message == "`b` must be one of cascade, restrict, set_null, got 'cascde'");
  CHECK(diags.items().back().hint == "did you mean 'cascade'?");
  CHECK_FALSE(r.choice("c", allowed));
  CHECK(diags.items().back().hint.empty());
  CHECK_FALSE(r.choice("d", allowed));  // case-sensitive, as documented
  CHECK(diags.items().back().hint == "did you mean 'cascade'?");
  CHECK_FALSE(r.choice("e", allowed, true));
  CHECK(diags.items().back().code == "missing-key");
}

TEST_CASE("FieldReader::string_list", "[spec][field_reader]") {
  const core::Node n = yaml("a: [x, y]\nb: x\nc: []\nd: [x, [y], {z: 1}]\ne:\n  - one\n  - two\n");
  core::Diagnostics diags;
  FieldReader r(n, "add_index", diags);
  CHECK(r.string_list("a") == std::optional<std::vector<std::string>>({"x", "y"}));
  CHECK(r.string_list("e") == std::optional<std::vector<std::string>>({"one", "two"}));
  CHECK(r.string_list("c") == std::optional<std::vector<std::string>>(std::vector<std::string>{}));
  CHECK(diags.items().empty());
  CHECK_FALSE(r.string_list("b"));  // a single string is not a list
  CHECK(diags.items().back().message == "`b` must be a list, got a scalar");
  CHECK(diags.items().back().hint == "write `b: [a, b]` or one `- item` per line");
  CHECK_FALSE(r.string_list("c", true));
  CHECK(diags.items().back().message == "`c` must not be empty");
  const auto before = diags.error_count();
  auto d = r.string_list("d");
  CHECK(diags.error_count() == before + 2);  // one per bad item, at the item
  CHECK(diags.items().back().where.line == 4);
  REQUIRE(d);
  CHECK(*d == std::vector<std::string>{"x"});
}

TEST_CASE("FieldReader::scalar_or_null and node", "[spec][field_reader]") {
  const core::Node n = yaml("a: pending\nb:\nc: [1]\nd: {x: 1}\n");
  core::Diagnostics diags;
  FieldReader r(n, "column", diags);
  REQUIRE(r.scalar_or_null("a"));
  CHECK(r.scalar_or_null("a")->scalar == "pending");
  REQUIRE(r.scalar_or_null("b"));
  CHECK(r.scalar_or_null("b")->is_null());
  CHECK(r.scalar_or_null("absent") == nullptr);
  CHECK(diags.items().empty());
  CHECK(r.scalar_or_null("c") == nullptr);
  CHECK(diags.items().back().message == "`c` must be a single value, got a list");
  REQUIRE(r.node("d"));
  CHECK(r.node("d")->is_map());
  CHECK(r.node("zz") == nullptr);
  CHECK(r.node("zz", true) == nullptr);
  CHECK(diags.items().back().code == "missing-key");
}

TEST_CASE("FieldReader::where points at a key's value, else at the map", "[spec][field_reader]") {
  const core::Node n = yaml("\n\nouter:\n  name: x\n  type:   text\n");
  const core::Node& inner = *n.find("outer");
  core::Diagnostics diags;
  FieldReader r(inner, "column", diags);
  CHECK(r.where("type").line == 5);
  CHECK(r.where("type").column == 11);
  CHECK(r.where("missing").line == 4);
  CHECK(r.where("missing").column == 3);
  CHECK(r.where().file == "f.yaml");
  CHECK(r.has("name"));
  CHECK_FALSE(r.has("missing"));
}

TEST_CASE("FieldReader::where(key, index) points at one list item", "[spec][field_reader]") {
  const core::Node n = yaml("block:\n  - a\n  - bb\nflow: [x,  yy]\nscalar: s\n");
  core::Diagnostics diags;
  FieldReader r(n, "thing", diags);
  CHECK(r.where("block", 0).line == 2);
  CHECK(r.where("block", 0).column == 5);
  CHECK(r.where("block", 1).line == 3);
  CHECK(r.where("block", 1).column == 5);
  CHECK(r.where("flow", 0).line == 4);
  CHECK(r.where("flow", 0).column == 8);
  CHECK(r.where("flow", 1).line == 4);
  CHECK(r.where("flow", 1).column == 12);
  // Past the end, not a list, or missing: the key's value, else the map.
  CHECK(r.where("flow", 2).column == r.where("flow").column);
  CHECK(r.where("scalar", 0).line == 5);
  CHECK(r.where("scalar", 0).column == 9);
  CHECK(r.where("missing", 0).line == r.where().line);
  CHECK(diags.items().empty());
}

TEST_CASE("FieldReader::finish reports every unknown key once", "[spec][field_reader]") {
  const core::Node n = yaml("name: a\nnulable: false\ntyp: text\nwhatever: 1\nskipme: 2\n");
  core::Diagnostics diags;
  FieldReader r(n, "column", diags);
  r.string("name");
  r.boolean("nullable");
  r.string("type");
  r.accept("skipme");
  r.finish();
  CHECK_FALSE(r.ok());
  REQUIRE(diags.error_count() == 3);
  const auto& items = diags.items();
  CHECK(items[0].code == "unknown-key");
  CHECK(items[0].message == "unknown key `nulable` in column");
  CHECK(items[0].hint == "did you mean `nullable`?");
  CHECK(items[0].where.line == 2);
  CHECK(items[0].where.column == 1);
  CHECK(items[1].hint == "did you mean `type`?");
  CHECK(items[2].message == "unknown key `whatever` in column");
  CHECK(items[2].hint == "allowed keys: name, nullable, type, skipme");
}

TEST_CASE("FieldReader::error marks the reader failed and points at the value", "[spec][field_reader]") {
  const core::Node n = yaml("a: 1\nb: 2\n");
  core::Diagnostics diags;
  FieldReader r(n, "m", diags);
  CHECK(r.ok());
  r.error("b", "bad b", "fix b");
  CHECK_FALSE(r.ok());
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "invalid-value");
  CHECK(diags.items()[0].where.line == 2);
  CHECK(diags.items()[0].where.column == 4);
  CHECK(diags.items()[0].hint == "fix b");
}

TEST_CASE("expect_map", "[spec][field_reader]") {
  core::Diagnostics diags;
  CHECK(spec::expect_map(yaml("a: 1\n"), "x", diags));
  CHECK_FALSE(spec::expect_map(yaml("just text\n"), "rows", diags));
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].message == "rows must be a map, got a scalar");
  CHECK_FALSE(spec::expect_map(yaml("\"quoted\"\n"), "rows", diags));
  CHECK(diags.items()[1].message == "rows must be a map, got a string");
}
