#include "ops/batched_update.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/backfill_protocol.hpp"
#include "core/duration.hpp"
#include "core/text.hpp"
#include "ops/names.hpp"
#include "sql/types.hpp"
#include "sql/quote.hpp"

namespace schemashift::ops {

namespace {

struct KeyColumn {
  std::string name;
  std::string type;
  bool has_max = false;  // PostgreSQL has max() for the type (not for uuid, bool, composite...)
  bool integer = false;  // int2/int4/int8: batches can be key ranges computed, not read
};

// Types with a built-in max() aggregate whose order is the primary-key index's order.
bool has_max_aggregate(const sql::TypeRef& t) {
  static const std::set<std::string> kTypes{"int2", "int4", "int8", "numeric", "text", "varchar", "bpchar",
                                            "date", "timestamp", "timestamptz"};
  return t.schema.empty() && t.array_dims == 0 && kTypes.count(t.name) > 0;
}

std::vector<KeyColumn> key_columns(const model::Table& table) {
  std::vector<KeyColumn> keys;
  if (const model::Constraint* pk = table.primary_key()) {
    for (const auto& c : pk->columns) {
      const model::Column* col = table.find_column(c);
      const bool integer = col && col->type.schema.empty() && col->type.array_dims == 0 &&
                           (col->type.name == "int2" || col->type.name == "int4" || col->type.name == "int8");
      keys.push_back({c, col ? col->type.sql() : "text", col && has_max_aggregate(col->type), integer});
    }
  }
  return keys;
}

std::string tuple(const std::vector<std::string>& items) {
  return items.size() == 1 ? items[0] : "(" + core::join(items, ", ") + ")";
}

// An optional session setting of the runner (core/backfill_protocol.hpp): its text, NULL
// when it was never set or was reset ('' after RESET), so a cast never fails on it.
std::string setting(std::string_view name) {
  return "nullif(current_setting(" + sql::quote_literal(name) + ", true), '')";
}

std::string resume_setting(std::size_t i) {
  return setting(std::string(core::backfill::kResumeKeyPrefix) + std::to_string(i));
}

// The machine-readable progress NOTICE's argument (the protocol's JSON object).
std::string progress_json(const std::string& label, const std::string& last_key, bool done) {
  return fmt::format(
      "json_build_object('label', {}, 'scanned', scanned, 'updated', total, 'estimate', estimate, 'last', "
      "json_build_array({}), 'done', {})",
      sql::quote_literal(label), last_key, done ? "true" : "false");
}

}  // namespace

// Time-sized batches never shrink below this many rows (or the first batch's size, when that
// is smaller): a batch far slower than its target is waiting (a lock, an overloaded server),
// and batches of a handful of rows would then spend their time in per-batch overhead.
constexpr long long kMinAdaptiveRows = 100;

std::string batched_update_sql(const model::Table& table, const std::vector<std::pair<std::string, std::string>>& assignments,
                               const std::string& where_sql, long long batch_size, const spec::Settings& settings,
                               const std::string& label) {
  const std::vector<KeyColumn> keys = key_columns(table);
  std::vector<std::string> key_names, last_vars, end_vars, end_cols, end_subqueries, order_desc, declares;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    key_names.push_back(ident(keys[i].name));
    last_vars.push_back(fmt::format("last_k{}", i + 1));
    end_vars.push_back(fmt::format("end_k{}", i + 1));
    // Named unlike the PL/pgSQL variables (a name both could mean is an error) and read
    // only inside subqueries over the CTE, where they cannot meet the table's own columns.
    end_cols.push_back(fmt::format("ss_end{}", i + 1));
    end_subqueries.push_back(fmt::format("(SELECT ss_end{} FROM ss_batch_end)", i + 1));
    order_desc.push_back(ident(keys[i].name) + " DESC");
    declares.push_back(fmt::format("  last_k{0} {1} := {2}::{1};\n  end_k{0} {1};\n", i + 1, keys[i].type,
                                   resume_setting(i + 1)));
  }
  const std::string tbl = table_sql(table.name);
  const std::string k = core::join(key_names, ", ");
  const std::string kt = tuple(key_names);
  std::vector<std::string> set_parts, targets, values;
  for (const auto& [col, expr] : assignments) {
    set_parts.push_back(ident(col) + " = " + expr);
    // A volatile value (gen_random_uuid()) is new on every evaluation: comparing the column
    // with it never skips a row, it only calls the function twice.
    if (sql::calls_known_volatile_function(expr)) continue;
    targets.push_back(ident(col));
    values.push_back("(" + expr + ")");
  }
  // Skipping rows that already hold the target value makes a re-run cheap and the
  // backfill idempotent: an interrupted run just continues.
  std::vector<std::string> conditions;
  if (!where_sql.empty()) conditions.push_back("(" + where_sql + ")");
  if (!targets.empty()) {
    conditions.push_back(tuple(targets) + " IS DISTINCT FROM " +
                         (values.size() == 1 ? values[0] : "ROW(" + core::join(values, ", ") + ")"));
  }
  const std::string predicate = conditions.empty() ? "" : " AND " + core::join(conditions, " AND ");

  // One statement per batch: the CTE picks the batch's keys (keyset order on the primary
  // key), its last key and their number, and the UPDATE changes the rows in that key range —
  // no separate round trip to find the range first. The UPDATE bounds the range by a
  // scalar subquery (an InitPlan: a plain index range scan) rather than joining the keys,
  // which a generic plan could turn into a scan of the whole table. The first batch has no
  // lower bound: two query shapes instead of `last IS NULL OR k > last`, because that OR
  // defeats the primary-key index once PL/pgSQL switches to a generic plan.
  // A one-column key whose type has max() ends its batch with max() and count(*): a window
  // count and a sort of the batch's keys cost a tenth of each batch's time (measured, 40,000
  // rows of 1,000,000: 17 ms of 157 ms). HAVING keeps an empty batch rowless (FOUND false).
  const std::string batch_end =
      keys.size() == 1 && keys[0].has_max
          ? fmt::format("SELECT max({}), count(*) FROM ss_batch HAVING count(*) > 0", k)
          : fmt::format("SELECT {}, count(*) OVER () FROM ss_batch ORDER BY {} LIMIT 1", k, core::join(order_desc, ", "));
  const auto batch_sql = [&](bool first) {
    const std::string after = first ? "" : fmt::format("{} > {}", kt, tuple(last_vars));
    return fmt::format(
        "WITH ss_batch AS (SELECT {k} FROM {t}{where_after} ORDER BY {k} LIMIT batch_rows),\n"
        "               ss_batch_end ({end_cols}, ss_keys) AS ({batch_end}),\n"
        "               ss_updated AS (UPDATE {t} SET {set} WHERE {and_after}{kt} <= {end}{pred} RETURNING 1)\n"
        "          SELECT {end_cols}, ss_keys, (SELECT count(*) FROM ss_updated) INTO {end_vars}, visited, changed FROM ss_batch_end",
        fmt::arg("k", k), fmt::arg("t", tbl), fmt::arg("where_after", first ? "" : " WHERE " + after),
        fmt::arg("end_cols", core::join(end_cols, ", ")), fmt::arg("batch_end", batch_end),
        fmt::arg("set", core::join(set_parts, ", ")), fmt::arg("and_after", first ? "" : after + " AND "),
        fmt::arg("kt", kt), fmt::arg("end", tuple(end_subqueries)), fmt::arg("pred", predicate),
        fmt::arg("end_vars", core::join(end_vars, ", ")));
  };
  std::vector<std::string> last_texts;
  for (const auto& v : last_vars) last_texts.push_back(v + "::text");
  const std::string last_key = core::join(last_texts, ", ");

  // The shape of one batch. Keyset (any key): each batch reads its keys first, so a batch
  // has batch_rows rows however sparse the keys are. Integer key: each batch is the next
  // range of key values, computed rather than read (`id > last AND id <= last + n`, as a
  // hand-written backfill does): reading the keys first visits every row twice (measured:
  // 312 ms against 268 ms for a 20,000-row batch of 1,000,000 on PostgreSQL 15), since the
  // rows a backfill changes are not all-visible and the key scan fetches them from the heap.
  // A range holds at most batch_rows rows, fewer where keys have gaps; an empty range
  // jumps to the next key there is, so sparse keys cost an index probe, not a batch each.
  struct Shape {
    std::string comment, declares, prepare, next_range, first, next, after_statement, after_retries, after_commit;
  };
  Shape shape;
  if (keys.size() == 1 && keys[0].integer) {
    const std::string& type = keys[0].type;
    const auto range_update = [&](bool first) {
      return fmt::format("UPDATE {t} SET {set} WHERE {after}{k} <= end_k1{pred}", fmt::arg("t", tbl),
                         fmt::arg("set", core::join(set_parts, ", ")), fmt::arg("after", first ? "" : k + " > last_k1 AND "),
                         fmt::arg("k", k), fmt::arg("pred", predicate));
    };
    shape.comment = fmt::format(
        "-- Backfill {label}: batches of consecutive {k} values (a range of the integer primary key,\n"
        "-- computed, never read first), one statement and one transaction per batch, so locks are\n"
        "-- held for one batch only and an interruption keeps the work done so far. The first batch\n"
        "-- covers batch_size keys; each later one is sized from the time the previous one took (at\n"
        "-- most twice as many keys) to take about batch_ms. A range without rows to change jumps to\n"
        "-- the next key there is.",
        fmt::arg("label", label), fmt::arg("k", k));
    shape.declares = fmt::format(
        "  first_key   {0} := (SELECT min({1}) FROM {2});\n"
        "  top_key     {0} := (SELECT max({1}) FROM {2});\n"
        "  -- Rows per key value, for progress: 1 for dense keys (a sequence), less with gaps.\n"
        "  density     constant double precision := CASE WHEN estimate > 0 AND top_key > first_key\n"
        "                  THEN least(1.0, estimate / (top_key::numeric - first_key + 1)) ELSE 1 END;\n",
        type, k, tbl);
    shape.next_range = fmt::format(
        "    IF started AND last_k1 >= top_key THEN\n"
        "      -- Rows inserted meanwhile are done too, as the keyset shape would.\n"
        "      top_key := (SELECT max({k}) FROM {t});\n"
        "      EXIT WHEN top_key IS NULL OR last_k1 >= top_key;\n"
        "    END IF;\n"
        "    EXIT WHEN first_key IS NULL;\n"
        "    -- numeric: the last range may not overflow the key's type.\n"
        "    end_k1 := least(top_key::numeric, CASE WHEN started THEN last_k1::numeric ELSE first_key::numeric - 1 END + batch_rows)::{type};\n",
        fmt::arg("k", k), fmt::arg("t", tbl), fmt::arg("type", type));
    shape.first = range_update(true);
    shape.next = range_update(false);
    shape.after_statement = "GET DIAGNOSTICS changed = ROW_COUNT;";
    shape.after_retries =
        "visited := round((end_k1::numeric - CASE WHEN started THEN last_k1::numeric ELSE first_key::numeric - 1 END) * density);\n"
        "    full_batch := end_k1::numeric - CASE WHEN started THEN last_k1::numeric ELSE first_key::numeric - 1 END >= batch_rows;";
    shape.after_commit = fmt::format(
        "\n    IF changed = 0 AND last_k1 < top_key THEN\n"
        "      last_k1 := coalesce((SELECT min({k}) FROM {t} WHERE {k} > last_k1) - 1, top_key);\n"
        "    END IF;",
        fmt::arg("k", k), fmt::arg("t", tbl));
  } else {
    shape.comment = fmt::format(
        "-- Backfill {label}: keyset batches on the primary key, one statement and one transaction\n"
        "-- per batch, so locks are held for one batch only and an interruption keeps the work done\n"
        "-- so far. The first batch has batch_size rows; each later one is sized from the time the\n"
        "-- previous one took (at most twice as many rows) to take about batch_ms, so a batch's row\n"
        "-- locks are held about that long whatever a row costs.",
        fmt::arg("label", label));
    shape.declares = "  found_batch boolean;\n";
    shape.first = batch_sql(true);
    shape.next = batch_sql(false);
    shape.after_statement = "found_batch := FOUND;";
    shape.after_retries = "EXIT WHEN NOT found_batch;\n    full_batch := visited >= batch_rows;";
  }

  const std::string body = fmt::format(
      R"(
{comment}
-- `schemashift run` may change the batch size, time and pause, ask for progress, and resume
-- after the last key it recorded, through schemashift.* session settings; without them
-- (psql, other tools) the values written here apply.
DECLARE
  batch_size  constant integer := greatest(1, coalesce({batch_setting}::integer, {batch}));
  batch_ms    constant double precision := greatest(0, coalesce({target_setting}::numeric, {target_ms}));
  batch_min   constant integer := least(batch_size, {min_rows});
  batch_max   constant integer := greatest(batch_size, {max_rows});
  pause       constant double precision := greatest(0, coalesce({delay_setting}::numeric, {pause_ms})) / 1000;
  pause_share constant double precision := greatest(0, coalesce({pause_percent_setting}::numeric, {pause_percent})) / 100;
  progress    constant boolean := coalesce({progress_setting} = 'on', false);
  history     constant text := {history_setting};
  history_id  constant bigint := {history_id_setting}::bigint;
  estimate    constant bigint := (SELECT reltuples::bigint FROM pg_class WHERE oid = {tbl_literal}::regclass);
  max_retries constant integer := {retries};
{declares}{shape_declares}  started     boolean := {resume_k1} IS NOT NULL;
  batch_rows  integer := batch_size;
  batch_start timestamptz;
  took        double precision;
  full_batch  boolean;
  attempt     integer;
  changed     bigint;
  visited     bigint;
  batches     bigint := 0;
  scanned     bigint := coalesce({scanned_setting}::bigint, 0);
  total       bigint := coalesce({updated_setting}::bigint, 0);
BEGIN
  LOOP
{next_range}    attempt := 0;
    LOOP
      BEGIN
        -- Short lock_timeout per batch: never queue behind a long transaction and
        -- block the application; back off and retry instead.
        PERFORM set_config('lock_timeout', '{lock_timeout}', true);
        batch_start := clock_timestamp();
        IF NOT started THEN
          {batch_first};
        ELSE
          {batch_next};
        END IF;
        {after_statement}
        EXIT;
      EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
        attempt := attempt + 1;
        IF attempt > max_retries THEN
          RAISE;
        END IF;
        PERFORM pg_sleep(least(5.0, 0.1 * power(2, attempt)));
      END;
    END LOOP;
    {after_retries}
    {assign_last};
    started := true;
    total := total + changed;
    scanned := scanned + visited;
    batches := batches + 1;
    IF history IS NOT NULL THEN
      -- Where this batch ended commits with it: a crash resumes after it, never before.
      EXECUTE format('UPDATE %s SET resume_key = $1 WHERE id = $2', history::regclass)
        USING jsonb_build_object('key', jsonb_build_array({last_key}), 'scanned', scanned, 'updated', total), history_id;
    END IF;
    COMMIT;
    -- The batch's time, commit included: what the application's queries may have waited.
    took := extract(epoch FROM clock_timestamp() - batch_start);
    IF progress THEN
      RAISE NOTICE 'schemashift:backfill %', {progress_json};
    ELSIF batches % 100 = 0 THEN
      RAISE NOTICE 'backfill {label}: % batches, % rows updated', batches, total;
    END IF;
    -- A short batch was the last one. A full one sizes the next from its rate.
    IF batch_ms > 0 AND full_batch THEN
      batch_rows := greatest(batch_min, least(batch_max, batch_rows * 2.0,
                                              round(batch_rows * batch_ms / 1000 / greatest(took, 0.001))))::integer;
    END IF;{after_commit}
    IF pause + pause_share * took > 0 THEN
      PERFORM pg_sleep(pause + pause_share * took);
    END IF;
  END LOOP;
  IF progress THEN
    RAISE NOTICE 'schemashift:backfill %', {done_json};
  ELSE
    RAISE NOTICE 'backfill {label}: done, % rows updated in % batches', total, batches;
  END IF;
END
)",
      fmt::arg("comment", shape.comment), fmt::arg("shape_declares", shape.declares),
      fmt::arg("next_range", shape.next_range), fmt::arg("after_statement", shape.after_statement),
      fmt::arg("after_retries", shape.after_retries), fmt::arg("after_commit", shape.after_commit),
      fmt::arg("label", label), fmt::arg("batch", batch_size), fmt::arg("retries", settings.lock_retries),
      fmt::arg("batch_setting", setting(core::backfill::kBatchSize)),
      fmt::arg("target_setting", setting(core::backfill::kBatchTargetMs)), fmt::arg("target_ms", settings.batch_time_ms),
      fmt::arg("min_rows", kMinAdaptiveRows), fmt::arg("max_rows", settings.batch_max),
      fmt::arg("delay_setting", setting(core::backfill::kBatchDelayMs)),
      fmt::arg("pause_ms", settings.batch_pause_ms),
      fmt::arg("pause_percent_setting", setting(core::backfill::kBatchPausePercent)),
      fmt::arg("pause_percent", settings.batch_pause_percent),
      fmt::arg("progress_setting", setting(core::backfill::kProgress)),
      fmt::arg("history_setting", setting(core::backfill::kHistoryTable)),
      fmt::arg("history_id_setting", setting(core::backfill::kHistoryId)),
      fmt::arg("tbl_literal", sql::quote_literal(tbl)), fmt::arg("resume_k1", resume_setting(1)),
      fmt::arg("scanned_setting", setting(core::backfill::kResumeScanned)),
      fmt::arg("updated_setting", setting(core::backfill::kResumeUpdated)),
      fmt::arg("declares", core::join(declares, "")), fmt::arg("batch_first", shape.first),
      fmt::arg("batch_next", shape.next),
      fmt::arg("lock_timeout", std::to_string(settings.lock_timeout_ms) + "ms"),
      fmt::arg("assign_last", [&] {
        std::vector<std::string> a;
        for (std::size_t i = 0; i < keys.size(); ++i) a.push_back(last_vars[i] + " := " + end_vars[i]);
        return core::join(a, ";\n    ");
      }()),
      fmt::arg("last_key", last_key), fmt::arg("progress_json", progress_json(label, last_key, false)),
      fmt::arg("done_json", progress_json(label, last_key, true)));
  const std::string tag = sql::dollar_quote(body);
  return "DO " + tag + body + tag;
}

std::string batch_sizing(long long batch_size, const spec::Settings& settings) {
  if (settings.batch_time_ms <= 0) return "batches of " + core::thousands(batch_size) + " rows";
  return fmt::format("batches of about {} (the first {} rows, at most {})", core::format_duration(settings.batch_time_ms),
                     core::thousands(batch_size), core::thousands(std::max(batch_size, settings.batch_max)));
}

}  // namespace schemashift::ops
