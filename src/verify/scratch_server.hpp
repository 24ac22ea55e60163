#pragma once
// A private, throw-away PostgreSQL for `verify`: initdb into a new temporary directory, a
// server listening only on a unix socket in that directory, gone afterwards.
//
// "Gone afterwards" holds however schemashift ends: a watchdog process (a shell in a session
// of its own, so a terminal's Ctrl-C does not reach it) waits for the pipe this process
// holds open to close — at exit, on Ctrl-C, even after kill -9 — then stops the server and
// removes the directory. The destructor does the same at once, and waits for it.
//
// initdb refuses to run as root: as root, the server runs as the `postgres` user (the one
// Debian's postgresql package creates), which then owns the directory.
#include <memory>
#include <string>

namespace schemashift::verify {

struct ScratchOptions {
  // PostgreSQL's server binaries (initdb, postgres). Empty: $PGBIN, else
  // /usr/lib/postgresql/15/bin, else the directory of `initdb` on PATH.
  std::string bin_dir;
  bool keep = false;  // leave the server running and its directory in place (debugging)
};

class ScratchServer {
 public:
  // Throws core::Error (exit 3) with what failed and the log's last lines.
  static std::unique_ptr<ScratchServer> start(const ScratchOptions& options);
  ~ScratchServer();
  ScratchServer(const ScratchServer&) = delete;
  ScratchServer& operator=(const ScratchServer&) = delete;

  // postgresql:///postgres?host=<dir>&port=<port>&user=postgres
  std::string url() const;
  const std::string& directory() const { return dir_; }
  const std::string& version() const { return version_; }  // "15.8"

 private:
  ScratchServer() = default;
  void stop();
  std::string dir_;
  std::string version_;
  int port_ = 5432;
  int postmaster_ = -1;    // pid
  int watchdog_ = -1;      // pid
  int watchdog_pipe_ = -1; // write end; closing it tells the watchdog to clean up
  bool keep_ = false;
};

}  // namespace schemashift::verify
