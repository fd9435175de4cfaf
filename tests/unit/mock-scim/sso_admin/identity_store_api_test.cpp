#include <catch2/catch.hpp>

#include "mock-scim/sso_admin/aws_error.hpp"
#include "tests/unit/mock-scim/sso_admin/fixture.hpp"

using namespace mock_scim::sso_admin;
using namespace sso_admin_test;
using nlohmann::json;

namespace {

json call(Fixture& f, const char* op, json body) {
  try {
    return f.ids_api.call(op, body);
  } catch (const AwsError& e) {
    json out = e.extra();
    out["__type"] = e.type();
    out["Message"] = e.message();
    return out;
  }
}

const json kStore = {{"IdentityStoreId", "d-9067729b3d"}};

json with(json a, const json& b) {
  a.update(b);
  return a;
}

}  // namespace

TEST_CASE("identitystore api: ListUsers shows SCIM users in the User shape", "[identitystore]") {
  Fixture f;
  f.dir.users[0].external_id = "obj-1";
  f.dir.users[0].given_name = "Alice";
  f.dir.users[0].family_name = "Liddell";
  const auto out = call(f, "ListUsers", kStore);
  REQUIRE(out["Users"].size() == 2);
  const auto& a = out["Users"][0];
  CHECK(a["UserId"] == kAlice);
  CHECK(a["UserName"] == "alice@example.com");
  CHECK(a["IdentityStoreId"] == "d-9067729b3d");
  CHECK(a["Name"] == json{{"FamilyName", "Liddell"}, {"GivenName", "Alice"}});
  CHECK(a["ExternalIds"] == json::array({{{"Issuer", "SCIM"}, {"Id", "obj-1"}}}));
  CHECK(a["Emails"][0]["Value"] == "alice@example.com");
  CHECK(a["UserStatus"] == "ENABLED");
  CHECK(out["Users"][1]["UserStatus"] == "DISABLED");
  SECTION("paging") {
    const auto p1 = call(f, "ListUsers", with(kStore, {{"MaxResults", 1}}));
    REQUIRE(p1["Users"].size() == 1);
    REQUIRE(p1.contains("NextToken"));
    const auto p2 =
        call(f, "ListUsers", with(kStore, {{"MaxResults", 1}, {"NextToken", p1["NextToken"]}}));
    REQUIRE(p2["Users"].size() == 1);
    CHECK(p2["Users"][0]["UserId"] == kBob);
    CHECK_FALSE(p2.contains("NextToken"));
  }
  SECTION("deprecated filter on UserName") {
    const auto one = call(
        f, "ListUsers",
        with(kStore, {{"Filters",
                       {{{"AttributePath", "UserName"}, {"AttributeValue", "BOB@example.com"}}}}}));
    REQUIRE(one["Users"].size() == 1);
    CHECK(one["Users"][0]["UserId"] == kBob);
  }
  SECTION("filter on another attribute") {
    CHECK(
        call(f, "ListUsers",
             with(kStore, {{"Filters",
                            {{{"AttributePath", "Title"}, {"AttributeValue", "x"}}}}}))["__type"] ==
        "ValidationException");
  }
  SECTION("two filters") {
    const json filt = {{"AttributePath", "UserName"}, {"AttributeValue", "x"}};
    CHECK(call(f, "ListUsers", with(kStore, {{"Filters", {filt, filt}}}))["__type"] ==
          "ValidationException");
  }
}

TEST_CASE("identitystore api: store id is checked", "[identitystore]") {
  Fixture f;
  SECTION("missing") {
    CHECK(call(f, "ListUsers", json::object())["__type"] == "ValidationException");
  }
  SECTION("malformed") {
    CHECK(call(f, "ListUsers", {{"IdentityStoreId", "store"}})["__type"] == "ValidationException");
  }
  SECTION("another store") {
    const auto e = call(f, "ListUsers", {{"IdentityStoreId", "d-0000000000"}});
    CHECK(e["__type"] == "ResourceNotFoundException");
    CHECK(e["ResourceType"] == "IDENTITY_STORE");
  }
}

TEST_CASE("identitystore api: DescribeUser and GetUserId", "[identitystore]") {
  Fixture f;
  f.dir.users[1].external_id = "obj-2";
  CHECK(call(f, "DescribeUser", with(kStore, {{"UserId", kAlice}}))["UserName"] ==
        "alice@example.com");
  const auto missing =
      call(f, "DescribeUser",
           with(kStore, {{"UserId", "9067729b3d-00000000-0000-0000-0000-000000000000"}}));
  CHECK(missing["__type"] == "ResourceNotFoundException");
  CHECK(missing["ResourceType"] == "USER");
  CHECK(call(f, "GetUserId",
             with(kStore, {{"AlternateIdentifier",
                            {{"UniqueAttribute",
                              {{"AttributePath", "UserName"},
                               {"AttributeValue", "alice@example.com"}}}}}}))["UserId"] == kAlice);
  CHECK(call(f, "GetUserId",
             with(kStore, {{"AlternateIdentifier",
                            {{"ExternalId", {{"Issuer", "SCIM"}, {"Id", "obj-2"}}}}}}))["UserId"] ==
        kBob);
  CHECK(call(f, "GetUserId",
             with(kStore, {{"AlternateIdentifier",
                            {{"UniqueAttribute",
                              {{"AttributePath", "emails.value"},
                               {"AttributeValue", "bob@example.com"}}}}}}))["UserId"] == kBob);
  SECTION("unknown user") {
    CHECK(call(f, "GetUserId",
               with(kStore, {{"AlternateIdentifier",
                              {{"UniqueAttribute",
                                {{"AttributePath", "UserName"},
                                 {"AttributeValue", "nobody@x"}}}}}}))["__type"] ==
          "ResourceNotFoundException");
  }
  SECTION("both union members") {
    CHECK(call(f, "GetUserId",
               with(kStore,
                    {{"AlternateIdentifier",
                      {{"ExternalId", {{"Issuer", "SCIM"}, {"Id", "obj-2"}}},
                       {"UniqueAttribute",
                        {{"AttributePath", "UserName"}, {"AttributeValue", "x"}}}}}}))["__type"] ==
          "ValidationException");
  }
  SECTION("a non-unique attribute") {
    CHECK(call(f, "GetUserId",
               with(kStore,
                    {{"AlternateIdentifier",
                      {{"UniqueAttribute",
                        {{"AttributePath", "Title"}, {"AttributeValue", "x"}}}}}}))["__type"] ==
          "ValidationException");
  }
  SECTION("another issuer") {
    CHECK(
        call(f, "GetUserId",
             with(kStore, {{"AlternateIdentifier",
                            {{"ExternalId", {{"Issuer", "Okta"}, {"Id", "obj-2"}}}}}}))["__type"] ==
        "ResourceNotFoundException");
  }
}

TEST_CASE("identitystore api: groups and memberships", "[identitystore]") {
  Fixture f;
  const auto groups = call(f, "ListGroups", kStore);
  REQUIRE(groups["Groups"].size() == 1);
  CHECK(groups["Groups"][0]["DisplayName"] == "Developers");
  CHECK(call(f, "DescribeGroup", with(kStore, {{"GroupId", kDevelopers}}))["DisplayName"] ==
        "Developers");
  CHECK(call(f, "GetGroupId",
             with(kStore, {{"AlternateIdentifier",
                            {{"UniqueAttribute",
                              {{"AttributePath", "DisplayName"},
                               {"AttributeValue", "Developers"}}}}}}))["GroupId"] == kDevelopers);
  const auto members = call(f, "ListGroupMemberships", with(kStore, {{"GroupId", kDevelopers}}));
  REQUIRE(members["GroupMemberships"].size() == 1);
  const auto& m = members["GroupMemberships"][0];
  CHECK(m["MemberId"]["UserId"] == kAlice);
  CHECK(m["GroupId"] == kDevelopers);
  const std::string mid = m["MembershipId"];
  CHECK(mid.rfind("9067729b3d-", 0) == 0);
  CHECK(mid.size() == 47);
  const auto mine =
      call(f, "ListGroupMembershipsForMember", with(kStore, {{"MemberId", {{"UserId", kAlice}}}}));
  REQUIRE(mine["GroupMemberships"].size() == 1);
  CHECK(mine["GroupMemberships"][0]["MembershipId"] == mid);
  CHECK(call(f, "GetGroupMembershipId",
             with(kStore, {{"GroupId", kDevelopers},
                           {"MemberId", {{"UserId", kAlice}}}}))["MembershipId"] == mid);
  const auto in =
      call(f, "IsMemberInGroups",
           with(kStore, {{"MemberId", {{"UserId", kBob}}}, {"GroupIds", {kDevelopers}}}));
  CHECK(in["Results"][0]["MembershipExists"] == false);
  CHECK(call(f, "IsMemberInGroups",
             with(kStore, {{"MemberId", {{"UserId", kAlice}}},
                           {"GroupIds", {kDevelopers}}}))["Results"][0]["MembershipExists"] ==
        true);
  SECTION("unknown group") {
    const auto e =
        call(f, "ListGroupMemberships",
             with(kStore, {{"GroupId", "9067729b3d-00000000-0000-0000-0000-000000000000"}}));
    CHECK(e["__type"] == "ResourceNotFoundException");
    CHECK(e["ResourceType"] == "GROUP");
  }
  SECTION("GroupIds empty") {
    CHECK(call(f, "IsMemberInGroups",
               with(kStore, {{"MemberId", {{"UserId", kAlice}}},
                             {"GroupIds", json::array()}}))["__type"] == "ValidationException");
  }
  SECTION("not a member") {
    CHECK(call(f, "GetGroupMembershipId",
               with(kStore,
                    {{"GroupId", kDevelopers}, {"MemberId", {{"UserId", kBob}}}}))["__type"] ==
          "ResourceNotFoundException");
  }
}
