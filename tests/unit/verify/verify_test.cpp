// verify/: what a statement was seen to do (observation), its comparison with the
// analyser's prediction, the catalog diff, and the tracing session on a scripted fake.
#include <catch2/catch.hpp>

#include <deque>

#include "sql/parser.hpp"
#include "verify/catalog_snapshot.hpp"
#include "verify/lock_tracer.hpp"
#include "verify/observation.hpp"
#include "verify/prediction_check.hpp"

using namespace schemashift;
using analyze::LockMode;
using analyze::Work;
using verify::RelationKind;

namespace {

verify::RelationState rel(const std::string& schema, const std::string& name, RelationKind kind,
                          const std::string& filenode, long long scans = 0) {
  return {schema + "." + name, schema, name, kind, filenode, scans};
}

analyze::StatementAnalysis predicted(const std::string& relation, LockMode mode, Work work) {
  analyze::StatementAnalysis a;
  analyze::RelationLock l;
  l.relation = relation;
  l.mode = mode;
  l.work = work;
  a.locks.push_back(l);
  return a;
}

verify::Observation observed(std::vector<verify::TouchedRelation> relations,
                             verify::TraceMethod method = verify::TraceMethod::InTransaction) {
  verify::Observation o;
  o.method = method;
  o.relations = std::move(relations);
  return o;
}

verify::TouchedRelation touched(const std::string& name, std::set<LockMode> taken, bool rewritten = false,
                                bool scanned = false) {
  verify::TouchedRelation t;
  t.name = "public." + name;
  t.schema = "public";
  t.relname = name;
  t.kind = RelationKind::Table;
  t.taken = std::move(taken);
  t.rewritten = rewritten;
  t.scanned = scanned;
  return t;
}

}  // namespace

TEST_CASE("touched_relations: new locks, new file nodes, scans, and what the transaction already held") {
  verify::RelationSnapshot before{{"1", rel("public", "users", RelationKind::Table, "100", 0)},
                                  {"2", rel("public", "orders", RelationKind::Table, "200", 3)},
                                  {"3", rel("public", "users_pkey", RelationKind::Index, "300")}};
  verify::RelationSnapshot after = before;
  after["1"].filenode = "101";  // users rewritten
  after["2"].scans = 4;         // orders scanned
  after["4"] = rel("public", "users_email_idx", RelationKind::Index, "400");  // created
  const std::set<verify::HeldLock> locks_before{{"2", LockMode::AccessShare}, {"99", LockMode::AccessShare}};
  const std::set<verify::HeldLock> locks_after{{"1", LockMode::AccessExclusive},
                                               {"2", LockMode::AccessShare},
                                               {"2", LockMode::ShareRowExclusive},
                                               {"4", LockMode::AccessExclusive},
                                               {"99", LockMode::AccessShare}};
  const auto t = verify::touched_relations(before, after, locks_before, locks_after);
  REQUIRE(t.size() == 3);  // catalog relation 99 is not a user relation
  CHECK(t[0].name == "public.orders");
  CHECK(t[0].taken == std::set<LockMode>{LockMode::ShareRowExclusive});
  CHECK(t[0].held_before == std::set<LockMode>{LockMode::AccessShare});
  CHECK(t[0].scanned);
  CHECK_FALSE(t[0].rewritten);
  CHECK(t[1].name == "public.users");
  CHECK(t[1].rewritten);
  CHECK(t[1].strongest_taken() == LockMode::AccessExclusive);
  CHECK(t[2].name == "public.users_email_idx");
  CHECK_FALSE(t[2].existed_before);
}

TEST_CASE("compare: a prediction that matches gives nothing") {
  const auto o = observed({touched("users", {LockMode::AccessExclusive}, true)});
  CHECK(verify::compare(predicted("users", LockMode::AccessExclusive, Work::Rewrite), o).empty());
  CHECK(verify::compare(predicted("public.users", LockMode::AccessExclusive, Work::Rewrite), o).empty());
}

TEST_CASE("compare: a stronger lock, a weaker lock, an unpredicted one") {
  SECTION("stronger") {
    const auto m = verify::compare(predicted("users", LockMode::ShareUpdateExclusive, Work::Scan),
                                   observed({touched("users", {LockMode::AccessExclusive}, false, true)}));
    REQUIRE(m.size() == 1);
    CHECK(m[0].kind == verify::MismatchKind::StrongerLock);
    CHECK(m[0].relation == "public.users");
  }
  SECTION("weaker, unless the transaction already held the mode") {
    auto o = observed({touched("users", {LockMode::ShareUpdateExclusive}, false, true)});
    const auto m = verify::compare(predicted("users", LockMode::AccessExclusive, Work::Scan), o);
    REQUIRE(m.size() == 1);
    CHECK(m[0].kind == verify::MismatchKind::WeakerLock);
    o.relations[0].held_before.insert(LockMode::AccessExclusive);
    CHECK(verify::compare(predicted("users", LockMode::AccessExclusive, Work::Scan), o).empty());
  }
  SECTION("a lock on a table the prediction does not name; ACCESS SHARE reads do not count") {
    const auto m = verify::compare(
        predicted("orders", LockMode::ShareRowExclusive, Work::Catalog),
        observed({touched("orders", {LockMode::ShareRowExclusive}), touched("customers", {LockMode::ShareRowExclusive}),
                  touched("audit", {LockMode::AccessShare})}));
    REQUIRE(m.size() == 1);
    CHECK(m[0].kind == verify::MismatchKind::UnpredictedLock);
    CHECK(m[0].relation == "public.customers");
  }
  SECTION("an index's own lock is not compared: DROP INDEX CONCURRENTLY ends with ACCESS EXCLUSIVE on it") {
    auto index = touched("orders_created_at_idx", {LockMode::AccessExclusive, LockMode::ShareUpdateExclusive});
    index.kind = RelationKind::Index;
    analyze::StatementAnalysis a = predicted("orders", LockMode::ShareUpdateExclusive, Work::Catalog);
    a.locks.push_back(predicted("orders_created_at_idx", LockMode::ShareUpdateExclusive, Work::Catalog).locks[0]);
    CHECK(verify::compare(a, observed({touched("orders", {LockMode::ShareUpdateExclusive}), index},
                                      verify::TraceMethod::Watched))
              .empty());
  }
  SECTION("a watched statement that showed no lock between two polls is not evidence") {
    CHECK(verify::compare(predicted("users", LockMode::ShareUpdateExclusive, Work::IndexBuild),
                          observed({}, verify::TraceMethod::Watched))
              .empty());
  }
}

TEST_CASE("compare: rewrites and scans") {
  SECTION("an unpredicted rewrite") {
    const auto m = verify::compare(predicted("users", LockMode::AccessExclusive, Work::Catalog),
                                   observed({touched("users", {LockMode::AccessExclusive}, true)}));
    REQUIRE(m.size() == 1);
    CHECK(m[0].kind == verify::MismatchKind::UnpredictedRewrite);
  }
  SECTION("a predicted rewrite that did not happen") {
    const auto m = verify::compare(predicted("users", LockMode::AccessExclusive, Work::Rewrite),
                                   observed({touched("users", {LockMode::AccessExclusive})}));
    REQUIRE(m.size() == 1);
    CHECK(m[0].kind == verify::MismatchKind::MissingRewrite);
  }
  SECTION("catalog only, but the table was scanned; a predicted scan that was not made") {
    auto m = verify::compare(predicted("users", LockMode::AccessExclusive, Work::Catalog),
                             observed({touched("users", {LockMode::AccessExclusive}, false, true)}));
    REQUIRE(m.size() == 1);
    CHECK(m[0].kind == verify::MismatchKind::UnpredictedScan);
    m = verify::compare(predicted("users", LockMode::AccessExclusive, Work::Scan),
                        observed({touched("users", {LockMode::AccessExclusive})}));
    REQUIRE(m.size() == 1);
    CHECK(m[0].kind == verify::MismatchKind::MissingScan);
  }
  SECTION("a scan under ROW SHARE (a referenced table while a foreign key is validated) is not judged") {
    CHECK(verify::compare(predicted("customers", LockMode::RowShare, Work::Catalog),
                          observed({touched("customers", {LockMode::RowShare}, false, true)}))
              .empty());
  }
  SECTION("a read under ACCESS SHARE predicted to scan need not (a join's inner side over an empty outer one)") {
    // UPDATE inventory ... FROM warehouses on empty tables: the hash join never reads warehouses.
    CHECK(verify::compare(predicted("warehouses", LockMode::AccessShare, Work::Scan),
                          observed({touched("warehouses", {LockMode::AccessShare})}))
              .empty());
  }
  SECTION("a relation created earlier in the file is not judged (ATTACH PARTITION of a new, empty table)") {
    auto p = predicted("telemetry_2024_03", LockMode::AccessExclusive, Work::Scan);
    p.locks.front().is_new = true;
    CHECK(verify::compare(p, observed({touched("telemetry_2024_03", {LockMode::ShareUpdateExclusive})})).empty());
  }
  SECTION("TRUNCATE's new empty file and the index rebuild on it are no rewrite and no scan of rows") {
    auto p = predicted("sessions", LockMode::AccessExclusive, Work::Catalog);
    p.truncates = true;
    CHECK(verify::compare(p, observed({touched("sessions", {LockMode::AccessExclusive, LockMode::Share}, true, true)})).empty());
  }
  SECTION("scans are not judged when the statement was watched from outside") {
    CHECK(verify::compare(predicted("users", LockMode::ShareUpdateExclusive, Work::Scan),
                          observed({touched("users", {LockMode::ShareUpdateExclusive})}, verify::TraceMethod::Watched))
              .empty());
  }
}

TEST_CASE("diff_catalogs: the lines that differ, grouped by object") {
  verify::CatalogSnapshot before{{"column public.users.email type=text notnull=false", "index public.users_email_idx valid",
                                  "table public.users kind=r"}};
  verify::CatalogSnapshot after{{"column public.users.email type=text notnull=true", "table public.users kind=r"}};
  const auto d = verify::diff_catalogs(before, after);
  REQUIRE(d.size() == 2);
  CHECK(d[0].object == "column public.users.email");
  CHECK(d[0].missing == std::vector<std::string>{"column public.users.email type=text notnull=false"});
  CHECK(d[0].extra == std::vector<std::string>{"column public.users.email type=text notnull=true"});
  CHECK(d[1].object == "index public.users_email_idx");
  CHECK(d[1].extra.empty());
  CHECK(verify::diff_catalogs(before, before).empty());
}

TEST_CASE("diff_catalogs: a constraint left validated by a down is no difference") {
  verify::CatalogSnapshot before{{"constraint public.users users_phone_not_null type=c validated=false def=CHECK ((phone IS NOT NULL)) NOT VALID"}};
  verify::CatalogSnapshot after{{"constraint public.users users_phone_not_null type=c validated=true def=CHECK ((phone IS NOT NULL))"}};
  CHECK(verify::diff_catalogs(before, after).empty());
  // The other way round is a loss: a validated constraint came back NOT VALID.
  CHECK(verify::diff_catalogs(after, before).size() == 1);
}

TEST_CASE("new_differences: what a newer down already left behind is not blamed on an older one") {
  const std::vector<verify::CatalogDifference> newer{{"column public.posts.created", {"column public.posts.created notnull=true"},
                                                      {"column public.posts.created notnull=false"}}};
  std::vector<verify::CatalogDifference> now = newer;
  now.push_back({"index public.i", {"index public.i valid=true"}, {}});
  const auto d = verify::new_differences(now, newer);
  REQUIRE(d.size() == 1);
  CHECK(d[0].object == "index public.i");
}

TEST_CASE("the built-in catalog snapshot query parses, without psql's meta-commands") {
  const sql::Script s = sql::parse_script(verify::kCatalogSnapshotSql);
  REQUIRE_FALSE(s.error);
  REQUIRE(s.statements.size() == 2);  // SET search_path, the query
  CHECK(s.statements[1].text.find("SELECT line FROM facts") != std::string::npos);
}

namespace {

// Answers the tracer's own queries; records everything.
class ScriptedSession final : public runner::Session {
 public:
  std::vector<std::string> sent;
  runner::Result execute(const std::string& sql) override {
    sent.push_back(sql);
    runner::Result r;
    if (sql.find("FROM pg_catalog.pg_class") != std::string::npos) {
      r.rows = {{std::string("1"), std::string("public.users"), std::string("public"), std::string("users"),
                 std::string("r"), std::to_string(filenode), std::string("0")}};
    } else if (sql.find("FROM pg_catalog.pg_locks") != std::string::npos) {
      if (locked) r.rows = {{std::string("1"), std::string("AccessExclusiveLock")}};
    } else if (sql.rfind("ALTER", 0) == 0) {
      locked = true;
      filenode = 101;
    } else if (sql == "COMMIT" || sql == "ROLLBACK") {
      locked = false;
    }
    return r;
  }
  void on_notice(std::function<void(const std::string&)>) override {}
  std::string describe() const override { return "scripted"; }
  bool locked = false;
  long long filenode = 100;
};

}  // namespace

TEST_CASE("TracingSession: an autocommit statement gets a transaction of its own; others pass through") {
  ScriptedSession inner;
  verify::TracingSession t(inner, nullptr, "schemashift");
  t.execute("SET lock_timeout = '500ms'");
  verify::ExpectedStatement e;
  e.version = "1";
  e.sql = "ALTER TABLE users ALTER COLUMN id TYPE bigint";
  t.expect(e);
  REQUIRE(t.execute(e.sql).ok);
  REQUIRE(t.observations().size() == 1);
  const auto& o = t.observations()[0];
  CHECK(o.method == verify::TraceMethod::Wrapped);
  REQUIRE(o.relations.size() == 1);
  CHECK(o.relations[0].rewritten);
  CHECK(o.relations[0].strongest_taken() == LockMode::AccessExclusive);
  CHECK(inner.sent.front() == "SET lock_timeout = '500ms'");
  CHECK(inner.sent[1] == "BEGIN");
  CHECK(inner.sent.back() == "COMMIT");
}

TEST_CASE("TracingSession: inside the runner's transaction, no BEGIN of its own") {
  ScriptedSession inner;
  verify::TracingSession t(inner, nullptr, "schemashift");
  t.execute("BEGIN");
  verify::ExpectedStatement e;
  e.sql = "ALTER TABLE users ADD COLUMN x int";
  t.expect(e);
  t.execute(e.sql);
  t.execute("COMMIT");
  REQUIRE(t.observations().size() == 1);
  CHECK(t.observations()[0].method == verify::TraceMethod::InTransaction);
  CHECK(std::count(inner.sent.begin(), inner.sent.end(), "BEGIN") == 1);
}

TEST_CASE("TracingSession: a statement that must run outside a transaction, with nobody to watch it, is not traced") {
  ScriptedSession inner;
  verify::TracingSession t(inner, nullptr, "schemashift");
  verify::ExpectedStatement e;
  e.sql = "CREATE INDEX CONCURRENTLY i ON users (email)";
  e.outside_transaction = true;
  t.expect(e);
  t.execute(e.sql);
  REQUIRE(t.observations().size() == 1);
  CHECK(t.observations()[0].method == verify::TraceMethod::NotTraced);
  CHECK(inner.sent == std::vector<std::string>{e.sql});
}
