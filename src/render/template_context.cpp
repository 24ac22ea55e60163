#include "render/template_context.hpp"

#include <unordered_map>
#include <utility>
#include <vector>

#include <kainjow/mustache.hpp>

#include "core/error.hpp"
#include "render/backend.hpp"
#include "render/plan_json.hpp"

namespace schemashift::render {

using Value = kainjow::mustache::data;
using kainjow::mustache::mustache;
using Json = nlohmann::json;

namespace {

bool is_statement_list(const std::string& key, const Json& value) {
  return (key == "up_statements" || key == "down_statements") && value.is_array();
}

}  // namespace

struct TemplateContext::Data {
  // The context's JSON (TemplateContext::json_; re-pointed when the context moves).
  const Json* json = nullptr;
  // The top-level keys converted so far. A key is converted the first time a template looks
  // it up: `plan` renders the preview and the file paths, which never read the plan's other
  // views of the migrations (`migrations_reversed`, `phases`), and converting those was about
  // two thirds of the conversion (and of freeing it at exit).
  Value root{Value::type::object};
  bool complete = false;  // every key converted (the root itself was asked for)
  // Every statement object (an element of an up_statements / down_statements list, anywhere:
  // the plan repeats them under down_steps) -> the index of its native action among the
  // distinct ones. Statements are converted without `native`; a BackendView supplies native,
  // has_native and is_<kind>.
  std::unordered_map<const Value*, std::size_t> statements;
  // Distinct native actions (null for plain SQL), pointing into the context's JSON.
  std::vector<const Json*> natives;
  // Keyed by the action's compact JSON text: hashing it once is far cheaper than the deep
  // comparisons an ordered map of JSON values makes (they were ~7 % of `plan`). Equal text
  // is an equal action; an action that could print two ways would only be resolved twice.
  std::unordered_map<std::string, std::size_t> native_index;
  // The plan repeats each migration under `migrations_reversed` and `phases`: as a reference
  // ({"$migration": i}, render/plan_json.hpp), or as a copy, recognised by its `name` and
  // checked equal to the migration. Either is converted to an empty stand-in that the
  // rendering context replaces with the converted migration (`aliases`: stand-in ->
  // migration), instead of being converted again.
  const Value* migrations = nullptr;  // converted `migrations`, once it is
  std::unordered_map<std::string, std::size_t> migration_by_name;
  std::unordered_map<const Value*, const Value*> aliases;

  std::size_t native_id(const Json& statement) {
    static const Json none;
    const Json* native = &none;
    if (statement.is_object()) {
      const auto it = statement.find("native");
      if (it != statement.end()) native = &*it;
    }
    const auto [it, inserted] = native_index.emplace(native->dump(), natives.size());
    if (inserted) natives.push_back(native);
    return it->second;
  }

  // The converted migration `item` is a copy of or a reference to, or null.
  const Value* migration_of(const Json& item) const {
    if (!migrations || !item.is_object()) return nullptr;
    if (item.size() == 1) {
      const auto ref = item.find(kMigrationReference);
      if (ref != item.end() && ref->is_number_unsigned() && ref->get<std::size_t>() < migrations->list_value().size()) {
        return &migrations->list_value()[ref->get<std::size_t>()];
      }
    }
    const auto name = item.find("name");
    if (name == item.end() || !name->is_string()) return nullptr;
    const auto it = migration_by_name.find(name->get_ref<const std::string&>());
    if (it == migration_by_name.end() || item != json->at("migrations").at(it->second)) return nullptr;
    return &migrations->list_value()[it->second];
  }

  // The converted top-level `key`, or null when the context has no such key.
  const Value* find(const std::string& key);
  // Every top-level key, converted.
  const Value& whole();

 private:
  const Value* convert(const std::string& key, const Json& value);
};

namespace {

// nlohmann::json -> kainjow data. Arrays become lists, objects become maps, false/null stay
// falsy so {{#x}} sections behave as templates expect; numbers print as JSON does.
// kainjow's set() and push_back() copy their argument, and a deep copy per nesting level made
// the conversion cost size × depth: values are built in place and moved instead.
// With `index`, statements are recorded there and converted without their native action, and
// copies of a migration become stand-ins for it.
Value to_data(const Json& j, TemplateContext::Data* index = nullptr, bool statement = false) {
  switch (j.type()) {
    case Json::value_t::object: {
      Value d{Value::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (statement && it.key() == "native") continue;
        d[it.key()] = to_data(it.value(), index, index && is_statement_list(it.key(), it.value()));
      }
      if (statement) d["sql_lines"] = to_data(sql_lines(j));
      return d;
    }
    case Json::value_t::array: {
      Value d{Value::type::list};
      // kainjow exposes a list only as const; its elements are ours to fill (a const_cast on
      // storage that is not itself const). Reserved first: kainjow's move constructor is not
      // noexcept, so a growing vector would deep-copy every element it holds.
      auto& items = const_cast<kainjow::mustache::list&>(d.list_value());
      items.reserve(j.size());
      std::vector<std::pair<std::size_t, const Value*>> stand_ins;
      for (const auto& item : j) {
        const Value* migration = index && !statement ? index->migration_of(item) : nullptr;
        if (migration) stand_ins.emplace_back(items.size(), migration);
        items.push_back(migration ? Value{Value::type::object} : to_data(item, index, statement));
      }
      // Element addresses are final: the list never grows again, and moving `d` later moves
      // the list's pointer, not its elements.
      for (const auto& [i, migration] : stand_ins) index->aliases.emplace(&items[i], migration);
      if (statement) {
        std::size_t i = 0;
        for (const auto& item : j) index->statements.emplace(&items[i++], index->native_id(item));
      }
      return d;
    }
    case Json::value_t::boolean: return Value{j.get<bool>()};
    case Json::value_t::string: return Value{j.get_ref<const std::string&>()};
    case Json::value_t::null: return Value{false};
    default: return Value{j.dump()};
  }
}

}  // namespace

const Value* TemplateContext::Data::convert(const std::string& key, const Json& value) {
  // The migrations first, so that their copies elsewhere can stand in for them.
  if (!migrations && key != "migrations" && value.is_structured()) find("migrations");
  Value& slot = root[key];
  slot = to_data(value, this);
  if (key == "migrations" && slot.is_list()) {
    const Json& list = json->at("migrations");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto name = list[i].find("name");
      if (name != list[i].end() && name->is_string()) migration_by_name.emplace(name->get<std::string>(), i);
    }
    migrations = &slot;
  }
  return &slot;
}

const Value* TemplateContext::Data::find(const std::string& key) {
  if (const Value* v = root.get(key)) return v;
  if (complete || !json->is_object()) return nullptr;
  const auto it = json->find(key);
  return it == json->end() ? nullptr : convert(key, *it);
}

const Value& TemplateContext::Data::whole() {
  if (!complete && json->is_object()) {
    for (auto it = json->begin(); it != json->end(); ++it) find(it.key());
  }
  complete = true;
  return root;
}

TemplateContext::TemplateContext(Json context) : json_(std::move(context)), data_(std::make_unique<Data>()) {
  data_->json = &json_;
}
TemplateContext::TemplateContext(TemplateContext&& other) noexcept
    : json_(std::move(other.json_)), data_(std::move(other.data_)) {
  if (data_) data_->json = &json_;
}
TemplateContext& TemplateContext::operator=(TemplateContext&& other) noexcept {
  json_ = std::move(other.json_);
  data_ = std::move(other.data_);
  if (data_) data_->json = &json_;
  return *this;
}
TemplateContext::~TemplateContext() = default;

const Json& TemplateContext::json() const { return json_; }

void TemplateContext::set(const std::string& key, const nlohmann::json& value) {
  json_[key] = value;
  // Not yet converted: converted on first use. The value holds no statements to index.
  if (data_->root.get(key)) data_->root[key] = to_data(value);
}

std::size_t TemplateContext::migration_count() const {
  const auto it = json_.find("migrations");
  if (it == json_.end() || !it->is_array()) throw core::Error("template context has no `migrations` list");
  return it->size();
}

struct BackendView::Layers {
  TemplateContext::Data* shared = nullptr;  // converted as templates look keys up
  Value top{Value::type::object};       // format, variables
  Value partials{Value::type::object};  // _<name> -> template text
  std::map<std::string, std::string> partial_texts;
  mutable std::map<std::string, bool> spliceable;  // partial name -> may be spliced (inline_partials)
  NativeRules rules;
  // Per distinct native action: {native, has_native, is_<kind>}, resolved when a statement
  // with it is first rendered (statements are converted on first use too).
  mutable std::vector<std::unique_ptr<Value>> natives;
  mutable std::unordered_map<std::string, std::unique_ptr<mustache>> parsed;  // template text -> parsed

  const Value* overlay(const Value* item) const {
    const auto it = shared->statements.find(item);
    if (it == shared->statements.end()) return nullptr;
    if (natives.size() <= it->second) natives.resize(shared->natives.size());
    auto& slot = natives[it->second];
    if (!slot) slot = std::make_unique<Value>(resolve(*shared->natives[it->second]));
    return slot.get();
  }

  // A migration's stand-in (a copy of it in another list) is the migration.
  const Value* real(const Value* v) const {
    if (!v || shared->aliases.empty()) return v;
    const auto it = shared->aliases.find(v);
    return it == shared->aliases.end() ? v : it->second;
  }

 private:
  // Each distinct action once per backend, however often the plan repeats its statement.
  Value resolve(const Json& native) const {
    const Json resolved = resolve_native(native, rules);
    Value d{Value::type::object};
    const bool has_native = resolved.is_object();
    d["native"] = to_data(resolved);
    d["has_native"] = Value{has_native};
    if (has_native) d["is_" + native.value("kind", "")] = Value{true};  // (an object: resolved)
    return d;
  }
};

namespace {

std::vector<std::string> split_name(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = name.find('.', start);
    parts.push_back(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

// kainjow's context stack over the shared data. At the bottom, as if they were one merged
// object (highest priority first): the partials, `migration`, the migration's fields, the
// backend's top-level keys, the change. Sections push on top; a statement on the stack shows
// the backend's native action with its own fields.
class LayeredContext final : public kainjow::mustache::basic_context<std::string> {
 public:
  LayeredContext(const BackendView::Layers& layers, const Value* migration)
      : layers_(layers), migration_(migration) {}

  void push(const Value* d) override { stack_.push_back(layers_.real(d)); }
  void pop() override { stack_.pop_back(); }

  const Value* get(const std::string& name) const override {
    if (name == ".") return stack_.empty() ? &layers_.shared->whole() : stack_.back();
    if (name.find('.') == std::string::npos) {
      for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
        if (const Value* v = member(*it, name)) return v;
      }
      return base(name);
    }
    const std::vector<std::string> names = split_name(name);
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (const Value* v = walk(member(*it, names.front()), names)) return v;
    }
    // The bottom layers act as one object: the first that has the first name decides.
    return walk(base(names.front()), names);
  }

  const Value* get_partial(const std::string& name) const override {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (const Value* v = member(*it, name)) return v;
    }
    return base(name);
  }

 private:
  const Value* member(const Value* item, const std::string& key) const {
    if (const Value* overlay = layers_.overlay(item)) {
      if (const Value* v = overlay->get(key)) return v;
    }
    return item->get(key);
  }

  const Value* walk(const Value* v, const std::vector<std::string>& names) const {
    for (std::size_t i = 1; v && i < names.size(); ++i) v = layers_.real(v)->get(names[i]);
    return v;
  }

  const Value* base(const std::string& key) const {
    if (const Value* v = layers_.partials.get(key)) return v;
    if (migration_) {
      if (key == "migration") return migration_;
      if (const Value* v = migration_->get(key)) return v;
    }
    if (const Value* v = layers_.top.get(key)) return v;
    return layers_.shared->find(key);
  }

  const BackendView::Layers& layers_;
  const Value* migration_;
  std::vector<const Value*> stack_;
};

// kainjow parses a partial's text again every time `{{> name}}` is rendered (each statement,
// each step): most of the rendering time. A partial is therefore spliced into the template
// text before the one parse. That renders the same bytes as kainjow's own partials (the
// partial's components run in the same context and line buffer either way) as long as no
// delimiter is changed (`{{=`), no CR could pair up differently with the text around it,
// the partial is valid on its own and it does not include itself: otherwise the tag is
// left for kainjow to render. Whether a partial can be spliced is decided once per partial
// (`spliceable`: parsing it to check was a third of scaffold's template parsing).
std::string inline_partials(const std::string& text, const std::map<std::string, std::string>& partials,
                            std::map<std::string, bool>& spliceable, int depth = 0) {
  if (partials.empty() || depth > 8 || text.find("{{=") != std::string::npos) return text;
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t open = text.find("{{>", pos);
    const std::size_t close = open == std::string::npos ? open : text.find("}}", open + 3);
    if (close == std::string::npos) break;
    std::string name = text.substr(open + 3, close - open - 3);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    const auto it = partials.find(name);
    bool splice = it != partials.end() && depth < 8;
    if (splice) {
      auto known = spliceable.find(name);
      if (known == spliceable.end()) {
        const bool ok = it->second.find("{{=") == std::string::npos && it->second.find('\r') == std::string::npos &&
                        mustache(it->second).is_valid();
        known = spliceable.emplace(name, ok).first;
      }
      splice = known->second;
    }
    out.append(text, pos, open - pos);
    out += splice ? inline_partials(it->second, partials, spliceable, depth + 1) : text.substr(open, close + 2 - open);
    pos = close + 2;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

}  // namespace

BackendView::BackendView(const TemplateContext& context, nlohmann::json top_level,
                         const std::map<std::string, std::string>& partials, const NativeRules& natives)
    : context_(&context), top_level_(std::move(top_level)), layers_(std::make_unique<Layers>()) {
  layers_->shared = &context.shared();
  for (auto it = top_level_.begin(); it != top_level_.end(); ++it) layers_->top[it.key()] = to_data(it.value());
  layers_->partial_texts = partials;
  for (const auto& [name, text] : partials) layers_->partials[name] = Value{text};
  layers_->rules = natives;
}
BackendView::BackendView(BackendView&&) noexcept = default;
BackendView::~BackendView() = default;

std::string BackendView::render(const std::string& tmpl, const std::string& what, const std::string& escape_mode,
                                std::optional<std::size_t> migration) const {
  auto& parsed = layers_->parsed[tmpl];
  if (!parsed) parsed = std::make_unique<mustache>(inline_partials(tmpl, layers_->partial_texts, layers_->spliceable));
  mustache& m = *parsed;
  if (!m.is_valid()) throw core::Error(what + ": " + m.error_message());
  m.set_custom_escape([escape_mode](const std::string& s) { return escape(escape_mode, s); });
  const Value* migration_data = nullptr;
  if (migration) {
    const Value* list = context_->shared().find("migrations");
    if (!list || !list->is_list()) throw core::Error("template context has no `migrations` list");
    migration_data = &list->list_value().at(*migration);
  }
  LayeredContext ctx(*layers_, migration_data);
  std::string out = m.render(ctx);
  if (!m.is_valid()) throw core::Error(what + ": " + m.error_message());
  return out;
}

bool BackendView::truthy(const std::string& key, std::optional<std::size_t> migration) const {
  if (key.empty()) return true;
  if (migration) {
    const Json& m = context_->json().at("migrations").at(*migration);
    const auto it = m.find(key);
    return it != m.end() && render::truthy(*it);
  }
  if (const auto it = top_level_.find(key); it != top_level_.end()) return render::truthy(*it);
  const auto it = context_->json().find(key);
  return it != context_->json().end() && render::truthy(*it);
}

}  // namespace schemashift::render
