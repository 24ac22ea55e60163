#include "runner/manifest.hpp"

#include <nlohmann/json.hpp>

namespace schemashift::runner {

namespace {

using nlohmann::json;

// nlohmann reports a byte offset; users want the line and column.
core::SourceLocation location_of(const std::string& text, const std::string& path, std::size_t byte) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {path, line, column};
}

const char* const kHint = "the manifest is written by `schemashift scaffold`: scaffold the issue again rather than editing it";

class Reader {
 public:
  Reader(const std::string& path, core::Diagnostics& diags) : path_(path), diags_(diags) {}

  void fail(const std::string& where, const std::string& message) {
    diags_.error("invalid-manifest", {path_, 0, 0}, where + ": " + message, kHint);
    ok_ = false;
  }
  bool ok() const { return ok_; }

  std::optional<std::string> string(const json& object, const char* key, const std::string& where, bool required) {
    const auto it = object.find(key);
    if (it == object.end()) {
      if (required) fail(where, std::string("missing `") + key + "`");
      return std::nullopt;
    }
    if (!it->is_string()) {
      fail(where, std::string("`") + key + "` must be a string");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  std::optional<int> integer(const json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer() || *it < 0 || *it > 1'000'000) {
      fail(where, std::string("`") + key + "` must be a whole number from 0");
      return std::nullopt;
    }
    return it->get<int>();
  }

 private:
  std::string path_;
  core::Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

std::optional<Manifest> parse_manifest(const std::string& text, const std::string& path, core::Diagnostics& diags) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    diags.error("invalid-manifest", location_of(text, path, e.byte > 0 ? e.byte - 1 : 0),
                "not valid JSON: " + std::string(e.what()), kHint);
    return std::nullopt;
  }
  Reader r(path, diags);
  if (!doc.is_object()) {
    r.fail("the manifest", "must be a JSON object");
    return std::nullopt;
  }
  const auto format = r.integer(doc, "manifest", "the manifest");
  if (!format || *format != kManifestFormat) {
    if (r.ok()) {
      r.fail("`manifest`", format ? "format " + std::to_string(*format) + " is not known to this schemashift (it reads " +
                                        std::to_string(kManifestFormat) + ")"
                                  : "missing: this is not a schemashift manifest");
    }
    return std::nullopt;
  }
  Manifest m;
  m.issue = r.integer(doc, "issue", "the manifest");
  m.lock_retries = r.integer(doc, "lock_retries", "the manifest");
  const auto migrations = doc.find("migrations");
  if (migrations == doc.end() || !migrations->is_array()) {
    r.fail("the manifest", "`migrations` must be a list");
    return std::nullopt;
  }
  for (std::size_t i = 0; i < migrations->size(); ++i) {
    const json& item = (*migrations)[i];
    const std::string where = "migrations[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      r.fail(where, "must be an object");
      continue;
    }
    const auto version = r.string(item, "version", where, true);
    ManifestEntry entry;
    entry.phase = r.string(item, "phase", where, true).value_or("");
    if (!entry.phase.empty() && entry.phase != "expand" && entry.phase != "migrate" && entry.phase != "contract") {
      r.fail(where, "unknown phase '" + entry.phase + "' (expand, migrate or contract)");
    }
    const auto checks = item.find("preflight");
    if (checks != item.end() && !checks->is_array()) r.fail(where, "`preflight` must be a list");
    if (checks != item.end() && checks->is_array()) {
      for (std::size_t k = 0; k < checks->size(); ++k) {
        const json& c = (*checks)[k];
        const std::string cwhere = where + ".preflight[" + std::to_string(k) + "]";
        if (!c.is_object()) {
          r.fail(cwhere, "must be an object");
          continue;
        }
        PreflightCheck check;
        check.title = r.string(c, "title", cwhere, true).value_or("");
        check.sql = r.string(c, "sql", cwhere, true).value_or("");
        const std::string expect = r.string(c, "expect", cwhere, true).value_or("true");
        if (auto e = core::parse_expect(expect)) {
          check.expect = *e;
        } else {
          r.fail(cwhere, "unknown `expect` '" + expect + "' (true, zero, no_rows or report)");
        }
        entry.preflight.push_back(std::move(check));
      }
    }
    if (version) {
      if (m.migrations.count(*version)) r.fail(where, "version " + *version + " is listed twice");
      m.migrations[*version] = std::move(entry);
    }
  }
  if (!r.ok()) return std::nullopt;
  return m;
}

}  // namespace schemashift::runner
