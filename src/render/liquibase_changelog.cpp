#include "render/liquibase_changelog.hpp"

#include <tinyxml2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "core/error.hpp"
#include "core/text.hpp"

namespace schemashift::render {

namespace fs = std::filesystem;

const std::string* XmlElement::attribute(std::string_view key) const {
  for (const auto& [k, v] : attributes) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string XmlElement::get(std::string_view key, std::string fallback) const {
  const std::string* v = attribute(key);
  return v ? *v : fallback;
}

const XmlElement* XmlElement::child(std::string_view element_name) const {
  for (const auto& c : children) {
    if (c.name == element_name) return &c;
  }
  return nullptr;
}

namespace {

std::string local_name(const char* name) {
  const std::string n = name ? name : "";
  const auto colon = n.find(':');
  return colon == std::string::npos ? n : n.substr(colon + 1);
}

// tinyxml2 gives line numbers only; the column is found in the file's own text: the start
// tag's `<name` on that line, and the first character after the tag's `>`.
class Positions {
 public:
  Positions(std::string path, const std::string& text) : path_(std::move(path)), text_(text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }

  // The element's start tag, searched from the start of `line`, and the position after its `>`.
  std::pair<core::SourceLocation, core::SourceLocation> element(int line, const std::string& qualified_name) const {
    core::SourceLocation tag{path_, line, 0}, after{path_, line, 0};
    if (line < 1 || static_cast<std::size_t>(line) > starts_.size()) return {tag, after};
    std::size_t pos = text_.find("<" + qualified_name, starts_[line - 1]);
    if (pos == std::string::npos) return {tag, after};
    tag = at(pos);
    // The end of the start tag: the first `>` outside a quoted attribute value.
    char quote = 0;
    for (++pos; pos < text_.size(); ++pos) {
      const char c = text_[pos];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        after = at(pos + 1);
        break;
      }
    }
    return {tag, after};
  }

 private:
  core::SourceLocation at(std::size_t offset) const {
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const std::size_t line = static_cast<std::size_t>(it - starts_.begin());
    return {path_, static_cast<int>(line), static_cast<int>(offset - starts_[line - 1] + 1)};
  }

  std::string path_;
  const std::string& text_;
  std::vector<std::size_t> starts_;
};

XmlElement convert(const tinyxml2::XMLElement* e, const Positions& pos) {
  XmlElement out;
  out.name = local_name(e->Name());
  std::tie(out.where, out.text_where) = pos.element(e->GetLineNum(), e->Name());
  for (const tinyxml2::XMLAttribute* a = e->FirstAttribute(); a; a = a->Next()) {
    const std::string key = a->Name();
    if (key == "xmlns" || core::starts_with(key, "xmlns:") || core::starts_with(key, "xsi:")) continue;
    out.attributes.emplace_back(key, a->Value());
  }
  for (const tinyxml2::XMLNode* n = e->FirstChild(); n; n = n->NextSibling()) {
    if (const auto* t = n->ToText()) {
      out.text += t->Value();
    } else if (const auto* c = n->ToElement()) {
      out.children.push_back(convert(c, pos));
    }
  }
  return out;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw core::Error("cannot read " + p.generic_string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool truthy(const std::string& v) { return core::lower(core::trim(v)) == "true"; }

class Reader {
 public:
  Reader(Changelog& out, core::Diagnostics& diags, fs::path search_root)
      : out_(out), diags_(diags), search_root_(std::move(search_root)) {}

  void read(const fs::path& file, const core::SourceLocation& included_at) {
    const std::string path = file.lexically_normal().generic_string();
    if (reading_.count(path)) {
      diags_.error("liquibase-include-cycle", included_at, path + " includes itself (through its includes)");
      return;
    }
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      if (included_at.file.empty()) throw core::Error("cannot read " + path);
      diags_.error("liquibase-include-missing", included_at, "the included changelog " + path + " does not exist");
      return;
    }
    if (!core::ends_with(core::lower(path), ".xml")) {
      diags_.error("liquibase-changelog-format", included_at.file.empty() ? core::SourceLocation{path, 1, 1} : included_at,
                   path + " is not an XML changelog", "only XML changelogs are imported (not YAML, JSON or formatted SQL)");
      return;
    }
    const std::string text = read_file(file);
    out_.files.push_back(path);
    tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
    if (doc.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS) {
      diags_.error("liquibase-xml", core::SourceLocation{path, std::max(1, doc.ErrorLineNum()), 1},
                   std::string("the changelog is not well-formed XML: ") + doc.ErrorStr());
      return;
    }
    const Positions positions(path, text);
    const tinyxml2::XMLElement* root = doc.RootElement();
    if (!root || local_name(root->Name()) != "databaseChangeLog") {
      diags_.error("liquibase-changelog-format", core::SourceLocation{path, root ? root->GetLineNum() : 1, 1},
                   "the root element is not <databaseChangeLog>");
      return;
    }
    reading_.insert(path);
    const fs::path dir = file.parent_path();
    for (const tinyxml2::XMLElement* e = root->FirstChildElement(); e; e = e->NextSiblingElement()) {
      XmlElement el = convert(e, positions);
      if (el.name == "changeSet") {
        out_.change_sets.push_back({path, std::move(el)});
      } else if (el.name == "include") {
        const fs::path target = resolve(el.get("file"), dir, truthy(el.get("relativeToChangelogFile")));
        read(target, el.where);
      } else if (el.name == "includeAll") {
        include_all(el, dir);
      } else {
        diags_.error("liquibase-unsupported", el.where, "<" + el.name + "> is not imported",
                     "the importer reads <changeSet>, <include> and <includeAll> at the top of a changelog");
      }
    }
    reading_.erase(path);
  }

 private:
  // Without relativeToChangelogFile a path is looked up on Liquibase's search path: the
  // root changelog's folder (where `liquibase update` runs).
  fs::path resolve(const std::string& name, const fs::path& dir, bool relative) const {
    const fs::path p(name);
    if (p.is_absolute()) return p;
    return (relative ? dir : search_root_) / p;
  }

  void include_all(const XmlElement& el, const fs::path& dir) {
    const fs::path folder = resolve(el.get("path"), dir, truthy(el.get("relativeToChangelogFile")));
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
      diags_.error("liquibase-include-missing", el.where, "the includeAll folder " + folder.generic_string() +
                                                              " does not exist");
      return;
    }
    // Liquibase includes every changelog below the folder, ordered by path.
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      const std::string name = core::lower(it->path().filename().string());
      for (const char* ext : {".xml", ".yaml", ".yml", ".json", ".sql"}) {
        if (core::ends_with(name, ext)) files.push_back(it->path().lexically_normal().generic_string());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) read(f, el.where);
  }

  Changelog& out_;
  core::Diagnostics& diags_;
  fs::path search_root_;
  std::set<std::string> reading_;
};

}  // namespace

Changelog read_liquibase_changelog(const std::string& path, core::Diagnostics& diags) {
  Changelog out;
  out.root = fs::path(path).lexically_normal().generic_string();
  Reader(out, diags, fs::path(path).parent_path()).read(fs::path(path), core::SourceLocation{});
  return out;
}

}  // namespace schemashift::render
