#pragma once
// The analyser's prediction for a statement against what the server was seen to do
// (verify/observation.hpp). Every difference is a finding: either the analyser is wrong (a
// bug to fix, or a rule to refine) or the statement behaves differently on this server.
#include <string>
#include <vector>

#include "analyze/analysis.hpp"
#include "verify/observation.hpp"

namespace schemashift::verify {

enum class MismatchKind {
  StrongerLock,        // took a stronger mode than predicted
  WeakerLock,          // took a weaker mode (or none) where a stronger one was predicted
  UnpredictedLock,     // locked an existing table the prediction does not name
  UnpredictedRewrite,  // rewrote an existing table the prediction says is not rewritten
  MissingRewrite,      // predicted a rewrite; the table kept its file
  UnpredictedScan,     // scanned a table where the prediction says catalog only (under SHARE UPDATE EXCLUSIVE or stronger)
  MissingScan,         // predicted a full scan; none was made
};
const char* mismatch_kind_id(MismatchKind k);  // "stronger-lock" ...

struct Mismatch {
  MismatchKind kind;
  std::string relation;   // as the server names it (public.users), or as predicted when it was not touched
  std::string predicted;  // "ACCESS EXCLUSIVE, table rewrite"
  std::string observed;   // "SHARE UPDATE EXCLUSIVE, no rewrite"
  std::string message;    // one line for people
};

// Only locks stronger than ACCESS SHARE count as unpredicted: a plain read of another table
// (a subquery, a foreign key's lookup) blocks nothing but ACCESS EXCLUSIVE.
std::vector<Mismatch> compare(const analyze::StatementAnalysis& predicted, const Observation& observed);

}  // namespace schemashift::verify
