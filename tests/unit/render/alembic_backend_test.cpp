// The alembic backend (formats/alembic.yaml, templates/alembic/) on a spec full of strings
// that break naive code generation: quotes of every kind, backslashes, %, :name (a bind
// parameter for sqlalchemy.text()), #{} and line breaks, in a title, comments, defaults,
// CHECK and WHERE expressions, index expressions and a DO block with := and ::casts.
//
// The rendered revisions must compile (/usr/bin/python3 -m py_compile), and when they run
// against a recording stand-in for alembic's `op`, every value that reaches SQLAlchemy must
// be exactly the text of the plan: raw statements (sa.DDL, after its %-formatting),
// comments, server defaults, CHECK and WHERE expressions. The real-database proof is the
// e2e harness (tests/e2e/frameworks, `ctest -R "e2e: alembic"`).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "core/diagnostics.hpp"
#include "plan/plan.hpp"
#include "render/backend.hpp"
#include "render/native_resolve.hpp"
#include "render/plan_json.hpp"

using namespace schemashift;
namespace fs = std::filesystem;

namespace {

const char* const kPython = "/usr/bin/python3";  // Debian's, with alembic + SQLAlchemy

const char* const kSchema = R"SQL(CREATE TABLE public.accounts (
    id bigint NOT NULL,
    name text NOT NULL,
    score integer,
    CONSTRAINT accounts_pkey PRIMARY KEY (id)
);
)SQL";

// YAML single-quoted scalars keep backslashes; double-quoted ones decode \" \\ \n.
const char* const kSpec = R"YAML(issue: 901
title: 'Nasty "strings" \ back\slash :word 100% #{x} ''single'' """triple""" end\'
purpose: |
  Quotes ' " """, backslashes \ \\, percent 100%, :word and (:x), #{x}, a trailing backslash \
author: Tester <t@example.com>
created: 2024-05-01T10:00:00Z
schema: schema.sql
operations:
  - create_table:
      table: nasty
      columns:
        - {name: id, type: bigint, identity: always, primary_key: true}
        - name: label
          type: text
          nullable: false
          default: "it's \"q\" \\ :word 100% #{x} (:y) \\:z"
          comment: "line one\nline two :word 100% \"q\" 'a' \\ #{x}"
          check: "label <> ' :nope %' AND label <> E'\\\\:x'"
        - {name: tags, type: "varchar(20)[]"}
        - {name: at, type: timestamptz, default_expr: "now()"}
      comment: "table :comment 100% \"q\" \\ #{x}\r\nsecond line"
  - add_column:
      table: accounts
      column:
        name: note
        type: varchar(200)
        default: "%s :name %(x)s \\ \" ' #{y}"
        comment: "note's :comment \\n (a backslash and an n) 50%"
  - add_index:
      table: nasty
      name: nasty_label_idx
      columns:
        - {expr: "lower(label) || ' :x %'"}
        - {column: label, order: desc, nulls: first}
        - {column: at, opclass: timestamptz_ops}
      where: "label <> ' :where %' AND label::text <> 'a\\b'"
  - add_check:
      table: accounts
      name: accounts_note_check
      expr: "note <> ':y 100%' AND note !~ '\\d+:'"
  - set_default:
      table: accounts
      column: score
      default_expr: "length(':c %' || E'\\\\:d')"
  - change_column_type:
      table: accounts
      column: score
      type: bigint
      using: "(score % 1000)::bigint"
      strategy: offline
  - sql:
      description: "DO block with := and ::casts, :word, % and backslashes"
      up: |
        DO $$
        DECLARE
          v integer := '42'::integer;  -- a comment with :word and 100%
          s text := E'back\\slash :x %';
        BEGIN
          PERFORM v::text || ':' || s;
          RAISE NOTICE 'done: % (:y)', v;
        END
        $$
      down: |
        DO $$ BEGIN PERFORM ':down %'::text; END $$
)YAML";

// Runs every revision against a recording `op` and checks the values it receives.
const char* const kChecker = R"PY(
import importlib.util, json, sys
import sqlalchemy as sa

with open(sys.argv[1]) as f:
    plan = json.load(f)
strings = set()
def collect(j):
    if isinstance(j, dict):
        for v in j.values(): collect(v)
    elif isinstance(j, list):
        for v in j: collect(v)
    elif isinstance(j, str):
        strings.add(j)
collect(plan)
statements = set()
def collect_sql(j):
    if isinstance(j, dict):
        if "sql" in j and "native" in j: statements.add(j["sql"])
        for v in j.values(): collect_sql(v)
    elif isinstance(j, list):
        for v in j: collect_sql(v)
collect_sql(plan)

calls = []
class Block:
    def __enter__(self): calls.append(("autocommit_block", (), {}))
    def __exit__(self, *exc): return False
class Context:
    def autocommit_block(self): return Block()
class Op:
    def get_context(self): return Context()
    def __getattr__(self, name):
        return lambda *a, **k: calls.append((name, a, k))

def text_of(value):
    assert isinstance(value, sa.sql.elements.ColumnClause) and value.is_literal, repr(value)
    return value.name

checked = {"raw": 0, "comment": 0, "default": 0, "check": 0, "where": 0}
def expect(kind, value, pool):
    if value not in pool:
        sys.exit(f"{kind} not in the plan: {value!r}")
    checked[kind] += 1

for path in sys.argv[2:]:
    spec = importlib.util.spec_from_file_location("rev", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.revision.isdigit(), path
    mod.op = Op()
    calls.clear()
    mod.upgrade()
    mod.downgrade()
    for name, args, kw in calls:
        if name == "execute":
            (arg,) = args
            if isinstance(arg, str):
                assert arg.startswith("SET LOCAL "), arg
            else:
                assert isinstance(arg, sa.schema.DDL), repr(arg)
                expect("raw", arg.statement.replace("%%", "%"), statements)
        if "comment" in kw and kw["comment"] is not None:
            expect("comment", kw["comment"], strings)
        if name == "create_table_comment":
            expect("comment", args[1], strings)
        if kw.get("server_default") is not None:
            expect("default", text_of(kw["server_default"]), strings)
        if name == "create_check_constraint":
            expect("check", text_of(args[2]), strings)
        if "postgresql_where" in kw:
            expect("where", text_of(kw["postgresql_where"]), strings)
        if name == "create_table":
            for item in args[1:]:
                if isinstance(item, sa.Column) and isinstance(item.server_default, sa.DefaultClause):
                    expect("default", text_of(item.server_default.arg), strings)
                if isinstance(item, sa.CheckConstraint):
                    expect("check", text_of(item.sqltext), strings)
missing = [k for k, n in checked.items() if n == 0]
if missing:
    sys.exit(f"nothing of kind {missing} was checked")
print("checked", checked)
)PY";

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("schemashift_alembic_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& rel, const std::string& content) const {
    const fs::path p = path / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
};

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// Exit status of a shell command, its output in `log`.
int run(const std::string& command, const fs::path& log) {
  const int rc = std::system((command + " >" + quoted(log) + " 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("alembic backend: nasty strings become Python that compiles and keeps every value", "[render][alembic]") {
  TempDir dir;
  dir.write("schema.sql", kSchema);
  const fs::path spec = dir.write("nasty.yaml", kSpec);
  core::Diagnostics diags;
  auto plan = plan::build_plan(spec.string(), diags);
  REQUIRE(plan);
  const nlohmann::json ctx = render::plan_to_json(*plan);
  const auto files = render::render_backend(render::load_backend("alembic", {}), ctx);
  REQUIRE(files.size() == plan->migrations.size());

  std::string paths;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& m = plan->migrations[i];
    CHECK(files[i].path == "alembic/versions/" + m.version + "_" + m.slug + ".py");
    CHECK(files[i].content.find("Issue #901") != std::string::npos);
    CHECK(files[i].content.find("Generated by schemashift") != std::string::npos);
    CHECK(files[i].content.find("revision = \"" + m.version + "\"") != std::string::npos);
    const std::string down = i == 0 ? "down_revision = None" : "down_revision = \"" + plan->migrations[i - 1].version + "\"";
    CHECK(files[i].content.find(down) != std::string::npos);
    paths += " " + quoted(dir.write(files[i].path, files[i].content));
  }
  const std::string& first = files.front().content;
  // The title in the docstring: quotes and backslashes escaped, so """ cannot end it early.
  CHECK(first.find(R"(Nasty \"strings\" \\ back\\slash :word 100% #{x} 'single' \"\"\"triple\"\"\" end\\)") !=
        std::string::npos);
  // Comments and defaults: Python string literals; SQL fragments via sa.literal_column,
  // which SQLAlchemy does not scan for :name bind parameters.
  CHECK(first.find(R"(comment="line one\nline two :word 100% \"q\" 'a' \\ #{x}")") != std::string::npos);
  CHECK(first.find(R"(op.create_table_comment("nasty", "table :comment 100% \"q\" \\ #{x}\r\nsecond line"))") !=
        std::string::npos);
  CHECK(first.find(R"(server_default=sa.literal_column("'it''s \"q\" \\ :word 100% #{x} (:y) \\:z'"))") !=
        std::string::npos);
  CHECK(first.find("postgresql_not_valid=True") != std::string::npos);
  // Nothing is handed to sqlalchemy.text() (op.execute("...") with a plan statement).
  for (const auto& f : files) {
    CHECK(f.content.find("sa.text(") == std::string::npos);
    CHECK(f.content.find("op.execute(\"SET LOCAL") != std::string::npos);
  }

  if (::access(kPython, X_OK) != 0) {
    WARN(std::string(kPython) + " not found: the Python checks were skipped (scripts/install-deps.sh installs it)");
    return;
  }
  const fs::path log = dir.path / "python.log";
  // -W error: a SyntaxWarning (an invalid escape sequence such as "\d") fails as well.
  const int compiled = run(std::string(kPython) + " -I -W error -m py_compile" + paths, log);
  INFO(read(log));
  REQUIRE(compiled == 0);
  if (run(std::string(kPython) + " -I -c 'import alembic, sqlalchemy'", log) != 0) {
    WARN("alembic/SQLAlchemy are not importable by " + std::string(kPython) + ": the value checks were skipped");
    return;
  }
  const fs::path plan_json = dir.write("plan.json", ctx.dump());
  const fs::path checker = dir.write("check.py", kChecker);
  const int rc = run(std::string(kPython) + " -I -B -W error " + quoted(checker) + " " + quoted(plan_json) + paths, log);
  INFO(read(log));
  CHECK(rc == 0);
}

// ---- what the alembic templates rely on in the renderer ------------------------------

TEST_CASE("render_backend: _<name>.mustache partials and <variable>_is_default", "[render][backend]") {
  TempDir dir;
  dir.write("formats/p.yaml", R"(id: p
description: partials
escape: python
variables: {head: "None"}
files:
  - {each: change, path: out.txt, template: main.mustache}
)");
  dir.write("templates/p/main.mustache", "{{#items}}{{> _item}}{{/items}}|{{#head_is_default}}None{{/head_is_default}}"
                                         "{{^head_is_default}}\"{{head}}\"{{/head_is_default}}");
  dir.write("templates/p/_item.mustache", "[{{name}}]");
  const render::Backend b = render::load_backend("p", {dir.path.string()});
  const nlohmann::json ctx = {{"items", {{{"name", "a\"b"}}, {{"name", "c"}}}}};
  // A partial renders in the current context with the backend's escape, and is no output file.
  auto files = render::render_backend(b, ctx);
  REQUIRE(files.size() == 1);
  CHECK(files[0].content == "[a\\\"b][c]|None");
  // The default value, also when given explicitly, is "default"; anything else is not.
  CHECK(render::render_backend(b, ctx, {{"head", "None"}})[0].content == "[a\\\"b][c]|None");
  CHECK(render::render_backend(b, ctx, {{"head", "ae10\"27"}})[0].content == "[a\\\"b][c]|\"ae10\\\"27\"");
}

TEST_CASE("resolve_natives: sql_lines on every statement, has_schema on table references", "[render][native]") {
  nlohmann::json ctx = {{"steps",
                         {{{"up_statements",
                            {{{"sql", "DO $$\nBEGIN\nEND $$"}, {"native", nullptr}},
                             {{"sql", "ALTER TABLE s.t DROP COLUMN c"},
                              {"native",
                               {{"kind", "drop_column"},
                                {"table", {{"schema", "s"}, {"name", "t"}, {"qualified", "s.t"}}},
                                {"column", "c"}}}},
                             {{"sql", "ALTER TABLE t DROP COLUMN c"},
                              {"native",
                               {{"kind", "drop_column"},
                                {"table", {{"schema", ""}, {"name", "t"}, {"qualified", "t"}}},
                                {"column", "c"}}}}}}}}}};
  render::resolve_natives(ctx, render::NativeRules{{"drop_column"}, {}});
  const auto& st = ctx["steps"][0]["up_statements"];
  CHECK(st[0]["sql_lines"] == nlohmann::json::parse(R"([{"value": "DO $$", "first": true, "last": false},
    {"value": "BEGIN", "first": false, "last": false}, {"value": "END $$", "first": false, "last": true}])"));
  CHECK(st[1]["sql_lines"] ==
        nlohmann::json::parse(R"([{"value": "ALTER TABLE s.t DROP COLUMN c", "first": true, "last": true}])"));
  CHECK(st[1]["native"]["table"]["has_schema"] == true);
  CHECK(st[2]["native"]["table"]["has_schema"] == false);
}

TEST_CASE("plan_to_json: previous_version chains the migrations", "[render][plan_json]") {
  core::Diagnostics diags;
  auto p = plan::build_plan(std::string(SCHEMASHIFT_SOURCE_DIR) + "/samples/101-users-email-verified.yaml", diags);
  REQUIRE(p);
  const nlohmann::json ctx = render::plan_to_json(*p);
  const auto& ms = ctx.at("migrations");
  REQUIRE(ms.size() > 1);
  CHECK(ms[0]["previous_version"] == "");
  for (std::size_t i = 1; i < ms.size(); ++i) CHECK(ms[i]["previous_version"] == ms[i - 1]["version"]);
}
