// Users with AWS's rules ([DG-create], [DG-PUT], [UG-AUTO], [MODEL-IDS]).
#include <catch2/catch.hpp>
#include <regex>

#include "tests/e2e/mock-scim/scim_fixture.hpp"

using nlohmann::json;
using scim_e2e::azure_user;
using scim_e2e::check_envelope;
using scim_e2e::Scim;

TEST_CASE("mock-scim: Azure AD's create-user request gives AWS's user", "[e2e][mock-scim]") {
  Scim s;
  // facts/azure-ad.md §5.2, step 2, verbatim but for the elided names.
  const json request = json::parse(
      R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
 "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee","active":true,
 "emails":[{"primary":true,"type":"work","value":"Test_User_ab6490ee@testuser.com"}],"meta":{"resourceType":"User"},
 "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},"roles":[],
 "displayName":"Test User"})");
  auto res = s.post(s.base + "/Users", request);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  CHECK(res->get_header_value("x-amzn-RequestId").size() == 36);
  const auto u = json::parse(res->body);
  CHECK(std::regex_match(
      u["id"].get<std::string>(),
      std::regex(R"([0-9a-f]{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")));
  CHECK(u["meta"]["resourceType"] == "User");
  CHECK(u["meta"]["created"] == u["meta"]["lastModified"]);
  CHECK_FALSE(u["meta"].contains("location"));
  CHECK(u["userName"] == "Test_User_ab6490ee");
  CHECK(u["externalId"] == "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef");
  CHECK(u["active"] == true);
  CHECK(u["emails"][0]["primary"] == true);
  CHECK(u["name"]["givenName"] == "givenName");
  CHECK_FALSE(u.contains("groups"));
  // AWS's key order: id, externalId, meta, schemas, userName.
  CHECK(res->body.rfind("{\"id\":", 0) == 0);
  CHECK(res->body.find("\"externalId\"") < res->body.find("\"meta\""));
  CHECK(res->body.find("\"meta\"") < res->body.find("\"schemas\""));
  CHECK(res->body.find("\"schemas\"") < res->body.find("\"userName\""));
  // Read back by id.
  auto got = s.get(s.base + "/Users/" + u["id"].get<std::string>());
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(json::parse(got->body) == u);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: meta times come from the virtual clock", "[e2e][mock-scim]") {
  Scim s;
  auto moved = s.harness_post("/_harness/clock", R"({"advance":"P30D"})");
  REQUIRE(moved);
  const auto now = json::parse(moved->body)["now"].get<std::string>();
  const auto u = s.create_user("clocked");
  // Same minute as the virtual clock (30 days ahead of the real one).
  CHECK(u["meta"]["created"].get<std::string>().substr(0, 16) == now.substr(0, 16));
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: user rejections", "[e2e][mock-scim]") {
  Scim s;
  auto rejected = [&](json user) {
    const auto body = check_envelope(s.post(s.base + "/Users", user), 400);
    return body["detail"].get<std::string>();
  };
  auto u = azure_user("rejected");
  SECTION("missing userName") {
    u.erase("userName");
    CHECK_THAT(rejected(u), Catch::Contains("userName"));
  }
  SECTION("missing displayName") {
    u.erase("displayName");
    CHECK_THAT(rejected(u), Catch::Contains("displayName"));
  }
  SECTION("missing name.givenName") {
    u["name"].erase("givenName");
    CHECK_THAT(rejected(u), Catch::Contains("givenName"));
  }
  SECTION("missing name.familyName") {
    u["name"].erase("familyName");
    CHECK_THAT(rejected(u), Catch::Contains("familyName"));
  }
  SECTION("missing email (Azure AD user without mail)") {
    u.erase("emails");
    CHECK_THAT(rejected(u), Catch::Contains("email"));
  }
  SECTION("null email") {
    u["emails"] = json::array({{{"primary", true}, {"type", "work"}, {"value", nullptr}}});
    CHECK_THAT(rejected(u), Catch::Contains("email"));
  }
  SECTION("email not primary") {
    u["emails"][0]["primary"] = false;
    CHECK_THAT(rejected(u), Catch::Contains("primary"));
  }
  SECTION("two emails") {
    u["emails"].push_back({{"type", "home"}, {"value", "b@mail.test"}});
    CHECK(rejected(u) == "Currently list attributes only allow single item");
  }
  SECTION("two phone numbers (work and mobile mapped)") {
    u["phoneNumbers"] = {{{"type", "work"}, {"value", "1"}}, {{"type", "mobile"}, {"value", "2"}}};
    CHECK(rejected(u) == "Currently list attributes only allow single item");
  }
  SECTION("two addresses") {
    u["addresses"] = {{{"type", "work"}, {"locality", "a"}}, {{"type", "home"}, {"locality", "b"}}};
    rejected(u);
  }
  SECTION("emails display sub-attribute") {
    u["emails"][0]["display"] = "x";
    CHECK_THAT(rejected(u), Catch::Contains("display"));
  }
  SECTION("manager.displayName") {
    u["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = {
        {"manager", {{"value", "m"}, {"displayName", "Boss"}}}};
    CHECK_THAT(rejected(u), Catch::Contains("manager.displayName"));
  }
  for (const std::string attr :
       {"password", "ims", "photos", "x509Certificates", "entitlements", "groups"}) {
    SECTION("rejected attribute " + attr) {
      u[attr] = attr == "password" ? json("secret") : json::array({{{"value", "x"}}});
      CHECK_THAT(rejected(u), Catch::Contains(attr));
    }
  }
  SECTION("unknown attribute") {
    u["shoeSize"] = "42";
    CHECK_THAT(rejected(u), Catch::Contains("shoeSize"));
  }
  SECTION("schemas without the User schema") {
    u["schemas"] = {"urn:ietf:params:scim:schemas:core:2.0:Group"};
    rejected(u);
  }
  SECTION("reserved name Administrator") {
    u["userName"] = "Administrator";
    CHECK_THAT(rejected(u), Catch::Contains("reserved"));
  }
  SECTION("reserved name AWSAdministrators in any case") {
    u["userName"] = "awsadministrators";
    CHECK_THAT(rejected(u), Catch::Contains("reserved"));
  }
  for (const std::string bad : {"a<b", "a>b", "a;b", "a:b", "a%b", "a\"b"}) {
    SECTION("forbidden character in userName: " + bad) {
      u["userName"] = bad;
      rejected(u);
    }
  }
  SECTION("tab in displayName") {
    u["displayName"] = "a\tb";
    CHECK_THAT(rejected(u), Catch::Contains("control character"));
  }
  SECTION("newline in givenName") {
    u["name"]["givenName"] = "a\nb";
    rejected(u);
  }
  SECTION("userName longer than 128") {
    u["userName"] = std::string(129, 'a');
    CHECK_THAT(rejected(u), Catch::Contains("longer than"));
  }
  CHECK(s.list("Users", "")["totalResults"] == 0);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: userName and email are unique, case-insensitively", "[e2e][mock-scim]") {
  Scim s;
  s.create_user("alice@contoso.com");
  SECTION("same userName") {
    const auto body =
        check_envelope(s.post(s.base + "/Users", azure_user("alice@contoso.com")), 409);
    CHECK(body["detail"] == "Refused to create a new, duplicate resource.");
  }
  SECTION("userName differing only in case") {
    auto u = azure_user("ALICE@contoso.com");
    u["emails"][0]["value"] = "other@mail.test";
    check_envelope(s.post(s.base + "/Users", u), 409);
  }
  SECTION("same primary email") {
    auto u = azure_user("bob");
    u["emails"][0]["value"] = "Alice@Contoso.com@mail.test";
    check_envelope(s.post(s.base + "/Users", u), 409);
  }
  CHECK(s.list("Users", "")["totalResults"] == 1);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: legacy nulls, string booleans and the enterprise extension",
          "[e2e][mock-scim]") {
  Scim s;
  auto u = azure_user("legacy");
  u["addresses"] = nullptr;
  u["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = {
      {"employeeNumber", "701984"}, {"department", "Sales"}, {"manager", nullptr}};
  u["active"] = "False";
  auto res = s.post(s.base + "/Users", u);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  const auto j = json::parse(res->body);
  CHECK(j["active"] == false);
  CHECK_FALSE(j.contains("addresses"));
  CHECK(j["schemas"].size() == 2);
  CHECK(j["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["employeeNumber"] ==
        "701984");
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: PUT replaces the user, DELETE removes it", "[e2e][mock-scim]") {
  Scim s;
  const auto u = s.create_user("putme");
  const std::string path = s.base + "/Users/" + u["id"].get<std::string>();
  auto replacement = azure_user("putme");
  replacement["displayName"] = "Replaced";
  replacement.erase("externalId");
  auto put = s.put(path, replacement);
  REQUIRE(put);
  INFO(put->body);
  REQUIRE(put->status == 200);
  const auto p = json::parse(put->body);
  CHECK(p["displayName"] == "Replaced");
  CHECK_FALSE(p.contains("externalId"));
  CHECK(p["id"] == u["id"]);
  CHECK(p["meta"]["created"] == u["meta"]["created"]);
  SECTION("PUT validates like create") {
    replacement.erase("displayName");
    check_envelope(s.put(path, replacement), 400);
    CHECK(json::parse(s.get(path)->body)["displayName"] == "Replaced");
  }
  SECTION("PUT to an unknown user") {
    check_envelope(s.put(s.base + "/Users/unknown", replacement), 404);
  }
  SECTION("PUT onto another user's userName") {
    s.create_user("other");
    replacement["userName"] = "OTHER";
    check_envelope(s.put(path, replacement), 409);
  }
  SECTION("DELETE") {
    auto del = s.del(path);
    REQUIRE(del);
    CHECK(del->status == 204);
    CHECK(del->body.empty());
    check_envelope(s.get(path), 404);
    check_envelope(s.del(path), 404);
  }
  CHECK(s.server->stop() == 0);
}
