#pragma once
// The value type of libpg_query's parse trees as the rest of the code reads them: a
// read-only JSON-shaped node (null, object, array, string, number, boolean) whose nodes,
// keys and strings live in one arena per parsed script. Reading the trees into
// nlohmann::json cost a heap allocation per object member and string (a std::map node and
// its std::string key) and as much again to free them: the largest single cost of a lint
// run. The accessors are named as nlohmann::json's (is_object(), find(), items(), get<T>()
// ...) so that code reading trees reads the same; members of an object are kept sorted by
// key, so they iterate in the order a std::map-based json gave them.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace schemashift::sql::tree {

class Node;
class Member;

// Bump allocation in blocks, all freed together: a parse tree is built once, read, and
// dropped as a whole.
class Arena {
 public:
  // `first_block`: the bytes the tree is expected to take (more blocks follow as needed).
  explicit Arena(std::size_t first_block = 1024) : first_block_(first_block) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  void* allocate(std::size_t bytes, std::size_t align);
  template <typename T>
  T* allocate_array(std::size_t n) {
    static_assert(std::is_trivially_destructible_v<T>, "arena memory is never destroyed");
    return static_cast<T*>(allocate(n * sizeof(T), alignof(T)));
  }
  std::string_view copy(std::string_view text);

 private:
  std::size_t first_block_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
};

// An object member's name: a view into the arena that also converts to std::string, as
// nlohmann::json's keys are used (std::string kind = tree.begin().key()).
class Key : public std::string_view {
 public:
  Key() = default;
  Key(std::string_view text) : std::string_view(text) {}  // NOLINT: a view is a Key
  operator std::string() const { return std::string(data(), size()); }  // NOLINT
};

class Node {
 public:
  enum class Type : std::uint8_t { Null, Object, Array, String, Integer, Unsigned, Float, Boolean };

  // A tree of an unexpected shape (a string where a number was expected ...), worded as
  // nlohmann::json words it, since readers report it (model::loader's warnings).
  class exception : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
  };

  // Iterates an array's elements or an object's member values (key() names the member),
  // as nlohmann::json's iterators do; a null node is empty, any other node holds itself.
  class const_iterator {
   public:
    using value_type = Node;
    using reference = const Node&;
    using pointer = const Node*;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::random_access_iterator_tag;

    const_iterator() = default;
    const Node& operator*() const;
    const Node* operator->() const { return &**this; }
    const Node& value() const { return **this; }
    const Key& key() const;
    const_iterator& operator++() {
      ++index_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++index_;
      return before;
    }
    const_iterator& operator--() {
      --index_;
      return *this;
    }
    const_iterator operator+(std::ptrdiff_t n) const {
      const_iterator out = *this;
      out.index_ += n;
      return out;
    }
    std::ptrdiff_t operator-(const const_iterator& other) const { return index_ - other.index_; }
    bool operator==(const const_iterator& other) const { return node_ == other.node_ && index_ == other.index_; }
    bool operator!=(const const_iterator& other) const { return !(*this == other); }

   private:
    friend class Node;
    const_iterator(const Node* node, std::ptrdiff_t index) : node_(node), index_(index) {}
    const Node* node_ = nullptr;
    std::ptrdiff_t index_ = 0;
  };
  using iterator = const_iterator;

  Node() = default;
  static Node object() { return Node(Type::Object); }
  static Node array() { return Node(Type::Array); }
  // An object of the members at `sorted` (sorted by key, no key twice), not copied: valid
  // as long as they are. For reading part of an object as an object of its own.
  static Node object_over(const Member* sorted, std::size_t n) {
    Node out(Type::Object);
    out.members_ = sorted;
    out.size_ = static_cast<std::uint32_t>(n);
    return out;
  }

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_object() const { return type_ == Type::Object; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_string() const { return type_ == Type::String; }
  bool is_boolean() const { return type_ == Type::Boolean; }
  bool is_number_integer() const { return type_ == Type::Integer || type_ == Type::Unsigned; }
  bool is_number_unsigned() const { return type_ == Type::Unsigned; }
  bool is_number_float() const { return type_ == Type::Float; }
  bool is_number() const { return is_number_integer() || is_number_float(); }
  bool is_structured() const { return is_object() || is_array(); }
  bool is_primitive() const { return !is_structured(); }

  // Members or elements; as nlohmann::json: 0 for null, 1 for any other scalar.
  std::size_t size() const;
  bool empty() const { return size() == 0; }

  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, static_cast<std::ptrdiff_t>(size())); }
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }

  // An object's members, sorted by key; empty for any other node. Each is {key, value}.
  const Member* members_begin() const;
  const Member* members_end() const;
  class MemberIterator {
   public:
    explicit MemberIterator(const Member* at) : at_(at) {}
    const Member& operator*() const { return *at_; }
    const Member* operator->() const { return at_; }
    const Key& key() const;
    const Node& value() const;
    MemberIterator& operator++();
    bool operator==(const MemberIterator& other) const { return at_ == other.at_; }
    bool operator!=(const MemberIterator& other) const { return at_ != other.at_; }

   private:
    const Member* at_;
  };
  struct MemberRange {
    const Member* first;
    const Member* last;
    MemberIterator begin() const { return MemberIterator(first); }
    MemberIterator end() const { return MemberIterator(last); }
  };
  MemberRange items() const { return {members_begin(), members_end()}; }

  // Member lookup (binary search); end() / a null node when absent or not an object.
  const_iterator find(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key) != end(); }
  std::size_t count(std::string_view key) const { return contains(key) ? 1 : 0; }
  const Node& operator[](std::string_view key) const;
  const Node& operator[](const char* key) const { return (*this)[std::string_view(key)]; }
  const Node& operator[](std::size_t index) const;  // an array's element; null when out of range
  const Node& operator[](int index) const { return (*this)[static_cast<std::size_t>(index)]; }
  const Node& at(std::size_t index) const { return (*this)[index]; }
  const Node& front() const { return *begin(); }
  const Node& back() const { return *(end() + -1); }

  // The scalar, converted as nlohmann::json's get<T>() does for the types parse trees
  // hold (numbers and booleans convert to each other); else throws exception.
  template <typename T>
  T get() const {
    if constexpr (std::is_same_v<T, bool>) {
      return boolean();
    } else if constexpr (std::is_same_v<T, std::string>) {
      return std::string(string_view());
    } else if constexpr (std::is_same_v<T, std::string_view>) {
      return string_view();
    } else if constexpr (std::is_floating_point_v<T>) {
      return static_cast<T>(number_float());
    } else {
      static_assert(std::is_integral_v<T>, "parse trees hold strings, numbers and booleans");
      return is_number_unsigned() ? static_cast<T>(unsigned_value()) : static_cast<T>(integer_value());
    }
  }

  // get<T>() of member `key`, or `fallback` when there is no such member; throws
  // exception when this is not an object.
  template <typename T>
  T value(std::string_view key, const T& fallback) const {
    if (!is_object()) not_an_object("value()");
    const auto it = find(key);
    return it == end() ? fallback : it->template get<T>();
  }
  std::string value(std::string_view key, const char* fallback) const {
    return value(key, std::string(fallback));
  }

  std::string_view string_view() const;
  std::string type_name() const;

 private:
  friend class Builder;
  explicit Node(Type type) : type_(type) {}
  [[noreturn]] void not_an_object(const char* what) const;
  bool boolean() const;
  std::int64_t integer_value() const;
  std::uint64_t unsigned_value() const;
  double number_float() const;

  Type type_ = Type::Null;
  std::uint32_t size_ = 0;  // members, elements or string bytes
  union {
    const Member* members_ = nullptr;
    const Node* elements_;
    const char* chars_;
    std::int64_t integer_;
    std::uint64_t unsigned_;
    double float_;
    bool boolean_;
  };
};

// {key, value}: read as it.key() / it.value(), or bound as `const auto& [key, value]`.
class Member {
 public:
  Member() = default;
  Member(std::string_view key, const Node& value) : key_(key), value_(value) {}
  const Key& key() const { return key_; }
  const Node& value() const { return value_; }
  template <std::size_t I>
  const auto& get() const {
    if constexpr (I == 0) {
      return key_;
    } else {
      return value_;
    }
  }

 private:
  Key key_;
  Node value_;
};

// A tree together with the arena its nodes live in: the root node itself (a Document can
// be read wherever a Node is), sharing the arena with its copies.
class Document : public Node {
 public:
  Document() = default;
  Document(const Node& root, std::shared_ptr<const Arena> storage) : Node(root), storage_(std::move(storage)) {}

  // A node of this tree as a Document of its own, sharing the arena.
  Document part(const Node& node) const { return Document(node, storage_); }

 private:
  std::shared_ptr<const Arena> storage_;
};

// Builds nodes into an arena: the readers of libpg_query's output, and code that derives
// a tree from another one (analyze::analyze_alone).
class Builder {
 public:
  explicit Builder(std::size_t expected_bytes = 1024) : arena_(std::make_shared<Arena>(expected_bytes)) {}

  Node null() const { return Node(); }
  Node boolean(bool b) const;
  Node integer(std::int64_t i) const;
  Node unsigned_integer(std::uint64_t u) const;
  Node number_float(double d) const;
  Node string(std::string_view s);
  // Members are copied and sorted by key (a later duplicate key wins, as in a JSON text
  // read into a map); the member nodes are not copied.
  Node object(const Member* first, std::size_t n);
  Node object(std::initializer_list<Member> members) { return object(members.begin(), members.size()); }
  Node array(const Node* first, std::size_t n);
  Node array(std::initializer_list<Node> elements) { return array(elements.begin(), elements.size()); }
  // A copy of `node` and everything below it in this builder's arena.
  Node copy(const Node& node);
  std::string_view key(std::string_view k) { return arena_->copy(k); }

  Document finish(const Node& root) && { return Document(root, std::move(arena_)); }

 private:
  std::shared_ptr<Arena> arena_;
};

inline const Key& Node::MemberIterator::key() const { return at_->key(); }
inline Node::MemberIterator& Node::MemberIterator::operator++() {
  ++at_;
  return *this;
}
inline const Node& Node::MemberIterator::value() const { return at_->value(); }

using json = Node;  // the name the readers of trees have always used

}  // namespace schemashift::sql::tree

template <>
struct std::tuple_size<schemashift::sql::tree::Member> : std::integral_constant<std::size_t, 2> {};
template <>
struct std::tuple_element<0, schemashift::sql::tree::Member> {
  using type = const schemashift::sql::tree::Key;
};
template <>
struct std::tuple_element<1, schemashift::sql::tree::Member> {
  using type = const schemashift::sql::tree::Node;
};
