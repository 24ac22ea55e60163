#include <catch2/catch.hpp>

#include "sql/quote.hpp"

using namespace schemashift::sql;

TEST_CASE("quote_ident leaves plain lower-case names bare") {
  CHECK(quote_ident("users") == "users");
  CHECK(quote_ident("email_verified") == "email_verified");
  CHECK(quote_ident("_private") == "_private");
  CHECK(quote_ident("col1") == "col1");
  // Unreserved keywords may stand bare, as in the server's quote_ident().
  CHECK(quote_ident("name") == "name");
  CHECK(quote_ident("text") == "text");
}

TEST_CASE("quote_ident quotes keywords, capitals and other characters") {
  CHECK(quote_ident("user") == "\"user\"");
  CHECK(quote_ident("select") == "\"select\"");
  CHECK(quote_ident("order") == "\"order\"");
  CHECK(quote_ident("Order") == "\"Order\"");
  CHECK(quote_ident("a\"b") == "\"a\"\"b\"");
  CHECK(quote_ident("café") == "\"café\"");
  CHECK(quote_ident("1abc") == "\"1abc\"");
  CHECK(quote_ident("has space") == "\"has space\"");
  CHECK(quote_ident("") == "\"\"");
}

TEST_CASE("needs_quoting agrees with quote_ident") {
  CHECK_FALSE(needs_quoting("users"));
  CHECK(needs_quoting("user"));
  CHECK(needs_quoting("Users"));
}

TEST_CASE("quote_literal doubles single quotes and leaves backslashes alone") {
  CHECK(quote_literal("pending") == "'pending'");
  CHECK(quote_literal("it's") == "'it''s'");
  CHECK(quote_literal("a\\b") == "'a\\b'");
  CHECK(quote_literal("") == "''");
}

TEST_CASE("dollar_quote picks a tag that does not occur in the body") {
  CHECK(dollar_quote("BEGIN RETURN NEW; END;") == "$schemashift$");
  CHECK(dollar_quote("x $schemashift$ y") == "$schemashift_1$");
  CHECK(dollar_quote("$schemashift$ $schemashift_1$") == "$schemashift_2$");
  CHECK(dollar_quote("body", "fn") == "$fn$");
}
