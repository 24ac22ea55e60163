#include "ops/batched_update.hpp"

#include <fmt/format.h>

#include "core/backfill_protocol.hpp"
#include "core/text.hpp"
#include "ops/names.hpp"
#include "sql/types.hpp"
#include "sql/quote.hpp"

namespace schemashift::ops {

namespace {

struct KeyColumn {
  std::string name;
  std::string type;
};

std::vector<KeyColumn> key_columns(const model::Table& table) {
  std::vector<KeyColumn> keys;
  if (const model::Constraint* pk = table.primary_key()) {
    for (const auto& c : pk->columns) {
      const model::Column* col = table.find_column(c);
      keys.push_back({c, col ? col->type.sql() : "text"});
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

std::string batched_update_sql(const model::Table& table, const std::vector<std::pair<std::string, std::string>>& assignments,
                               const std::string& where_sql, long long batch_size, const spec::Settings& settings,
                               const std::string& label) {
  const std::vector<KeyColumn> keys = key_columns(table);
  std::vector<std::string> key_names, last_vars, end_vars, order_desc, declares;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    key_names.push_back(ident(keys[i].name));
    last_vars.push_back(fmt::format("last_k{}", i + 1));
    end_vars.push_back(fmt::format("end_k{}", i + 1));
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

  // The first batch has no lower bound. Two query shapes instead of `last IS NULL OR k > last`,
  // because that OR defeats the primary-key index once PL/pgSQL switches to a generic plan.
  // count(*) OVER () is the number of keys the batch visits (the last batch is short).
  const std::string ends = core::join(end_vars, ", ") + ", visited";
  const std::string select_first = fmt::format(
      "SELECT {k}, count(*) OVER () INTO {ends} FROM (SELECT {k} FROM {t} ORDER BY {k} LIMIT batch_size) AS batch "
      "ORDER BY {desc} LIMIT 1",
      fmt::arg("k", k), fmt::arg("ends", ends), fmt::arg("t", tbl), fmt::arg("desc", core::join(order_desc, ", ")));
  const std::string select_next = fmt::format(
      "SELECT {k}, count(*) OVER () INTO {ends} FROM (SELECT {k} FROM {t} WHERE {kt} > {last} ORDER BY {k} LIMIT "
      "batch_size) AS batch ORDER BY {desc} LIMIT 1",
      fmt::arg("k", k), fmt::arg("ends", ends), fmt::arg("t", tbl), fmt::arg("kt", kt),
      fmt::arg("last", tuple(last_vars)), fmt::arg("desc", core::join(order_desc, ", ")));
  std::vector<std::string> last_texts;
  for (const auto& v : last_vars) last_texts.push_back(v + "::text");
  const std::string last_key = core::join(last_texts, ", ");
  const std::string set_sql = core::join(set_parts, ", ");
  const std::string body = fmt::format(
      R"(
-- Backfill {label}: keyset batches on the primary key, one transaction per batch,
-- so locks are held for one batch only and an interruption keeps the work done so far.
-- `schemashift run` may change the batch size and pause, ask for progress, and resume
-- after the last key it recorded, through schemashift.* session settings; without them
-- (psql, other tools) the values written here apply.
DECLARE
  batch_size  constant integer := greatest(1, coalesce({batch_setting}::integer, {batch}));
  pause       constant double precision := greatest(0, coalesce({delay_setting}::numeric, {pause_ms})) / 1000;
  progress    constant boolean := coalesce({progress_setting} = 'on', false);
  history     constant text := {history_setting};
  history_id  constant bigint := {history_id_setting}::bigint;
  estimate    constant bigint := (SELECT reltuples::bigint FROM pg_class WHERE oid = {tbl_literal}::regclass);
  max_retries constant integer := {retries};
{declares}  started     boolean := {resume_k1} IS NOT NULL;
  attempt     integer;
  changed     bigint;
  visited     bigint;
  batches     bigint := 0;
  scanned     bigint := coalesce({scanned_setting}::bigint, 0);
  total       bigint := coalesce({updated_setting}::bigint, 0);
BEGIN
  LOOP
    IF NOT started THEN
      {select_first};
    ELSE
      {select_next};
    END IF;
    EXIT WHEN NOT FOUND;
    attempt := 0;
    LOOP
      BEGIN
        -- Short lock_timeout per batch: never queue behind a long transaction and
        -- block the application; back off and retry instead.
        PERFORM set_config('lock_timeout', '{lock_timeout}', true);
        IF NOT started THEN
          UPDATE {t} SET {set} WHERE {kt} <= {end}{pred};
        ELSE
          UPDATE {t} SET {set} WHERE {kt} > {last} AND {kt} <= {end}{pred};
        END IF;
        GET DIAGNOSTICS changed = ROW_COUNT;
        EXIT;
      EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
        attempt := attempt + 1;
        IF attempt > max_retries THEN
          RAISE;
        END IF;
        PERFORM pg_sleep(least(5.0, 0.1 * power(2, attempt)));
      END;
    END LOOP;
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
    IF progress THEN
      RAISE NOTICE 'schemashift:backfill %', {progress_json};
    ELSIF batches % 100 = 0 THEN
      RAISE NOTICE 'backfill {label}: % batches, % rows updated', batches, total;
    END IF;
    PERFORM pg_sleep(pause);
  END LOOP;
  IF progress THEN
    RAISE NOTICE 'schemashift:backfill %', {done_json};
  ELSE
    RAISE NOTICE 'backfill {label}: done, % rows updated in % batches', total, batches;
  END IF;
END
)",
      fmt::arg("label", label), fmt::arg("batch", batch_size), fmt::arg("retries", settings.lock_retries),
      fmt::arg("batch_setting", setting(core::backfill::kBatchSize)),
      fmt::arg("delay_setting", setting(core::backfill::kBatchDelayMs)),
      fmt::arg("pause_ms", settings.batch_pause_ms), fmt::arg("progress_setting", setting(core::backfill::kProgress)),
      fmt::arg("history_setting", setting(core::backfill::kHistoryTable)),
      fmt::arg("history_id_setting", setting(core::backfill::kHistoryId)),
      fmt::arg("tbl_literal", sql::quote_literal(tbl)), fmt::arg("resume_k1", resume_setting(1)),
      fmt::arg("scanned_setting", setting(core::backfill::kResumeScanned)),
      fmt::arg("updated_setting", setting(core::backfill::kResumeUpdated)),
      fmt::arg("declares", core::join(declares, "")), fmt::arg("select_first", select_first),
      fmt::arg("select_next", select_next),
      fmt::arg("lock_timeout", std::to_string(settings.lock_timeout_ms) + "ms"), fmt::arg("t", tbl),
      fmt::arg("set", set_sql), fmt::arg("kt", kt), fmt::arg("end", tuple(end_vars)), fmt::arg("pred", predicate),
      fmt::arg("last", tuple(last_vars)),
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

}  // namespace schemashift::ops
