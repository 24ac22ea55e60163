#include "ops/batched_update.hpp"

#include <fmt/format.h>

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

std::string seconds_literal(long long ms) { return fmt::format("{:.3f}", static_cast<double>(ms) / 1000.0); }

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
    declares.push_back(fmt::format("  last_k{0} {1};\n  end_k{0} {1};\n", i + 1, keys[i].type));
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
  const std::string select_first = fmt::format(
      "SELECT {k} INTO {ends} FROM (SELECT {k} FROM {t} ORDER BY {k} LIMIT batch_size) AS batch ORDER BY {desc} LIMIT 1",
      fmt::arg("k", k), fmt::arg("ends", core::join(end_vars, ", ")), fmt::arg("t", tbl),
      fmt::arg("desc", core::join(order_desc, ", ")));
  const std::string select_next = fmt::format(
      "SELECT {k} INTO {ends} FROM (SELECT {k} FROM {t} WHERE {kt} > {last} ORDER BY {k} LIMIT batch_size) AS batch "
      "ORDER BY {desc} LIMIT 1",
      fmt::arg("k", k), fmt::arg("ends", core::join(end_vars, ", ")), fmt::arg("t", tbl), fmt::arg("kt", kt),
      fmt::arg("last", tuple(last_vars)), fmt::arg("desc", core::join(order_desc, ", ")));
  const std::string set_sql = core::join(set_parts, ", ");
  const std::string body = fmt::format(
      R"(
-- Backfill {label}: keyset batches on the primary key, one transaction per batch,
-- so locks are held for one batch only and an interruption keeps the work done so far.
DECLARE
  batch_size  constant integer := {batch};
  max_retries constant integer := {retries};
{declares}  started     boolean := false;
  attempt     integer;
  changed     bigint;
  batches     bigint := 0;
  total       bigint := 0;
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
    batches := batches + 1;
    COMMIT;
    IF batches % 100 = 0 THEN
      RAISE NOTICE 'backfill {label}: % batches, % rows updated', batches, total;
    END IF;
    PERFORM pg_sleep({pause});
  END LOOP;
  RAISE NOTICE 'backfill {label}: done, % rows updated in % batches', total, batches;
END
)",
      fmt::arg("label", label), fmt::arg("batch", batch_size), fmt::arg("retries", settings.lock_retries),
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
      fmt::arg("pause", seconds_literal(settings.batch_pause_ms)));
  const std::string tag = sql::dollar_quote(body);
  return "DO " + tag + body + tag;
}

}  // namespace schemashift::ops
