#pragma once
// Where format descriptors and templates are read from: a --templates directory, or the
// built-in formats compiled into the binary. Both hold formats/<id>.yaml and templates/<id>/.
#include <optional>
#include <string>
#include <vector>

namespace schemashift::render {

class FormatSource {
 public:
  static FormatSource directory(std::string dir);
  static FormatSource builtin();
  // The search order for `template_dirs` (--templates): each directory, then the built-ins.
  static std::vector<FormatSource> search_order(const std::vector<std::string>& template_dirs);

  // The directory, or builtin_source() ("<built-in>").
  const std::string& name() const { return name_; }
  bool is_builtin() const { return builtin_; }
  // "DIR/formats/x.yaml", "<built-in>/formats/x.yaml": for messages.
  std::string describe(const std::string& relative) const;
  // A file's text by path relative to the source; nullopt when it does not exist.
  // Throws core::Error when it exists but cannot be read.
  std::optional<std::string> read(const std::string& relative) const;
  // Names of the regular files directly inside `relative_dir`, sorted.
  std::vector<std::string> files_in(const std::string& relative_dir) const;

 private:
  FormatSource(std::string name, bool is_builtin) : name_(std::move(name)), builtin_(is_builtin) {}
  std::string name_;
  bool builtin_ = false;
};

}  // namespace schemashift::render
