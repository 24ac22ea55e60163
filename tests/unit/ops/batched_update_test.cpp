// The batched backfill's DO block (ops/batched_update.cpp): one statement per batch, batches
// sized by time within row bounds, the pause, and the settings the runner may override.
#include <catch2/catch.hpp>

#include "spec/change_spec.hpp"

#include "core/text.hpp"
#include "ops/batched_update.hpp"
#include "ops_test_support.hpp"

using namespace schemashift;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::string backfill_sql(const std::string& header_extra = "", const std::string& schema = ops_test::kSchemaSql,
                         const std::string& table = "users", const std::string& set = "{nickname: \"left(name, 20)\"}") {
  auto c = ops_test::run("  - backfill:\n      table: " + table + "\n      set: " + set + "\n", header_extra, schema);
  INFO(c->report());
  REQUIRE(c->applied);
  return c->steps()[0].up[0].sql;
}

}  // namespace

TEST_CASE("an integer key: each batch is the next range of key values, computed, not read", "[ops][batched_update]") {
  const std::string up = backfill_sql();
  INFO(up);
  // Two shapes (first batch, later batches), each a plain UPDATE of a key range.
  CHECK(count(up, "UPDATE users SET nickname = left(name, 20) WHERE") == 2);
  CHECK(up.find("UPDATE users SET nickname = left(name, 20) WHERE id <= end_k1 AND nickname IS DISTINCT FROM") !=
        std::string::npos);
  CHECK(up.find("UPDATE users SET nickname = left(name, 20) WHERE id > last_k1 AND id <= end_k1 AND nickname IS DISTINCT "
                "FROM") != std::string::npos);
  CHECK(up.find("ss_batch") == std::string::npos);
  CHECK(up.find("GET DIAGNOSTICS changed = ROW_COUNT;") != std::string::npos);
  // The range's end: the previous one plus batch_rows keys, never past the largest key
  // (computed in numeric, so the last range cannot overflow the key's type).
  CHECK(up.find("end_k1 := least(top_key::numeric, CASE WHEN started THEN last_k1::numeric ELSE first_key::numeric - 1 "
                "END + batch_rows)::") != std::string::npos);
  CHECK(up.find("first_key   ") != std::string::npos);
  CHECK(up.find(":= (SELECT min(id) FROM users);") != std::string::npos);
  // Done at the largest key, read again first: rows inserted meanwhile are done too.
  CHECK(up.find("top_key := (SELECT max(id) FROM users);\n      EXIT WHEN top_key IS NULL OR last_k1 >= top_key;") !=
        std::string::npos);
  // A range with nothing to change (a gap in the keys) jumps to the next key there is.
  CHECK(up.find("IF changed = 0 AND last_k1 < top_key THEN\n"
                "      last_k1 := coalesce((SELECT min(id) FROM users WHERE id > last_k1) - 1, top_key);") !=
        std::string::npos);
  // The statement runs inside the retried block, with the batch's lock_timeout.
  CHECK(up.find("PERFORM set_config('lock_timeout', '500ms', true);\n        batch_start := clock_timestamp();") !=
        std::string::npos);
  CHECK(up.find("EXCEPTION WHEN lock_not_available OR deadlock_detected THEN") != std::string::npos);
}

TEST_CASE("a key of another type: the batch reads its keys, their last key and updates that range in one statement",
          "[ops][batched_update]") {
  const std::string up = backfill_sql("", "CREATE TABLE tokens (id text PRIMARY KEY, note text);\n", "tokens",
                                      "{note: \"'x'\"}");
  INFO(up);
  CHECK(count(up, "WITH ss_batch AS (SELECT id FROM tokens") == 2);
  CHECK(up.find("WITH ss_batch AS (SELECT id FROM tokens ORDER BY id LIMIT batch_rows)") != std::string::npos);
  CHECK(up.find("WITH ss_batch AS (SELECT id FROM tokens WHERE id > last_k1 ORDER BY id LIMIT batch_rows)") !=
        std::string::npos);
  // A type with max(): max() and count(*), no window or sort; HAVING keeps an empty batch rowless.
  CHECK(up.find("ss_batch_end (ss_end1, ss_keys) AS (SELECT max(id), count(*) FROM ss_batch HAVING count(*) > 0)") !=
        std::string::npos);
  CHECK(up.find("SELECT ss_end1, ss_keys, (SELECT count(*) FROM ss_updated) INTO end_k1, visited, changed FROM "
                "ss_batch_end") != std::string::npos);
  CHECK(up.find("found_batch := FOUND;") != std::string::npos);
  CHECK(up.find("full_batch := visited >= batch_rows;") != std::string::npos);
  CHECK(up.find("top_key") == std::string::npos);
}

TEST_CASE("batches are sized by time: the defaults rendered, the runner's settings read", "[ops][batched_update]") {
  const std::string up = backfill_sql();
  INFO(up);
  CHECK(up.find("batch_size  constant integer := greatest(1, coalesce(nullif(current_setting('schemashift.batch_size', "
                "true), '')::integer, 1000));") != std::string::npos);
  CHECK(up.find("batch_ms    constant double precision := greatest(0, coalesce(nullif(current_setting("
                "'schemashift.batch_target_ms', true), '')::numeric, 200));") != std::string::npos);
  CHECK(up.find("batch_min   constant integer := least(batch_size, 100);") != std::string::npos);
  CHECK(up.find("batch_max   constant integer := greatest(batch_size, 100000);") != std::string::npos);
  CHECK(up.find("coalesce(nullif(current_setting('schemashift.batch_pause_percent', true), '')::numeric, 0)) / 100") !=
        std::string::npos);
  CHECK(up.find("coalesce(nullif(current_setting('schemashift.batch_delay_ms', true), '')::numeric, 10)) / 1000") !=
        std::string::npos);
  // Only a full batch says something about the rate; the next one at most doubles, and is
  // scaled to the target from the time the batch took, commit included.
  CHECK(up.find("COMMIT;\n    -- The batch's time, commit included") != std::string::npos);
  CHECK(up.find("took := extract(epoch FROM clock_timestamp() - batch_start);") != std::string::npos);
  CHECK(up.find("IF batch_ms > 0 AND full_batch THEN\n"
                "      batch_rows := greatest(batch_min, least(batch_max, batch_rows * 2.0,\n"
                "                                              round(batch_rows * batch_ms / 1000 / greatest(took, "
                "0.001))))::integer;") != std::string::npos);
  CHECK(up.find("PERFORM pg_sleep(pause + pause_share * took);") != std::string::npos);
}

TEST_CASE("the spec's batch settings are what the block is rendered with", "[ops][batched_update][spec]") {
  const std::string up = backfill_sql(
      "settings:\n  batch_size: 500\n  batch_time: 1s\n  batch_max: 20000\n  batch_pause: 0\n  batch_pause_percent: 25\n");
  INFO(up);
  CHECK(up.find("'schemashift.batch_size', true), '')::integer, 500));") != std::string::npos);
  CHECK(up.find("'schemashift.batch_target_ms', true), '')::numeric, 1000));") != std::string::npos);
  CHECK(up.find("batch_max   constant integer := greatest(batch_size, 20000);") != std::string::npos);
  CHECK(up.find("'schemashift.batch_delay_ms', true), '')::numeric, 0)) / 1000") != std::string::npos);
  CHECK(up.find("'schemashift.batch_pause_percent', true), '')::numeric, 25)) / 100") != std::string::npos);
}

TEST_CASE("invalid batch settings are refused where they are written", "[ops][batched_update][spec]") {
  for (const char* bad : {"batch_time: 200", "batch_time: fast", "batch_max: 0", "batch_max: 1000001",
                          "batch_pause_percent: -1", "batch_pause_percent: 1001"}) {
    // Refused by the spec reader, before any operation is planned.
    core::Diagnostics diags;
    const std::string text = std::string("issue: 42\ntitle: t\npurpose: p\nauthor: A <a@example.com>\n"
                                         "created: 2024-01-15T14:30:22Z\nschema: schema.sql\nsettings:\n  ") +
                             bad + "\noperations:\n  - backfill:\n      table: users\n      set: {nickname: name}\n";
    spec::parse_change_spec(text, "changes/42.yaml", diags);
    INFO(bad);
    CHECK(diags.error_count() >= 1);
  }
}

TEST_CASE("a composite primary key bounds the UPDATE by the batch's last key as a row", "[ops][batched_update]") {
  const std::string up =
      backfill_sql("", "CREATE TABLE ledger (account bigint, seq integer, amount numeric, note text, "
                       "PRIMARY KEY (account, seq));\n",
                   "ledger", "{note: \"'x'\"}");
  INFO(up);
  CHECK(up.find("WITH ss_batch AS (SELECT account, seq FROM ledger WHERE (account, seq) > (last_k1, last_k2) ORDER BY "
                "account, seq LIMIT batch_rows)") != std::string::npos);
  CHECK(up.find("ss_batch_end (ss_end1, ss_end2, ss_keys) AS (SELECT account, seq, count(*) OVER () FROM ss_batch ORDER "
                "BY account DESC, seq DESC LIMIT 1)") != std::string::npos);
  CHECK(up.find("WHERE (account, seq) > (last_k1, last_k2) AND (account, seq) <= ((SELECT ss_end1 FROM ss_batch_end), "
                "(SELECT ss_end2 FROM ss_batch_end)) AND note IS DISTINCT FROM ('x') RETURNING 1)") != std::string::npos);
  CHECK(up.find("INTO end_k1, end_k2, visited, changed FROM ss_batch_end") != std::string::npos);
}

TEST_CASE("a key type without max() ends the batch with its last key in key order", "[ops][batched_update]") {
  for (const char* type : {"uuid", "boolean", "inet[]", "bytea"}) {
    const std::string up = backfill_sql("", std::string("CREATE TABLE tokens (id ") + type + " PRIMARY KEY, note text);\n",
                                        "tokens", "{note: \"'x'\"}");
    INFO(type << "\n" << up);
    CHECK(up.find("ss_batch_end (ss_end1, ss_keys) AS (SELECT id, count(*) OVER () FROM ss_batch ORDER BY id DESC LIMIT 1)") !=
          std::string::npos);
    CHECK(up.find("max(") == std::string::npos);
  }
  for (const char* type : {"numeric(10,0)", "text", "varchar(20)", "char(4)", "date", "timestamptz"}) {
    const std::string up = backfill_sql("", std::string("CREATE TABLE tokens (id ") + type + " PRIMARY KEY, note text);\n",
                                        "tokens", "{note: \"'x'\"}");
    INFO(type);
    CHECK(up.find("(SELECT max(id), count(*) FROM ss_batch HAVING count(*) > 0)") != std::string::npos);
  }
  // Integers are ranges of key values (the test above), whatever their width.
  for (const char* type : {"bigint", "smallint", "integer", "serial", "bigserial"}) {
    const std::string up = backfill_sql("", std::string("CREATE TABLE tokens (id ") + type + " PRIMARY KEY, note text);\n",
                                        "tokens", "{note: \"'x'\"}");
    INFO(type);
    CHECK(up.find("UPDATE tokens SET note = 'x' WHERE id > last_k1 AND id <= end_k1 AND") != std::string::npos);
    CHECK(up.find("ss_batch") == std::string::npos);
  }
}

TEST_CASE("batch_sizing says how the batches are sized", "[ops][batched_update]") {
  spec::Settings s;
  CHECK(ops::batch_sizing(1000, s) == "batches of about 200ms (the first 1,000 rows, at most 100,000)");
  CHECK(ops::batch_sizing(250'000, s) == "batches of about 200ms (the first 250,000 rows, at most 250,000)");
  s.batch_time_ms = 0;
  CHECK(ops::batch_sizing(1000, s) == "batches of 1,000 rows");
}

TEST_CASE("add_column's backfill step says how its batches are sized", "[ops][batched_update][add_column]") {
  auto c = ops_test::run(
      "  - add_column:\n      table: users\n      column: {name: handle, type: text}\n      backfill: lower(email)\n",
      "settings:\n  batch_time: 0\n  batch_size: 5000\n");
  INFO(c->report());
  REQUIRE(c->applied);
  const auto steps = c->steps();
  REQUIRE(steps.size() == 2);
  CHECK(steps[1].why == "One transaction per batch, batches of 5,000 rows: row locks are held for one batch, and "
                        "replicas and autovacuum keep up.");
}
