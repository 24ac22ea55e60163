// db::Connection over libpqxx 6 (Debian 12), the one file that includes pqxx; libpq
// itself is resolved on first use (libpq_loader.cpp).
#include "db/connection.hpp"

#include <cstdlib>
#include <regex>

#include <pqxx/pqxx>

#include "core/text.hpp"
#include "db/libpq_loader.hpp"

namespace schemashift::db {

namespace {

constexpr const char* kCannotConnect = "08001";  // sqlclient_unable_to_establish_sqlconnection

std::string first_line(const std::string& s) {
  const std::string t = core::trim(s);
  return t.substr(0, t.find('\n'));
}

bool is_uri(const std::string& url) {
  return core::starts_with(url, "postgresql://") || core::starts_with(url, "postgres://");
}

// libpqxx 6 drops the SQLSTATE for some of the exception classes it maps errors to
// (insufficient_privilege, undefined_table ...), and its transaction_rollback family
// (deadlock_detected ...) is not an sql_error at all: recover the code from the class.
std::string sqlstate_by_class(const std::exception& e) {
  if (dynamic_cast<const pqxx::deadlock_detected*>(&e)) return "40P01";
  if (dynamic_cast<const pqxx::serialization_failure*>(&e)) return "40001";
  if (dynamic_cast<const pqxx::statement_completion_unknown*>(&e)) return "40003";
  if (dynamic_cast<const pqxx::transaction_rollback*>(&e)) return "40000";
  if (dynamic_cast<const pqxx::insufficient_privilege*>(&e)) return "42501";
  if (dynamic_cast<const pqxx::undefined_table*>(&e)) return "42P01";
  if (dynamic_cast<const pqxx::undefined_column*>(&e)) return "42703";
  if (dynamic_cast<const pqxx::undefined_function*>(&e)) return "42883";
  if (dynamic_cast<const pqxx::syntax_error*>(&e)) return "42601";
  if (dynamic_cast<const pqxx::disk_full*>(&e)) return "53100";
  if (dynamic_cast<const pqxx::out_of_memory*>(&e)) return "53200";
  if (dynamic_cast<const pqxx::feature_not_supported*>(&e)) return "0A000";
  return "";
}

// A failure of libpqxx as a value: SQL errors carry the server's SQLSTATE.
Failure failure_of(const std::exception& e) {
  std::string state;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) state = sql->sqlstate();
  if (state.empty()) state = sqlstate_by_class(e);
  return {state, first_line(e.what())};
}

}  // namespace

std::string redact_url(const std::string& url) {
  static const std::regex uri_password(R"(^([a-z]+://[^/:@]*):[^@/]*@)", std::regex::icase);
  static const std::regex kv_password(R"((password\s*=\s*)('[^']*'|\S+))", std::regex::icase);
  return std::regex_replace(std::regex_replace(url, uri_password, "$1:***@"), kv_password, "$1***");
}

std::string with_default_parameter(const std::string& url, const std::string& key, const std::string& value) {
  if (is_uri(url)) {
    const auto query = url.find('?');
    if (query != std::string::npos) {
      for (std::size_t at = query; at != std::string::npos; at = url.find('&', at + 1)) {
        if (url.compare(at + 1, key.size() + 1, key + "=") == 0) return url;
      }
    }
    return url + (query == std::string::npos ? "?" : "&") + key + "=" + value;
  }
  for (std::size_t at = url.find(key); at != std::string::npos; at = url.find(key, at + 1)) {
    const bool starts_word = at == 0 || url[at - 1] == ' ' || url[at - 1] == '\t';
    const std::size_t after = url.find_first_not_of(" \t", at + key.size());
    if (starts_word && after != std::string::npos && url[after] == '=') return url;
  }
  return core::trim(url).empty() ? key + "=" + value : url + " " + key + "=" + value;
}

// Forwards the server's notices to the current handler. Registered once per connection.
class NoticeForwarder final : public pqxx::errorhandler {
 public:
  explicit NoticeForwarder(pqxx::connection_base& c) : pqxx::errorhandler(c) {}
  bool operator()(const char message[]) noexcept override {
    if (!handler) return true;
    std::string text(message);
    for (const char* prefix : {"NOTICE:  ", "WARNING:  ", "INFO:  "}) {
      if (core::starts_with(text, prefix)) text.erase(0, std::char_traits<char>::length(prefix));
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    try {
      handler(text);
    } catch (...) {  // a reporter's failure must not unwind through libpq
    }
    return false;
  }
  std::function<void(const std::string&)> handler;
};

struct Connection::Impl {
  std::string display_url;
  std::optional<pqxx::connection> conn;
  std::unique_ptr<NoticeForwarder> notices;
};

Connection::Connection(const ConnectOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->display_url = redact_url(options.url);
  detail::load_libpq();
  // PGCONNECT_TIMEOUT, when set, is the user's choice; a parameter would override it.
  const char* env_timeout = std::getenv("PGCONNECT_TIMEOUT");
  std::string conninfo =
      env_timeout && *env_timeout
          ? options.url
          : with_default_parameter(options.url, "connect_timeout", std::to_string(options.connect_timeout.count()));
  if (!options.application_name.empty() && !std::getenv("PGAPPNAME")) {
    conninfo = with_default_parameter(conninfo, "application_name", options.application_name);
  }
  try {
    impl_->conn.emplace(conninfo);
  } catch (const std::exception& e) {
    const std::string detail = first_line(e.what());
    throw Error("cannot connect to " + impl_->display_url + ": " + detail, {kCannotConnect, detail});
  }
  // libpqxx 6 silently reconnects a broken connection. A new session would have lost the
  // runner's advisory lock and any open transaction, so a lost connection must be an error.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  impl_->conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
  if (options.statement_timeout.count() > 0) {
    execute("SET statement_timeout = " + std::to_string(options.statement_timeout.count()));
  }
}

Connection::~Connection() = default;
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;

std::vector<Row> Connection::query_read_only(const std::string& sql) {
  std::vector<Row> rows;
  try {
    pqxx::read_transaction tx(*impl_->conn);
    const pqxx::result result = tx.exec(sql);
    rows.reserve(result.size());
    for (const auto& r : result) {
      Row row;
      row.reserve(r.size());
      for (const auto& field : r) {
        row.push_back(field.is_null() ? std::nullopt : std::optional<std::string>(field.c_str()));
      }
      rows.push_back(std::move(row));
    }
    tx.commit();
  } catch (const std::exception& e) {
    Failure f = failure_of(e);
    throw Error("query failed on " + impl_->display_url + ": " + f.message, std::move(f));
  }
  return rows;
}

void Connection::execute(const std::string& sql) {
  try {
    pqxx::nontransaction tx(*impl_->conn);
    tx.exec(sql);
  } catch (const std::exception& e) {
    Failure f = failure_of(e);
    throw Error("statement failed on " + impl_->display_url + ": " + f.message, std::move(f));
  }
}

Connection::Sent Connection::send(const std::string& sql) {
  Sent sent;
  try {
    pqxx::nontransaction tx(*impl_->conn);
    const pqxx::result result = tx.exec(sql);
    for (pqxx::row::size_type c = 0; c < result.columns(); ++c) sent.columns.emplace_back(result.column_name(c));
    sent.rows.reserve(result.size());
    for (const auto& r : result) {
      Row row;
      row.reserve(r.size());
      for (const auto& field : r) {
        row.push_back(field.is_null() ? std::nullopt : std::optional<std::string>(field.c_str()));
      }
      sent.rows.push_back(std::move(row));
    }
  } catch (const pqxx::broken_connection& e) {
    const std::string detail = first_line(e.what());
    throw Error("lost the connection to " + impl_->display_url + ": " + detail, {"08006", detail});
  } catch (const pqxx::sql_error& e) {
    sent.failure = failure_of(e);
  } catch (const std::exception& e) {
    if (!impl_->conn->is_open()) {
      const std::string detail = first_line(e.what());
      throw Error("lost the connection to " + impl_->display_url + ": " + detail, {"08006", detail});
    }
    sent.failure = failure_of(e);
  }
  return sent;
}

void Connection::on_notice(std::function<void(const std::string&)> handler) {
  if (!impl_->notices) impl_->notices = std::make_unique<NoticeForwarder>(*impl_->conn);
  impl_->notices->handler = std::move(handler);
}

const std::string& Connection::display_url() const { return impl_->display_url; }

int Connection::server_version() const { return impl_->conn->server_version(); }

}  // namespace schemashift::db
