#include <catch2/catch.hpp>

#include "model/sql_schema_loader.hpp"

using namespace schemashift;
using namespace schemashift::model;

namespace {

// Output of pg_dump 15.18 --schema-only (shortened; comments and blank lines as produced).
const char* const kPgDump = R"SQL(--
-- PostgreSQL database dump
--

\restrict k103yb6Moy0iRf0cphyPy7SFLGyQFseRqRbZxEY8S8UDXqUkI3FSWpCzo1JJcrP

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

CREATE SCHEMA billing;

ALTER SCHEMA billing OWNER TO postgres;

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';

CREATE TYPE public.contact_status AS ENUM (
    'new',
    'active',
    'archived'
);

ALTER TYPE public.contact_status OWNER TO postgres;

CREATE FUNCTION public.add_tax(amount numeric, rate numeric DEFAULT 0.2) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT amount * (1 + rate) $$;

CREATE FUNCTION public.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.placed_at := now(); -- ; semicolons inside
  RETURN NEW;
END;
$$;

ALTER FUNCTION public.touch_updated_at() OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: invoices; Type: TABLE; Schema: billing; Owner: postgres
--

CREATE TABLE billing.invoices (
    id bigint NOT NULL,
    order_id bigint,
    amount numeric(12,2),
    CONSTRAINT invoices_amount_positive CHECK (((amount > (0)::numeric) AND (amount < (1000000)::numeric)))
);

ALTER TABLE billing.invoices OWNER TO postgres;

ALTER TABLE billing.invoices ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing.invoices_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.customers (
    id integer NOT NULL,
    email character varying(255) NOT NULL,
    name text,
    status public.contact_status DEFAULT 'new'::public.contact_status NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone
);

ALTER TABLE public.customers OWNER TO postgres;

COMMENT ON TABLE public.customers IS 'People who buy things';

COMMENT ON COLUMN public.customers.email IS 'Primary contact address';

CREATE VIEW public.active_customers AS
 SELECT customers.id,
    customers.email
   FROM public.customers
  WHERE (customers.deleted_at IS NULL);

ALTER TABLE public.active_customers OWNER TO postgres;

CREATE SEQUENCE public.customers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER TABLE public.customers_id_seq OWNER TO postgres;

ALTER SEQUENCE public.customers_id_seq OWNED BY public.customers.id;

CREATE TABLE public.orders (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    total numeric(10,2) DEFAULT 0 NOT NULL,
    state character varying(20) DEFAULT 'pending'::character varying,
    placed_at timestamp(3) without time zone,
    tags text[],
    token uuid DEFAULT gen_random_uuid(),
    CONSTRAINT orders_total_check CHECK ((total >= (0)::numeric))
);

CREATE SEQUENCE public.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;

ALTER TABLE ONLY public.customers ALTER COLUMN id SET DEFAULT nextval('public.customers_id_seq'::regclass);

ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);

ALTER TABLE ONLY billing.invoices
    ADD CONSTRAINT invoices_order_id_amount_key UNIQUE (order_id, amount);

ALTER TABLE ONLY billing.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_email_key UNIQUE (email);

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);

CREATE INDEX customers_active_idx ON public.customers USING btree (created_at DESC) WHERE (deleted_at IS NULL);

CREATE INDEX customers_lower_email_idx ON public.customers USING btree (lower((email)::text));

CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id) INCLUDE (total);

CREATE UNIQUE INDEX orders_token_key ON public.orders USING btree (token);

CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

ALTER TABLE ONLY billing.invoices
    ADD CONSTRAINT invoices_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id);

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE;

GRANT SELECT ON TABLE public.orders TO PUBLIC;

--
-- PostgreSQL database dump complete
--

\unrestrict k103yb6Moy0iRf0cphyPy7SFLGyQFseRqRbZxEY8S8UDXqUkI3FSWpCzo1JJcrP
)SQL";

Schema load(const std::string& sql, core::Diagnostics& diags) {
  auto schema = load_schema_sql(sql, "schema.sql", diags);
  REQUIRE(schema);
  return *schema;
}

Schema load_clean(const std::string& sql) {
  core::Diagnostics diags;
  Schema schema = load(sql, diags);
  for (const auto& d : diags.items()) FAIL_CHECK(d.where.str() << ": " << d.message);
  return schema;
}

const Table& table(const Schema& schema, const std::string& schema_name, const std::string& name) {
  const Table* t = schema.find_table({schema_name, name});
  INFO(schema_name << "." << name);
  REQUIRE(t);
  return *t;
}

const Column& column(const Table& t, const std::string& name) {
  const Column* c = t.find_column(name);
  INFO(t.name.key() << "." << name);
  REQUIRE(c);
  return *c;
}

const Constraint& constraint(const Table& t, const std::string& name) {
  const Constraint* c = t.find_constraint(name);
  INFO(t.name.key() << " constraint " << name);
  REQUIRE(c);
  return *c;
}

const Index& index(const Schema& schema, const std::string& name) {
  const Index* i = schema.find_index({"", name});
  INFO("index " << name);
  REQUIRE(i);
  return *i;
}

}  // namespace

TEST_CASE("pg_dump: tables keep the schema as written and their columns") {
  const Schema schema = load_clean(kPgDump);
  CHECK(schema.tables.size() == 3);
  const Table& customers = table(schema, "", "customers");
  CHECK(customers.name.schema == "public");
  CHECK(customers.defined_at.file == "schema.sql");
  CHECK(customers.defined_at.line == 74);
  CHECK(customers.defined_at.column == 1);
  CHECK(customers.comment == std::optional<std::string>("People who buy things"));

  REQUIRE(customers.columns.size() == 6);
  const Column& id = column(customers, "id");
  CHECK(id.type.sql() == "integer");
  CHECK_FALSE(id.nullable);
  CHECK(id.default_sql == std::optional<std::string>("nextval('public.customers_id_seq'::regclass)"));

  const Column& email = column(customers, "email");
  CHECK(email.type.sql() == "varchar(255)");
  CHECK(email.comment == std::optional<std::string>("Primary contact address"));

  const Column& status = column(customers, "status");
  CHECK(status.type.name == "contact_status");
  CHECK(status.type.schema.empty());
  CHECK(status.default_sql == std::optional<std::string>("'new'::public.contact_status"));
  CHECK_FALSE(status.nullable);

  CHECK(column(customers, "created_at").default_sql == std::optional<std::string>("now()"));
  CHECK(column(customers, "deleted_at").nullable);
  CHECK_FALSE(column(customers, "deleted_at").default_sql);

  const Table& orders = table(schema, "public", "orders");
  CHECK(column(orders, "state").default_sql == std::optional<std::string>("'pending'::character varying"));
  CHECK(column(orders, "total").default_sql == std::optional<std::string>("0"));
  CHECK(column(orders, "placed_at").type.sql() == "timestamp(3)");
  CHECK(column(orders, "tags").type.sql() == "text[]");
  CHECK(column(orders, "token").default_sql == std::optional<std::string>("gen_random_uuid()"));
}

TEST_CASE("pg_dump: identity columns added by ALTER TABLE") {
  const Schema schema = load_clean(kPgDump);
  const Table& invoices = table(schema, "billing", "invoices");
  CHECK(column(invoices, "id").identity == Identity::Always);
  CHECK(schema.relation_name_taken({"billing", "invoices_id_seq"}));
}

TEST_CASE("pg_dump: constraints from ALTER TABLE ONLY and their backing indexes") {
  const Schema schema = load_clean(kPgDump);
  const Table& customers = table(schema, "public", "customers");
  REQUIRE(customers.primary_key());
  CHECK(customers.primary_key()->name == "customers_pkey");
  CHECK(customers.primary_key()->columns == std::vector<std::string>{"id"});

  const Index& pk_index = index(schema, "customers_pkey");
  CHECK(pk_index.unique);
  CHECK(pk_index.backs_constraint);
  CHECK(pk_index.table == QualifiedName{"", "customers"});

  const Constraint& email_key = constraint(customers, "customers_email_key");
  CHECK(email_key.kind == ConstraintKind::Unique);
  CHECK(email_key.index_name == "customers_email_key");
  CHECK(index(schema, "customers_email_key").backs_constraint);

  const Table& invoices = table(schema, "billing", "invoices");
  const Constraint& multi = constraint(invoices, "invoices_order_id_amount_key");
  CHECK(multi.columns == std::vector<std::string>{"order_id", "amount"});
  CHECK(schema.find_index({"billing", "invoices_order_id_amount_key"}));
  CHECK_FALSE(schema.find_index({"", "invoices_order_id_amount_key"}));

  const Constraint& check = constraint(invoices, "invoices_amount_positive");
  CHECK(check.kind == ConstraintKind::Check);
  CHECK(check.check_sql == "((amount > (0)::numeric) AND (amount < (1000000)::numeric))");
  CHECK(check.columns == std::vector<std::string>{"amount"});
  CHECK(check.validated);
}

TEST_CASE("pg_dump: foreign keys record actions and whether ON DELETE was written") {
  const Schema schema = load_clean(kPgDump);
  const Constraint& cascade = constraint(table(schema, "", "orders"), "orders_customer_id_fkey");
  CHECK(cascade.kind == ConstraintKind::ForeignKey);
  CHECK(cascade.columns == std::vector<std::string>{"customer_id"});
  REQUIRE(cascade.references);
  CHECK(cascade.references->table == QualifiedName{"", "customers"});
  CHECK(cascade.references->columns == std::vector<std::string>{"id"});
  CHECK(cascade.references->on_delete == FkAction::Cascade);
  CHECK(cascade.references->on_delete_explicit);
  CHECK(cascade.references->on_update == FkAction::NoAction);

  const Constraint& plain = constraint(table(schema, "billing", "invoices"), "invoices_order_id_fkey");
  REQUIRE(plain.references);
  CHECK(plain.references->on_delete == FkAction::NoAction);
  CHECK_FALSE(plain.references->on_delete_explicit);

  CHECK(schema.referencing({"", "customers"}, "id").size() == 1);
  CHECK(schema.referencing({"", "orders"}).size() == 1);
}

TEST_CASE("pg_dump: plain, unique, partial and expression indexes") {
  const Schema schema = load_clean(kPgDump);
  const Index& partial = index(schema, "customers_active_idx");
  CHECK_FALSE(partial.unique);
  CHECK_FALSE(partial.backs_constraint);
  CHECK(partial.method == "btree");
  REQUIRE(partial.elements.size() == 1);
  CHECK(partial.elements[0].column == "created_at");
  CHECK(partial.elements[0].descending);
  CHECK(partial.where_sql == "(deleted_at IS NULL)");

  const Index& expression = index(schema, "customers_lower_email_idx");
  REQUIRE(expression.elements.size() == 1);
  CHECK(expression.elements[0].column.empty());
  CHECK(expression.elements[0].expression == "lower((email)::text)");
  CHECK(expression.mentions_column("email"));

  const Index& covering = index(schema, "orders_customer_id_idx");
  CHECK(covering.include == std::vector<std::string>{"total"});

  const Index& unique = index(schema, "orders_token_key");
  CHECK(unique.unique);
  CHECK_FALSE(unique.backs_constraint);
  CHECK(schema.indexes_of({"", "orders"}).size() == 3);
}

TEST_CASE("pg_dump: functions, triggers, extensions, types and other relations") {
  const Schema schema = load_clean(kPgDump);
  REQUIRE(schema.functions.count("public.add_tax(numeric, numeric)"));
  CHECK(schema.functions.at("public.add_tax(numeric, numeric)").signature == "numeric, numeric");
  REQUIRE(schema.functions.count("public.touch_updated_at()"));
  CHECK(schema.functions.at("public.touch_updated_at()").name == QualifiedName{"", "touch_updated_at"});

  REQUIRE(schema.triggers.size() == 1);
  CHECK(schema.triggers[0].name == "orders_touch");
  CHECK(schema.triggers[0].table == QualifiedName{"", "orders"});
  CHECK(schema.triggers[0].create_sql ==
        "CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION "
        "public.touch_updated_at()");
  CHECK(schema.triggers[0].create_sql_on("orders") ==
        "CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION "
        "public.touch_updated_at()");
  REQUIRE(schema.triggers_of({"public", "orders"}).size() == 1);
  CHECK(schema.triggers_of({"", "customers"}).empty());

  CHECK(schema.extensions == std::vector<std::string>{"pgcrypto"});
  CHECK(schema.types == std::vector<std::string>{"public.contact_status"});
  CHECK(schema.other_relations.at("public.active_customers") == "view");
  CHECK(schema.other_relations.at("public.orders_id_seq") == "sequence");
}

TEST_CASE("hand-written DDL: inline constraints get PostgreSQL's default names") {
  const Schema schema = load_clean(R"SQL(
    CREATE TABLE users (
      id bigserial PRIMARY KEY,
      email text NOT NULL UNIQUE
    );
    CREATE TABLE contacts (
      id serial PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users ON DELETE RESTRICT,
      owner_id bigint REFERENCES users (id),
      score numeric(3,2) DEFAULT 0.5 CHECK (score >= 0 AND score <= 1),
      first_name text,
      last_name text,
      status varchar(20) DEFAULT 'new' NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      token uuid GENERATED BY DEFAULT AS IDENTITY,
      UNIQUE (first_name, last_name),
      CHECK (first_name <> last_name),
      CHECK (length(first_name) > 0)
    );
  )SQL");
  const Table& users = table(schema, "", "users");
  CHECK(users.name.schema.empty());
  CHECK(constraint(users, "users_pkey").kind == ConstraintKind::PrimaryKey);
  CHECK(constraint(users, "users_email_key").kind == ConstraintKind::Unique);
  const Column& user_id = column(users, "id");
  CHECK(user_id.type.sql() == "bigint");
  CHECK(user_id.default_sql == std::optional<std::string>("nextval('users_id_seq'::regclass)"));
  CHECK_FALSE(user_id.nullable);
  CHECK(schema.relation_name_taken({"", "users_id_seq"}));

  const Table& contacts = table(schema, "", "contacts");
  CHECK(column(contacts, "id").type.sql() == "integer");
  CHECK(constraint(contacts, "contacts_pkey").columns == std::vector<std::string>{"id"});

  const Constraint& user_fk = constraint(contacts, "contacts_user_id_fkey");
  REQUIRE(user_fk.references);
  CHECK(user_fk.references->table == QualifiedName{"", "users"});
  CHECK(user_fk.references->columns == std::vector<std::string>{"id"});  // the referenced primary key
  CHECK(user_fk.references->on_delete == FkAction::Restrict);
  CHECK(user_fk.references->on_delete_explicit);
  CHECK_FALSE(constraint(contacts, "contacts_owner_id_fkey").references->on_delete_explicit);

  const Constraint& score = constraint(contacts, "contacts_score_check");
  CHECK(score.check_sql == "score >= 0 AND score <= 1");
  CHECK(column(contacts, "score").default_sql == std::optional<std::string>("0.5"));
  CHECK(column(contacts, "status").default_sql == std::optional<std::string>("'new'"));
  CHECK_FALSE(column(contacts, "status").nullable);
  CHECK(column(contacts, "created_at").default_sql == std::optional<std::string>("now()"));
  CHECK(column(contacts, "token").identity == Identity::ByDefault);

  CHECK(constraint(contacts, "contacts_first_name_last_name_key").columns ==
        std::vector<std::string>{"first_name", "last_name"});
  CHECK(index(schema, "contacts_first_name_last_name_key").backs_constraint);
  CHECK(constraint(contacts, "contacts_check").check_sql == "first_name <> last_name");
  CHECK(constraint(contacts, "contacts_first_name_check").check_sql == "length(first_name) > 0");
}

TEST_CASE("hand-written DDL: colliding default names are numbered, long ones truncated") {
  const Schema schema = load_clean(R"SQL(
    CREATE TABLE t (
      a int CHECK (a > 0) CHECK (a < 10),
      b int
    );
    CREATE INDEX ON t (lower(b::text));
    CREATE INDEX ON t (lower(b::text));
    CREATE INDEX ON t (a, b);
    CREATE TABLE a_table_name_that_is_long_enough_to_need_truncation_somewhere (
      a_column_name_that_is_also_quite_long_for_an_identifier int UNIQUE
    );
  )SQL");
  const Table& t = table(schema, "", "t");
  CHECK(constraint(t, "t_a_check").check_sql == "a > 0");
  CHECK(constraint(t, "t_a_check1").check_sql == "a < 10");
  CHECK(index(schema, "t_lower_idx").elements[0].expression == "lower(b::text)");
  CHECK(schema.find_index({"", "t_lower_idx1"}));
  CHECK(schema.find_index({"", "t_a_b_idx"}));
  // Same result as PostgreSQL 15.
  CHECK(schema.find_index({"", "a_table_name_that_is_long_eno_a_column_name_that_is_also_qu_key"}));
}

TEST_CASE("hand-written DDL: expressions are kept as written") {
  const Schema schema = load_clean(R"SQL(
    CREATE TABLE "Order" (
      id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      note text DEFAULT 'it''s, (tricky)' NOT NULL,
      n numeric DEFAULT (1 + 2) * 3,
      e text DEFAULT E'a\'b,c' COLLATE "C",
      y int DEFAULT -1 /* a comment, ) */ CHECK ((y > -5) AND (y < 5)),
      body text DEFAULT $q$a,)b$q$,
      d date DEFAULT CURRENT_DATE
    );
    CREATE INDEX order_idx ON "Order" ((body || note) DESC NULLS FIRST, (coalesce(y, 0)), note text_pattern_ops)
      WHERE y > 0 AND (n < 3);
  )SQL");
  const Table& order = table(schema, "", "Order");
  CHECK(column(order, "note").default_sql == std::optional<std::string>("'it''s, (tricky)'"));
  CHECK_FALSE(column(order, "note").nullable);
  CHECK(column(order, "n").default_sql == std::optional<std::string>("(1 + 2) * 3"));
  CHECK(column(order, "e").default_sql == std::optional<std::string>("E'a\\'b,c'"));
  CHECK(column(order, "y").default_sql == std::optional<std::string>("-1"));
  CHECK(constraint(order, "Order_y_check").check_sql == "(y > -5) AND (y < 5)");
  CHECK(column(order, "body").default_sql == std::optional<std::string>("$q$a,)b$q$"));
  CHECK(column(order, "d").default_sql == std::optional<std::string>("CURRENT_DATE"));

  const Index& idx = index(schema, "order_idx");
  REQUIRE(idx.elements.size() == 3);
  CHECK(idx.elements[0].expression == "body || note");
  CHECK(idx.elements[0].descending);
  CHECK(idx.elements[0].nulls == "first");
  CHECK(idx.elements[1].expression == "coalesce(y, 0)");
  CHECK(idx.elements[2].column == "note");
  CHECK(idx.elements[2].opclass == "text_pattern_ops");
  CHECK(idx.where_sql == "y > 0 AND (n < 3)");
}

TEST_CASE("hand-written DDL: ALTER TABLE changes are applied in order") {
  const Schema schema = load_clean(R"SQL(
    CREATE TABLE accounts (id int, email text, plan text DEFAULT 'free');
    ALTER TABLE accounts ADD COLUMN verified boolean DEFAULT false NOT NULL,
                         ALTER COLUMN email SET NOT NULL,
                         ALTER COLUMN plan DROP DEFAULT,
                         ALTER COLUMN id SET DEFAULT (1 + 1) * 2;
    ALTER TABLE accounts ADD PRIMARY KEY (id);
    ALTER TABLE accounts ADD CONSTRAINT accounts_email_check CHECK (email LIKE '%@%') NOT VALID;
    ALTER TABLE accounts ADD CONSTRAINT accounts_self_fkey FOREIGN KEY (id) REFERENCES accounts (id) NOT VALID;
    COMMENT ON COLUMN accounts.verified IS 'email confirmed';
  )SQL");
  const Table& accounts = table(schema, "", "accounts");
  CHECK(column(accounts, "verified").default_sql == std::optional<std::string>("false"));
  CHECK_FALSE(column(accounts, "verified").nullable);
  CHECK(column(accounts, "verified").comment == std::optional<std::string>("email confirmed"));
  CHECK_FALSE(column(accounts, "email").nullable);
  CHECK_FALSE(column(accounts, "plan").default_sql);
  CHECK(column(accounts, "id").default_sql == std::optional<std::string>("(1 + 1) * 2"));
  CHECK_FALSE(column(accounts, "id").nullable);  // primary key
  CHECK(constraint(accounts, "accounts_pkey").index_name == "accounts_pkey");
  CHECK_FALSE(constraint(accounts, "accounts_email_check").validated);
  CHECK(constraint(accounts, "accounts_email_check").check_sql == "email LIKE '%@%'");
  CHECK_FALSE(constraint(accounts, "accounts_self_fkey").validated);
}

TEST_CASE("a parse error reports file:line:col and yields no schema") {
  core::Diagnostics diags;
  const std::string sql = "CREATE TABLE t (a int);\n\nCREATE TABLE u (\n  b intt x\n);\n";
  const auto schema = load_schema_sql(sql, "bad.sql", diags);
  CHECK_FALSE(schema);
  REQUIRE(diags.error_count() == 1);
  const auto& d = diags.items().front();
  CHECK(d.code == "sql-syntax");
  CHECK(d.where.str() == "bad.sql:4:10");
  CHECK(d.message.find("syntax error") != std::string::npos);
}

TEST_CASE("statements the model cannot follow are reported with their position") {
  core::Diagnostics diags;
  const Schema schema = load(
      "CREATE TABLE t (a int, b int);\n"
      "ALTER TABLE t DROP COLUMN b;\n"
      "ALTER TABLE missing ADD COLUMN c int;\n"
      "CREATE INDEX ON nowhere (x);\n"
      "CREATE TABLE t (a int);\n",
      diags);
  CHECK(schema.find_table({"", "t"}));
  REQUIRE(diags.items().size() == 4);
  const auto sorted = diags.sorted();
  CHECK(sorted[0].code == "unsupported-statement");
  CHECK(sorted[0].severity == core::Severity::Warning);
  CHECK(sorted[0].where.str() == "schema.sql:2:1");
  CHECK(sorted[1].code == "unknown-table");
  CHECK(sorted[1].where.line == 3);
  CHECK(sorted[2].code == "unknown-table");
  CHECK(sorted[2].where.line == 4);
  CHECK(sorted[3].code == "duplicate-table");
  CHECK(sorted[3].severity == core::Severity::Error);
  CHECK(sorted[3].where.line == 5);
}

TEST_CASE("an empty schema file loads as an empty schema") {
  const Schema schema = load_clean("-- nothing here\n");
  CHECK(schema.tables.empty());
  CHECK(schema.indexes.empty());
}

TEST_CASE("triggers keep their CREATE TRIGGER text and where the table name is in it") {
  const Schema schema = load_clean(R"SQL(
CREATE TABLE public."Audit Trail" (id integer PRIMARY KEY, body text);
CREATE TABLE notes (id integer PRIMARY KEY, updated_at timestamptz);
-- a comment between statements
CREATE TRIGGER "Audit Trail_touch"
    BEFORE UPDATE OF body ON public."Audit Trail"
    FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body)
    EXECUTE FUNCTION public.touch();
CREATE CONSTRAINT TRIGGER notes_check AFTER INSERT ON notes DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION check_notes();
)SQL");
  REQUIRE(schema.triggers.size() == 2);
  const Trigger& quoted = schema.triggers[0];
  CHECK(quoted.name == "Audit Trail_touch");
  CHECK(quoted.table == QualifiedName{"", "Audit Trail"});
  CHECK(quoted.create_sql.rfind("CREATE TRIGGER \"Audit Trail_touch\"\n", 0) == 0);
  CHECK(quoted.create_sql.substr(quoted.table_begin, quoted.table_end - quoted.table_begin) ==
        "public.\"Audit Trail\"");
  CHECK(quoted.create_sql.back() == ')');  // no trailing ';'
  CHECK(quoted.create_sql_on("audit_trail") ==
        "CREATE TRIGGER \"Audit Trail_touch\"\n"
        "    BEFORE UPDATE OF body ON audit_trail\n"
        "    FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body)\n"
        "    EXECUTE FUNCTION public.touch()");

  const Trigger& constraint_trigger = schema.triggers[1];
  CHECK(constraint_trigger.table == QualifiedName{"", "notes"});
  CHECK(constraint_trigger.create_sql_on("archive.notes") ==
        "CREATE CONSTRAINT TRIGGER notes_check AFTER INSERT ON archive.notes DEFERRABLE INITIALLY DEFERRED\n"
        "    FOR EACH ROW EXECUTE FUNCTION check_notes()");
  CHECK(schema.triggers_of({"public", "notes"}).size() == 1);
}

TEST_CASE("a trigger without statement text replays as nothing") {
  Trigger t;
  t.name = "x";
  t.table = {"", "t"};
  CHECK(t.create_sql_on("t").empty());
  t.create_sql = "CREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()";
  // Unknown table position: the text is replayed as written.
  CHECK(t.create_sql_on("other") == t.create_sql);
}

// Expressions are cut from the source with PostgreSQL's scanner (sql/source_text.hpp).
TEST_CASE("schema loader: expression text around nested comments, dollar quotes and E'' strings") {
  core::Diagnostics diags;
  const auto schema = load_schema_sql(
      "CREATE TABLE t (\n"
      "  a text DEFAULT E'it\\'s, (' /* x /* y */ ) */ NOT NULL,\n"
      "  b int CHECK (b > 0 /* ) */),\n"
      "  c text DEFAULT $q$ , ) $q$\n"
      ");\n",
      "schema.sql", diags);
  REQUIRE(schema);
  const model::Table* t = schema->find_table({"", "t"});
  REQUIRE(t);
  REQUIRE(t->columns.size() == 3);
  CHECK(t->columns[0].default_sql == std::optional<std::string>("E'it\\'s, ('"));
  CHECK_FALSE(t->columns[0].nullable);
  CHECK(t->columns[2].default_sql == std::optional<std::string>("$q$ , ) $q$"));
  const model::Constraint* check = t->find_constraint("t_b_check");
  REQUIRE(check);
  CHECK(check->check_sql == "b > 0");
}
