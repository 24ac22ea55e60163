#pragma once
// Migration layouts `schemashift lint` knows: how a tool names, orders and runs the files
// of one directory. The one list of layout names: the CLI's --layout choices, the config
// file's `layout:` check and the reports all read it.
#include <optional>
#include <string>
#include <vector>

namespace schemashift::lint {

enum class Layout { Auto, Sql, Flyway, Sqlx, GolangMigrate, Popx, Diesel };

const char* layout_name(Layout l);                       // "auto", "sql", "flyway", "sqlx", "golang-migrate", ...
std::optional<Layout> parse_layout(const std::string& s);
const std::vector<std::string>& layout_names();          // every name, "auto" first

// A directory's layout and the rule that decided it, in words for the reports
// ("more Flyway names (12) than numbered names (1)").
struct LayoutChoice {
  Layout layout = Layout::Sql;
  std::string rule;
};

// The layout of a directory when its file names alone decide it (no versioned names, mostly
// unversioned names, or more Flyway names than numbered ones); nullopt when the contents and
// the Cargo project test must decide, which costs reading every file's first bytes.
std::optional<LayoutChoice> layout_from_names(const std::vector<std::string>& names);

// The layout of one directory from its *.sql file names and contents (sqlx's
// `-- no-transaction` marker, psql meta-commands, schemashift's own sql/ header) and
// whether it lies in a Cargo project (sqlx is a Rust tool). `texts` parallels `names`.
// The majority of the names decides: one stray name does not change the tool of the
// others. See docs/lint.md "Layouts".
LayoutChoice detect_layout(const std::vector<std::string>& names, const std::vector<const std::string*>& texts,
                           bool in_cargo_project = false);

// True when `text` can only be run by psql: a line starting with a backslash meta-command
// (\set, \i ...), a query ended by \gexec or \gset, or the header of
// `schemashift scaffold`'s sql/ format.
bool is_psql_script(const std::string& text);

// sqlx's marker: a file starting with exactly these bytes runs outside BEGIN/COMMIT.
inline constexpr const char* kNoTransactionMarker = "-- no-transaction";

}  // namespace schemashift::lint
