#pragma once
// Temporary directories under $TMPDIR (else /tmp): a fresh one with a unique name
// (mkdtemp, so two processes never share one), and a scoped one that takes its contents
// with it when it goes.
#include <string>

namespace schemashift::core {

// Creates <$TMPDIR or /tmp>/<prefix>-XXXXXX (mode 0700) and returns its path. Throws
// core::Error when it cannot.
std::string make_temp_directory(const std::string& prefix);

// A directory that exists as long as this value: removed with everything in it by the
// destructor (errors ignored: a temporary directory left behind is no reason to fail).
class TempDir {
 public:
  explicit TempDir(const std::string& prefix) : path_(make_temp_directory(prefix)) {}
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace schemashift::core
