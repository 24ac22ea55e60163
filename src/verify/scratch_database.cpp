#include "verify/scratch_database.hpp"

#include <unistd.h>

#include <chrono>

#include <fmt/format.h>

#include "core/error.hpp"
#include "sql/quote.hpp"

namespace schemashift::verify {

ScratchDatabase::ScratchDatabase(std::unique_ptr<runner::Session> admin, const std::string& server_url,
                                 const std::string& template_database)
    : admin_(std::move(admin)) {
  // The pid and a clock reading keep two rehearsals on one server apart.
  name_ = fmt::format("schemashift_verify_{}_{}", ::getpid(),
                      std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
  const runner::Result r = admin_->execute(
      "CREATE DATABASE " + sql::quote_ident(name_) +
      (template_database.empty() ? std::string() : " TEMPLATE " + sql::quote_ident(template_database)));
  if (!r.ok) {
    throw core::Error(fmt::format("cannot create a scratch database on {}: {}\n  hint: --scratch-url must name a "
                                  "server where this role may CREATE DATABASE",
                                  admin_->describe(), r.message));
  }
  // libpq reads the query string after the path: this dbname replaces the URL's.
  url_ = server_url + (server_url.find('?') == std::string::npos ? "?" : "&") + "dbname=" + name_;
}

ScratchDatabase::~ScratchDatabase() {
  try {
    admin_->execute("DROP DATABASE IF EXISTS " + sql::quote_ident(name_) + " WITH (FORCE)");
  } catch (...) {
    // The server went away: nothing is left to drop it on.
  }
}

std::string ScratchDatabase::describe() const {
  return admin_->describe() + " (database " + name_ + ", dropped afterwards)";
}

}  // namespace schemashift::verify
