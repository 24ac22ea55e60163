// db::read_catalog_schema on the e2e cluster ([.live], ctest db:live): the catalog's
// edge cases come back as the DDL pg_dump would print, and that DDL rebuilds the same
// catalog (read again from a second database, it is the same text).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "db/catalog_schema.hpp"
#include "db/connection.hpp"

using namespace schemashift;

namespace {

std::string cluster_url(const std::string& database) {
  const char* host = std::getenv("PGHOST");
  const char* port = std::getenv("PGPORT");
  const char* user = std::getenv("PGUSER");
  REQUIRE(host);
  REQUIRE(port);
  return std::string("postgresql://") + (user ? user : "postgres") + "@/" + database + "?host=" + host +
         "&port=" + port;
}

// A fresh database for the test, dropped when it ends.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(std::string name) : name_(std::move(name)) {
    admin().execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    admin().execute("CREATE DATABASE " + name_);
  }
  ~ScratchDatabase() {
    try {
      admin().execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
    }
  }
  db::Connection connect() const {
    db::ConnectOptions o;
    o.url = cluster_url(name_);
    return db::Connection(o);
  }

 private:
  static db::Connection admin() {
    db::ConnectOptions o;
    o.url = cluster_url("postgres");
    return db::Connection(o);
  }
  std::string name_;
};

constexpr const char* kEdgeCases = R"(
CREATE SCHEMA billing;
CREATE TYPE public.mood AS ENUM ('sad', 'o''k', 'happy');
CREATE DOMAIN public.positive_int AS integer CHECK (VALUE > 0);
CREATE TYPE public.pair AS (a integer, b text);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE TABLE public."Order Items" (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "Qty" public.positive_int NOT NULL DEFAULT 1,
  feeling public.mood,
  tags text[] DEFAULT '{}'::text[],
  during tstzrange,
  updated_at timestamptz DEFAULT now() NOT NULL,
  CONSTRAINT qty_small CHECK ("Qty" < 1000),
  CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)
);
CREATE TABLE billing.invoices (
  id serial PRIMARY KEY,
  item_id bigint,
  code text UNIQUE,
  amount numeric(12,2) NOT NULL
);
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_item_fkey FOREIGN KEY (item_id)
  REFERENCES public."Order Items"(id) ON DELETE SET NULL ON UPDATE CASCADE NOT VALID;
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_amount_check CHECK (amount >= 0) NOT VALID;
CREATE INDEX invoices_lower_code_idx ON billing.invoices (lower(code)) WHERE amount > 0;
CREATE INDEX items_tags_idx ON public."Order Items" USING gin (tags);
CREATE INDEX invoices_amount_idx ON billing.invoices (amount DESC NULLS LAST) INCLUDE (code);
CREATE TRIGGER items_touch BEFORE UPDATE ON public."Order Items" FOR EACH ROW EXECUTE FUNCTION public.touch();
COMMENT ON TABLE billing.invoices IS 'Invoices: it''s money';
COMMENT ON COLUMN public."Order Items"."Qty" IS 'how many';
CREATE VIEW public.big_invoices AS SELECT id, amount FROM billing.invoices WHERE amount > 100;
CREATE MATERIALIZED VIEW public.invoice_totals AS SELECT sum(amount) AS total FROM billing.invoices;
CREATE SEQUENCE public.ticket_seq;
INSERT INTO billing.invoices (code, amount) VALUES ('a', 1), ('a2', 2);
ALTER TABLE billing.invoices DROP COLUMN item_id;
)";

bool has_line(const std::string& ddl, const std::string& line) { return ddl.find(line + "\n") != std::string::npos; }

}  // namespace

TEST_CASE("the catalog reads back as pg_dump-style DDL that rebuilds it", "[.live][db]") {
  ScratchDatabase source("db_test_catalog_source");
  auto conn = source.connect();
  conn.execute(kEdgeCases);
  // A unique index built CONCURRENTLY over duplicates fails and stays behind INVALID.
  conn.execute("INSERT INTO billing.invoices (code, amount) VALUES ('b', 5), ('c', 5)");
  CHECK_THROWS_AS(conn.execute("CREATE UNIQUE INDEX CONCURRENTLY invoices_dup_idx ON billing.invoices (amount)"),
                  db::Error);
  const db::CatalogSchema catalog = db::read_catalog_schema(conn);
  const std::string& ddl = catalog.ddl;
  INFO(ddl);

  CHECK(has_line(ddl, "CREATE SCHEMA billing;"));
  CHECK(ddl.find("CREATE SCHEMA public") == std::string::npos);
  CHECK(has_line(ddl, "CREATE TYPE public.mood AS ENUM ('sad', 'o''k', 'happy');"));
  CHECK(has_line(ddl, "CREATE DOMAIN public.positive_int AS integer;"));
  CHECK(has_line(ddl, "CREATE TYPE public.pair AS (a integer, b text);"));
  CHECK(ddl.find("CREATE OR REPLACE FUNCTION public.touch()") != std::string::npos);
  CHECK(has_line(ddl, "CREATE TABLE public.\"Order Items\" (id bigint NOT NULL, \"Qty\" public.positive_int DEFAULT 1 "
                      "NOT NULL, feeling public.mood, tags text[] DEFAULT '{}'::text[], during tstzrange, updated_at "
                      "timestamp with time zone DEFAULT now() NOT NULL, CONSTRAINT qty_small CHECK "
                      "(((\"Qty\")::integer < 1000)));"));
  // serial: its sequence, OWNED BY, the nextval default; the dropped column is gone.
  CHECK(has_line(ddl, "CREATE SEQUENCE billing.invoices_id_seq;"));
  CHECK(has_line(ddl, "CREATE TABLE billing.invoices (id integer DEFAULT nextval('billing.invoices_id_seq'::regclass) "
                      "NOT NULL, code text, amount numeric(12,2) NOT NULL);"));
  CHECK(has_line(ddl, "ALTER SEQUENCE billing.invoices_id_seq OWNED BY billing.invoices.id;"));
  CHECK(has_line(ddl, "CREATE SEQUENCE public.ticket_seq;"));
  CHECK(has_line(ddl, "ALTER TABLE public.\"Order Items\" ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY "
                      "(SEQUENCE NAME public.\"Order Items_id_seq\");"));
  CHECK(has_line(ddl, "COMMENT ON TABLE billing.invoices IS 'Invoices: it''s money';"));
  CHECK(has_line(ddl, "COMMENT ON COLUMN public.\"Order Items\".\"Qty\" IS 'how many';"));
  CHECK(has_line(ddl, "ALTER TABLE ONLY public.\"Order Items\" ADD CONSTRAINT \"Order Items_pkey\" PRIMARY KEY (id);"));
  CHECK(has_line(ddl, "ALTER TABLE ONLY public.\"Order Items\" ADD CONSTRAINT no_overlap EXCLUDE USING gist (during "
                      "WITH &&);"));
  CHECK(has_line(ddl, "ALTER TABLE ONLY billing.invoices ADD CONSTRAINT invoices_code_key UNIQUE (code);"));
  CHECK(has_line(ddl, "CREATE INDEX invoices_lower_code_idx ON billing.invoices USING btree (lower(code)) WHERE "
                      "(amount > (0)::numeric);"));
  CHECK(has_line(ddl, "CREATE INDEX items_tags_idx ON public.\"Order Items\" USING gin (tags);"));
  CHECK(has_line(ddl, "CREATE INDEX invoices_amount_idx ON billing.invoices USING btree (amount DESC NULLS LAST) "
                      "INCLUDE (code);"));
  CHECK(has_line(ddl, "CREATE TRIGGER items_touch BEFORE UPDATE ON public.\"Order Items\" FOR EACH ROW EXECUTE "
                      "FUNCTION public.touch();"));
  CHECK(ddl.find("CREATE VIEW public.big_invoices AS") != std::string::npos);
  CHECK(ddl.find("CREATE MATERIALIZED VIEW public.invoice_totals AS") != std::string::npos);
  // The FK was dropped with its column; the NOT VALID CHECK stays NOT VALID, after the tables.
  CHECK(ddl.find("invoices_item_fkey") == std::string::npos);
  CHECK(has_line(ddl, "ALTER TABLE ONLY billing.invoices ADD CONSTRAINT invoices_amount_check CHECK ((amount >= "
                      "(0)::numeric)) NOT VALID;"));
  CHECK(catalog.invalid_indexes == std::vector<std::string>{"billing.invoices_dup_idx"});
  // Nothing of plpgsql (an extension) or of the system schemas.
  CHECK(ddl.find("pg_catalog.") == std::string::npos);
  CHECK(ddl.find("information_schema") == std::string::npos);

  // The DDL rebuilds a catalog that reads back as the same text (the invalid index aside:
  // DDL cannot say INVALID, and a rebuilt index is valid).
  ScratchDatabase copy("db_test_catalog_copy");
  auto copy_conn = copy.connect();
  copy_conn.execute("SET check_function_bodies = false;\n" + ddl);
  const db::CatalogSchema again = db::read_catalog_schema(copy_conn);
  CHECK(again.ddl == ddl);
  CHECK(again.invalid_indexes.empty());
}

TEST_CASE("a NOT VALID foreign key keeps its actions and NOT VALID", "[.live][db]") {
  ScratchDatabase source("db_test_catalog_fk");
  auto conn = source.connect();
  conn.execute(
      "CREATE TABLE parents (id bigint PRIMARY KEY);"
      "CREATE TABLE children (id bigint PRIMARY KEY, parent_id bigint);"
      "ALTER TABLE children ADD CONSTRAINT children_parent_fkey FOREIGN KEY (parent_id) REFERENCES parents(id) "
      "ON DELETE SET NULL ON UPDATE CASCADE NOT VALID;");
  const std::string ddl = db::read_catalog_schema(conn).ddl;
  INFO(ddl);
  CHECK(has_line(ddl, "ALTER TABLE ONLY public.children ADD CONSTRAINT children_parent_fkey FOREIGN KEY (parent_id) "
                      "REFERENCES public.parents(id) ON UPDATE CASCADE ON DELETE SET NULL NOT VALID;"));
  // After the tables and their keys: a foreign key needs the referenced key to exist.
  CHECK(ddl.find("children_parent_fkey") > ddl.find("parents_pkey"));
}

TEST_CASE("partitions read back as pg_dump writes them: tables of their own, attached to the parent", "[.live][db]") {
  ScratchDatabase source("db_test_catalog_partitions");
  auto conn = source.connect();
  conn.execute(
      "CREATE TABLE regions (id bigint PRIMARY KEY);"
      "CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL, kind text DEFAULT 'x',"
      "  region_id bigint REFERENCES regions (id), CONSTRAINT kind_set CHECK (kind <> ''), PRIMARY KEY (id, at))"
      "  PARTITION BY RANGE (at);"
      "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01 00:00+00') TO ('2025-01-01 00:00+00');"
      "CREATE TABLE events_rest PARTITION OF events DEFAULT PARTITION BY RANGE (at);"
      "CREATE TABLE events_rest_old PARTITION OF events_rest FOR VALUES FROM (MINVALUE) TO ('2024-01-01 00:00+00');"
      "CREATE INDEX events_kind_idx ON events (kind);"
      "CREATE INDEX events_2024_region_idx ON events_2024 (region_id);");
  const db::CatalogSchema catalog = db::read_catalog_schema(conn);
  const std::string& ddl = catalog.ddl;
  INFO(ddl);
  CHECK(has_line(ddl, "CREATE TABLE public.events (id bigint NOT NULL, at timestamp with time zone NOT NULL, kind text "
                      "DEFAULT 'x'::text, region_id bigint, CONSTRAINT kind_set CHECK ((kind <> ''::text))) PARTITION "
                      "BY RANGE (at);"));
  // A partition has every column and the parent's CHECK, which ATTACH PARTITION requires.
  CHECK(has_line(ddl, "CREATE TABLE public.events_2024 (id bigint NOT NULL, at timestamp with time zone NOT NULL, kind "
                      "text DEFAULT 'x'::text, region_id bigint, CONSTRAINT kind_set CHECK ((kind <> ''::text)));"));
  CHECK(has_line(ddl, "ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2024-01-01 "
                      "00:00:00+00') TO ('2025-01-01 00:00:00+00');"));
  CHECK(has_line(ddl, "ALTER TABLE ONLY public.events ATTACH PARTITION public.events_rest DEFAULT;"));
  CHECK(has_line(ddl, "ALTER TABLE ONLY public.events_rest ATTACH PARTITION public.events_rest_old FOR VALUES FROM "
                      "(MINVALUE) TO ('2024-01-01 00:00:00+00');"));
  CHECK(ddl.find("ATTACH PARTITION public.events_2024 ") > ddl.find("CREATE TABLE public.events_2024 "));
  // The key of each partition, attached to the parent's; the index likewise.
  CHECK(has_line(ddl, "ALTER TABLE ONLY public.events ADD CONSTRAINT events_pkey PRIMARY KEY (id, at);"));
  CHECK(has_line(ddl, "ALTER TABLE ONLY public.events_2024 ADD CONSTRAINT events_2024_pkey PRIMARY KEY (id, at);"));
  CHECK(has_line(ddl, "ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2024_pkey;"));
  CHECK(has_line(ddl, "CREATE INDEX events_kind_idx ON ONLY public.events USING btree (kind);"));
  CHECK(has_line(ddl, "ALTER INDEX public.events_kind_idx ATTACH PARTITION public.events_2024_kind_idx;"));
  CHECK(has_line(ddl, "CREATE INDEX events_2024_region_idx ON public.events_2024 USING btree (region_id);"));
  // The foreign key once, without ONLY: it recurses to the partitions.
  CHECK(has_line(ddl, "ALTER TABLE public.events ADD CONSTRAINT events_region_id_fkey FOREIGN KEY (region_id) "
                      "REFERENCES public.regions(id);"));
  CHECK(ddl.find("ALTER TABLE ONLY public.events_2024 ADD CONSTRAINT events_region_id_fkey") == std::string::npos);
  CHECK(catalog.invalid_indexes.empty());

  ScratchDatabase copy("db_test_catalog_partitions_copy");
  auto copy_conn = copy.connect();
  copy_conn.execute(ddl);
  const db::CatalogSchema again = db::read_catalog_schema(copy_conn);
  CHECK(again.ddl == ddl);
  CHECK(again.invalid_indexes.empty());
}
