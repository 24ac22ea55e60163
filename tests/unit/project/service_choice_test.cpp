#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "project/changes.hpp"
#include "project/service_choice.hpp"

using namespace schemashift;

namespace {

namespace fs = std::filesystem;

// A scratch project: three services with their changes folders under a temporary root.
struct Scratch {
  fs::path root = fs::temp_directory_path() / ("ss_choice_" + std::to_string(::getpid()));
  project::Project project;
  Scratch() {
    fs::remove_all(root);
    project.file = (root / ".schemashift.yaml").string();
    project.root = root.string();
    for (const char* name : {"user-service", "content-service", "feed-service"}) {
      project::Service s;
      s.name = name;
      s.changes = (root / "changes" / name).string();
      s.migrations = (root / "migrations" / name).string();
      fs::create_directories(s.changes);
      project.services.push_back(s);
    }
  }
  ~Scratch() { fs::remove_all(root); }
  void spec(const std::string& service, const std::string& file, const std::string& text) {
    std::ofstream(root / "changes" / service / file) << text;
  }
};

std::string first_error(const core::Diagnostics& diags) {
  REQUIRE(diags.error_count() == 1);
  const auto& d = diags.items().front();
  return d.message + " | " + d.hint;
}

}  // namespace

TEST_CASE("list_specs: issue, service and title from the header, sorted, no YAML parse", "[project]") {
  Scratch s;
  s.spec("user-service", "b.yaml", "issue: 245  # the ticket\nservice: user-service\ntitle: \"add: email\"\n");
  s.spec("user-service", "a.yml", "title: no issue here\n  issue: 7\n");
  s.spec("user-service", "notes.txt", "issue: 1\n");
  const auto specs = project::list_specs((s.root / "changes" / "user-service").string());
  REQUIRE(specs.size() == 2);
  CHECK(fs::path(specs[0].path).filename() == "a.yml");
  CHECK_FALSE(specs[0].issue);  // an indented `issue:` is not the header's
  CHECK(specs[0].title == "no issue here");
  CHECK(specs[1].issue == 245);
  CHECK(specs[1].service == "user-service");
  CHECK(specs[1].title == "add: email");
  CHECK(project::list_specs((s.root / "nowhere").string()).empty());
}

TEST_CASE("choose_service: --service, the issue's owner, the only service, or several", "[project]") {
  Scratch s;
  s.spec("user-service", "245.yaml", "issue: 245\n");
  s.spec("content-service", "245.yaml", "issue: 245\n");
  s.spec("feed-service", "300.yaml", "issue: 300\n");
  // A spec in one folder that names another service belongs to the one it names.
  s.spec("feed-service", "301.yaml", "issue: 301\nservice: user-service\n");
  core::Diagnostics diags;

  auto c = project::choose_service(s.project, {"content-service", 245, "", ""}, diags);
  REQUIRE(c);
  CHECK(c->service->name == "content-service");

  c = project::choose_service(s.project, {"", 300, "", ""}, diags);
  REQUIRE(c);
  CHECK(c->service->name == "feed-service");
  c = project::choose_service(s.project, {"", 301, "", ""}, diags);
  REQUIRE(c);
  CHECK(c->service->name == "user-service");

  c = project::choose_service(s.project, {"", 0, (s.root / "changes/feed-service/300.yaml").string(), ""}, diags);
  REQUIRE(c);
  CHECK(c->service->name == "feed-service");

  c = project::choose_service(s.project, {"", 0, "", ""}, diags);
  REQUIRE(c);
  CHECK_FALSE(c->service);
  CHECK(c->several);
  CHECK(diags.items().empty());

  SECTION("an issue in two services is ambiguous") {
    CHECK_FALSE(project::choose_service(s.project, {"", 245, "", ""}, diags));
    CHECK(first_error(diags).find("issue 245 has specs in 2 services") != std::string::npos);
  }
  SECTION("an issue nowhere, among several services") {
    CHECK_FALSE(project::choose_service(s.project, {"", 999, "", ""}, diags));
    CHECK(first_error(diags).find("no spec for issue 999") != std::string::npos);
  }
  SECTION("an issue in no service's folder but in plan's --changes: no service") {
    fs::create_directories(s.root / "changes");
    std::ofstream(s.root / "changes" / "999.yaml") << "issue: 999\n";
    c = project::choose_service(s.project, {"", 999, "", (s.root / "changes").string()}, diags);
    REQUIRE(c);
    CHECK_FALSE(c->service);
    CHECK_FALSE(c->several);
  }
  SECTION("a misspelt service") {
    CHECK_FALSE(project::choose_service(s.project, {"user-servce", 0, "", ""}, diags));
    CHECK(first_error(diags) == "no service named \"user-servce\" in the project | did you mean `user-service`?");
  }
  SECTION("--service without a project file") {
    CHECK_FALSE(project::choose_service(project::Project{}, {"user-service", 0, "", ""}, diags));
    CHECK(first_error(diags).find("schemashift init") != std::string::npos);
  }
  SECTION("no services: nothing to choose, nothing wrong") {
    c = project::choose_service(project::Project{}, {"", 245, "", ""}, diags);
    REQUIRE(c);
    CHECK_FALSE(c->service);
    CHECK_FALSE(c->several);
  }
  SECTION("one service: it, whatever the issue") {
    project::Project one = s.project;
    one.services.resize(1);
    c = project::choose_service(one, {"", 999, "", ""}, diags);
    REQUIRE(c);
    CHECK(c->service->name == "user-service");
  }
}
