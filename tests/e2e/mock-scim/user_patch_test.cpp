// PatchUser ([DG-PATCHUSER]) with the exact requests Azure AD sends (facts/azure-ad.md §5),
// in the legacy dialect and in the aadOptscim062020 one.
#include <catch2/catch.hpp>

#include "tests/e2e/mock-scim/scim_fixture.hpp"

using nlohmann::json;
using scim_e2e::check_envelope;
using scim_e2e::Scim;

namespace {

json patch_body(const std::string& operations) {
  return json::parse(
      R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)" + operations +
      "}");
}

}  // namespace

TEST_CASE("mock-scim: Azure AD's legacy PATCH requests", "[e2e][mock-scim]") {
  Scim s;
  const auto u = s.create_user("legacy@contoso.com");
  const std::string path = s.base + "/Users/" + u["id"].get<std::string>();
  SECTION("update: one capitalised op per attribute, emails value-filter path") {
    auto res = s.patch(path, patch_body(R"([
 {"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@microsoft.com"},
 {"op":"Replace","path":"name.familyName","value":"updatedFamilyName"}])"));
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    const auto j = json::parse(res->body);
    CHECK(j["emails"].size() == 1);
    CHECK(j["emails"][0]["value"] == "updatedEmail@microsoft.com");
    CHECK(j["emails"][0]["type"] == "work");
    CHECK(j["emails"][0]["primary"] == true);
    CHECK(j["name"]["familyName"] == "updatedFamilyName");
    CHECK(j["name"]["givenName"] == "givenName");
  }
  SECTION("disable with the string \"False\", enable with \"True\"") {
    auto res = s.patch(path, patch_body(R"([{"op":"Replace","path":"active","value":"False"}])"));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(json::parse(res->body)["active"] == false);
    res = s.patch(path, patch_body(R"([{"op":"Replace","path":"active","value":"True"}])"));
    CHECK(json::parse(res->body)["active"] == true);
  }
  SECTION("enterprise attribute by full URN path, manager as Azure's legacy array") {
    const auto mgr = s.create_user("manager@contoso.com");
    const std::string mgr_id = mgr["id"].get<std::string>();
    auto res = s.patch(path, patch_body(R"([
 {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"701984"},
 {"op":"Add","path":"manager","value":[{"$ref":"http://x/Users/)" +
                                        mgr_id + R"(","value":")" + mgr_id + R"("}]},
 {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":")" +
                                        mgr_id + R"("}}])"));
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    const auto ext =
        json::parse(res->body)["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
    CHECK(ext["employeeNumber"] == "701984");
    CHECK(ext["manager"]["value"] == mgr_id);
    // The "id and manager" filter finds the report.
    const auto found =
        s.list("Users", "filter=" + scim_e2e::url_encode("id eq \"" + u["id"].get<std::string>() +
                                                         "\" and manager eq \"" + mgr_id + "\""));
    CHECK(found["totalResults"] == 1);
  }
  SECTION("Add to a previously empty attribute") {
    auto res = s.patch(path, patch_body(R"([{"op":"Add","path":"title","value":"Engineer"},
      {"op":"Add","path":"phoneNumbers[type eq \"work\"].value","value":"+1 555 0100"}])"));
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    const auto j = json::parse(res->body);
    CHECK(j["title"] == "Engineer");
    CHECK(j["phoneNumbers"][0]["value"] == "+1 555 0100");
    CHECK(j["phoneNumbers"][0]["type"] == "work");
  }
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: Azure AD's aadOptscim062020 PATCH requests", "[e2e][mock-scim]") {
  Scim s;
  const auto u = s.create_user("flagged@contoso.com");
  const std::string path = s.base + "/Users/" + u["id"].get<std::string>();
  SECTION("path-less replace with dotted and URN keys") {
    auto res = s.patch(path, patch_body(R"([
 {"op":"replace","path":"emails[type eq \"work\"].value","value":"TestMhvaes@test.microsoft.com"},
 {"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua",
   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}])"));
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    const auto j = json::parse(res->body);
    CHECK(j["emails"][0]["value"] == "TestMhvaes@test.microsoft.com");
    CHECK(j["displayName"] == "Bjfe");
    CHECK(j["name"]["givenName"] == "Kkom");
    CHECK(j["name"]["familyName"] == "Unua");
    CHECK(j["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["employeeNumber"] ==
          "Aklq");
  }
  SECTION("boolean active") {
    auto res = s.patch(path, patch_body(R"([{"op":"replace","path":"active","value":false}])"));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(json::parse(res->body)["active"] == false);
  }
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: PATCH user rejections change nothing", "[e2e][mock-scim]") {
  Scim s;
  const auto u = s.create_user("patchme");
  s.create_user("taken");
  const std::string path = s.base + "/Users/" + u["id"].get<std::string>();
  auto rejected = [&](const std::string& ops, int status = 400) {
    return check_envelope(s.patch(path, patch_body(ops)), status)["detail"].get<std::string>();
  };
  SECTION("remove userName") { rejected(R"([{"op":"remove","path":"userName"}])"); }
  SECTION("remove active") { rejected(R"([{"op":"Remove","path":"active"}])"); }
  SECTION("two operations on active") {
    CHECK_THAT(rejected(R"([{"op":"replace","path":"title","value":"t"},
      {"op":"replace","path":"active","value":false},{"op":"replace","path":"active","value":true}])"),
               Catch::Contains("Multiple"));
  }
  SECTION("two operations on userName") {
    rejected(
        R"([{"op":"replace","path":"userName","value":"a"},{"op":"replace","path":"userName","value":"b"}])");
  }
  SECTION("remove without path: AWS's text") {
    CHECK(rejected(R"([{"op":"remove","value":{"title":"x"}}])") ==
          "Current PATCH support allows omitting \"path\" attribute only for Add and Replace "
          "operations modifying a single attribute.");
  }
  SECTION("unknown op") { rejected(R"([{"op":"copy","path":"title","value":"x"}])"); }
  SECTION("unknown attribute") { rejected(R"([{"op":"replace","path":"shoeSize","value":"x"}])"); }
  SECTION("groups through the user") {
    rejected(R"([{"op":"add","path":"groups","value":[{"value":"g"}]}])");
  }
  SECTION("read-only id") { rejected(R"([{"op":"replace","path":"meta","value":{}}])"); }
  SECTION("operator other than eq in a path filter") {
    rejected(R"([{"op":"replace","path":"emails[type co \"work\"].value","value":"x@y"}])");
  }
  SECTION("a second email") {
    CHECK(rejected(R"([{"op":"add","path":"emails[type eq \"home\"].value","value":"h@y"}])") ==
          "Currently list attributes only allow single item");
  }
  SECTION("removing a required attribute") {
    rejected(R"([{"op":"remove","path":"displayName"}])");
  }
  SECTION("removing the email") { rejected(R"([{"op":"remove","path":"emails"}])"); }
  SECTION("wrong value type") { rejected(R"([{"op":"replace","path":"title","value":7}])"); }
  SECTION("bad boolean") { rejected(R"([{"op":"replace","path":"active","value":"yes"}])"); }
  SECTION("duplicate userName after an earlier valid op") {
    CHECK(rejected(R"([{"op":"replace","path":"title","value":"changed"},
      {"op":"replace","path":"userName","value":"TAKEN"}])",
                   409) == "Refused to create a new, duplicate resource.");
  }
  SECTION("Operations missing") { check_envelope(s.patch(path, json::object()), 400); }
  SECTION("unknown user") {
    check_envelope(s.patch(s.base + "/Users/nope",
                           patch_body(R"([{"op":"replace","path":"title","value":"x"}])")),
                   404);
  }
  const auto after = json::parse(s.get(path)->body);
  CHECK(after == u);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: quirk pathlessSingleAttribute refuses multi-attribute path-less ops",
          "[e2e][mock-scim]") {
  Scim s({"--quirk", "pathlessSingleAttribute"});
  const auto u = s.create_user("single");
  const std::string path = s.base + "/Users/" + u["id"].get<std::string>();
  check_envelope(
      s.patch(path, patch_body(R"([{"op":"replace","value":{"displayName":"a","title":"b"}}])")),
      400);
  auto ok = s.patch(path, patch_body(R"([{"op":"replace","value":{"displayName":"a"}}])"));
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(s.server->stop() == 0);
}
