#pragma once
// `verify --scratch-url`: a database of verify's own on a server the user names, created
// for one rehearsal and dropped after it (WITH (FORCE): a session the rehearsal left open
// does not keep it alive).
#include <memory>
#include <string>

#include "runner/session.hpp"

namespace schemashift::verify {

class ScratchDatabase {
 public:
  // `admin`: a session on the server (any database but the one created). Throws core::Error
  // (exit 3) when the role may not create a database. `template_database`: a copy of that
  // database (which no session may be connected to) instead of an empty one.
  ScratchDatabase(std::unique_ptr<runner::Session> admin, const std::string& server_url,
                  const std::string& template_database = {});
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& url() const { return url_; }  // the server's URL, with this database
  const std::string& name() const { return name_; }
  std::string describe() const;

 private:
  std::unique_ptr<runner::Session> admin_;
  std::string name_;
  std::string url_;
};

}  // namespace schemashift::verify
