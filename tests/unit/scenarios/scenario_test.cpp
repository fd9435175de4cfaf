#include "scenarios/scenario.hpp"

#include <catch2/catch.hpp>
#include <map>

using scenarios::Diagnostic;
using scenarios::ScenarioError;

namespace {

scenarios::FileReader files(std::map<std::string, std::string> contents) {
  return [contents](const std::string& path) -> std::optional<std::string> {
    const auto it = contents.find(path);
    if (it == contents.end()) return std::nullopt;
    return it->second;
  };
}

// Loads `text` as lib/a.json and returns the diagnostics (empty if it loaded).
std::vector<Diagnostic> problems(const std::string& text,
                                 std::map<std::string, std::string> more = {}) {
  more["lib/a.json"] = text;
  try {
    scenarios::load_scenario("lib/a.json", files(more));
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

// The one problem `text` has, as printed.
std::string problem(const std::string& text) {
  const auto all = problems(text);
  REQUIRE(all.size() == 1);
  return all[0].to_string();
}

std::string with_step(const std::string& step) {
  return R"({"title":"t","targets":["scim"],"steps":[)" + step + "]}";
}

}  // namespace

TEST_CASE("scenario: a valid file loads with every step kind", "[scenarios][scenario]") {
  const std::string text = R"({
    "title": "All kinds", "description": "d", "tags": ["x"], "targets": ["scim"],
    "variables": {"user": "alice", "greeting": "hi ${user}"},
    "steps": [
      {"kind": "narrate", "text": "Hello ${user}"},
      {"kind": "http", "target": "scim", "method": "post", "path": "/Users",
       "headers": {"X-A": "b"}, "body": {"userName": "${user}"},
       "expect": {"status": [200, 201], "headers": {"Content-Type": {"$regex": "json"}},
                  "body": {"userName": "alice", "id": {"$type": "string"}}},
       "capture": {"userId": "/id", "loc": {"header": "Location"},
                   "num": {"regex": "([0-9]+)[0-9]*", "group": 1}, "code": {"status": true}}},
      {"kind": "clock", "advance": "PT40M"},
      {"kind": "clock", "set": "2027-11-27T00:00:00Z", "targets": ["scim"]},
      {"kind": "wait-until", "request": {"target": "scim", "path": "/Users"},
       "expect": {"body": {"totalResults": 1}}, "every": "PT5M", "timeout": "PT2H"},
      {"kind": "saml-login", "start": {"url": "http://127.0.0.1:1/start"},
       "username": "alice", "password": "pw", "expect": {"text": {"$contains": "Welcome"}}},
      {"kind": "include", "file": "b.json", "variables": {"x": "1"},
       "targets": {"scim": {"url": "${scimEndpoint}", "token": "${token}"}}}
    ]})";
  const std::string included = R"({"title":"b","targets":["scim"],
    "steps":[{"kind":"http","target":"scim","path":"/Groups"}]})";
  const auto s = scenarios::load_scenario("lib/a.json",
                                          files({{"lib/a.json", text}, {"lib/b.json", included}}));
  CHECK(s.title == "All kinds");
  REQUIRE(s.steps.size() == 7);
  CHECK(s.steps[0].kind == "narrate");
  const auto& http = std::get<scenarios::HttpStep>(s.steps[1].body);
  CHECK(http.request.method == "POST");
  CHECK(http.expect.status == std::vector<int>{200, 201});
  REQUIRE(http.captures.size() == 4);
  CHECK(s.steps[1].name == "POST scim /Users");
  const auto& clock = std::get<scenarios::ClockStep>(s.steps[2].body);
  CHECK(clock.advance.value() == std::chrono::minutes(40));
  const auto& wait = std::get<scenarios::WaitUntilStep>(s.steps[4].body);
  CHECK(wait.every == std::chrono::minutes(5));
  CHECK(wait.timeout == std::chrono::hours(2));
  const auto& inc = std::get<scenarios::IncludeStep>(s.steps[6].body);
  REQUIRE(inc.scenario);
  CHECK(inc.scenario->file == "lib/b.json");
}

TEST_CASE("scenario: top-level problems name the file and the field", "[scenarios][scenario]") {
  CHECK(problem("[1,2]") == "lib/a.json: a scenario must be a JSON object with title and steps");
  CHECK(problem("{").rfind("lib/a.json: not valid JSON", 0) == 0);
  CHECK(problem(R"({"steps":[{"kind":"narrate","text":"x"}]})") ==
        "lib/a.json: field \"title\": required");
  CHECK(problem(R"({"title":"t"})") == "lib/a.json: field \"steps\": required: an array of steps");
  CHECK(problem(R"({"title":"t","steps":[]})") ==
        "lib/a.json: field \"steps\": must be a non-empty array of steps");
  CHECK(problem(R"({"title":"t","steps":[{"kind":"narrate","text":"x"}],"extra":1})")
            .rfind("lib/a.json: field \"extra\": unknown field", 0) == 0);
  CHECK(problem(R"({"title":5,"steps":[{"kind":"narrate","text":"x"}]})") ==
        "lib/a.json: field \"title\": must be a string");
  CHECK(problem(R"({"title":"t","tags":"x","steps":[{"kind":"narrate","text":"x"}]})") ==
        "lib/a.json: field \"tags\": must be an array of strings");
  CHECK(problem(R"({"title":"t","targets":["SCIM"],"steps":[{"kind":"narrate","text":"x"}]})") ==
        "lib/a.json: field \"targets\": target names are lower-case words: [a-z][a-z0-9-]*");
  CHECK(problem(R"({"title":"t","variables":[],"steps":[{"kind":"narrate","text":"x"}]})") ==
        "lib/a.json: field \"variables\": must be an object");
  CHECK(problem(R"({"title":"t","variables":{"a b":1},"steps":[{"kind":"narrate","text":"x"}]})") ==
        "lib/a.json: field \"variables.a b\": bad variable name");
  std::string deep(100, '[');
  CHECK(problem(deep) == "lib/a.json: JSON nested deeper than 64 levels");
}

TEST_CASE("scenario: step problems name the step and the field", "[scenarios][scenario]") {
  SECTION("not an object") {
    CHECK(problem(with_step("3")) ==
          "lib/a.json: step 1: a step must be an object with a \"kind\"");
  }
  SECTION("missing kind") {
    CHECK(problem(with_step(R"({"name":"n"})")) ==
          "lib/a.json: step 1 (n): field \"kind\": required");
  }
  SECTION("unknown kind") {
    CHECK(problem(with_step(R"({"kind":"teleport"})")) ==
          "lib/a.json: step 1: field \"kind\": unknown step kind \"teleport\" (known: http, "
          "saml-login, clock, wait-until, narrate, include)");
  }
  SECTION("unknown field") {
    CHECK_THAT(problem(with_step(R"({"kind":"narrate","text":"x","colour":"red"})")),
               Catch::StartsWith("lib/a.json: step 1: field \"colour\": unknown field"));
  }
  SECTION("name must be a string") {
    CHECK(problem(with_step(R"({"kind":"narrate","text":"x","name":1})")) ==
          "lib/a.json: step 1: field \"name\": must be a string");
  }
  SECTION("narrate needs text") {
    CHECK(problem(with_step(R"({"kind":"narrate"})")) ==
          "lib/a.json: step 1: field \"text\": required");
  }
  SECTION("http without target or url") {
    CHECK(problem(with_step(R"({"kind":"http","name":"get"})")) ==
          "lib/a.json: step 1 (get): field \"target\": required: \"target\" (a name from the "
          "scenario's targets) or \"url\"");
  }
  SECTION("http with both target and url") {
    CHECK(problem(with_step(R"({"kind":"http","target":"scim","url":"http://x/"})")) ==
          "lib/a.json: step 1: field \"url\": give either \"target\" (with \"path\") or \"url\", "
          "not both");
  }
  SECTION("unknown target") {
    CHECK(problem(with_step(R"({"kind":"http","target":"idp"})")) ==
          "lib/a.json: step 1: field \"target\": \"idp\" is not among the scenario's targets");
  }
  SECTION("bad method") {
    CHECK(problem(with_step(R"({"kind":"http","target":"scim","method":"FETCH"})")) ==
          "lib/a.json: step 1: field \"method\": unknown method \"FETCH\"");
  }
  SECTION("path must start with a slash") {
    CHECK(problem(with_step(R"({"kind":"http","target":"scim","path":"Users"})")) ==
          "lib/a.json: step 1: field \"path\": must start with '/'");
  }
  SECTION("headers must be strings") {
    CHECK(problem(with_step(R"({"kind":"http","target":"scim","headers":{"A":1}})")) ==
          "lib/a.json: step 1: field \"headers.A\": must be a string");
  }
  SECTION("two bodies") {
    CHECK(problem(with_step(R"({"kind":"http","target":"scim","body":{},"text":"x"})")) ==
          "lib/a.json: step 1: field \"body\": give at most one of body, text and form");
  }
  SECTION("bad template") {
    CHECK(problem(with_step(R"({"kind":"http","target":"scim","path":"/${x"})")) ==
          "lib/a.json: step 1: field \"path\": unterminated ${ at offset 1");
  }
  SECTION("auth must be boolean") {
    CHECK(problem(with_step(R"({"kind":"http","target":"scim","auth":"no"})")) ==
          "lib/a.json: step 1: field \"auth\": must be true or false");
  }
  SECTION("status out of range") {
    CHECK(problem(with_step(R"({"kind":"http","target":"scim","expect":{"status":700}})")) ==
          "lib/a.json: step 1: field \"expect.status\": must be an integer 100..599 or an array "
          "of them");
  }
  SECTION("unknown expect field") {
    CHECK_THAT(problem(with_step(R"({"kind":"http","target":"scim","expect":{"json":{}}})")),
               Catch::StartsWith("lib/a.json: step 1: field \"expect.json\": unknown field"));
  }
  SECTION("unknown matcher") {
    CHECK_THAT(
        problem(
            with_step(R"({"kind":"http","target":"scim","expect":{"body":{"a":{"$like":"x"}}}})")),
        Catch::StartsWith("lib/a.json: step 1: field \"expect.body\": /a: unknown matcher $like"));
  }
  SECTION("bad regex") {
    CHECK_THAT(
        problem(
            with_step(R"({"kind":"http","target":"scim","expect":{"body":{"a":{"$regex":"("}}}})")),
        Catch::StartsWith("lib/a.json: step 1: field \"expect.body\": /a: bad $regex \"(\""));
  }
  SECTION("header expectation must be a string or matcher") {
    CHECK_THAT(
        problem(with_step(R"({"kind":"http","target":"scim","expect":{"headers":{"A":1}}})")),
        Catch::StartsWith("lib/a.json: step 1: field \"expect.headers.A\": must be a string"));
  }
  SECTION("bad capture pointer") {
    CHECK(problem(with_step(R"({"kind":"http","target":"scim","capture":{"id":"id"}})")) ==
          "lib/a.json: step 1: field \"capture.id\": bad JSON pointer \"id\" (RFC 6901: \"\" or "
          "\"/a/0/b\")");
  }
  SECTION("bad capture variable") {
    CHECK_THAT(problem(with_step(R"({"kind":"http","target":"scim","capture":{"1x":"/id"}})")),
               Catch::StartsWith("lib/a.json: step 1: field \"capture.1x\": bad variable name"));
  }
  SECTION("capture with two sources") {
    CHECK(
        problem(with_step(
            R"({"kind":"http","target":"scim","capture":{"x":{"pointer":"/a","status":true}}})")) ==
        "lib/a.json: step 1: field \"capture.x\": give exactly one of pointer, header, regex, "
        "status, url, body");
  }
  SECTION("capture regex group out of range") {
    CHECK(problem(with_step(
              R"({"kind":"http","target":"scim","capture":{"x":{"regex":"a(b)c","group":2}}})")) ==
          "lib/a.json: step 1: field \"capture.x.group\": must be a group number of the regex "
          "(0..1)");
  }
  SECTION("clock needs exactly one of advance and set") {
    CHECK(problem(with_step(R"({"kind":"clock"})")) ==
          "lib/a.json: step 1: field \"advance\": give exactly one of "
          "\"advance\" and \"set\"");
  }
  SECTION("clock with a bad duration") {
    CHECK(problem(with_step(R"({"kind":"clock","advance":"40 minutes"})")) ==
          "lib/a.json: step 1: field \"advance\": must be a non-negative ISO-8601 duration such "
          "as \"PT40M\"");
  }
  SECTION("clock with a bad instant") {
    CHECK(problem(with_step(R"({"kind":"clock","set":"tomorrow"})")) ==
          "lib/a.json: step 1: field \"set\": must be an ISO-8601 instant such as "
          "\"2027-11-27T00:00:00Z\"");
  }
  SECTION("clock with an unknown target") {
    CHECK(problem(with_step(R"({"kind":"clock","advance":"PT1M","targets":["idp"]})")) ==
          "lib/a.json: step 1: field \"targets\": each entry must be one of the scenario's "
          "targets");
  }
  SECTION("wait-until needs a timeout") {
    CHECK(problem(with_step(
              R"({"kind":"wait-until","request":{"target":"scim"},"expect":{"status":200}})")) ==
          "lib/a.json: step 1: field \"timeout\": required");
  }
  SECTION("wait-until needs an expectation") {
    CHECK(problem(
              with_step(R"({"kind":"wait-until","request":{"target":"scim"},"timeout":"PT1H"})")) ==
          "lib/a.json: step 1: field \"expect\": required: the condition to wait for");
  }
  SECTION("wait-until with every zero") {
    CHECK(
        problem(with_step(
            R"({"kind":"wait-until","request":{"target":"scim"},"expect":{},"every":"PT0S","timeout":"PT1H"})")) ==
        "lib/a.json: step 1: field \"every\": must be longer than zero");
  }
  SECTION("wait-until request field problems are prefixed") {
    CHECK(
        problem(with_step(
            R"({"kind":"wait-until","request":{"target":"scim","path":"x"},"expect":{},"timeout":"PT1H"})")) ==
        "lib/a.json: step 1: field \"request.path\": must start with '/'");
  }
  SECTION("saml-login needs a start") {
    CHECK(problem(with_step(R"({"kind":"saml-login","username":"a"})")) ==
          "lib/a.json: step 1: field \"start\": required: an object with target and path (or "
          "url)");
  }
  SECTION("saml-login max_hops range") {
    CHECK(problem(with_step(R"({"kind":"saml-login","start":{"target":"scim"},"max_hops":0})")) ==
          "lib/a.json: step 1: field \"max_hops\": must be an integer 1..100");
  }
  SECTION("include of a missing file") {
    CHECK(problem(with_step(R"({"kind":"include","file":"nope.json"})")) ==
          "lib/a.json: step 1: field \"file\": cannot read \"lib/nope.json\"");
  }
  SECTION("include override of a target the included file lacks") {
    const auto all = problems(
        with_step(R"({"kind":"include","file":"b.json","targets":{"idp":{"url":"http://x/"}}})"),
        {{"lib/b.json", R"({"title":"b","steps":[{"kind":"narrate","text":"x"}]})"}});
    REQUIRE(all.size() == 1);
    CHECK(all[0].to_string() ==
          "lib/a.json: step 1: field \"targets.idp\": the included scenario has no target "
          "\"idp\"");
  }
}

TEST_CASE("scenario: problems of an included file name that file", "[scenarios][scenario]") {
  const auto all = problems(with_step(R"({"kind":"include","file":"b.json"})"),
                            {{"lib/b.json", R"({"title":"b","steps":[{"kind":"narrate"}]})"}});
  REQUIRE(all.size() == 1);
  CHECK(all[0].to_string() == "lib/b.json: step 1: field \"text\": required");
}

TEST_CASE("scenario: include cycles stop at the depth limit", "[scenarios][scenario]") {
  const auto all = problems(with_step(R"({"kind":"include","file":"a.json"})"));
  REQUIRE_FALSE(all.empty());
  CHECK_THAT(all.back().to_string(), Catch::Contains("includes nest deeper than 8"));
}

TEST_CASE("scenario: every problem is reported, not only the first", "[scenarios][scenario]") {
  const auto all = problems(R"({"steps":[{"kind":"narrate"},{"kind":"x"}],"title":1})");
  REQUIRE(all.size() == 3);
  CHECK(all[0].to_string() == "lib/a.json: field \"title\": must be a string");
  CHECK(all[1].step == 1);
  CHECK(all[2].step == 2);
}

TEST_CASE("scenario: required_targets includes what includes need", "[scenarios][scenario]") {
  const auto s = scenarios::load_scenario(
      "a.json",
      files({{"a.json", R"({"title":"a","targets":["idp"],"steps":[
                {"kind":"include","file":"b.json","targets":{"scim":{"url":"http://x/"}}},
                {"kind":"include","file":"c.json"}]})"},
             {"b.json",
              R"({"title":"b","targets":["scim"],"steps":[{"kind":"narrate","text":"x"}]})"},
             {"c.json",
              R"({"title":"c","targets":["echo"],"steps":[{"kind":"narrate","text":"x"}]})"}}));
  CHECK(scenarios::required_targets(s) == std::vector<std::string>{"idp", "echo"});
}
