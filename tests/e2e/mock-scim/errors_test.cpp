// AWS's error envelope for every failure, and no 5xx for bad input ([LICHTI], [IDPSCIM-57]).
#include <catch2/catch.hpp>

#include "tests/e2e/mock-scim/scim_fixture.hpp"

using nlohmann::json;
using scim_e2e::check_envelope;
using scim_e2e::Scim;

TEST_CASE("mock-scim: unknown routes, methods, bodies and types answer in the envelope",
          "[e2e][mock-scim]") {
  Scim s({"--max-body", "4096"});
  SECTION("unknown route outside SCIM") { check_envelope(s.client->Get("/nowhere"), 404); }
  SECTION("unknown SCIM resource") { check_envelope(s.get(s.base + "/Me"), 404); }
  SECTION("Bulk is not supported") {
    check_envelope(s.post(s.base + "/Bulk", json::object()), 404);
  }
  SECTION("unknown user") { check_envelope(s.get(s.base + "/Users/nope"), 404); }
  SECTION("unknown group") { check_envelope(s.get(s.base + "/Groups/nope"), 404); }
  SECTION("method not allowed") {
    check_envelope(s.del(s.base + "/Users"), 405);
    check_envelope(s.patch(s.base + "/Groups", json::object()), 405);
    check_envelope(s.post(s.base + "/ServiceProviderConfig", json::object()), 405);
  }
  SECTION("PUT on a group is unsupported") {
    const auto g = s.create_group("G");
    check_envelope(s.put(s.base + "/Groups/" + g["id"].get<std::string>(), g), 400);
  }
  SECTION("malformed JSON") {
    const auto body =
        check_envelope(s.raw("POST", s.base + "/Users", "{\"userName\":", s.auth()), 400);
    CHECK(body["detail"] == "Request is unparsable, syntactically incorrect, or violates schema.");
  }
  SECTION("empty body") { check_envelope(s.raw("POST", s.base + "/Users", "", s.auth()), 400); }
  SECTION("JSON that is not an object") {
    check_envelope(s.post(s.base + "/Users", json::array()), 400);
  }
  SECTION("too deeply nested JSON") {
    check_envelope(
        s.raw("POST", s.base + "/Users", std::string(100, '[') + std::string(100, ']'), s.auth()),
        400);
  }
  SECTION("wrong types") {
    auto user = scim_e2e::azure_user("typed");
    user["userName"] = 42;
    check_envelope(s.post(s.base + "/Users", user), 400);
    user = scim_e2e::azure_user("typed");
    user["name"] = "x";
    check_envelope(s.post(s.base + "/Users", user), 400);
    user = scim_e2e::azure_user("typed");
    user["active"] = "maybe";
    check_envelope(s.post(s.base + "/Users", user), 400);
    user = scim_e2e::azure_user("typed");
    user["emails"] = "a@b";
    check_envelope(s.post(s.base + "/Users", user), 400);
  }
  SECTION("oversized body") {
    auto big = scim_e2e::azure_user("big");
    big["title"] = std::string(8000, 'x');
    check_envelope(s.post(s.base + "/Users", big), 413);
  }
  SECTION("the failed requests stored nothing") {
    check_envelope(s.raw("POST", s.base + "/Users", "{", s.auth()), 400);
  }
  CHECK(s.list("Users", "")["totalResults"] == 0);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: every response carries x-amzn-RequestId and application/json",
          "[e2e][mock-scim]") {
  Scim s;
  auto res = s.get(s.base + "/ServiceProviderConfig");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("x-amzn-RequestId").size() == 36);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: the timeStamp follows the virtual clock; quirk errorSchemaOnly2022",
          "[e2e][mock-scim]") {
  Scim s({"--quirk", "errorSchemaOnly2022"});
  CHECK(s.harness_post("/_harness/clock", R"({"set":"2024-04-05T06:32:12.227Z"})")->status == 200);
  auto res = s.get(s.base + "/Users/none");
  REQUIRE(res);
  const auto body = json::parse(res->body);
  CHECK(body["timeStamp"].get<std::string>().rfind("2024-04-05 06:32:1", 0) == 0);
  CHECK(body.contains("schema"));
  CHECK_FALSE(body.contains("schemas"));
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: discovery documents", "[e2e][mock-scim]") {
  Scim s;
  const auto spc = json::parse(s.get(s.base + "/ServiceProviderConfig")->body);
  CHECK(spc["patch"]["supported"] == true);
  CHECK(spc["bulk"]["supported"] == false);
  CHECK(spc["authenticationSchemes"][0]["type"] == "oauthbearertoken");
  const auto schemas = json::parse(s.get(s.base + "/Schemas")->body);
  CHECK(schemas["totalResults"] == 3);
  auto one = s.get(s.base + "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
  REQUIRE(one);
  CHECK(one->status == 200);
  CHECK(json::parse(one->body)["id"] == "urn:ietf:params:scim:schemas:core:2.0:User");
  check_envelope(s.get(s.base + "/Schemas/urn:nope"), 404);
  const auto types = json::parse(s.get(s.base + "/ResourceTypes")->body);
  CHECK(types["Resources"].size() == 2);
  CHECK(s.server->stop() == 0);
}
