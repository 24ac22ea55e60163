#include "sql/source_text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "core/error.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

namespace schemashift::sql {

namespace {

// One token as pg_query_scan reports it, offsets relative to the scanned text.
struct RawToken {
  PgQuery__Token code = PG_QUERY__TOKEN__NUL;
  bool keyword = false;
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct RawScan {
  std::vector<RawToken> tokens;
  std::optional<ScanError> error;  // offset relative to the scanned text
};

// pg_query_scan answers with a protobuf ScanResult (pg_query.proto: `repeated ScanToken
// tokens = 2`; ScanToken: start = 1, end = 2, token = 4, keyword_kind = 5, all varints).
// It is read here straight from the wire format: protobuf-c's generic unpacking allocated
// a message per token and cost more than the scan itself.
class Wire {
 public:
  Wire(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
  bool done() const { return p_ >= end_; }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ >= end_) malformed();
      const std::uint8_t byte = *p_++;
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return value;
    }
    malformed();
  }

  // The bytes of a length-delimited field.
  Wire bytes() {
    const std::uint64_t n = varint();
    if (n > static_cast<std::uint64_t>(end_ - p_)) malformed();
    const Wire inner(p_, static_cast<std::size_t>(n));
    p_ += n;
    return inner;
  }

  void skip(unsigned wire_type) {
    switch (wire_type) {
      case 0: varint(); return;
      case 1: advance(8); return;
      case 2: bytes(); return;
      case 5: advance(4); return;
      default: malformed();
    }
  }

 private:
  void advance(std::size_t n) {
    if (n > static_cast<std::size_t>(end_ - p_)) malformed();
    p_ += n;
  }
  [[noreturn]] static void malformed() { throw core::Error("libpg_query returned a malformed scan result"); }

  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

RawToken read_token(Wire w) {
  RawToken t;  // proto3 leaves out fields that hold 0
  while (!w.done()) {
    const std::uint64_t key = w.varint();
    const unsigned field = static_cast<unsigned>(key >> 3);
    const unsigned wire_type = static_cast<unsigned>(key & 7);
    if (wire_type != 0) {
      w.skip(wire_type);
      continue;
    }
    const std::uint64_t value = w.varint();
    switch (field) {
      case 1: t.begin = static_cast<std::size_t>(static_cast<std::uint32_t>(value)); break;
      case 2: t.end = static_cast<std::size_t>(static_cast<std::uint32_t>(value)); break;
      case 4: t.code = static_cast<PgQuery__Token>(value); break;
      case 5: t.keyword = value != PG_QUERY__KEYWORD_KIND__NO_KEYWORD; break;
      default: break;
    }
  }
  return t;
}

RawScan raw_scan(std::string_view text) {
  RawScan out;
  const std::string input(text);  // pg_query wants a NUL-terminated string
  PgQueryScanResult r = pg_query_scan(input.c_str());
  if (r.error) {
    const int cursor = r.error->cursorpos;  // 1-based
    out.error = ScanError{r.error->message ? r.error->message : "syntax error",
                          cursor > 0 ? static_cast<std::size_t>(cursor - 1) : 0};
  } else {
    try {
      Wire result(reinterpret_cast<const std::uint8_t*>(r.pbuf.data), r.pbuf.len);
      while (!result.done()) {
        const std::uint64_t key = result.varint();
        if (key == ((2u << 3) | 2u)) {  // tokens, length-delimited
          out.tokens.push_back(read_token(result.bytes()));
        } else {
          result.skip(static_cast<unsigned>(key & 7));
        }
      }
    } catch (...) {
      pg_query_free_scan_result(r);
      throw;
    }
  }
  pg_query_free_scan_result(r);
  // libpg_query 15-4.0 reports U&"..." and U&'...' with a wrong end: they run to the next
  // token (or the end of the text), blanks excluded.
  for (std::size_t i = 0; i < out.tokens.size(); ++i) {
    RawToken& t = out.tokens[i];
    if (t.code != PG_QUERY__TOKEN__UIDENT && t.code != PG_QUERY__TOKEN__USCONST) continue;
    std::size_t end = i + 1 < out.tokens.size() ? out.tokens[i + 1].begin : text.size();
    while (end > t.begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    t.end = end;
  }
  return out;
}

TokenKind kind_of(const RawToken& t, std::string_view text) {
  if (t.keyword) return TokenKind::Keyword;
  switch (t.code) {
    case PG_QUERY__TOKEN__IDENT:
      return text.substr(t.begin, 1) == "\"" ? TokenKind::QuotedIdentifier : TokenKind::Identifier;
    case PG_QUERY__TOKEN__UIDENT: return TokenKind::QuotedIdentifier;
    case PG_QUERY__TOKEN__SCONST:
    case PG_QUERY__TOKEN__USCONST:
    case PG_QUERY__TOKEN__BCONST:
    case PG_QUERY__TOKEN__XCONST: return TokenKind::String;
    case PG_QUERY__TOKEN__ICONST:
    case PG_QUERY__TOKEN__FCONST: return TokenKind::Number;
    case PG_QUERY__TOKEN__PARAM: return TokenKind::Parameter;
    default: return t.code < 256 ? TokenKind::Punctuation : TokenKind::Operator;
  }
}

bool is_comment(PgQuery__Token code) {
  return code == PG_QUERY__TOKEN__SQL_COMMENT || code == PG_QUERY__TOKEN__C_COMMENT;
}

}  // namespace

SourceText::SourceText(std::string_view text, std::size_t base) : text_(text), base_(base) {
  auto scanned = std::make_shared<Scan>();
  scan(*scanned);
  scan_ = std::move(scanned);
}

SourceText::SourceText(std::string_view text, std::size_t base, std::shared_ptr<const Scan> scan)
    : text_(text), base_(base), scan_(std::move(scan)) {}

std::shared_ptr<const Scan> SourceText::part(Range r) const {
  auto out = std::make_shared<Scan>();
  const auto within = [&](std::size_t begin, std::size_t end) { return begin >= r.begin && end <= r.end; };
  const auto& tokens = scan_->tokens;
  for (std::size_t i = token_at(r.begin); i < tokens.size() && within(tokens[i].begin, tokens[i].end); ++i) {
    out->tokens.push_back(tokens[i]);
  }
  for (const auto& c : scan_->comments) {
    if (within(c.begin, c.end)) out->comments.push_back(c);
  }
  for (const auto& m : scan_->meta_commands) {
    if (within(m.range.begin, m.range.end)) out->meta_commands.push_back(m);
  }
  return out;
}

// The scanner knows nothing of psql's meta-commands: after a backslash it goes on
// scanning the command's arguments as SQL, and a quote among them can swallow the lines
// that follow. So the text is scanned in pieces: whenever a meta-command's line holds a
// token that runs past the line (or the scan failed after it), scanning restarts on the
// next line. Otherwise the tokens after the line are already right, since the scanner
// starts every token afresh.
void SourceText::scan(Scan& out) const {
  std::size_t from = 0;  // relative to text_
  while (from < text_.size()) {
    const std::string_view rest = text_.substr(from);
    RawScan raw = raw_scan(rest);
    std::optional<ScanError> failure = raw.error;
    if (failure) raw = raw_scan(rest.substr(0, failure->offset));  // the tokens before it are sound
    bool restart = false;
    for (std::size_t i = 0; i < raw.tokens.size(); ++i) {
      const RawToken& t = raw.tokens[i];
      const std::size_t begin = base_ + from + t.begin;
      const std::size_t end = base_ + from + t.end;
      if (is_comment(t.code)) {
        out.comments.push_back({begin, end});
        continue;
      }
      if (t.code != PG_QUERY__TOKEN__ASCII_92) {  // not a backslash
        out.tokens.push_back({kind_of(t, rest), begin, end});
        continue;
      }
      const std::size_t line_end = std::min(rest.find('\n', t.begin), rest.size());
      MetaCommand command;
      command.range = {begin, base_ + from + line_end};
      std::size_t n = t.begin + 1;
      while (n < rest.size() && std::isalpha(static_cast<unsigned char>(rest[n]))) ++n;
      command.name = std::string(rest.substr(t.begin + 1, n - t.begin - 1));
      command.sends_query = (!command.name.empty() && command.name[0] == 'g') || command.name == "watch" ||
                            command.name == "crosstabview";
      out.meta_commands.push_back(std::move(command));
      std::size_t next = i + 1;
      bool spills = false;
      for (; next < raw.tokens.size() && raw.tokens[next].begin < line_end; ++next) {
        spills = spills || raw.tokens[next].end > line_end;
      }
      if (spills || failure) {
        from += line_end;
        restart = true;
        break;
      }
      i = next - 1;
    }
    if (restart) continue;
    if (failure) out.error = ScanError{failure->message, base_ + from + failure->offset};
    break;
  }
}

std::string_view SourceText::text_of(Range r) const {
  const std::size_t begin = std::clamp(r.begin, base_, end()) - base_;
  const std::size_t last = std::clamp(r.end, base_ + begin, end()) - base_;
  return text_.substr(begin, last - begin);
}

std::string SourceText::server_text() const {
  std::string out(text_);
  for (const auto& command : scan_->meta_commands) {
    const std::size_t begin = command.range.begin - base_;
    std::fill(out.begin() + static_cast<long>(begin), out.begin() + static_cast<long>(command.range.end - base_), ' ');
    if (command.sends_query) out[begin] = ';';
  }
  return out;
}

bool SourceText::is_comment_at(std::size_t offset) const {
  const auto& comments = scan_->comments;
  if (scan_->error && offset >= scan_->error->offset) return true;
  const auto after = std::upper_bound(comments.begin(), comments.end(), offset,
                                      [](std::size_t at, const Range& r) { return at < r.begin; });
  return after != comments.begin() && offset < std::prev(after)->end;
}

std::size_t SourceText::token_at(std::size_t offset) const {
  const auto& tokens = scan_->tokens;
  const auto it = std::lower_bound(tokens.begin(), tokens.end(), offset,
                                   [](const Token& t, std::size_t at) { return t.begin < at; });
  return static_cast<std::size_t>(it - tokens.begin());
}

bool SourceText::is_word(std::size_t i, std::string_view lower_word) const {
  if (i >= size()) return false;
  const Token& t = scan_->tokens[i];
  if (t.kind != TokenKind::Keyword && t.kind != TokenKind::Identifier) return false;
  const std::string_view word = text_of(t);
  return word.size() == lower_word.size() &&
         std::equal(word.begin(), word.end(), lower_word.begin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

bool SourceText::is_symbol(std::size_t i, char c) const {
  return i < size() && scan_->tokens[i].kind == TokenKind::Punctuation && text_of(scan_->tokens[i]).front() == c;
}

bool SourceText::is_name(std::size_t i) const {
  if (i >= size()) return false;
  const TokenKind k = scan_->tokens[i].kind;
  return k == TokenKind::Identifier || k == TokenKind::QuotedIdentifier || k == TokenKind::Keyword;
}

std::size_t SourceText::find_word(std::size_t from, std::string_view lower_word) const {
  for (std::size_t i = from; i < size(); ++i) {
    if (is_word(i, lower_word)) return i;
  }
  return size();
}

std::size_t SourceText::matching_close(std::size_t open) const {
  int depth = 0;
  for (std::size_t i = open; i < size(); ++i) {
    if (is_symbol(i, '(')) ++depth;
    if (is_symbol(i, ')') && --depth == 0) return i;
  }
  return size();
}

std::string SourceText::slice(std::size_t first, std::size_t last) const {
  if (first >= last || first >= size()) return {};
  last = std::min(last, size());
  return std::string(text_of(Range{scan_->tokens[first].begin, scan_->tokens[last - 1].end}));
}

}  // namespace schemashift::sql
