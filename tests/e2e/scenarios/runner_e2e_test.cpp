// The scenario-runner binary against real servers on loopback: the core echo server (every
// step kind but SAML), spawned targets, the journal → HAR → replay path, and mock-scim.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "tests/support/server_process.hpp"

namespace {

using Outcome = test_support::ExitResult;  // stdout and stderr together, and the status

// Runs scenario-runner with `args` (no shell metacharacters in them), stdin from /dev/null.
Outcome run_runner(const std::vector<std::string>& args) {
  return test_support::run_to_exit(HARNESS_SCENARIO_RUNNER_BIN, args);
}

std::string data(const std::string& name) {
  return std::string(HARNESS_SCENARIO_DATA) + "/" + name;
}

std::string temp_file(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / "scenario-runner-e2e";
  std::filesystem::create_directories(dir);
  return (dir / (std::to_string(::getpid()) + "-" + name)).string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("scenario-runner: every non-SAML step kind passes against the echo server",
          "[e2e][scenarios]") {
  test_support::ServerProcess echo(HARNESS_ECHO_SERVER_BIN);
  const std::string junit = temp_file("pass.xml");
  const std::string har = temp_file("pass.har");
  const auto out = run_runner({"run", "--target", "echo=" + echo.url(), "--junit", junit, "--har",
                               har, data("echo-pass.json")});
  INFO(out.output);
  CHECK(out.status == 0);
  CHECK_THAT(out.output, Catch::Contains("PASS  echo a JSON document"));
  CHECK_THAT(out.output, Catch::Contains("PASS  wait for the year 2040 in virtual time"));
  CHECK_THAT(out.output, Catch::Contains("== PASSED: 8 passed, 0 failed, 0 skipped"));
  pugi::xml_document doc;
  REQUIRE(doc.load_file(junit.c_str()));
  CHECK(doc.child("testsuites").attribute("tests").as_int() == 8);
  CHECK(doc.child("testsuites").attribute("failures").as_int() == 0);
  const auto har_doc = nlohmann::json::parse(slurp(har));
  CHECK(har_doc["log"]["version"] == "1.2");
  CHECK(har_doc["log"]["entries"].size() > 8);
  CHECK(har_doc["log"]["entries"][0]["comment"] == "2. echo a JSON document");
  CHECK(echo.stop() == 0);
}

TEST_CASE("scenario-runner: a failed step gives exit status 1 and the reason", "[e2e][scenarios]") {
  test_support::ServerProcess echo(HARNESS_ECHO_SERVER_BIN);
  const std::string junit = temp_file("fail.xml");
  const auto out = run_runner(
      {"run", "--target", "echo=" + echo.url(), "--junit", junit, data("echo-fail.json")});
  INFO(out.output);
  CHECK(out.status == 1);
  CHECK_THAT(out.output, Catch::Contains("FAIL  expect the wrong name"));
  CHECK_THAT(out.output,
             Catch::Contains("expect.body: /userName: expected \"bob\", got \"alice\""));
  CHECK_THAT(out.output, Catch::Contains("SKIP  narration"));
  pugi::xml_document doc;
  REQUIRE(doc.load_file(junit.c_str()));
  CHECK(doc.child("testsuites").attribute("failures").as_int() == 1);
  CHECK(echo.stop() == 0);
}

TEST_CASE("scenario-runner: an invalid scenario gives exit status 2 with file, step and field",
          "[e2e][scenarios]") {
  const auto out = run_runner({"validate", data("echo-invalid.json")});
  CHECK(out.status == 2);
  CHECK_THAT(out.output,
             Catch::Contains("echo-invalid.json: step 1 (bad status): field \"expect.status\": "
                             "must be an integer 100..599 or an array of them"));
  CHECK_THAT(out.output, Catch::Contains("echo-invalid.json: step 2: field \"kind\": unknown "
                                         "step kind \"teleport\""));
  const auto run =
      run_runner({"run", "--target", "echo=http://127.0.0.1:9", data("echo-invalid.json")});
  CHECK(run.status == 2);
  CHECK(run_runner({"bogus"}).status == 2);
}

TEST_CASE("scenario-runner: a target missing from the command line is named", "[e2e][scenarios]") {
  const auto out = run_runner({"run", data("echo-pass.json")});
  CHECK(out.status == 2);
  CHECK_THAT(out.output, Catch::Contains("target echo: this build cannot embed a target named "
                                         "\"echo\": give --target echo=URL"));
}

TEST_CASE("scenario-runner: an unreachable target fails the step, not the runner",
          "[e2e][scenarios]") {
  const auto out =
      run_runner({"run", "--target", "echo=http://127.0.0.1:1", data("echo-fail.json")});
  CHECK(out.status == 1);
  CHECK_THAT(out.output, Catch::Contains("no response"));
}

TEST_CASE("scenario-runner: spawns a server binary as a target", "[e2e][scenarios]") {
  const auto out =
      run_runner({"run", "--target", std::string("echo=exec:") + HARNESS_ECHO_SERVER_BIN,
                  data("echo-pass.json")});
  INFO(out.output);
  CHECK(out.status == 0);
  const auto missing =
      run_runner({"run", "--target", "echo=exec:/nonexistent/server", data("echo-pass.json")});
  CHECK(missing.status == 2);
  CHECK_THAT(missing.output, Catch::Contains("exited before it was ready"));
}

TEST_CASE("scenario-runner: a journal becomes HAR, and the HAR replays", "[e2e][scenarios]") {
  test_support::ServerProcess echo(HARNESS_ECHO_SERVER_BIN);
  REQUIRE(run_runner({"run", "--target", "echo=" + echo.url(), data("echo-pass.json")}).status ==
          0);
  const std::string har = temp_file("journal.har");
  const auto fetched = run_runner({"journal", "--from", echo.url(), "--har", har});
  INFO(fetched.output);
  REQUIRE(fetched.status == 0);
  const auto har_doc = nlohmann::json::parse(slurp(har));
  const auto& entries = har_doc["log"]["entries"];
  REQUIRE(entries.size() >= 4);
  CHECK(entries[0]["request"]["method"] == "POST");
  CHECK(entries[0]["request"]["url"] == echo.url() + "/echo");

  const std::string saved = temp_file("replayed.json");
  const auto replay = run_runner(
      {"replay", "--as", "echo", "--target", "echo=" + echo.url(), "--save", saved, har});
  INFO(replay.output);
  CHECK(replay.status == 0);
  CHECK_THAT(replay.output, Catch::Contains("== PASSED"));
  // The saved scenario is a valid file on its own.
  CHECK(run_runner({"validate", saved}).status == 0);
  CHECK(echo.stop() == 0);
}

TEST_CASE("scenario-runner: a replay that does not match fails", "[e2e][scenarios]") {
  test_support::ServerProcess echo(HARNESS_ECHO_SERVER_BIN);
  const std::string har = temp_file("changed.har");
  {
    std::ofstream file(har);
    file << R"({"log":{"version":"1.2","entries":[{"request":{"method":"GET",
      "url":"http://recorded.test/now","headers":[]},
      "response":{"status":200,"content":{"mimeType":"application/json","text":"{\"now\":\"1999-01-01T00:00:00Z\",\"extra\":1}"}}}]}})";
  }
  const auto out = run_runner({"replay", "--target", "target=" + echo.url(), har});
  INFO(out.output);
  CHECK(out.status == 1);
  CHECK_THAT(out.output, Catch::Contains("/extra: missing"));
  const std::string har2 = temp_file("changed2.har");
  {
    std::ofstream file(har2);
    file << R"({"log":{"version":"1.2","entries":[{"request":{"method":"GET",
      "url":"http://recorded.test/now","headers":[]},
      "response":{"status":200,"content":{"mimeType":"application/json","text":"{\"now\":\"1999-01-01T00:00:00Z\"}"}}}]}})";
  }
  CHECK(run_runner({"replay", "--target", "target=" + echo.url(), har2}).status == 0);
  const auto strict =
      run_runner({"replay", "--strict-timestamps", "--target", "target=" + echo.url(), har2});
  CHECK(strict.status == 1);
  CHECK_THAT(strict.output, Catch::Contains("/now: expected \"1999-01-01T00:00:00Z\""));
  CHECK(echo.stop() == 0);
}

TEST_CASE("scenario-runner: demo mode narrates and shows decoded SAML", "[e2e][scenarios]") {
  test_support::ServerProcess echo(HARNESS_ECHO_SERVER_BIN);
  const auto out = run_runner(
      {"run", "--demo", "--pace", "0", "--target", "echo=" + echo.url(), data("echo-saml.json")});
  INFO(out.output);
  CHECK(out.status == 0);
  CHECK_THAT(out.output, Catch::Contains("The browser posts the signed response to the ACS."));
  CHECK_THAT(out.output, Catch::Contains("SAMLResponse:"));
  CHECK_THAT(out.output, Catch::Contains("<saml:Issuer>https://sts.windows.net/t</saml:Issuer>"));
  CHECK(echo.stop() == 0);
}

TEST_CASE("scenario-runner: help and list", "[e2e][scenarios]") {
  const auto help = run_runner({"help"});
  CHECK(help.status == 0);
  CHECK_THAT(help.output, Catch::Contains("--target NAME=URL"));
  const auto list = run_runner({"list", data("echo-pass.json")});
  CHECK(list.status == 0);
  CHECK_THAT(list.output, Catch::Contains("[echo, smoke]"));
}

TEST_CASE("scenario-runner: every file of the scenario library is valid", "[e2e][scenarios]") {
  std::vector<std::string> args{"validate"};
  for (const auto& entry : std::filesystem::directory_iterator(HARNESS_SCENARIO_LIBRARY)) {
    if (entry.path().extension() == ".json") args.push_back(entry.path().string());
  }
  REQUIRE(args.size() >= 10);
  const auto out = run_runner(args);
  INFO(out.output);
  CHECK(out.status == 0);
}
