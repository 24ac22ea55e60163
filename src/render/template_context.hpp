#pragma once
// The context templates render from, built once per change and shared by every backend.
//
// The context is `render::plan_to_json` (plus what the caller adds, e.g. `frameworks`). It
// is converted to Mustache data once, each top-level key when a template first looks it up
// (a copy of a migration in another list stands for the converted migration instead of
// being converted again); a backend renders against it through a BackendView,
// which layers only what differs per backend on top — `format` and the variables, the
// partials, and each statement's native action (resolved once per distinct action) —
// without copying the shared data. A per-migration file sees the migration's fields over
// the change's and the migration under `migration`, again by reference.
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "render/native_resolve.hpp"

namespace schemashift::render {

class TemplateContext {
 public:
  explicit TemplateContext(nlohmann::json context);
  TemplateContext(TemplateContext&&) noexcept;
  TemplateContext& operator=(TemplateContext&&) noexcept;
  ~TemplateContext();

  // The context as JSON (natives unresolved): `plan --format json`, and the input of
  // engines that work on JSON (liquibase-xml).
  const nlohmann::json& json() const;
  // Adds a top-level key (plan's `files`), or replaces one; neither may hold statements
  // (the native actions found at construction point into the JSON).
  void set(const std::string& key, const nlohmann::json& value);
  // Number of entries of `migrations` (throws core::Error when the context has none).
  std::size_t migration_count() const;

  struct Data;  // the Mustache side (template_context.cpp)
  // Mutable through a const context: it converts on first use, a cache of the JSON.
  Data& shared() const { return *data_; }

 private:
  nlohmann::json json_;
  std::unique_ptr<Data> data_;
};

// One backend's view of a shared TemplateContext. The context must outlive the view.
class BackendView {
 public:
  // `top_level`: keys over the change's (format, variables); `partials`: name -> text.
  BackendView(const TemplateContext& context, nlohmann::json top_level, const std::map<std::string, std::string>& partials,
              const NativeRules& natives);
  BackendView(BackendView&&) noexcept;
  ~BackendView();

  // Renders a Mustache template for the change, or for migration `migration`.
  // `what` names the template in errors; `escape_mode` as render::escape.
  std::string render(const std::string& tmpl, const std::string& what, const std::string& escape_mode,
                     std::optional<std::size_t> migration = std::nullopt) const;
  // Whether `key` is truthy (empty key: true) at the change level, or in migration `migration`'s own fields.
  bool truthy(const std::string& key, std::optional<std::size_t> migration = std::nullopt) const;

  struct Layers;

 private:
  const TemplateContext* context_;
  nlohmann::json top_level_;
  std::unique_ptr<Layers> layers_;
};

}  // namespace schemashift::render
