#include "scenarios/runner.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "tests/unit/scenarios/fake_transport.hpp"

using scenarios::HttpRequest;
using scenarios::HttpResponse;
using scenarios::StepResult;
using scenarios::testing::FakeTransport;
using scenarios::testing::json_response;

namespace {

scenarios::Scenario load(const std::string& text, std::map<std::string, std::string> more = {}) {
  more["s.json"] = text;
  return scenarios::load_scenario("s.json",
                                  [more](const std::string& p) -> std::optional<std::string> {
                                    const auto it = more.find(p);
                                    if (it == more.end()) return std::nullopt;
                                    return it->second;
                                  });
}

// Records what the runner reports.
class Recorder final : public scenarios::Reporter {
 public:
  void step_finished(const StepResult& step, const std::vector<scenarios::Exchange>&) override {
    finished.push_back(step.label + " " + step.name);
  }
  std::vector<std::string> finished;
};

struct Fixture {
  explicit Fixture(FakeTransport::Handler handler) : transport(std::move(handler)) {
    targets.add(std::make_unique<scenarios::ExternalTarget>("scim", "http://scim.test/t/scim/v2",
                                                            std::string("tok")));
  }
  scenarios::RunResult run(const scenarios::Scenario& s, scenarios::Variables overrides = {}) {
    scenarios::Runner runner(transport, targets, clock, ids, recorder);
    auto result = runner.run(s, overrides);
    exchanges = runner.exchanges();
    vars = runner.variables();
    return result;
  }
  FakeTransport transport;
  scenarios::TargetSet targets;
  core::util::ManualClock clock{core::util::TimePoint(core::util::Millis(1'800'000'000'000))};
  core::util::IdGenerator ids{7};
  Recorder recorder;
  std::vector<scenarios::Exchange> exchanges;
  scenarios::Variables vars;
};

}  // namespace

TEST_CASE("runner: http steps send, check, capture and substitute", "[scenarios][runner]") {
  Fixture f([](const HttpRequest& req) -> HttpResponse {
    if (req.method == "POST") return json_response(201, R"({"id":"u-1","userName":"alice"})");
    if (req.url.rfind("http://scim.test/t/scim/v2/Users/u-1?", 0) == 0) {
      return json_response(200, R"({"id":"u-1","active":true})");
    }
    return json_response(404, "{}");
  });
  const auto s = load(R"({"title":"t","targets":["scim"],"variables":{"user":"alice"},"steps":[
    {"kind":"http","target":"scim","method":"POST","path":"/Users","body":{"userName":"${user}"},
     "expect":{"status":201,"body":{"userName":"${user}"}},"capture":{"uid":"/id"}},
    {"kind":"http","target":"scim","path":"/Users/${uid}","query":{"attributes":"a b"},
     "expect":{"body":{"active":true}}}]})");
  const auto result = f.run(s);
  INFO(result.steps.back().failure);
  CHECK(result.passed());
  REQUIRE(f.transport.sent.size() == 2);
  CHECK(f.transport.sent[0].body == R"({"userName":"alice"})");
  CHECK(scenarios::find_header(f.transport.sent[0].headers, "Authorization").value() ==
        "Bearer tok");
  CHECK(scenarios::find_header(f.transport.sent[0].headers, "Content-Type").value() ==
        "application/json");
  CHECK(f.transport.sent[1].url == "http://scim.test/t/scim/v2/Users/u-1?attributes=a%20b");
  CHECK(f.vars.find("uid")->get<std::string>() == "u-1");
  CHECK(f.vars.find("target.scim.url")->get<std::string>() == "http://scim.test/t/scim/v2");
  CHECK(f.exchanges.size() == 2);
  CHECK(f.exchanges[0].step == "1. POST scim /Users");
}

TEST_CASE("runner: a failed step reports why and skips the rest", "[scenarios][runner]") {
  Fixture f([](const HttpRequest&) { return json_response(401, R"({"detail":"no"})"); });
  const auto s = load(R"({"title":"t","targets":["scim"],"steps":[
    {"kind":"http","target":"scim","path":"/Users","name":"list"},
    {"kind":"narrate","text":"never"}]})");
  const auto result = f.run(s);
  CHECK_FALSE(result.passed());
  REQUIRE(result.steps.size() == 2);
  CHECK(result.steps[0].status == StepResult::Status::kFailed);
  CHECK_THAT(result.steps[0].failure,
             Catch::StartsWith("expect.status: expected a 2xx status, got 401\nGET "
                               "http://scim.test/t/scim/v2/Users -> 401 {\"detail\":\"no\"}"));
  CHECK(result.steps[1].status == StepResult::Status::kSkipped);
  CHECK(result.count(StepResult::Status::kSkipped) == 1);
}

TEST_CASE("runner: expectation failures name the field", "[scenarios][runner]") {
  Fixture f([](const HttpRequest&) {
    return HttpResponse{200, {{"Content-Type", "text/plain"}}, "hello", ""};
  });
  SECTION("status") {
    const auto r = f.run(load(R"({"title":"t","targets":["scim"],"steps":[
      {"kind":"http","target":"scim","expect":{"status":[201,204]}}]})"));
    CHECK_THAT(r.steps[0].failure,
               Catch::StartsWith("expect.status: expected 201 or 204, got 200"));
  }
  SECTION("header") {
    const auto r = f.run(load(R"({"title":"t","targets":["scim"],"steps":[
      {"kind":"http","target":"scim","expect":{"headers":{"Content-Type":{"$regex":"json"}}}}]})"));
    CHECK_THAT(r.steps[0].failure,
               Catch::StartsWith("expect.headers.Content-Type: (root): expected text matching"));
  }
  SECTION("body not JSON") {
    const auto r = f.run(load(R"({"title":"t","targets":["scim"],"steps":[
      {"kind":"http","target":"scim","expect":{"body":{}}}]})"));
    CHECK_THAT(r.steps[0].failure,
               Catch::StartsWith("expect.body: the response body is not JSON: hello"));
  }
  SECTION("text") {
    const auto r = f.run(load(R"({"title":"t","targets":["scim"],"steps":[
      {"kind":"http","target":"scim","expect":{"text":{"$contains":"bye"}}}]})"));
    CHECK_THAT(r.steps[0].failure,
               Catch::StartsWith("expect.text: (root): expected text containing"));
  }
  SECTION("capture") {
    const auto r = f.run(load(R"({"title":"t","targets":["scim"],"steps":[
      {"kind":"http","target":"scim","capture":{"x":{"header":"Location"}}}]})"));
    CHECK_THAT(r.steps[0].failure,
               Catch::StartsWith("capture.x: no Location header in the response"));
  }
  SECTION("undefined variable") {
    const auto r = f.run(load(R"({"title":"t","targets":["scim"],"steps":[
      {"kind":"http","target":"scim","path":"/Users/${nope}"}]})"));
    CHECK(r.steps[0].failure == "undefined variable ${nope}");
  }
  SECTION("transport failure") {
    Fixture down([](const HttpRequest&) { return HttpResponse{0, {}, "", "connection refused"}; });
    const auto r = down.run(load(R"({"title":"t","targets":["scim"],"steps":[
      {"kind":"http","target":"scim"}]})"));
    CHECK_THAT(r.steps[0].failure, Catch::StartsWith("no response: connection refused"));
  }
}

TEST_CASE("runner: clock steps post to each server's harness once", "[scenarios][runner]") {
  Fixture f([](const HttpRequest&) { return json_response(200, "{}"); });
  const auto r = f.run(load(R"({"title":"t","targets":["scim"],"steps":[
    {"kind":"clock","advance":"P365D"},{"kind":"clock","set":"2027-11-27T00:00:00Z"}]})"));
  CHECK(r.passed());
  REQUIRE(f.transport.sent.size() == 2);
  CHECK(f.transport.sent[0].url == "http://scim.test/_harness/clock");
  CHECK(f.transport.sent[0].body == R"({"advance":"P365D"})");
  CHECK(f.transport.sent[1].body == R"({"set":"2027-11-27T00:00:00Z"})");
}

TEST_CASE("runner: wait-until advances virtual time until the condition holds",
          "[scenarios][runner]") {
  int cycles = 0;
  Fixture f([&cycles](const HttpRequest& req) {
    if (req.url.find("/_harness/clock") != std::string::npos) {
      ++cycles;
      return json_response(200, "{}");
    }
    return json_response(200, cycles >= 2 ? R"({"totalResults":1,"Resources":[{"id":"g"}]})"
                                          : R"({"totalResults":0})");
  });
  SECTION("holds after two advances") {
    const auto r = f.run(load(R"({"title":"t","targets":["scim"],"steps":[
      {"kind":"wait-until","request":{"target":"scim","path":"/Groups"},
       "expect":{"body":{"totalResults":1}},"every":"PT40M","timeout":"PT2H",
       "capture":{"gid":"/Resources/0/id"}}]})"));
    CHECK(r.passed());
    CHECK(cycles == 2);
    CHECK(f.vars.find("gid")->get<std::string>() == "g");
  }
  SECTION("times out in virtual time") {
    const auto r = f.run(load(R"({"title":"t","targets":["scim"],"steps":[
      {"kind":"wait-until","request":{"target":"scim","path":"/Groups"},
       "expect":{"body":{"totalResults":1}},"every":"PT40M","timeout":"PT1H"}]})"));
    CHECK_FALSE(r.passed());
    CHECK(cycles == 1);
    CHECK_THAT(r.steps[0].failure,
               Catch::StartsWith("still not matching after PT40M of virtual time (2 attempts): "
                                 "expect.body: /totalResults: expected 1, got 0"));
  }
}

TEST_CASE("runner: include runs another file with target overrides", "[scenarios][runner]") {
  Fixture f([](const HttpRequest& req) {
    if (req.url == "http://scim.test/_harness/provisioning") {
      return json_response(200,
                           R"({"scimEndpoint":"http://scim.test/T1/scim/v2","accessToken":"AT"})");
    }
    return json_response(200, R"({"ok":true})");
  });
  const auto s = load(
      R"({"title":"outer","targets":["scim"],"steps":[
        {"kind":"http","url":"${target.scim.origin}/_harness/provisioning","method":"POST",
         "capture":{"ep":"/scimEndpoint","tok":"/accessToken"}},
        {"kind":"include","file":"inner.json","variables":{"who":"bob"},
         "targets":{"scim":{"url":"${ep}","token":"${tok}"}}},
        {"kind":"http","target":"scim","path":"/after"}]})",
      {{"inner.json", R"({"title":"inner","targets":["scim"],"steps":[
        {"kind":"http","target":"scim","path":"/Users/${who}"},
        {"kind":"clock","advance":"PT1M"}]})"}});
  const auto r = f.run(s);
  CHECK(r.passed());
  REQUIRE(r.steps.size() == 5);
  CHECK(r.steps[1].label == "2");
  CHECK(r.steps[2].label == "2.1");
  CHECK(r.steps[2].depth == 1);
  REQUIRE(f.transport.sent.size() == 4);
  CHECK(f.transport.sent[1].url == "http://scim.test/T1/scim/v2/Users/bob");
  CHECK(scenarios::find_header(f.transport.sent[1].headers, "Authorization").value() ==
        "Bearer AT");
  CHECK(f.transport.sent[2].url == "http://scim.test/_harness/clock");
  CHECK(f.transport.sent[3].url == "http://scim.test/t/scim/v2/after");
  CHECK(scenarios::find_header(f.transport.sent[3].headers, "Authorization").value() ==
        "Bearer tok");
}

TEST_CASE("runner: --var overrides win over scenario variables", "[scenarios][runner]") {
  Fixture f([](const HttpRequest&) { return json_response(200, "{}"); });
  scenarios::Variables overrides;
  overrides.set("user", "carol");
  f.run(load(R"({"title":"t","targets":["scim"],"variables":{"user":"alice","path":"/u/${user}"},
    "steps":[{"kind":"http","target":"scim","path":"${path}"}]})"),
        overrides);
  REQUIRE(f.transport.sent.size() == 1);
  CHECK(f.transport.sent[0].url == "http://scim.test/t/scim/v2/u/carol");
}

TEST_CASE("runner: saml-login follows redirects, fills the login form, posts the SAML form",
          "[scenarios][runner]") {
  const std::string response_b64 =
      "PHNhbWxwOlJlc3BvbnNlIElEPSJfMSIvPg==";  // <samlp:Response ID="_1"/>
  Fixture f([&](const HttpRequest& req) -> HttpResponse {
    const auto cookie = scenarios::find_header(req.headers, "Cookie").value_or("");
    if (req.url == "http://sp.test/start") {
      return {302, {{"Location", "http://idp.test/saml2?SAMLRequest=x"}}, "", ""};
    }
    if (req.url == "http://idp.test/saml2?SAMLRequest=x") {
      return {200,
              {{"Content-Type", "text/html"}, {"Set-Cookie", "ctx=abc; Path=/; HttpOnly"}},
              R"(<form method="post" action="/login"><input name="username">
                 <input type="password" name="password"></form>)",
              ""};
    }
    if (req.url == "http://idp.test/login") {
      if (cookie != "ctx=abc" || req.body != "username=alice%40contoso.com&password=pw") {
        return {400, {}, "bad login " + cookie + " " + req.body, ""};
      }
      return {200,
              {{"Content-Type", "text/html; charset=utf-8"}},
              R"html(<body onload="document.forms[0].submit()"><form method="post"
                 action="http://sp.test/acs"><input type="hidden" name="SAMLResponse" value=")html" +
                  response_b64 + R"("></form></body>)",
              ""};
    }
    if (req.url == "http://sp.test/acs" && req.method == "POST") {
      return {303, {{"Location", "/portal"}, {"Set-Cookie", "session=s1"}}, "", ""};
    }
    if (req.url == "http://sp.test/portal") {
      if (cookie != "session=s1") return {401, {}, "no session", ""};
      return {200, {{"Content-Type", "text/html"}}, "<h1>AWS access portal</h1> Account 1111", ""};
    }
    return {404, {}, "", ""};
  });
  SECTION("signs in") {
    const auto r = f.run(load(R"({"title":"t","steps":[
      {"kind":"saml-login","start":{"url":"http://sp.test/start"},"username":"alice@contoso.com",
       "password":"pw","expect":{"status":200,"text":{"$contains":"access portal"}},
       "capture":{"account":{"regex":"Account ([0-9]+)[^0-9]*"},"final":{"url":true}}}]})"));
    INFO(r.steps[0].failure);
    CHECK(r.passed());
    CHECK(f.exchanges.size() == 5);
    CHECK(f.vars.find("account")->get<std::string>() == "1111");
    CHECK(f.vars.find("final")->get<std::string>() == "http://sp.test/portal");
    CHECK(f.vars.find("saml.response_xml")->get<std::string>() == "<samlp:Response ID=\"_1\"/>");
  }
  SECTION("without credentials it says what is missing") {
    const auto r = f.run(load(R"({"title":"t","steps":[
      {"kind":"saml-login","start":{"url":"http://sp.test/start"}}]})"));
    CHECK_THAT(r.steps[0].failure,
               Catch::StartsWith("the page asks for credentials: give \"username\" and "
                                 "\"password\""));
  }
}

TEST_CASE("runner: saml-login stops a redirect loop", "[scenarios][runner]") {
  Fixture f([](const HttpRequest&) { return HttpResponse{302, {{"Location", "/again"}}, "", ""}; });
  const auto r = f.run(load(R"({"title":"t","steps":[
    {"kind":"saml-login","start":{"url":"http://sp.test/start"},"max_hops":3}]})"));
  CHECK(r.steps[0].failure == "gave up after 3 hops (a redirect loop?) at http://sp.test/again");
}
