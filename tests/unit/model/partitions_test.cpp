// Partitions in the schema model: PARTITION BY, PARTITION OF (bound, DEFAULT), ATTACH and
// DETACH PARTITION, from a schema file and from a migration folder followed statement by
// statement.
#include <catch2/catch.hpp>

#include "core/diagnostics.hpp"
#include "model/sql_schema_loader.hpp"

using namespace schemashift;
using namespace schemashift::model;

namespace {

const char* const kEvents =
    "CREATE TABLE usage_events (tenant_id bigint NOT NULL, recorded_at timestamptz NOT NULL)\n"
    "  PARTITION BY RANGE (recorded_at);\n"
    "CREATE TABLE usage_events_2024_01 PARTITION OF usage_events\n"
    "  FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');\n"
    "CREATE TABLE usage_events_default PARTITION OF usage_events DEFAULT;\n";

}  // namespace

TEST_CASE("partitions: PARTITION BY and PARTITION OF are recorded, with the bound and the DEFAULT partition") {
  core::Diagnostics diags;
  const auto schema = load_schema_sql(kEvents, "schema.sql", diags);
  REQUIRE(schema);
  CHECK(diags.items().empty());  // no "not reflected in the schema model" warning any more
  const Table* parent = schema->find_table({"", "usage_events"});
  REQUIRE(parent);
  CHECK(parent->partition_key == "PARTITION BY RANGE (recorded_at)");
  CHECK_FALSE(parent->partition_of);
  const Table* january = schema->find_table({"", "usage_events_2024_01"});
  REQUIRE(january);
  REQUIRE(january->partition_of);
  CHECK(january->partition_of->name == "usage_events");
  CHECK(january->partition_bound == "FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')");
  CHECK_FALSE(january->default_partition);
  CHECK(january->partition_key.empty());
  // A partition has its parent's columns.
  REQUIRE(january->find_column("recorded_at"));
  CHECK_FALSE(january->find_column("recorded_at")->nullable);
  CHECK(schema->partitions_of({"", "usage_events"}).size() == 2);
  REQUIRE(schema->default_partition_of({"", "usage_events"}));
  CHECK(schema->default_partition_of({"", "usage_events"})->name.name == "usage_events_default");
  CHECK(schema->default_partition_of({"", "usage_events"})->partition_bound == "DEFAULT");
  CHECK_FALSE(schema->default_partition_of({"", "usage_events_2024_01"}));
}

TEST_CASE("partitions: ATTACH and DETACH PARTITION are followed") {
  core::Diagnostics diags;
  auto schema = load_schema_sql(std::string(kEvents) +
                                    "CREATE TABLE usage_events_2024_02 (tenant_id bigint NOT NULL, recorded_at timestamptz NOT NULL);\n"
                                    "ALTER TABLE usage_events ATTACH PARTITION usage_events_2024_02\n"
                                    "  FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');\n"
                                    "ALTER TABLE usage_events DETACH PARTITION usage_events_default;\n",
                                "schema.sql", diags);
  REQUIRE(schema);
  CHECK(diags.items().empty());
  const Table* february = schema->find_table({"", "usage_events_2024_02"});
  REQUIRE(february->partition_of);
  CHECK(february->partition_bound == "FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')");
  CHECK_FALSE(schema->default_partition_of({"", "usage_events"}));
  CHECK_FALSE(schema->find_table({"", "usage_events_default"})->partition_of);
  CHECK(schema->partitions_of({"", "usage_events"}).size() == 2);
}

TEST_CASE("partitions: a migration folder followed statement by statement records them too") {
  core::Diagnostics diags;
  const auto schema = replay_migrations({{"1.sql", kEvents}}, diags);
  REQUIRE(schema);
  REQUIRE(schema->default_partition_of({"", "usage_events"}));
}

TEST_CASE("partitions: a live database's DDL (db::read_catalog_schema, pg_dump's way) records them too") {
  // Tables of their own first, attached once the parent exists; the keys and indexes of the
  // partitions attached to the parent's.
  core::Diagnostics diags;
  const auto schema = load_schema_sql(
      "CREATE TABLE public.events (id bigint NOT NULL, at timestamp with time zone NOT NULL) PARTITION BY RANGE (at);\n"
      "CREATE TABLE public.events_2024 (id bigint NOT NULL, at timestamp with time zone NOT NULL);\n"
      "CREATE TABLE public.events_rest (id bigint NOT NULL, at timestamp with time zone NOT NULL);\n"
      "ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2024-01-01 00:00:00+00') "
      "TO ('2025-01-01 00:00:00+00');\n"
      "ALTER TABLE ONLY public.events ATTACH PARTITION public.events_rest DEFAULT;\n"
      "ALTER TABLE ONLY public.events ADD CONSTRAINT events_pkey PRIMARY KEY (id, at);\n"
      "ALTER TABLE ONLY public.events_2024 ADD CONSTRAINT events_2024_pkey PRIMARY KEY (id, at);\n"
      "ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2024_pkey;\n",
      "catalog.sql", diags);
  REQUIRE(schema);
  CHECK(diags.items().empty());
  CHECK(schema->find_table({"public", "events"})->partition_key == "PARTITION BY RANGE (at)");
  const Table* year = schema->find_table({"public", "events_2024"});
  REQUIRE(year->partition_of);
  CHECK(year->partition_of->name == "events");
  CHECK(year->partition_bound == "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')");
  REQUIRE(schema->default_partition_of({"public", "events"}));
  CHECK(schema->default_partition_of({"public", "events"})->name.name == "events_rest");
}
