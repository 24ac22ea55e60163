#include "runner/fleet.hpp"

#include <exception>
#include <thread>

namespace schemashift::runner {

std::vector<Reached> visit_fleet(const std::vector<FleetMember>& members, const Connector& connect,
                                 const std::function<void(std::size_t, Session&)>& visit) {
  std::vector<Reached> reached(members.size());
  std::vector<std::thread> threads;
  threads.reserve(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (!members[i].problem.empty()) {
      reached[i].error = members[i].problem;
      continue;
    }
    threads.emplace_back([&, i] {
      try {
        const std::unique_ptr<Session> session = connect(members[i].url);
        reached[i].where = session->describe();
        visit(i, *session);
      } catch (const std::exception& e) {
        reached[i].error = e.what();
      } catch (...) {
        reached[i].error = "unknown error";
      }
    });
  }
  for (auto& t : threads) t.join();
  return reached;
}

}  // namespace schemashift::runner
