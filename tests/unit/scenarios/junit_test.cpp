#include "scenarios/junit.hpp"

#include <catch2/catch.hpp>
#include <pugixml.hpp>

TEST_CASE("junit: one suite per scenario, one case per step", "[scenarios][junit]") {
  scenarios::RunResult r;
  r.file = "lib/a.json";
  r.title = "A <title> & more";
  r.duration = core::util::Millis(1500);
  r.started = core::util::TimePoint(core::util::Millis(1'800'000'000'000));
  scenarios::StepResult ok;
  ok.label = "1";
  ok.name = "create";
  ok.kind = "http";
  ok.file = r.file;
  ok.duration = core::util::Millis(12);
  scenarios::StepResult bad = ok;
  bad.label = "2";
  bad.name = "check";
  bad.status = scenarios::StepResult::Status::kFailed;
  bad.failure = "expect.status: expected 200, got 401\nGET http://x -> 401 \x01";
  scenarios::StepResult skipped = ok;
  skipped.label = "3";
  skipped.status = scenarios::StepResult::Status::kSkipped;
  r.steps = {ok, bad, skipped};
  const std::string xml = scenarios::junit_xml({r});
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  const auto suites = doc.child("testsuites");
  CHECK(suites.attribute("tests").as_int() == 3);
  CHECK(suites.attribute("failures").as_int() == 1);
  CHECK(suites.attribute("skipped").as_int() == 1);
  const auto suite = suites.child("testsuite");
  CHECK(std::string(suite.attribute("name").value()) == "A <title> & more");
  CHECK(std::string(suite.attribute("time").value()) == "1.500");
  CHECK(std::string(suite.attribute("timestamp").value()) == "2027-01-15T08:00:00Z");
  auto tc = suite.child("testcase");
  CHECK(std::string(tc.attribute("name").value()) == "1. create");
  CHECK(std::string(tc.attribute("classname").value()) == "lib/a.json");
  CHECK(std::string(tc.attribute("time").value()) == "0.012");
  CHECK_FALSE(tc.child("failure"));
  tc = tc.next_sibling("testcase");
  const auto failure = tc.child("failure");
  REQUIRE(failure);
  CHECK(std::string(failure.attribute("message").value()) ==
        "expect.status: expected 200, got 401");
  CHECK(std::string(failure.text().get()) ==
        "expect.status: expected 200, got 401\nGET http://x -> 401 ?");
  tc = tc.next_sibling("testcase");
  CHECK(tc.child("skipped"));
}
