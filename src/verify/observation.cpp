#include "verify/observation.hpp"

#include <map>

namespace schemashift::verify {

const char* trace_method_name(TraceMethod m) {
  switch (m) {
    case TraceMethod::InTransaction: return "in its transaction";
    case TraceMethod::Wrapped: return "in a transaction of its own";
    case TraceMethod::Watched: return "watched from another session";
    case TraceMethod::NotTraced: return "not traced";
  }
  return "";
}

analyze::LockMode TouchedRelation::strongest_taken() const {
  return taken.empty() ? analyze::LockMode::None : *taken.rbegin();
}

const TouchedRelation* Observation::find(const std::string& schema, const std::string& relname) const {
  for (const auto& r : relations) {
    if (r.relname == relname && (schema.empty() || r.schema == schema)) return &r;
  }
  return nullptr;
}

std::vector<TouchedRelation> touched_relations(const RelationSnapshot& before, const RelationSnapshot& after,
                                               const std::set<HeldLock>& locks_before,
                                               const std::set<HeldLock>& locks_after) {
  // By name, so a relation dropped (only in `before`) and one created (only in `after`)
  // both have one entry, and the output order does not depend on oids.
  std::map<std::string, TouchedRelation> by_name;
  auto entry = [&](const std::string& oid) -> TouchedRelation* {
    const auto b = before.find(oid);
    const auto a = after.find(oid);
    const RelationState* s = b != before.end() ? &b->second : a != after.end() ? &a->second : nullptr;
    if (s == nullptr) return nullptr;  // a system catalog, or the runner's history
    TouchedRelation& t = by_name[s->name];
    t.name = s->name;
    t.schema = s->schema;
    t.relname = s->relname;
    t.kind = s->kind;
    t.existed_before = b != before.end();
    return &t;
  };
  for (const auto& lock : locks_after) {
    if (locks_before.count(lock)) continue;
    if (TouchedRelation* t = entry(lock.first)) t->taken.insert(lock.second);
  }
  for (const auto& [oid, a] : after) {
    const auto b = before.find(oid);
    if (b == before.end()) continue;
    const bool rewritten = a.filenode != b->second.filenode && a.filenode != "0";
    const bool scanned = a.kind == RelationKind::Table && a.scans > b->second.scans;
    if (!rewritten && !scanned) continue;
    TouchedRelation* t = entry(oid);
    t->rewritten = t->rewritten || rewritten;
    t->scanned = t->scanned || scanned;
  }
  // What the transaction already held: a mode held is not taken again, so a statement that
  // needs a lock an earlier statement of its transaction took shows nothing new.
  for (const auto& [oid, mode] : locks_before) {
    if (TouchedRelation* t = entry(oid)) t->held_before.insert(mode);
  }
  std::vector<TouchedRelation> out;
  out.reserve(by_name.size());
  for (auto& [name, t] : by_name) out.push_back(std::move(t));
  return out;
}

}  // namespace schemashift::verify
