#include "scenarios/har.hpp"

#include <catch2/catch.hpp>

#include "scenarios/scenario.hpp"

using nlohmann::json;
using scenarios::Exchange;
using scenarios::HarError;

namespace {

Exchange exchange(std::string method, std::string url, std::string body, int status,
                  std::string response_body) {
  Exchange ex;
  ex.request.method = std::move(method);
  ex.request.url = std::move(url);
  ex.request.headers = {{"Authorization", "Bearer secret-token-1234"},
                        {"Content-Type", "application/scim+json"}};
  ex.request.body = std::move(body);
  ex.response.status = status;
  ex.response.headers = {{"Content-Type", "application/json"}, {"x-amzn-RequestId", "r1"}};
  ex.response.body = std::move(response_body);
  ex.started = core::util::TimePoint(core::util::Millis(1'800'000'000'123));
  ex.duration = core::util::Millis(4);
  ex.step = "1. create";
  return ex;
}

}  // namespace

TEST_CASE("har: export then import keeps the exchanges", "[scenarios][har]") {
  const std::vector<Exchange> in = {
      exchange("POST", "http://h:1/T/scim/v2/Users?x=1", R"({"userName":"a"})", 201,
               R"({"id":"u1"})"),
      exchange("DELETE", "http://h:1/T/scim/v2/Users/u1", "", 204, "")};
  const json har = scenarios::to_har(in, "9.9");
  CHECK(har["log"]["version"] == "1.2");
  CHECK(har["log"]["creator"]["name"] == "scenario-runner");
  const auto& e0 = har["log"]["entries"][0];
  CHECK(e0["startedDateTime"] == "2027-01-15T08:00:00.123Z");
  CHECK(e0["request"]["queryString"][0] == json{{"name", "x"}, {"value", "1"}});
  CHECK(e0["request"]["headers"][0]["value"] == "Bearer ****1234");
  CHECK(e0["response"]["statusText"] == "Created");
  CHECK(e0["comment"] == "1. create");
  const auto out = scenarios::from_har(json::parse(har.dump()));
  REQUIRE(out.size() == 2);
  CHECK(out[0].request.method == "POST");
  CHECK(out[0].request.url == in[0].request.url);
  CHECK(out[0].request.body == in[0].request.body);
  CHECK(out[0].response.status == 201);
  CHECK(out[0].response.body == in[0].response.body);
  CHECK(out[0].started == in[0].started);
  CHECK(out[0].duration == in[0].duration);
  CHECK(out[0].step == "1. create");
  CHECK(out[1].response.status == 204);
  const auto again = scenarios::to_har(out, "9.9")["log"]["entries"][1];
  CHECK(again["response"] == har["log"]["entries"][1]["response"]);
  CHECK(again["request"]["url"] == har["log"]["entries"][1]["request"]["url"]);
}

TEST_CASE("har: base64 content is decoded", "[scenarios][har]") {
  const auto out = scenarios::from_har(json::parse(R"({"log":{"entries":[{
    "request":{"method":"GET","url":"https://x/"},
    "response":{"status":200,"content":{"text":"aGk=","encoding":"base64"}}}]}})"));
  CHECK(out[0].response.body == "hi");
}

TEST_CASE("har: malformed documents are rejected with the entry and field", "[scenarios][har]") {
  const auto error = [](const std::string& text) -> std::string {
    try {
      scenarios::from_har(json::parse(text));
    } catch (const HarError& e) {
      return e.what();
    }
    return "";
  };
  CHECK(error("[]") == "(root): a HAR document is a JSON object with \"log\"");
  CHECK(error("{}") == "(root).log: required");
  CHECK(error(R"({"log":{}})") == "log.entries: required");
  CHECK(error(R"({"log":{"entries":{}}})") == "log.entries: must be an array");
  CHECK(error(R"({"log":{"entries":[1]}})") == "entries[0]: must be an object");
  CHECK(error(R"({"log":{"entries":[{"response":{"status":200}}]}})") ==
        "entries[0].request: required");
  CHECK(error(R"({"log":{"entries":[{"request":{"method":"GET"},"response":{"status":200}}]}})") ==
        "entries[0].request.url: required");
  CHECK(
      error(
          R"({"log":{"entries":[{"request":{"method":"GET","url":"/rel"},"response":{"status":200}}]}})") ==
      "entries[0].request.url: not an absolute http(s) URL");
  CHECK(
      error(
          R"({"log":{"entries":[{"request":{"method":"GET","url":"http://x/"},"response":{"status":"200"}}]}})") ==
      "entries[0].response.status: must be an integer");
  CHECK(
      error(
          R"({"log":{"entries":[{"request":{"method":"GET","url":"http://x/","headers":[{"name":1}]},"response":{"status":200}}]}})") ==
      "entries[0].request.headers[0].name: must be a string");
  CHECK(
      error(
          R"({"log":{"entries":[{"request":{"method":"GET","url":"http://x/"},"response":{"status":200,"content":{"text":"!!","encoding":"base64"}}}]}})") ==
      "entries[0].response.content.text: bad base64");
  CHECK(
      error(
          R"({"log":{"entries":[{"startedDateTime":"yesterday","request":{"method":"GET","url":"http://x/"},"response":{"status":200}}]}})") ==
      "entries[0].startedDateTime: must be an ISO-8601 instant");
}

TEST_CASE("har: a journal becomes exchanges", "[scenarios][har]") {
  const json journal =
      json::parse(R"({"requests":[{"seq":3,"requestId":"r","time":"2027-01-15T08:00:00.000Z",
    "request":{"method":"GET","path":"/T/scim/v2/Users","query":"filter=x","headers":[{"name":"Authorization","value":"Bearer ****abcd"}],"body":""},
    "response":{"status":200,"headers":[],"body":"{}"},"note":"why"}],"lastSeq":3})");
  const auto out = scenarios::from_journal(journal, "http://127.0.0.1:9/");
  REQUIRE(out.size() == 1);
  CHECK(out[0].request.url == "http://127.0.0.1:9/T/scim/v2/Users?filter=x");
  CHECK(out[0].response.body == "{}");
  CHECK(out[0].step == "journal #3: why");
  CHECK_THROWS_WITH(
      scenarios::from_journal(json::parse(R"({"requests":[{"request":{}}]})"), "http://x"),
      "requests[0].response: required");
}

TEST_CASE("har: replay makes a scenario that captures and reuses server ids", "[scenarios][har]") {
  const std::vector<Exchange> recorded = {
      exchange("POST", "http://h:1/T/scim/v2/Users",
               R"({"userName":"a","externalId":"0b4f1a3e-8f5e-4d3a-9c57-3c1c2a9e8b11"})", 201,
               R"({"id":"906722b2be-1f0d0e0e-9a8b-4c1d-8e2f-000000000001","userName":"a",
                   "externalId":"0b4f1a3e-8f5e-4d3a-9c57-3c1c2a9e8b11",
                   "meta":{"created":"2027-01-15T08:00:00Z","location":"http://h:1/T/scim/v2/Users/906722b2be-1f0d0e0e-9a8b-4c1d-8e2f-000000000001"}})"),
      exchange("PATCH",
               "http://h:1/T/scim/v2/Users/906722b2be-1f0d0e0e-9a8b-4c1d-8e2f-000000000001",
               R"({"Operations":[{"op":"Replace","path":"active","value":"False"}]})", 200,
               R"({"active":false})"),
      exchange("GET", "http://h:1/T/scim/v2/Nope", "", 404,
               R"({"status":"404","exceptionRequestId":"abc","detail":"${not a var}"})")};
  scenarios::ReplayOptions options;
  options.title = "r";
  options.target = "scim";
  const json doc = scenarios::replay_scenario(recorded, options);
  CHECK(doc["targets"] == json{"scim"});
  CHECK_THAT(doc["description"].get<std::string>(),
             Catch::Contains("scim was http://h:1/T/scim/v2"));
  const auto& steps = doc["steps"];
  REQUIRE(steps.size() == 3);
  CHECK(steps[0]["path"] == "/Users");
  CHECK(steps[0]["body"]["externalId"] == "0b4f1a3e-8f5e-4d3a-9c57-3c1c2a9e8b11");
  CHECK(steps[0]["expect"]["status"] == 201);
  CHECK(steps[0]["expect"]["body"]["id"] == json{{"$type", "string"}});
  CHECK(steps[0]["expect"]["body"]["externalId"] == "0b4f1a3e-8f5e-4d3a-9c57-3c1c2a9e8b11");
  CHECK(steps[0]["expect"]["body"]["meta"]["created"] == json{{"$type", "string"}});
  CHECK(steps[0]["expect"]["body"]["meta"]["location"] == json{{"$type", "string"}});
  CHECK(steps[0]["capture"] == json{{"id1", "/id"}});
  CHECK(steps[1]["path"] == "/Users/${id1}");
  CHECK(steps[1]["headers"] == json{{"Content-Type", "application/scim+json"}});
  CHECK(steps[2]["expect"]["body"]["exceptionRequestId"] == json{{"$type", "string"}});
  CHECK(steps[2]["expect"]["body"]["detail"] == "$${not a var}");
  // The generated document is a valid scenario.
  const auto s = scenarios::parse_scenario(doc, "replay.json", scenarios::disk_reader());
  CHECK(s.steps.size() == 3);

  SECTION("strict options keep recorded values") {
    options.lenient_ids = false;
    options.lenient_timestamps = false;
    options.lenient_request_ids = false;
    const json strict = scenarios::replay_scenario(recorded, options);
    CHECK(strict["steps"][0]["expect"]["body"]["id"] ==
          "906722b2be-1f0d0e0e-9a8b-4c1d-8e2f-000000000001");
    CHECK(strict["steps"][1]["path"] == "/Users/906722b2be-1f0d0e0e-9a8b-4c1d-8e2f-000000000001");
    CHECK(strict["steps"][2]["expect"]["body"]["exceptionRequestId"] == "abc");
  }
  SECTION("status only") {
    options.check_bodies = false;
    const json loose = scenarios::replay_scenario(recorded, options);
    CHECK_FALSE(loose["steps"][0]["expect"].contains("body"));
  }
}
