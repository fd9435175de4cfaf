// Groups with AWS's rules ([DG-creategroup], [DG-PATCHGROUP], [DG-GETGROUP], [UG-UGP]) and the
// requests Azure AD sends (facts/azure-ad.md §5.3, both dialects).
#include <catch2/catch.hpp>

#include "tests/e2e/mock-scim/scim_fixture.hpp"

using nlohmann::json;
using scim_e2e::check_envelope;
using scim_e2e::Scim;
using scim_e2e::url_encode;

namespace {

json patch_body(const json& operations) {
  return {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
          {"Operations", operations}};
}

std::size_t members_of(const Scim& s, const std::string& group_id) {
  return s
      .list("Users", "filter=" + url_encode("groups.value eq \"" + group_id + "\""))["totalResults"]
      .get<std::size_t>();
}

bool is_member(const Scim& s, const std::string& group_id, const std::string& user_id) {
  return s.list("Groups", "filter=" + url_encode("id eq \"" + group_id + "\" and members eq \"" +
                                                 user_id + "\""))["totalResults"] == 1;
}

}  // namespace

TEST_CASE("mock-scim: Azure AD's group lifecycle, legacy dialect", "[e2e][mock-scim]") {
  Scim s;
  const auto alice = s.create_user("alice")["id"].get<std::string>();
  const auto bob = s.create_user("bob")["id"].get<std::string>();
  // 1. Match by displayName with excludedAttributes=members.
  auto found = s.list("Groups", "excludedAttributes=members&filter=" +
                                    url_encode("displayName eq \"Engineering\""));
  CHECK(found["totalResults"] == 0);
  // 2. Create, verbatim from §5.3.
  auto created = s.post(
      s.base + "/Groups",
      json::parse(
          R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
 "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Engineering","meta":{"resourceType":"Group"}})"));
  REQUIRE(created);
  INFO(created->body);
  REQUIRE(created->status == 201);
  const auto g = json::parse(created->body);
  const std::string gid = g["id"].get<std::string>();
  const std::string path = s.base + "/Groups/" + gid;
  CHECK(g["displayName"] == "Engineering");
  CHECK(g["externalId"] == "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
  CHECK(g["meta"]["resourceType"] == "Group");
  CHECK_FALSE(g.contains("members"));
  // 3. Read back.
  auto read = s.get(path + "?excludedAttributes=members");
  REQUIRE(read);
  CHECK(read->status == 200);
  // 5. Add members (several in one request).
  auto add =
      s.patch(path, json::parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":")" +
                                alice + R"("},{"$ref":null,"value":")" + bob + R"("}]}]})"));
  REQUIRE(add);
  INFO(add->body);
  CHECK(add->status == 204);
  CHECK(add->body.empty());
  CHECK(members_of(s, gid) == 2);
  CHECK(is_member(s, gid, alice));
  // Members are never returned.
  CHECK_FALSE(json::parse(s.get(path)->body).contains("members"));
  CHECK_FALSE(s.list("Groups", "")["Resources"][0].contains("members"));
  // 4. Rename.
  auto rename = s.patch(
      path, patch_body({{{"op", "Replace"}, {"path", "displayName"}, {"value", "Engineering 2"}}}));
  REQUIRE(rename);
  CHECK(rename->status == 204);
  CHECK(json::parse(s.get(path)->body)["displayName"] == "Engineering 2");
  // 6. Remove a member, legacy shape.
  auto remove = s.patch(
      path, patch_body({{{"op", "Remove"}, {"path", "members"}, {"value", {{{"value", alice}}}}}}));
  REQUIRE(remove);
  CHECK(remove->status == 204);
  CHECK_FALSE(is_member(s, gid, alice));
  CHECK(is_member(s, gid, bob));
  // 7. Delete.
  CHECK(s.del(path)->status == 204);
  check_envelope(s.get(path), 404);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: aadOptscim062020 member removal by filtered path", "[e2e][mock-scim]") {
  Scim s;
  const auto alice = s.create_user("alice")["id"].get<std::string>();
  const auto g = s.create_group("Flagged")["id"].get<std::string>();
  const std::string path = s.base + "/Groups/" + g;
  CHECK(s.patch(path,
                patch_body({{{"op", "add"}, {"path", "members"}, {"value", {{{"value", alice}}}}}}))
            ->status == 204);
  CHECK(is_member(s, g, alice));
  auto res = s.patch(
      path, patch_body({{{"op", "remove"}, {"path", "members[value eq \"" + alice + "\"]"}}}));
  REQUIRE(res);
  CHECK(res->status == 204);
  CHECK_FALSE(is_member(s, g, alice));
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: the documentation's path-less rename", "[e2e][mock-scim]") {
  Scim s;
  const auto g = s.create_group("Group Bar")["id"].get<std::string>();
  auto res = s.patch(
      s.base + "/Groups/" + g,
      patch_body({{{"op", "replace"}, {"value", {{"id", g}, {"displayName", "Group Foo New"}}}}}));
  REQUIRE(res);
  CHECK(res->status == 204);
  CHECK(json::parse(s.get(s.base + "/Groups/" + g)->body)["displayName"] == "Group Foo New");
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: group rules", "[e2e][mock-scim]") {
  Scim s;
  const auto alice = s.create_user("alice")["id"].get<std::string>();
  const auto parent = s.create_group("Parent")["id"].get<std::string>();
  const auto child = s.create_group("Child")["id"].get<std::string>();
  const std::string path = s.base + "/Groups/" + parent;
  CHECK(s.patch(path,
                patch_body({{{"op", "add"}, {"path", "members"}, {"value", {{{"value", alice}}}}}}))
            ->status == 204);
  SECTION("a nested group is rejected and nothing is stored") {
    const auto body = check_envelope(
        s.patch(path, patch_body({{{"op", "add"},
                                   {"path", "members"},
                                   {"value", {{{"value", alice}}, {{"value", child}}}}}})),
        400);
    CHECK_THAT(body["detail"].get<std::string>(), Catch::Contains("nested"));
    CHECK(members_of(s, parent) == 1);
  }
  SECTION("a nested group on create is rejected and no group is stored") {
    check_envelope(s.post(s.base + "/Groups",
                          {{"displayName", "WithChild"}, {"members", {{{"value", child}}}}}),
                   400);
    CHECK(s.list("Groups",
                 "filter=" + url_encode("displayName eq \"WithChild\""))["totalResults"] == 0);
  }
  SECTION("an unknown member is rejected") {
    check_envelope(
        s.patch(
            path,
            patch_body({{{"op", "add"}, {"path", "members"}, {"value", {{{"value", "nobody"}}}}}})),
        400);
  }
  SECTION("replace all members is refused by default") {
    check_envelope(
        s.patch(path,
                patch_body({{{"op", "replace"}, {"path", "members"}, {"value", json::array()}}})),
        400);
    CHECK(members_of(s, parent) == 1);
  }
  SECTION("remove all members is refused") {
    check_envelope(s.patch(path, patch_body({{{"op", "remove"}, {"path", "members"}}})), 400);
    CHECK(members_of(s, parent) == 1);
  }
  SECTION("more than 100 members on create") {
    json members = json::array();
    for (int i = 0; i < 101; ++i) members.push_back({{"value", alice}});
    check_envelope(s.post(s.base + "/Groups", {{"displayName", "Big"}, {"members", members}}), 400);
  }
  SECTION("more than 100 membership changes in one PATCH") {
    json members = json::array();
    for (int i = 0; i < 101; ++i) members.push_back({{"value", alice}});
    check_envelope(
        s.patch(path, patch_body({{{"op", "add"}, {"path", "members"}, {"value", members}}})), 400);
  }
  SECTION("100 membership changes are fine") {
    json members = json::array();
    for (int i = 0; i < 100; ++i) members.push_back({{"value", alice}});
    CHECK(s.patch(path, patch_body({{{"op", "add"}, {"path", "members"}, {"value", members}}}))
              ->status == 204);
  }
  SECTION("duplicate displayName, any case") {
    const auto body = check_envelope(s.post(s.base + "/Groups", {{"displayName", "PARENT"}}), 409);
    CHECK(body["detail"] == "Refused to create a new, duplicate resource.");
    check_envelope(
        s.patch(s.base + "/Groups/" + child,
                patch_body({{{"op", "replace"}, {"path", "displayName"}, {"value", "parent"}}})),
        409);
  }
  SECTION("displayName is required") {
    check_envelope(s.post(s.base + "/Groups", {{"externalId", "x"}}), 400);
    check_envelope(s.patch(path, patch_body({{{"op", "remove"}, {"path", "displayName"}}})), 400);
  }
  SECTION("reserved displayName") {
    check_envelope(s.post(s.base + "/Groups", {{"displayName", "AWSAdministrators"}}), 400);
  }
  SECTION("other attributes cannot be patched") {
    check_envelope(
        s.patch(path, patch_body({{{"op", "replace"}, {"path", "title"}, {"value", "x"}}})), 400);
  }
  SECTION("unknown attribute on create") {
    check_envelope(s.post(s.base + "/Groups", {{"displayName", "X"}, {"owner", "me"}}), 400);
  }
  SECTION("externalId is filterable and removable") {
    CHECK(s.patch(path, patch_body({{{"op", "add"}, {"path", "externalId"}, {"value", "e-1"}}}))
              ->status == 204);
    CHECK(s.list("Groups", "filter=" + url_encode("externalId eq \"e-1\""))["totalResults"] == 1);
    CHECK(s.patch(path, patch_body({{{"op", "remove"}, {"path", "externalId"}}}))->status == 204);
    CHECK(s.list("Groups", "filter=" + url_encode("externalId eq \"e-1\""))["totalResults"] == 0);
  }
  SECTION("deleting a user removes its memberships") {
    CHECK(s.del(s.base + "/Users/" + alice)->status == 204);
    CHECK(members_of(s, parent) == 0);
  }
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: quirk replaceMembersObserved2024", "[e2e][mock-scim]") {
  Scim s({"--quirk", "replaceMembersObserved2024"});
  const auto alice = s.create_user("alice")["id"].get<std::string>();
  const auto bob = s.create_user("bob")["id"].get<std::string>();
  const auto g = s.create_group("Quirky")["id"].get<std::string>();
  const std::string path = s.base + "/Groups/" + g;
  CHECK(s.patch(path,
                patch_body({{{"op", "add"}, {"path", "members"}, {"value", {{{"value", alice}}}}}}))
            ->status == 204);
  // replace with []: 204, nothing removed.
  CHECK(s.patch(path,
                patch_body({{{"op", "replace"}, {"path", "members"}, {"value", json::array()}}}))
            ->status == 204);
  CHECK(members_of(s, g) == 1);
  // replace with a list sets the members.
  CHECK(
      s.patch(path,
              patch_body({{{"op", "replace"}, {"path", "members"}, {"value", {{{"value", bob}}}}}}))
          ->status == 204);
  CHECK(is_member(s, g, bob));
  CHECK_FALSE(is_member(s, g, alice));
  // [{"value":""}]: 400, yet the group is emptied.
  check_envelope(
      s.patch(path,
              patch_body({{{"op", "replace"}, {"path", "members"}, {"value", {{{"value", ""}}}}}})),
      400);
  CHECK(members_of(s, g) == 0);
  // The switch can be turned off at run time.
  CHECK(s.client
            ->Put("/_harness/quirks", R"({"replaceMembersObserved2024":false})", "application/json")
            ->status == 200);
  check_envelope(
      s.patch(path, patch_body(
                        {{{"op", "replace"}, {"path", "members"}, {"value", {{{"value", bob}}}}}})),
      400);
  CHECK(s.server->stop() == 0);
}
