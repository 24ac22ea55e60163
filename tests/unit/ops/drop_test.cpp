#include <catch2/catch.hpp>

#include "core/text.hpp"
#include "ops_test_support.hpp"

using namespace schemashift;
using ops::Phase;
using ops_test::any_contains;

TEST_CASE("drop_column is contract only with a DATA LOSS down note", "[ops][drop_column]") {
  auto c = ops_test::run("  - drop_column:\n      table: users\n      column: phone\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Contract);
  CHECK(steps[0].up == std::vector<std::string>{"ALTER TABLE users DROP COLUMN IF EXISTS phone"});
  CHECK(steps[0].down == std::vector<std::string>{"ALTER TABLE users ADD COLUMN IF NOT EXISTS phone text"});
  CHECK(core::starts_with(steps[0].down_note, "DATA LOSS"));
  CHECK_FALSE(c->schema.find_table({"", "users"})->find_column("phone"));
}

TEST_CASE("drop_column down recreates indexes and comes back nullable", "[ops][drop_column]") {
  auto c = ops_test::run("  - set_not_null:\n      table: users\n      column: age\n"
                         "  - drop_column:\n      table: users\n      column: age\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Contract);
  CHECK(steps[0].down[0] == "ALTER TABLE users ADD COLUMN IF NOT EXISTS age integer");
  CHECK(any_contains(steps[0].down, "CREATE INDEX IF NOT EXISTS users_age_idx ON users (age)"));
  CHECK(core::starts_with(steps[0].down_note, "DATA LOSS"));
  CHECK(steps[0].down_note.find("nullable") != std::string::npos);
  CHECK_FALSE(c->schema.find_index({"", "users_age_idx"}));
}

TEST_CASE("drop_column keeps NOT NULL in the down when there is a default", "[ops][drop_column]") {
  auto c = ops_test::run("  - drop_column:\n      table: users\n      column: created_at\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(c->steps()[0].down[0] == "ALTER TABLE users ADD COLUMN IF NOT EXISTS created_at timestamptz DEFAULT now() NOT NULL");
}

TEST_CASE("drop_column down restores the column comment", "[ops][drop_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n      column: {name: bio, type: text, comment: \"Short bio, user's own\"}\n"
      "  - drop_column:\n      table: users\n      column: bio\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(any_contains(steps[0].down, "COMMENT ON COLUMN users.bio IS 'Short bio, user''s own'"));
}

TEST_CASE("drop_column validation errors", "[ops][drop_column][validation]") {
  SECTION("unknown column") {
    auto c = ops_test::run("  - drop_column:\n      table: users\n      column: phnoe\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("unknown-column"));
  }
  SECTION("referenced by a foreign key") {
    auto c = ops_test::run("  - drop_column:\n      table: orders\n      column: id\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("column-referenced"));
    CHECK(c->first("column-referenced")->message.find("invoices_order_id_fkey") != std::string::npos);
  }
  SECTION("dropped twice") {
    auto c = ops_test::run("  - drop_column:\n      table: users\n      column: phone\n"
                           "  - drop_column:\n      table: users\n      column: phone\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-column"));
    CHECK(c->first("unknown-column")->where.line == 13);
  }
}

TEST_CASE("drop_table is contract only with a DATA LOSS down note", "[ops][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: archive\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].phase == Phase::Contract);
  CHECK(steps[0].up == std::vector<std::string>{"DROP TABLE IF EXISTS archive"});
  REQUIRE(steps[0].down.size() == 1);
  CHECK(core::starts_with(steps[0].down[0].sql, "CREATE TABLE IF NOT EXISTS archive ("));
  CHECK(steps[0].down[0].sql.find("id integer NOT NULL") != std::string::npos);
  CHECK(steps[0].down[0].sql.find("PRIMARY KEY (id)") != std::string::npos);
  CHECK(core::starts_with(steps[0].down_note, "DATA LOSS"));
  CHECK_FALSE(c->schema.find_table({"", "archive"}));
}

TEST_CASE("drop_table down recreates plain indexes", "[ops][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: invoices\n  - drop_table:\n      table: orders\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  CHECK(any_contains(steps[0].down, "CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id)"));
  CHECK_FALSE(c->schema.find_index({"", "orders_customer_id_idx"}));
}

TEST_CASE("drop_table validation errors", "[ops][drop_table][validation]") {
  SECTION("referenced by another table") {
    auto c = ops_test::run("  - drop_table:\n      table: orders\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("table-referenced"));
  }
  SECTION("unknown table with did-you-mean") {
    auto c = ops_test::run("  - drop_table:\n      table: archiv\n");
    CHECK_FALSE(c->applied);
    REQUIRE(c->has_error("unknown-table"));
    CHECK(c->first("unknown-table")->hint == "did you mean 'archive'?");
  }
  SECTION("later operations cannot use a dropped table") {
    auto c = ops_test::run("  - drop_table:\n      table: archive\n"
                           "  - add_column:\n      table: archive\n      column: {name: x, type: text}\n");
    CHECK_FALSE(c->applied);
    CHECK(c->has_error("unknown-table"));
  }
}

namespace {

// pg_dump's spelling: schema-qualified names, comments and triggers after the table.
const char* const kNotesSchema = R"SQL(
CREATE FUNCTION public.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE TABLE public.notes (
    id bigint NOT NULL,
    body text,
    updated_at timestamp with time zone,
    CONSTRAINT notes_pkey PRIMARY KEY (id)
);
CREATE INDEX notes_updated_at_idx ON public.notes USING btree (updated_at);
COMMENT ON TABLE public.notes IS 'Free-form notes';
COMMENT ON COLUMN public.notes.body IS 'Markdown, the user''s own';
COMMENT ON COLUMN public.notes.updated_at IS 'Set by notes_touch';

CREATE TABLE public.tags (
    id bigint PRIMARY KEY,
    updated_at timestamp with time zone
);

CREATE TRIGGER notes_touch BEFORE UPDATE ON public.notes FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER tags_touch BEFORE UPDATE ON public.tags FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER notes_first_write AFTER INSERT ON public.notes FOR EACH ROW WHEN ((new.body IS NOT NULL)) EXECUTE FUNCTION public.touch_updated_at();
)SQL";

}  // namespace

TEST_CASE("drop_table down restores the table and column comments", "[ops][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: notes\n", "", kNotesSchema);
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  const auto& down = steps[0].down;
  INFO(ops_test::joined(down));
  REQUIRE(down.size() >= 5);
  CHECK(core::starts_with(down[0].sql, "CREATE TABLE IF NOT EXISTS notes ("));
  // The index keeps the table name as the dump spelled it (public.notes).
  CHECK(core::starts_with(down[1].sql, "CREATE INDEX IF NOT EXISTS notes_updated_at_idx ON "));
  CHECK(down[2] == "COMMENT ON TABLE notes IS 'Free-form notes'");
  CHECK(down[3] == "COMMENT ON COLUMN notes.body IS 'Markdown, the user''s own'");
  CHECK(down[4] == "COMMENT ON COLUMN notes.updated_at IS 'Set by notes_touch'");
  CHECK_FALSE(any_contains(down, "COMMENT ON COLUMN notes.id"));
}

TEST_CASE("drop_table down recreates the table's triggers after the table", "[ops][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: notes\n", "", kNotesSchema);
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  const auto& down = steps[0].down;
  INFO(ops_test::joined(down));
  REQUIRE(down.size() == 9);
  // Each trigger: DROP IF EXISTS then the dump's own CREATE TRIGGER, so the down can run twice.
  CHECK(down[5] == "DROP TRIGGER IF EXISTS notes_touch ON notes");
  CHECK(down[6] ==
        "CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at()");
  CHECK(down[7] == "DROP TRIGGER IF EXISTS notes_first_write ON notes");
  CHECK(down[8] ==
        "CREATE TRIGGER notes_first_write AFTER INSERT ON notes FOR EACH ROW WHEN ((new.body IS NOT NULL)) "
        "EXECUTE FUNCTION public.touch_updated_at()");
  CHECK(steps[0].rerunnable);
  // Another table's trigger is not part of this down.
  CHECK_FALSE(any_contains(down, "tags_touch"));
  // The schema after the drop no longer has the table's triggers; other tables keep theirs.
  CHECK(c->schema.triggers_of({"", "notes"}).empty());
  REQUIRE(c->schema.triggers.size() == 1);
  CHECK(c->schema.triggers[0].name == "tags_touch");
}

TEST_CASE("drop_table after rename_table recreates the triggers on the new name", "[ops][drop_table]") {
  auto c = ops_test::run(
      "  - rename_table:\n      table: notes\n      to: memos\n"
      "  - drop_table:\n      table: memos\n",
      "", kNotesSchema);
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps(1);
  REQUIRE(steps.size() == 1);
  INFO(ops_test::joined(steps[0].down));
  CHECK(any_contains(steps[0].down, "DROP TRIGGER IF EXISTS notes_touch ON memos"));
  CHECK(any_contains(steps[0].down, "CREATE TRIGGER notes_touch BEFORE UPDATE ON memos FOR EACH ROW"));
  CHECK_FALSE(any_contains(steps[0].down, " ON public.notes "));
  CHECK(any_contains(steps[0].down, "COMMENT ON COLUMN memos.body IS"));
}

TEST_CASE("drop_table of a table without comments or triggers adds nothing to the down", "[ops][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: tags\n", "", kNotesSchema);
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 1);
  INFO(ops_test::joined(steps[0].down));
  // tags has a trigger but no comments.
  REQUIRE(steps[0].down.size() == 3);
  CHECK(steps[0].down[1] == "DROP TRIGGER IF EXISTS tags_touch ON tags");
  CHECK_FALSE(any_contains(steps[0].down, "COMMENT ON"));

  auto plain = ops_test::run("  - drop_table:\n      table: archive\n");
  REQUIRE(plain->applied);
  CHECK(plain->steps()[0].down.size() == 1);
}

// ---- drop_table of a table that owns a sequence ----------------------------------------

namespace {
const char* const kSerialSchema = R"SQL(
CREATE TABLE public.tickets (
    id integer NOT NULL,
    ref bigint NOT NULL,
    title text
);
CREATE SEQUENCE public.tickets_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.tickets_id_seq OWNED BY public.tickets.id;
CREATE SEQUENCE public.shared_refs START WITH 1;
ALTER TABLE ONLY public.tickets ALTER COLUMN id SET DEFAULT nextval('public.tickets_id_seq'::regclass);
ALTER TABLE ONLY public.tickets ALTER COLUMN ref SET DEFAULT nextval('public.shared_refs'::regclass);
ALTER TABLE ONLY public.tickets ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);
CREATE TABLE public.events (
    id bigint GENERATED ALWAYS AS IDENTITY,
    kind text
);
)SQL";
}  // namespace

TEST_CASE("drop_table down recreates a serial column's sequence before the table, owned by the column",
          "[ops][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: tickets\n", "", kSerialSchema);
  INFO(c->report());
  REQUIRE(c->applied);
  const auto down = c->steps()[0].down;
  REQUIRE(down.size() >= 4);
  // The serial's own sequence, and the shared one (not owned: DROP TABLE leaves it, and
  // IF NOT EXISTS finds it), come back before the CREATE TABLE whose defaults need them.
  CHECK(down[0].sql == "CREATE SEQUENCE IF NOT EXISTS tickets_id_seq AS integer");
  CHECK(down[1].sql == "CREATE SEQUENCE IF NOT EXISTS shared_refs AS bigint");
  CHECK(core::starts_with(down[2].sql, "CREATE TABLE IF NOT EXISTS tickets ("));
  CHECK(down[2].sql.find("nextval('public.tickets_id_seq'::regclass)") != std::string::npos);
  CHECK(down[3].sql == "ALTER SEQUENCE tickets_id_seq OWNED BY tickets.id");
  CHECK_FALSE(any_contains(down, "OWNED BY tickets.ref"));
  // What is not restored is said, and the position is recorded before the drop.
  CHECK(c->steps()[0].down_note.find("restarts its sequences at 1") != std::string::npos);
  const auto pre = c->ops[0]->preflight();
  REQUIRE(pre.size() == 2);
  CHECK(pre[1].sql == "SELECT last_value, is_called FROM tickets_id_seq");
  CHECK(pre[1].expect == ops::Expect::Report);
}

TEST_CASE("drop_table of an identity column: the down's identity makes its own sequence", "[ops][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: events\n", "", kSerialSchema);
  INFO(c->report());
  REQUIRE(c->applied);
  const auto down = c->steps()[0].down;
  CHECK(core::starts_with(down[0].sql, "CREATE TABLE IF NOT EXISTS events ("));
  CHECK(down[0].sql.find("GENERATED ALWAYS AS IDENTITY") != std::string::npos);
  CHECK_FALSE(any_contains(down, "SEQUENCE"));
  const auto pre = c->ops[0]->preflight();
  REQUIRE(pre.size() == 2);
  CHECK(pre[1].sql.find("pg_get_serial_sequence('events', 'id')") != std::string::npos);
}

TEST_CASE("drop_table without sequences keeps its note and checks", "[ops][drop_table]") {
  auto c = ops_test::run("  - drop_table:\n      table: audit_log\n");
  INFO(c->report());
  REQUIRE(c->applied);
  CHECK(c->steps()[0].down_note.find("sequences") == std::string::npos);
  CHECK(c->ops[0]->preflight().size() == 1);
}
