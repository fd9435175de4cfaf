#include "mock-idp/directory/graph_json.hpp"

#include <catch2/catch.hpp>

#include "mock-idp/directory/graph_error.hpp"

using mock_idp::directory::GraphError;
using nlohmann::json;
namespace d = mock_idp::directory;

namespace {

json valid_user() {
  return json{{"accountEnabled", true},
              {"displayName", "Adele Vance"},
              {"mailNickname", "AdeleV"},
              {"userPrincipalName", "AdeleV@contoso.com"},
              {"passwordProfile", {{"forceChangePasswordNextSignIn", true}, {"password", "x!1"}}}};
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const GraphError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("graph json: POST /users needs Graph's required properties", "[mock-idp][graph]") {
  const auto user = d::user_from_create(valid_user());
  CHECK(user.user_principal_name == "AdeleV@contoso.com");
  CHECK(user.password == "x!1");
  CHECK_FALSE(user.mail);
  for (const char* key :
       {"accountEnabled", "displayName", "mailNickname", "userPrincipalName", "passwordProfile"}) {
    json body = valid_user();
    body.erase(key);
    CHECK(message_of([&] { d::user_from_create(body); }).find(key) != std::string::npos);
  }
}

TEST_CASE("graph json: wrong types and unknown properties are refused", "[mock-idp][graph]") {
  json body = valid_user();
  SECTION("wrong type") {
    body["accountEnabled"] = "yes";
    CHECK(message_of([&] { d::user_from_create(body); }).find("accountEnabled") !=
          std::string::npos);
  }
  SECTION("unknown property") {
    body["shoeSize"] = 42;
    CHECK(message_of([&] { d::user_from_create(body); }).find("shoeSize") != std::string::npos);
  }
  SECTION("read-only property") {
    body["id"] = "x";
    CHECK(message_of([&] { d::user_from_create(body); }).find("read-only") != std::string::npos);
  }
  SECTION("empty password") {
    body["passwordProfile"] = {{"password", ""}};
    CHECK(!message_of([&] { d::user_from_create(body); }).empty());
  }
  SECTION("mail without @") {
    body["mail"] = "nomail";
    CHECK(!message_of([&] { d::user_from_create(body); }).empty());
  }
  SECTION("not an object") {
    CHECK(!message_of([] { d::user_from_create(json::array()); }).empty());
  }
}

TEST_CASE("graph json: a user renders null for missing values, never the password",
          "[mock-idp][graph]") {
  auto user = d::user_from_create(valid_user());
  user.id = "0b6e8a34-1c2d-4e5f-8a9b-0c1d2e3f4a01";
  const json j = d::user_json(user);
  CHECK(j["mail"].is_null());
  CHECK(j["givenName"].is_null());
  CHECK(j["businessPhones"] == json::array());
  CHECK(j.dump().find("x!1") == std::string::npos);
  d::apply_user_patch(user, json{{"mail", "adele@contoso.com"}, {"jobTitle", nullptr}});
  CHECK(user.mail == "adele@contoso.com");
}

TEST_CASE("graph json: groups and @odata.id references", "[mock-idp][graph]") {
  const auto g = d::group_from_create(json{{"displayName", "Ops"},
                                           {"mailEnabled", false},
                                           {"mailNickname", "ops"},
                                           {"securityEnabled", true}});
  CHECK(g.display_name == "Ops");
  CHECK(!message_of([] {
           d::group_from_create(json{{"displayName", "Ops"}, {"mailEnabled", false}});
         }).empty());
  CHECK(!message_of([] {
           d::group_from_create(json{{"displayName", "Ops"},
                                     {"mailEnabled", false},
                                     {"mailNickname", "ops"},
                                     {"securityEnabled", true},
                                     {"groupTypes", {"Weird"}}});
         }).empty());
  CHECK(d::reference_id(
            json{{"@odata.id", "https://graph.microsoft.com/v1.0/directoryObjects/abc"}}) == "abc");
  CHECK(d::reference_id(json{{"@odata.id", "https://graph.microsoft.com/v1.0/users/u1"}}) == "u1");
  CHECK(!message_of([] { d::reference_id(json{{"@odata.id", "https://x/nothing"}}); }).empty());
  CHECK(!message_of([] { d::reference_id(json{{"id", "abc"}}); }).empty());
  CHECK(
      !message_of([] {
         d::reference_id(json{{"@odata.id", "https://graph.microsoft.com/v1.0/directoryObjects/"}});
       }).empty());
}
