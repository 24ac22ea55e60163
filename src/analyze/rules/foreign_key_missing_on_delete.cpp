// FOREIGN KEY / REFERENCES without an explicit ON DELETE (seed anti-pattern "Foreign keys
// without explicit ON DELETE strategy"). New tables are flagged too: this is about intent.
#include <algorithm>

#include "analyze/rule.hpp"
#include "sql/tree.hpp"
#include "core/text.hpp"
#include "sql/clauses.hpp"

namespace schemashift::analyze {
namespace {

using namespace sql::tree;

RuleInfo info() {
  RuleInfo r;
  r.id = "foreign-key-missing-on-delete";
  r.severity = Severity::Warning;
  r.impact = Impact::Hygiene;
  r.summary = "FOREIGN KEY or REFERENCES without an explicit ON DELETE clause";
  r.rationale =
      "Without ON DELETE a foreign key gets NO ACTION: deleting a referenced row fails while referencing rows "
      "exist. That may be what was meant, but nobody can tell from the migration, and the alternatives behave "
      "very differently in production: CASCADE silently deletes (and locks) rows in the referencing table, "
      "SET NULL needs a nullable column, RESTRICT cannot be deferred. The parse tree cannot tell an omitted "
      "clause from ON DELETE NO ACTION, so the rule reads the clause's text.";
  r.safe_alternative =
      "Write the intended action: ON DELETE RESTRICT or ON DELETE NO ACTION to forbid deleting referenced rows, "
      "ON DELETE CASCADE to delete dependents (index the referencing column), ON DELETE SET NULL to detach "
      "them. On an existing table add the constraint NOT VALID and VALIDATE it separately.";
  r.bad = {{"CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));"},
           {"ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) "
            "ON UPDATE SET DEFAULT NOT VALID;",
            true},
           {"ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons;"}};
  r.good = {{"CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n"
             "  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,\n  shop_id bigint,\n"
             "  CONSTRAINT orders_shop_fk FOREIGN KEY (shop_id) REFERENCES shops (id) ON UPDATE CASCADE ON DELETE CASCADE\n"
             ");"},
            {"ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) "
             "ON DELETE NO ACTION NOT VALID;",
             true},
            {"ALTER TABLE orders ADD COLUMN coupon_id bigint CONSTRAINT orders_coupon_fk REFERENCES coupons "
             "ON DELETE SET NULL;"}};
  return r;
}

struct ForeignKey {
  const json* constraint;
  std::string columns;   // "customer_id" or "a, b"
  std::size_t limit;     // script offset where the next clause of the column starts (or npos)
};

void column_foreign_keys(const json& column_def, std::vector<ForeignKey>& out) {
  const json& constraints = items(member(column_def, "constraints"));
  for (const auto& item : constraints) {
    const json& c = body(item, "Constraint");
    if (text(c, "contype") != "CONSTR_FOREIGN") continue;
    // The REFERENCES clause ends where the column's next constraint starts.
    std::size_t limit = std::string::npos;
    for (const auto& other : constraints) {
      const long long at = location(body(other, "Constraint"));
      if (at > location(c)) limit = std::min(limit, static_cast<std::size_t>(at));
    }
    out.push_back({&c, text(column_def, "colname"), limit});
  }
}

void table_foreign_key(const json& constraint, std::vector<ForeignKey>& out) {
  if (text(constraint, "contype") != "CONSTR_FOREIGN") return;
  out.push_back({&constraint, core::join(string_list(member(constraint, "fk_attrs")), ", "), std::string::npos});
}

std::vector<ForeignKey> foreign_keys(const StatementView& s) {
  std::vector<ForeignKey> out;
  if (s.kind == "CreateStmt") {
    for (const auto& element : items(member(s.node, "tableElts"))) {
      column_foreign_keys(body(element, "ColumnDef"), out);
      table_foreign_key(body(element, "Constraint"), out);
    }
  } else if (s.kind == "AlterTableStmt") {
    for (const json* cmd : alter_commands(s.node)) {
      const std::string subtype = text(*cmd, "subtype");
      if (subtype == "AT_AddColumn") column_foreign_keys(body(member(*cmd, "def"), "ColumnDef"), out);
      if (subtype == "AT_AddConstraint") table_foreign_key(body(member(*cmd, "def"), "Constraint"), out);
    }
  }
  return out;
}

bool says_on_delete(const sql::SourceText& source, const ForeignKey& fk) {
  const long long at = location(*fk.constraint);
  if (at < static_cast<long long>(source.base())) return false;
  return sql::foreign_key_says_on_delete(source, static_cast<std::size_t>(at), fk.limit);
}

void check(const StatementView& s, const LintState&, std::vector<RuleHit>& out) {
  const std::vector<ForeignKey> keys = foreign_keys(s);
  if (keys.empty()) return;
  const std::string table = written_relation(member(s.node, "relation"));
  const sql::SourceText source = sql::source_of(s.statement);
  for (const auto& fk : keys) {
    if (says_on_delete(source, fk)) continue;
    const std::string referenced = written_relation(member(*fk.constraint, "pktable"));
    RuleHit hit;
    hit.message = "foreign key " + table + " (" + fk.columns + ") -> " + referenced +
                  " has no ON DELETE clause: deleting a referenced " + referenced + " row fails (NO ACTION)";
    hit.help = "state the intent: ON DELETE RESTRICT / NO ACTION (keep referenced rows), CASCADE or SET NULL";
    hit.location = location(*fk.constraint);
    hit.relation = table;
    out.push_back(hit);
  }
}

}  // namespace
}  // namespace schemashift::analyze

SCHEMASHIFT_RULE(foreign_key_missing_on_delete, schemashift::analyze::info(), schemashift::analyze::check)
