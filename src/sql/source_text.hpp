#pragma once
// SQL source text as PostgreSQL's own scanner sees it (libpg_query's pg_query_scan):
// tokens with byte ranges, comments, and psql meta-commands. Every question about where a
// string, quoted identifier, dollar quote, comment or meta-command begins or ends is
// answered here, so no code outside src/sql/ tokenizes SQL by hand.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemashift::sql {

// [begin, end) in bytes.
struct Range {
  std::size_t begin = 0;
  std::size_t end = 0;
};

enum class TokenKind {
  Keyword,           // reserved or not: select, default, not, user ...
  Identifier,        // unquoted
  QuotedIdentifier,  // "Name", U&"..."
  String,            // '...', E'...', $tag$...$tag$, B'...', X'...', U&'...'
  Number,            // 42, 1.5e3
  Parameter,         // $1
  Operator,          // ::, <=, ||, any multi-character operator
  Punctuation,       // one character: ( ) [ ] , ; . : = + ...
};

struct Token {
  TokenKind kind = TokenKind::Punctuation;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// A psql backslash command (\connect, \set, \gexec, pg_dump's \restrict ...). They are
// psql's, not the server's: as in psql, a backslash outside quotes and comments starts one
// and it runs to the end of its line.
struct MetaCommand {
  Range range;               // from the backslash to the end of the line (the '\n' excluded)
  std::string name;          // "gexec", "connect"; "" for "\;" and the like
  bool sends_query = false;  // \g, \gexec, \gset, \gx, \watch, \crosstabview end the statement
};

struct ScanError {
  std::string message;     // PostgreSQL's, e.g. unterminated quoted string at or near "'x"
  std::size_t offset = 0;  // where the unterminated token starts; nothing after it is scanned
};

// What the scanner found in a text, at absolute offsets (the text's base added). Shared
// and never changed after the scan, so a script's one scan can serve its statements.
struct Scan {
  std::vector<Token> tokens;               // comments and meta-commands excluded
  std::vector<Range> comments;
  std::vector<MetaCommand> meta_commands;
  std::optional<ScanError> error;
};

class SourceText {
 public:
  // `text` is viewed, not copied: it must outlive this object. `base` is the offset of
  // `text` in its script and is added to every offset given or returned, so that the
  // tokens of one statement line up with its parse tree's "location" fields.
  explicit SourceText(std::string_view text, std::size_t base = 0);
  // `text` at `base` with what an earlier scan found in it (see part()): no scanning.
  SourceText(std::string_view text, std::size_t base, std::shared_ptr<const Scan> scan);

  std::string_view text() const { return text_; }
  std::size_t base() const { return base_; }
  std::size_t end() const { return base_ + text_.size(); }

  const std::vector<Token>& tokens() const { return scan_->tokens; }  // comments and meta-commands excluded
  const std::vector<Range>& comments() const { return scan_->comments; }  // "-- ..." (no '\n') and "/* ... */" (nested)
  const std::vector<MetaCommand>& meta_commands() const { return scan_->meta_commands; }
  const std::optional<ScanError>& error() const { return scan_->error; }

  // The tokens, comments and meta-commands lying within `r`: what scanning the text of
  // `r` on its own finds when `r` begins and ends between tokens (a statement: the
  // scanner starts every token afresh). For a text without scan error.
  std::shared_ptr<const Scan> part(Range r) const;

  std::string_view text_of(Range r) const;
  std::string_view text_of(const Token& t) const { return text_of(Range{t.begin, t.end}); }

  // The text as the server receives it from psql: meta-commands blanked with spaces and the
  // backslash of a query-sending one turned into the ';' that ends its statement. Byte
  // offsets are unchanged.
  std::string server_text() const;

  // Whether `offset` lies inside a comment, not inside a string or function body. Offsets
  // at or after a scan error count as comment (the benefit of the doubt goes to it).
  bool is_comment_at(std::size_t offset) const;

  // --- token queries, by index into tokens() -------------------------------------------

  std::size_t size() const { return scan_->tokens.size(); }
  const Token& operator[](std::size_t i) const { return scan_->tokens[i]; }
  // First token starting at or after `offset` (size() if none).
  std::size_t token_at(std::size_t offset) const;
  // A keyword or unquoted identifier whose lower-cased text is `lower_word`.
  bool is_word(std::size_t i, std::string_view lower_word) const;
  // A one-character punctuation token.
  bool is_symbol(std::size_t i, char c) const;
  // Something that can be a name part: identifier, quoted identifier or keyword.
  bool is_name(std::size_t i) const;
  std::size_t find_word(std::size_t from, std::string_view lower_word) const;  // size() if none
  // The ')' closing the '(' at `open` (size() when unbalanced).
  std::size_t matching_close(std::size_t open) const;
  // Source text from token `first` to token `last` (exclusive), as written: comments
  // between the tokens are kept, blanks around them are not.
  std::string slice(std::size_t first, std::size_t last) const;

 private:
  void scan(Scan& out) const;

  std::string_view text_;
  std::size_t base_ = 0;
  std::shared_ptr<const Scan> scan_;
};

}  // namespace schemashift::sql
