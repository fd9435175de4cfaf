#include "mock-scim/scim/user_schema.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/scim/error.hpp"

using mock_scim::identity_store::UserField;
using mock_scim::scim::user_from_json;
using nlohmann::json;

namespace {

json valid() {
  return {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}},
          {"userName", "alice@contoso.com"},
          {"displayName", "Alice"},
          {"name", {{"givenName", "Alice"}, {"familyName", "Liddell"}}},
          {"emails", {{{"value", "alice@contoso.com"}, {"type", "work"}, {"primary", true}}}}};
}

std::string rejection(const json& body) {
  try {
    user_from_json(body);
  } catch (const core::scim::Error& e) {
    CHECK(e.status() == 400);
    return e.detail();
  }
  FAIL("accepted: " << body.dump());
  return "";
}

}  // namespace

TEST_CASE("user schema: a valid user round-trips in AWS's shape", "[mock-scim][user]") {
  auto body = valid();
  body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = {
      {"department", "R&D"}, {"manager", {{"value", "m1"}}}};
  body["phoneNumbers"] = {{{"value", "+1"}, {"type", "work"}}};
  body["active"] = "True";
  auto user = user_from_json(body);
  CHECK(user.view(UserField::kUserName) == "alice@contoso.com");
  CHECK(user.view(UserField::kManagerValue) == "m1");
  CHECK(user.active == true);
  user.id = "id-1";
  std::string out;
  mock_scim::scim::append_user_json(out, user);
  const auto j = json::parse(out);
  CHECK(j["id"] == "id-1");
  CHECK(j["schemas"].size() == 2);
  CHECK(j["phoneNumbers"][0]["value"] == "+1");
  CHECK_FALSE(j["phoneNumbers"][0].contains("primary"));
  CHECK(j["emails"][0]["primary"] == true);
  CHECK(j["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"]["value"] ==
        "m1");
  CHECK(out.rfind("{\"id\":\"id-1\",\"meta\":", 0) == 0);
}

TEST_CASE("user schema: attribute names are case-insensitive, nulls are absent",
          "[mock-scim][user]") {
  auto body = valid();
  body["USERNAME"] = body["userName"];
  body.erase("userName");
  body["title"] = nullptr;
  const auto user = user_from_json(body);
  CHECK(user.view(UserField::kUserName) == "alice@contoso.com");
  CHECK_FALSE(user.get(UserField::kTitle));
}

TEST_CASE("user schema: each rejection", "[mock-scim][user]") {
  auto body = valid();
  SECTION("not an object") { rejection(json::array()); }
  SECTION("userName missing") {
    body.erase("userName");
    CHECK_THAT(rejection(body), Catch::Contains("userName"));
  }
  SECTION("displayName missing") {
    body.erase("displayName");
    CHECK_THAT(rejection(body), Catch::Contains("displayName"));
  }
  SECTION("givenName missing") {
    body["name"].erase("givenName");
    CHECK_THAT(rejection(body), Catch::Contains("givenName"));
  }
  SECTION("familyName missing") {
    body["name"].erase("familyName");
    CHECK_THAT(rejection(body), Catch::Contains("familyName"));
  }
  SECTION("email missing") {
    body.erase("emails");
    CHECK_THAT(rejection(body), Catch::Contains("email"));
  }
  SECTION("email not primary") {
    body["emails"][0].erase("primary");
    CHECK_THAT(rejection(body), Catch::Contains("primary"));
  }
  SECTION("two emails") {
    body["emails"].push_back(body["emails"][0]);
    CHECK(rejection(body) == core::scim::kDetailSingleItem);
  }
  SECTION("emails not an array") {
    body["emails"] = json::object();
    rejection(body);
  }
  SECTION("email entry not an object") {
    body["emails"] = {"a@b"};
    rejection(body);
  }
  SECTION("email display") {
    body["emails"][0]["display"] = "A";
    CHECK_THAT(rejection(body), Catch::Contains("display"));
  }
  SECTION("unknown email sub-attribute") {
    body["emails"][0]["label"] = "A";
    CHECK_THAT(rejection(body), Catch::Contains("label"));
  }
  SECTION("primary not a boolean") {
    body["emails"][0]["primary"] = "perhaps";
    rejection(body);
  }
  SECTION("password") {
    body["password"] = "x";
    CHECK_THAT(rejection(body), Catch::Contains("password"));
  }
  SECTION("ims") {
    body["ims"] = json::array();
    CHECK_THAT(rejection(body), Catch::Contains("ims"));
  }
  SECTION("photos") {
    body["photos"] = json::array();
    CHECK_THAT(rejection(body), Catch::Contains("photos"));
  }
  SECTION("x509Certificates") {
    body["x509Certificates"] = json::array();
    CHECK_THAT(rejection(body), Catch::Contains("x509Certificates"));
  }
  SECTION("entitlements") {
    body["entitlements"] = json::array();
    CHECK_THAT(rejection(body), Catch::Contains("entitlements"));
  }
  SECTION("groups") {
    body["groups"] = json::array();
    CHECK_THAT(rejection(body), Catch::Contains("groups"));
  }
  SECTION("unknown attribute") {
    body["favouriteColour"] = "blue";
    CHECK_THAT(rejection(body), Catch::Contains("favouriteColour"));
  }
  SECTION("unknown name sub-attribute") {
    body["name"]["nick"] = "x";
    rejection(body);
  }
  SECTION("name not an object") {
    body["name"] = "Alice Liddell";
    rejection(body);
  }
  SECTION("string attribute with a number") {
    body["title"] = 3;
    CHECK_THAT(rejection(body), Catch::Contains("string"));
  }
  SECTION("active not a boolean") {
    body["active"] = 1;
    CHECK_THAT(rejection(body), Catch::Contains("active"));
  }
  SECTION("schemas without User") {
    body["schemas"] = {"urn:x"};
    rejection(body);
  }
  SECTION("schemas not an array") {
    body["schemas"] = "urn:ietf:params:scim:schemas:core:2.0:User";
    rejection(body);
  }
  SECTION("enterprise not an object") {
    body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = "x";
    rejection(body);
  }
  SECTION("unknown enterprise attribute") {
    body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = {{"badge", "1"}};
    rejection(body);
  }
  SECTION("manager.displayName") {
    body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = {
        {"manager", {{"displayName", "Boss"}}}};
    CHECK_THAT(rejection(body), Catch::Contains("manager.displayName"));
  }
  SECTION("reserved userName") {
    body["userName"] = "ADMINISTRATOR";
    CHECK_THAT(rejection(body), Catch::Contains("reserved"));
  }
  SECTION("forbidden character in userName") {
    body["userName"] = "a%b";
    CHECK_THAT(rejection(body), Catch::Contains("character"));
  }
  SECTION("carriage return anywhere") {
    body["title"] = "a\rb";
    CHECK_THAT(rejection(body), Catch::Contains("control character"));
  }
  SECTION("userName too long") {
    body["userName"] = std::string(129, 'u');
    rejection(body);
  }
  SECTION("externalId too long") {
    body["externalId"] = std::string(257, 'e');
    rejection(body);
  }
  SECTION("displayName too long") {
    body["displayName"] = std::string(1025, 'd');
    rejection(body);
  }
}
