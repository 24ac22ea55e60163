#include "verify/catalog_snapshot.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "sql/parser.hpp"

namespace schemashift::verify {

CatalogSnapshot take_catalog_snapshot(runner::Session& session) {
  // The file is also run by psql in the tests: its meta-commands (\set, \pset) are
  // psql's, and parse_script leaves them out of the statements.
  static const sql::Script script = sql::parse_script(kCatalogSnapshotSql);
  if (script.error || script.statements.empty()) throw core::Error("the built-in catalog snapshot query does not parse");
  CatalogSnapshot out;
  for (std::size_t i = 0; i < script.statements.size(); ++i) {
    const runner::Result r = session.execute(script.statements[i].text);
    if (!r.ok) throw core::Error("could not read the catalog: " + r.message + " (SQLSTATE " + r.sqlstate + ")");
    if (i + 1 == script.statements.size()) {
      out.lines.reserve(r.rows.size());
      for (const auto& row : r.rows) out.lines.push_back(row.empty() || !row[0] ? std::string() : *row[0]);
    }
  }
  // The snapshot's own SET search_path must not reach the statements sent after it.
  session.execute("RESET search_path");
  return out;
}

namespace {

// "column public.users.email type=text ..." -> "column public.users.email"; a comment's
// line names its object's type first: "comment table public.users = ..." -> three words.
std::string object_of(const std::string& line) {
  const std::size_t words = line.rfind("comment ", 0) == 0 ? 3 : 2;
  std::size_t end = 0;
  for (std::size_t i = 0; i < words; ++i) {
    end = line.find(' ', end == 0 && i == 0 ? 0 : end + 1);
    if (end == std::string::npos) return line;
  }
  return line.substr(0, end);
}

}  // namespace

std::vector<CatalogDifference> diff_catalogs(const CatalogSnapshot& before, const CatalogSnapshot& after) {
  std::vector<std::string> a = before.lines;
  std::vector<std::string> b = after.lines;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<std::string> missing;
  std::vector<std::string> extra;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(missing));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(extra));
  // "constraint t c type=c validated=false def=CHECK (...) NOT VALID" becomes, validated,
  // "... validated=true def=CHECK (...)": the same constraint, now proven.
  const auto validated_form = [](std::string l) {
    const auto v = l.find(" validated=false ");
    const std::string suffix = " NOT VALID";
    if (l.rfind("constraint ", 0) != 0 || v == std::string::npos || l.size() < suffix.size() ||
        l.compare(l.size() - suffix.size(), suffix.size(), suffix) != 0) {
      return std::string();
    }
    l.replace(v, 17, " validated=true ");
    return l.substr(0, l.size() - suffix.size());
  };
  for (auto it = missing.begin(); it != missing.end();) {
    const std::string proven = validated_form(*it);
    const auto e = proven.empty() ? extra.end() : std::find(extra.begin(), extra.end(), proven);
    if (e == extra.end()) {
      ++it;
      continue;
    }
    extra.erase(e);
    it = missing.erase(it);
  }
  std::map<std::string, CatalogDifference> by_object;
  for (const auto& l : missing) {
    auto& d = by_object[object_of(l)];
    d.missing.push_back(l);
  }
  for (const auto& l : extra) {
    auto& d = by_object[object_of(l)];
    d.extra.push_back(l);
  }
  std::vector<CatalogDifference> out;
  for (auto& [object, d] : by_object) {
    d.object = object;
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<CatalogDifference> new_differences(const std::vector<CatalogDifference>& now,
                                               const std::vector<CatalogDifference>& earlier) {
  std::set<std::string> seen_missing;
  std::set<std::string> seen_extra;
  for (const auto& d : earlier) {
    seen_missing.insert(d.missing.begin(), d.missing.end());
    seen_extra.insert(d.extra.begin(), d.extra.end());
  }
  std::vector<CatalogDifference> out;
  for (const auto& d : now) {
    CatalogDifference n;
    n.object = d.object;
    for (const auto& l : d.missing) {
      if (!seen_missing.count(l)) n.missing.push_back(l);
    }
    for (const auto& l : d.extra) {
      if (!seen_extra.count(l)) n.extra.push_back(l);
    }
    if (!n.missing.empty() || !n.extra.empty()) out.push_back(std::move(n));
  }
  return out;
}

}  // namespace schemashift::verify
