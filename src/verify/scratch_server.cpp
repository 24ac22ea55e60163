#include "verify/scratch_server.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/temp_dir.hpp"

namespace schemashift::verify {

namespace fs = std::filesystem;

namespace {

struct RunAs {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
  std::string name;
};

// initdb and postgres refuse root: run them as `postgres`.
RunAs run_as() {
  RunAs r;
  if (geteuid() != 0) return r;
  const passwd* pw = getpwnam("postgres");
  if (pw == nullptr) {
    throw core::Error("verify runs as root but there is no 'postgres' user to run the scratch server as",
                      core::ExitCode::Environment);
  }
  r.switch_user = true;
  r.uid = pw->pw_uid;
  r.gid = pw->pw_gid;
  r.name = pw->pw_name;
  return r;
}

std::string find_bin_dir(const ScratchOptions& o) {
  std::vector<std::string> candidates;
  if (!o.bin_dir.empty()) candidates.push_back(o.bin_dir);
  if (const char* env = std::getenv("PGBIN"); env && *env) candidates.emplace_back(env);
  candidates.emplace_back("/usr/lib/postgresql/15/bin");
  if (const char* path = std::getenv("PATH")) {
    std::stringstream ss(path);
    for (std::string d; std::getline(ss, d, ':');) candidates.push_back(d);
  }
  for (const auto& d : candidates) {
    if (::access((d + "/initdb").c_str(), X_OK) == 0 && ::access((d + "/postgres").c_str(), X_OK) == 0) return d;
    if (!o.bin_dir.empty() && d == o.bin_dir) break;  // an explicit directory is not silently replaced
  }
  throw core::Error(o.bin_dir.empty() ? std::string("PostgreSQL's server binaries (initdb, postgres) were not found in "
                                                    "$PGBIN, /usr/lib/postgresql/15/bin or PATH\n  hint: install "
                                                    "postgresql-15, or give --pg-bin DIR, or --scratch-url URL of a server "
                                                    "where verify may create a database")
                                      : "no initdb and postgres in --pg-bin " + o.bin_dir,
                    core::ExitCode::Environment);
}

// fork + exec with stdout/stderr to `log`, as `as` (root only); returns the child's pid.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log, const RunAs& as, bool new_session) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw core::Error("cannot write " + log);
  if (as.switch_user && ::fchown(fd, as.uid, as.gid) != 0) {
    ::close(fd);
    throw core::Error("cannot give " + log + " to " + as.name);
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fd);
    throw core::Error("fork failed");
  }
  if (pid == 0) {
    if (new_session) ::setsid();
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, 0);
    if (as.switch_user) {
      if (::setgid(as.gid) != 0 || ::initgroups(as.name.c_str(), as.gid) != 0 || ::setuid(as.uid) != 0) _exit(126);
    }
    ::execv(args[0], args.data());
    _exit(127);
  }
  ::close(fd);
  return pid;
}

std::string tail_of(const std::string& path, std::size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string l; std::getline(in, l);) all.push_back(l);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += "\n    " + all[i];
  return out;
}

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string l;
  std::getline(in, l);
  return l;
}

// postmaster.pid's 8th line says "ready" once the server accepts connections (PostgreSQL 10+).
bool ready(const std::string& data) {
  std::ifstream in(data + "/postmaster.pid");
  std::string l;
  for (int i = 0; i < 8 && std::getline(in, l); ++i) {
  }
  return l.rfind("ready", 0) == 0;
}

}  // namespace

std::unique_ptr<ScratchServer> ScratchServer::start(const ScratchOptions& options) {
  const std::string bin = find_bin_dir(options);
  const RunAs as = run_as();
  std::unique_ptr<ScratchServer> s(new ScratchServer());
  s->keep_ = options.keep;
  s->dir_ = core::make_temp_directory("schemashift-verify");
  ::chmod(s->dir_.c_str(), 0700);
  if (as.switch_user && ::chown(s->dir_.c_str(), as.uid, as.gid) != 0) {
    fs::remove_all(s->dir_);
    throw core::Error("cannot give " + s->dir_ + " to " + as.name);
  }

  // The watchdog first, so that nothing below can leave the directory behind. It learns
  // the server's pid from postmaster.pid when the pipe closes; a server that never started
  // has none, and the directory goes all the same.
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw core::Error("pipe failed");
  static const char* const kWatchdog =
      "read _ignored; [ \"$SS_KEEP\" = 1 ] && exit 0; "
      "SS_PID=$(head -n 1 \"$SS_DIR/data/postmaster.pid\" 2>/dev/null); "
      "if [ -n \"$SS_PID\" ]; then kill -QUIT \"$SS_PID\" 2>/dev/null; i=0; "
      "while kill -0 \"$SS_PID\" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; fi; "
      "rm -rf \"$SS_DIR\"";
  const pid_t wd = ::fork();
  if (wd < 0) throw core::Error("fork failed");
  if (wd == 0) {
    ::setsid();  // a terminal's Ctrl-C goes to schemashift's process group, not here
    ::dup2(fds[0], 0);
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    ::setenv("SS_DIR", s->dir_.c_str(), 1);
    ::setenv("SS_KEEP", options.keep ? "1" : "0", 1);
    ::execl("/bin/sh", "sh", "-c", kWatchdog, static_cast<char*>(nullptr));
    _exit(127);
  }
  ::close(fds[0]);
  s->watchdog_ = wd;
  s->watchdog_pipe_ = fds[1];

  const std::string data = s->dir_ + "/data";
  const std::string log = s->dir_ + "/log";
  const pid_t init = spawn({bin + "/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C",
                            "--no-sync", "--no-instructions"},
                           log, as, false);
  int status = 0;
  ::waitpid(init, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string t = tail_of(log, 8);
    s.reset();
    throw core::Error("initdb of the scratch server failed:" + t, core::ExitCode::Environment);
  }
  s->version_ = read_first_line(data + "/PG_VERSION");
  // Only a unix socket in our own directory: no port to collide with, nothing reachable
  // from outside. Durability is off: the server is thrown away.
  s->postmaster_ = spawn({bin + "/postgres", "-D", data, "-k", s->dir_, "-p", std::to_string(s->port_), "-c",
                          "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                          "full_page_writes=off", "-c", "max_connections=20", "-c", "log_min_messages=warning"},
                         log, as, true);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!ready(data)) {
    int st = 0;
    if (::waitpid(s->postmaster_, &st, WNOHANG) == s->postmaster_) {
      s->postmaster_ = -1;
      const std::string t = tail_of(log, 8);
      s.reset();
      throw core::Error("the scratch server did not start:" + t, core::ExitCode::Environment);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      const std::string t = tail_of(log, 8);
      s.reset();
      throw core::Error("the scratch server was not ready after 60 s:" + t, core::ExitCode::Environment);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return s;
}

std::string ScratchServer::url() const {
  return "postgresql:///postgres?host=" + dir_ + "&port=" + std::to_string(port_) + "&user=postgres";
}

void ScratchServer::stop() {
  if (postmaster_ > 0 && !keep_) {
    ::kill(postmaster_, SIGQUIT);  // immediate shutdown: nothing in it is worth a checkpoint
    int st = 0;
    ::waitpid(postmaster_, &st, 0);
    postmaster_ = -1;
  }
  if (watchdog_pipe_ >= 0) {
    ::close(watchdog_pipe_);  // the watchdog removes the directory (unless keep)
    watchdog_pipe_ = -1;
  }
  if (watchdog_ > 0) {
    int st = 0;
    ::waitpid(watchdog_, &st, 0);
    watchdog_ = -1;
  }
}

ScratchServer::~ScratchServer() { stop(); }

}  // namespace schemashift::verify
