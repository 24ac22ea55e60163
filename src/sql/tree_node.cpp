#include "sql/tree_node.hpp"

#include <algorithm>
#include <cstring>


namespace schemashift::sql::tree {

namespace {

// Blocks after the first: a large tree takes a few, never much more memory than it needs.
constexpr std::size_t kBlockSize = 32 * 1024;

const Node& null_node() {
  static const Node null{};  // {}: clang requires an initializer for a const object
  return null;
}

[[noreturn]] void mismatch(const Node& node, const char* wanted) {
  throw Node::exception(std::string("[json.exception.type_error.302] type must be ") + wanted + ", but is " +
                        node.type_name());
}

}  // namespace

void* Arena::allocate(std::size_t bytes, std::size_t align) {
  std::size_t pad = static_cast<std::size_t>(-reinterpret_cast<std::uintptr_t>(next_)) & (align - 1);
  if (next_ == nullptr || bytes + pad > static_cast<std::size_t>(end_ - next_)) {
    // The first block as large as the owner expects the tree to be; most trees are small
    // (an expression parsed on its own), and a block is not cleared before use.
    const std::size_t size = std::max(blocks_.empty() ? first_block_ : kBlockSize, bytes + align);
    blocks_.push_back(std::unique_ptr<char[]>(new char[size]));
    next_ = blocks_.back().get();
    end_ = next_ + size;
    pad = static_cast<std::size_t>(-reinterpret_cast<std::uintptr_t>(next_)) & (align - 1);
  }
  void* out = next_ + pad;
  next_ += pad + bytes;
  return out;
}

std::string_view Arena::copy(std::string_view text) {
  if (text.empty()) return {};
  char* out = static_cast<char*>(allocate(text.size(), 1));
  std::memcpy(out, text.data(), text.size());
  return {out, text.size()};
}

// --- Node ----------------------------------------------------------------------------

const Node& Node::const_iterator::operator*() const {
  switch (node_->type_) {
    case Type::Object: return node_->members_[index_].value();
    case Type::Array: return node_->elements_[index_];
    default: return *node_;
  }
}

const Key& Node::const_iterator::key() const {
  if (node_->type_ != Type::Object) {
    throw Node::exception("[json.exception.invalid_iterator.207] cannot use key() for non-object iterators");
  }
  return node_->members_[index_].key();
}

std::size_t Node::size() const {
  switch (type_) {
    case Type::Null: return 0;
    case Type::Object:
    case Type::Array: return size_;
    default: return 1;
  }
}

const Member* Node::members_begin() const { return type_ == Type::Object ? members_ : nullptr; }
const Member* Node::members_end() const { return type_ == Type::Object ? members_ + size_ : nullptr; }

Node::const_iterator Node::find(std::string_view key) const {
  if (type_ != Type::Object) return end();
  const Member* first = members_;
  const Member* last = members_ + size_;
  if (size_ <= 8) {
    // A parse node has a handful of members: comparing lengths first rules out most of
    // them without a call to memcmp, cheaper than a binary search's ordered compares.
    for (const Member* m = first; m != last; ++m) {
      const Key& k = m->key();
      if (k.size() == key.size() && std::memcmp(k.data(), key.data(), key.size()) == 0) {
        return const_iterator(this, m - first);
      }
    }
    return end();
  }
  const Member* at =
      std::lower_bound(first, last, key, [](const Member& m, std::string_view k) { return m.key() < k; });
  return at != last && at->key() == key ? const_iterator(this, at - first) : end();
}

const Node& Node::operator[](std::string_view key) const {
  const auto it = find(key);
  return it == end() ? null_node() : *it;
}

const Node& Node::operator[](std::size_t index) const {
  if (type_ != Type::Array || index >= size_) return null_node();
  return elements_[index];
}

std::string_view Node::string_view() const {
  if (type_ != Type::String) mismatch(*this, "string");
  return {chars_, size_};
}

bool Node::boolean() const {
  if (type_ != Type::Boolean) mismatch(*this, "boolean");
  return boolean_;
}

std::int64_t Node::integer_value() const {
  switch (type_) {
    case Type::Integer: return integer_;
    case Type::Unsigned: return static_cast<std::int64_t>(unsigned_);
    case Type::Float: return static_cast<std::int64_t>(float_);
    case Type::Boolean: return boolean_ ? 1 : 0;
    default: mismatch(*this, "number");
  }
}

std::uint64_t Node::unsigned_value() const {
  if (type_ == Type::Unsigned) return unsigned_;
  return static_cast<std::uint64_t>(integer_value());
}

double Node::number_float() const {
  switch (type_) {
    case Type::Float: return float_;
    case Type::Integer: return static_cast<double>(integer_);
    case Type::Unsigned: return static_cast<double>(unsigned_);
    case Type::Boolean: return boolean_ ? 1.0 : 0.0;
    default: mismatch(*this, "number");
  }
}

void Node::not_an_object(const char* what) const {
  throw exception(std::string("[json.exception.type_error.306] cannot use ") + what + " with " + type_name());
}

std::string Node::type_name() const {
  switch (type_) {
    case Type::Null: return "null";
    case Type::Object: return "object";
    case Type::Array: return "array";
    case Type::String: return "string";
    case Type::Boolean: return "boolean";
    default: return "number";
  }
}

// --- Builder -------------------------------------------------------------------------

Node Builder::boolean(bool b) const {
  Node n(Node::Type::Boolean);
  n.boolean_ = b;
  return n;
}

Node Builder::integer(std::int64_t i) const {
  Node n(Node::Type::Integer);
  n.integer_ = i;
  return n;
}

Node Builder::unsigned_integer(std::uint64_t u) const {
  Node n(Node::Type::Unsigned);
  n.unsigned_ = u;
  return n;
}

Node Builder::number_float(double d) const {
  Node n(Node::Type::Float);
  n.float_ = d;
  return n;
}

Node Builder::string(std::string_view s) {
  Node n(Node::Type::String);
  const std::string_view stored = arena_->copy(s);
  n.chars_ = stored.data();
  n.size_ = static_cast<std::uint32_t>(stored.size());
  return n;
}

Node Builder::object(const Member* first, std::size_t n) {
  Member* members = arena_->allocate_array<Member>(n);
  std::copy(first, first + n, members);
  // Insertion sort: objects are small (a parse node's fields), and it is stable, so that of
  // equal keys the later one ends up last, where the loop below keeps it.
  for (std::size_t i = 1; i < n; ++i) {
    const Member m = members[i];
    std::size_t j = i;
    for (; j > 0 && m.key() < members[j - 1].key(); --j) members[j] = members[j - 1];
    members[j] = m;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (kept > 0 && members[kept - 1].key() == members[i].key()) {
      members[kept - 1] = members[i];
    } else {
      members[kept++] = members[i];
    }
  }
  Node out(Node::Type::Object);
  out.members_ = members;
  out.size_ = static_cast<std::uint32_t>(kept);
  return out;
}

Node Builder::array(const Node* first, std::size_t n) {
  Node* elements = arena_->allocate_array<Node>(n);
  std::copy(first, first + n, elements);
  Node out(Node::Type::Array);
  out.elements_ = elements;
  out.size_ = static_cast<std::uint32_t>(n);
  return out;
}

Node Builder::copy(const Node& node) {
  switch (node.type()) {
    case Node::Type::String: return string(node.string_view());
    case Node::Type::Object: {
      std::vector<Member> members;
      members.reserve(node.size());
      for (const Member& m : node.items()) members.push_back({key(m.key()), copy(m.value())});
      return object(members.data(), members.size());
    }
    case Node::Type::Array: {
      std::vector<Node> elements;
      elements.reserve(node.size());
      for (const Node& e : node) elements.push_back(copy(e));
      return array(elements.data(), elements.size());
    }
    default: return node;  // scalars hold their value
  }
}

}  // namespace schemashift::sql::tree
