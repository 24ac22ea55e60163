#include <catch2/catch.hpp>

#include "model/schema.hpp"
#include "sql/types.hpp"

using namespace schemashift::model;

namespace {

TypeRef type(const std::string& text) {
  const auto t = schemashift::sql::parse_type(text);
  REQUIRE(t);
  return *t;
}

Column column(const std::string& name, const std::string& type_text) {
  Column c;
  c.name = name;
  c.type = type(type_text);
  return c;
}

Constraint foreign_key(const std::string& name, const std::string& local, const QualifiedName& target,
                       const std::string& target_column) {
  Constraint c;
  c.name = name;
  c.kind = ConstraintKind::ForeignKey;
  c.columns = {local};
  c.references = ForeignKeyRef{target, {target_column}, FkAction::Cascade, FkAction::NoAction, true};
  return c;
}

// users(id PK, email) with a unique index on lower(email); orders(customer_id -> users.id).
Schema sample_schema() {
  Schema schema;
  Table users;
  users.name = {"public", "users"};
  users.columns = {column("id", "bigint"), column("email", "text")};
  Constraint pk;
  pk.name = "users_pkey";
  pk.kind = ConstraintKind::PrimaryKey;
  pk.columns = {"id"};
  pk.index_name = "users_pkey";
  users.constraints.push_back(pk);
  schema.tables[users.name.key()] = users;

  Table orders;
  orders.name = {"", "orders"};
  orders.columns = {column("id", "bigint"), column("customer_id", "bigint")};
  orders.constraints.push_back(foreign_key("orders_customer_id_fkey", "customer_id", {"", "users"}, "id"));
  schema.tables[orders.name.key()] = orders;

  Index pk_index;
  pk_index.name = "users_pkey";
  pk_index.table = {"public", "users"};
  pk_index.unique = true;
  pk_index.backs_constraint = true;
  pk_index.elements.push_back(IndexElement{"id", {}, false, {}, {}});
  schema.indexes["public.users_pkey"] = pk_index;

  Index email_index;
  email_index.name = "users_lower_email_idx";
  email_index.table = {"", "users"};
  email_index.elements.push_back(IndexElement{{}, "lower(email)", false, {}, {}});
  schema.indexes["public.users_lower_email_idx"] = email_index;

  schema.other_relations["public.users_id_seq"] = "sequence";
  return schema;
}

}  // namespace

TEST_CASE("QualifiedName: an empty schema means public") {
  CHECK(QualifiedName{"", "users"}.key() == "public.users");
  CHECK(QualifiedName{"public", "users"}.key() == "public.users");
  CHECK(QualifiedName{"billing", "invoices"}.key() == "billing.invoices");
  CHECK(QualifiedName{"", "users"} == QualifiedName{"public", "users"});
  CHECK_FALSE(QualifiedName{"billing", "users"} == QualifiedName{"", "users"});
  CHECK(QualifiedName{"a", "x"} < QualifiedName{"b", "x"});
}

TEST_CASE("TypeRef::sql uses PostgreSQL's preferred spelling") {
  const std::pair<const char*, const char*> cases[] = {
      {"int2", "smallint"},
      {"int", "integer"},
      {"int8", "bigint"},
      {"float4", "real"},
      {"float8", "double precision"},
      {"bool", "boolean"},
      {"character varying(50)", "varchar(50)"},
      {"varchar", "varchar"},
      {"character(3)", "char(3)"},
      {"numeric(3,2)", "numeric(3,2)"},
      {"numeric", "numeric"},
      {"timestamp with time zone", "timestamptz"},
      {"timestamp(3) without time zone", "timestamp(3)"},
      {"time with time zone", "timetz"},
      {"interval", "interval"},
      {"interval(3)", "interval(3)"},
      {"interval day to second", "interval day to second"},
      {"text", "text"},
      {"uuid", "uuid"},
      {"jsonb", "jsonb"},
      {"json", "json"},
      {"bytea", "bytea"},
      {"date", "date"},
      {"text[]", "text[]"},
      {"int[][]", "integer[][]"},
      {"public.mood", "mood"},
      {"billing.\"Status\"", "billing.\"Status\""},
      {"\"Mood\"[]", "\"Mood\"[]"},
      {"\"char\"", "\"char\""},
  };
  for (const auto& [input, expected] : cases) {
    INFO(input);
    CHECK(type(input).sql() == expected);
  }
}

TEST_CASE("TypeRef::sql round-trips through parse_type") {
  for (const char* text : {"varchar(20)", "numeric(12,2)", "timestamptz(3)", "double precision", "int[]",
                           "interval hour to minute", "billing.status"}) {
    INFO(text);
    CHECK(type(type(text).sql()) == type(text));
  }
}

TEST_CASE("Index::mentions_column looks at columns, expressions, INCLUDE and WHERE") {
  Index index;
  index.elements.push_back(IndexElement{"created_at", {}, true, {}, {}});
  index.elements.push_back(IndexElement{{}, "lower((email)::text)", false, {}, {}});
  index.include = {"total"};
  index.where_sql = "(deleted_at IS NULL) AND status <> 'email'";
  CHECK(index.mentions_column("created_at"));
  CHECK(index.mentions_column("email"));
  CHECK(index.mentions_column("total"));
  CHECK(index.mentions_column("deleted_at"));
  CHECK(index.mentions_column("status"));
  CHECK_FALSE(index.mentions_column("name"));
  CHECK_FALSE(index.mentions_column("lower"));  // a function, not a column
}

TEST_CASE("Table lookups") {
  const Schema schema = sample_schema();
  const Table* users = schema.find_table({"", "users"});
  REQUIRE(users);
  CHECK(users->find_column("email"));
  CHECK_FALSE(users->find_column("missing"));
  CHECK(users->find_constraint("users_pkey"));
  CHECK_FALSE(users->find_constraint("users_email_key"));
  REQUIRE(users->primary_key());
  CHECK(users->primary_key()->columns == std::vector<std::string>{"id"});
  CHECK_FALSE(schema.find_table({"", "orders"})->primary_key());

  Schema mutable_schema = sample_schema();
  Table* table = mutable_schema.find_table({"public", "orders"});
  REQUIRE(table);
  table->find_column("customer_id")->nullable = false;
  CHECK_FALSE(mutable_schema.find_table({"", "orders"})->find_column("customer_id")->nullable);
}

TEST_CASE("Schema lookups treat an empty schema and public alike") {
  const Schema schema = sample_schema();
  CHECK(schema.find_table({"public", "orders"}));
  CHECK_FALSE(schema.find_table({"billing", "orders"}));
  CHECK(schema.find_index({"", "users_pkey"}));
  CHECK_FALSE(schema.find_index({"billing", "users_pkey"}));
  CHECK(schema.indexes_of({"", "users"}).size() == 2);
  CHECK(schema.indexes_of({"", "orders"}).empty());
}

TEST_CASE("relation_name_taken covers tables, indexes, other relations and constraints") {
  const Schema schema = sample_schema();
  CHECK(schema.relation_name_taken({"", "users"}));
  CHECK(schema.relation_name_taken({"public", "users_lower_email_idx"}));
  CHECK(schema.relation_name_taken({"", "users_id_seq"}));
  CHECK(schema.relation_name_taken({"", "orders_customer_id_fkey"}));
  CHECK_FALSE(schema.relation_name_taken({"", "users_email_idx"}));
  CHECK_FALSE(schema.relation_name_taken({"billing", "users"}));
}

TEST_CASE("constraint_name_taken is per table") {
  const Schema schema = sample_schema();
  CHECK(schema.constraint_name_taken({"", "users"}, "users_pkey"));
  CHECK_FALSE(schema.constraint_name_taken({"", "orders"}, "users_pkey"));
  CHECK_FALSE(schema.constraint_name_taken({"", "missing"}, "users_pkey"));
}

TEST_CASE("referencing finds foreign keys pointing at a table or column") {
  const Schema schema = sample_schema();
  const auto all = schema.referencing({"public", "users"});
  REQUIRE(all.size() == 1);
  CHECK(all[0].first->name.name == "orders");
  CHECK(all[0].second->name == "orders_customer_id_fkey");
  CHECK(schema.referencing({"", "users"}, "id").size() == 1);
  CHECK(schema.referencing({"", "users"}, "email").empty());
  CHECK(schema.referencing({"", "orders"}).empty());
}

TEST_CASE("fk_action_sql") {
  CHECK(std::string(fk_action_sql(FkAction::NoAction)) == "NO ACTION");
  CHECK(std::string(fk_action_sql(FkAction::Restrict)) == "RESTRICT");
  CHECK(std::string(fk_action_sql(FkAction::Cascade)) == "CASCADE");
  CHECK(std::string(fk_action_sql(FkAction::SetNull)) == "SET NULL");
  CHECK(std::string(fk_action_sql(FkAction::SetDefault)) == "SET DEFAULT");
}
