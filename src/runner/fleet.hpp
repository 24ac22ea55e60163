#pragma once
// The commands that look at every service's database at once (`status`, `history`,
// `report` without --service): the databases are asked concurrently, one thread each, so
// the slowest one (or the connect timeout of an unreachable one) bounds the wait instead
// of their sum; one that cannot be asked is reported and does not stop the others.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runner/session.hpp"

namespace schemashift::runner {

// Opens a session on `url`; throws core::Error (unreachable, refused).
using Connector = std::function<std::unique_ptr<Session>(const std::string& url)>;

// One database of the fleet.
struct FleetMember {
  std::string name;     // the service
  std::string url;      // "" when `problem` says why there is none
  std::string problem;  // set before connecting: an unset variable, unusable migration files
};

// What became of one member.
struct Reached {
  std::string where;  // Session::describe() once connected
  std::string error;  // "" when `visit` ran to the end; else what stopped it
};

// Connects to every member without a problem, concurrently, and calls `visit(i, session)`
// for member i on its own thread (so `visit` writes only to slot i of its results). A
// member with a problem is not contacted: its error is its problem. Exceptions from the
// connector or from `visit` become that member's error; none escapes a thread.
std::vector<Reached> visit_fleet(const std::vector<FleetMember>& members, const Connector& connect,
                                 const std::function<void(std::size_t, Session&)>& visit);

}  // namespace schemashift::runner
