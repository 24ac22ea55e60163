#include "ops/sync_trigger.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "model/object_names.hpp"
#include "ops/names.hpp"
#include "sql/quote.hpp"

namespace schemashift::ops {

std::string over_new_row(const std::string& expr) {
  // Evaluates an expression written over the table's columns (`age::bigint`) against the
  // trigger's NEW row, so users never have to write NEW.age themselves.
  return "(SELECT " + expr + " FROM (SELECT (NEW).*) AS row_values)";
}

SyncTrigger sync_trigger(const model::QualifiedName& table, const std::string& old_col, const std::string& new_col,
                         const std::string& old_to_new, const std::string& new_to_old) {
  SyncTrigger st;
  // Long names are shortened the way PostgreSQL shortens its own (each part, longest
  // first), so both columns stay visible in the name and it fits in 63 bytes.
  st.function_name = model::make_prefixed_name("schemashift_sync", {table.name, old_col, new_col});
  st.trigger_name = model::make_prefixed_name("schemashift_sync", {old_col, new_col});
  const model::QualifiedName fn = sibling(table, st.function_name);
  const std::string o = ident(old_col), n = ident(new_col);
  auto eval = [](const std::string& expr) { return expr; };
  const std::string body = fmt::format(
      R"(
BEGIN
  -- Keeps {o} and {n} equal while old and new application versions run side by side.
  -- A write to the new column wins; otherwise the old column is copied forward.
  IF TG_OP = 'INSERT' THEN
    IF NEW.{n} IS NULL THEN
      NEW.{n} := {to_new};
    ELSE
      NEW.{o} := {to_old};
    END IF;
  ELSIF NEW.{n} IS DISTINCT FROM OLD.{n} THEN
    NEW.{o} := {to_old};
  ELSIF NEW.{o} IS DISTINCT FROM OLD.{o} THEN
    NEW.{n} := {to_new};
  END IF;
  RETURN NEW;
END
)",
      fmt::arg("o", o), fmt::arg("n", n), fmt::arg("to_new", eval(old_to_new)), fmt::arg("to_old", eval(new_to_old)));
  const std::string tag = sql::dollar_quote(body);
  st.create = {
      "CREATE OR REPLACE FUNCTION " + table_sql(fn) + "() RETURNS trigger LANGUAGE plpgsql AS " + tag + body + tag,
      fmt::format("CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()",
                  ident(st.trigger_name), table_sql(table), table_sql(fn)),
  };
  st.drop = {
      fmt::format("DROP TRIGGER IF EXISTS {} ON {}", ident(st.trigger_name), table_sql(table)),
      "DROP FUNCTION IF EXISTS " + table_sql(fn) + "()",
  };
  return st;
}

}  // namespace schemashift::ops
