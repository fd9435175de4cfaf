// sso-admin and identitystore over HTTP (AWS JSON 1.1) against the real mock-scim binary, with
// users and groups written through SCIM.
#include <catch2/catch.hpp>

#include "tests/e2e/mock-scim/scim_fixture.hpp"

using nlohmann::json;
using scim_e2e::Scim;

namespace {

constexpr const char* kAuth =
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/eu-central-1/sso/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
    "Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";

struct Aws {
  const Scim& scim;
  int status = 0;
  std::string error_header;

  json call(const std::string& target, const json& body, bool sign = true) {
    httplib::Headers h = {{"X-Amz-Target", target}};
    if (sign) h.emplace("Authorization", kAuth);
    auto res = scim.client->Post("/", h, body.dump(), "application/x-amz-json-1.1");
    REQUIRE(res);
    status = res->status;
    error_header = res->get_header_value("x-amzn-ErrorType");
    CHECK(res->get_header_value("Content-Type") == "application/x-amz-json-1.1");
    CHECK(res->get_header_value("x-amzn-RequestId").size() == 36);
    return json::parse(res->body);
  }
};

json org(const Scim& s) {
  auto res = s.client->Get("/_harness/organization");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

}  // namespace

TEST_CASE("sso-admin e2e: organization fixture is served and replaceable", "[e2e][sso_admin]") {
  Scim s({}, false);
  const auto before = org(s);
  CHECK(before["accounts"].size() == 4);
  CHECK(before["managementAccountId"].get<std::string>().size() == 12);
  CHECK(before["accessPortalUrl"] ==
        "https://" + before["identityStoreId"].get<std::string>() + ".awsapps.com/start");
  const json fixture = {
      {"region", "us-west-2"},
      {"instance", {{"id", "ssoins-7907a1b2c3d4e5f6"}, {"identityStoreId", "d-9267000001"}}},
      {"managementAccount", {{"id", "111111111111"}, {"name", "Root"}}},
      {"accounts", {{{"id", "222222222222"}, {"name", "Prod"}}}}};
  auto put = s.client->Put("/_harness/organization", fixture.dump(), "application/json");
  REQUIRE(put);
  CHECK(put->status == 200);
  CHECK(org(s)["instanceArn"] == "arn:aws:sso:::instance/ssoins-7907a1b2c3d4e5f6");
  auto bad =
      s.client->Put("/_harness/organization", R"({"accounts":[{"id":"1"}]})", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(org(s)["accounts"].size() == 2);  // the refused document changed nothing
  REQUIRE(s.harness_post("/_harness/reset")->status == 200);
  CHECK(org(s)["instanceArn"] == before["instanceArn"]);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("sso-admin e2e: the organization comes from --config", "[e2e][sso_admin]") {
  Scim s({"--config",
          std::string(HARNESS_TEST_DATA_DIR) + "/../../mock-scim/config/organization.json"},
         false);
  const auto o = org(s);
  CHECK(o["instanceArn"] == "arn:aws:sso:::instance/ssoins-69871f8e2c5d4b3a");
  CHECK(o["identityStoreId"] == "d-99672f4b1e");
  CHECK(o["managementAccountId"] == "210987654321");
  CHECK(o["accounts"].size() == 6);
  CHECK(o["accessPortalUrl"] == "https://d-99672f4b1e.awsapps.com/start");
  CHECK(s.server->stop() == 0);
}

TEST_CASE("sso-admin e2e: SigV4 header and protocol errors", "[e2e][sso_admin]") {
  Scim s({}, false);
  Aws aws{s, 0, {}};
  const auto missing = aws.call("SWBExternalService.ListInstances", json::object(), false);
  CHECK(aws.status == 400);
  CHECK(missing["__type"] == "MissingAuthenticationTokenException");
  CHECK(aws.error_header == "MissingAuthenticationTokenException:");
  auto res = s.client->Post("/",
                            {{"X-Amz-Target", "SWBExternalService.ListInstances"},
                             {"Authorization", "AWS4-HMAC-SHA256 Credential=x"}},
                            "{}", "application/x-amz-json-1.1");
  REQUIRE(res);
  CHECK(json::parse(res->body)["__type"] == "IncompleteSignatureException");
  CHECK(aws.call("SWBExternalService.NoSuchOp", json::object())["__type"] ==
        "UnknownOperationException");
  res = s.client->Post(
      "/", {{"X-Amz-Target", "SWBExternalService.ListInstances"}, {"Authorization", kAuth}},
      "{not json", "application/x-amz-json-1.1");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(json::parse(res->body)["__type"] == "SerializationException");
  CHECK(s.server->stop() == 0);
}

TEST_CASE("sso-admin e2e: permission set, group assignment, async status, role",
          "[e2e][sso_admin]") {
  Scim s;
  Aws aws{s, 0, {}};
  REQUIRE(s.client->Put("/_harness/sso-admin", R"({"asyncDelay":"PT30S"})", "application/json")
              ->status == 200);
  const auto o = org(s);
  const std::string instance = o["instanceArn"];
  const std::string member = o["accounts"][1]["id"];
  const auto alice = s.create_user("alice@example.com");
  const auto group = s.create_group("Developers");
  REQUIRE(s.patch(s.base + "/Groups/" + group["id"].get<std::string>(),
                  {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                   {"Operations",
                    {{{"op", "add"}, {"path", "members"}, {"value", {{{"value", alice["id"]}}}}}}}})
              ->status == 204);

  const auto created = aws.call(
      "SWBExternalService.CreatePermissionSet",
      {{"InstanceArn", instance}, {"Name", "DeveloperAccess"}, {"SessionDuration", "PT8H"}});
  REQUIRE(aws.status == 200);
  const std::string ps = created["PermissionSet"]["PermissionSetArn"];
  const auto dup = aws.call("SWBExternalService.CreatePermissionSet",
                            {{"InstanceArn", instance}, {"Name", "DeveloperAccess"}});
  CHECK(aws.status == 400);
  CHECK(dup["__type"] == "ConflictException");
  aws.call("SWBExternalService.AttachManagedPolicyToPermissionSet",
           {{"InstanceArn", instance},
            {"PermissionSetArn", ps},
            {"ManagedPolicyArn", "arn:aws:iam::aws:policy/PowerUserAccess"}});
  CHECK(aws.status == 200);
  const auto started =
      aws.call("SWBExternalService.CreateAccountAssignment", {{"InstanceArn", instance},
                                                              {"TargetId", member},
                                                              {"TargetType", "AWS_ACCOUNT"},
                                                              {"PermissionSetArn", ps},
                                                              {"PrincipalType", "GROUP"},
                                                              {"PrincipalId", group["id"]}});
  REQUIRE(aws.status == 200);
  const std::string rid = started["AccountAssignmentCreationStatus"]["RequestId"];
  CHECK(started["AccountAssignmentCreationStatus"]["Status"] == "IN_PROGRESS");
  const json describe = {{"InstanceArn", instance}, {"AccountAssignmentCreationRequestId", rid}};
  CHECK(aws.call("SWBExternalService.DescribeAccountAssignmentCreationStatus",
                 describe)["AccountAssignmentCreationStatus"]["Status"] == "IN_PROGRESS");
  CHECK(json::parse(s.client->Get("/_harness/roles")->body)["roles"].empty());
  REQUIRE(s.harness_post("/_harness/clock", R"({"advance":"PT31S"})")->status == 200);
  CHECK(aws.call("SWBExternalService.DescribeAccountAssignmentCreationStatus",
                 describe)["AccountAssignmentCreationStatus"]["Status"] == "SUCCEEDED");
  const auto roles = json::parse(s.client->Get("/_harness/roles")->body)["roles"];
  REQUIRE(roles.size() == 1);
  CHECK(roles[0]["accountId"] == member);
  CHECK(roles[0]["roleName"].get<std::string>().rfind("AWSReservedSSO_DeveloperAccess_", 0) == 0);
  const auto list =
      aws.call("SWBExternalService.ListAccountAssignments",
               {{"InstanceArn", instance}, {"AccountId", member}, {"PermissionSetArn", ps}});
  REQUIRE(list["AccountAssignments"].size() == 1);
  CHECK(list["AccountAssignments"][0]["PrincipalId"] == group["id"]);

  // identitystore reads the same store SCIM wrote.
  const std::string store = o["identityStoreId"];
  const auto users = aws.call("AWSIdentityStore.ListUsers", {{"IdentityStoreId", store}});
  REQUIRE(users["Users"].size() == 1);
  CHECK(users["Users"][0]["UserId"] == alice["id"]);
  CHECK(users["Users"][0]["UserName"] == "alice@example.com");
  const auto uid =
      aws.call("AWSIdentityStore.GetUserId",
               {{"IdentityStoreId", store},
                {"AlternateIdentifier",
                 {{"UniqueAttribute",
                   {{"AttributePath", "UserName"}, {"AttributeValue", "alice@example.com"}}}}}});
  CHECK(uid["UserId"] == alice["id"]);
  const auto memberships =
      aws.call("AWSIdentityStore.ListGroupMembershipsForMember",
               {{"IdentityStoreId", store}, {"MemberId", {{"UserId", alice["id"]}}}});
  REQUIRE(memberships["GroupMemberships"].size() == 1);
  CHECK(memberships["GroupMemberships"][0]["GroupId"] == group["id"]);
  const auto nf = aws.call(
      "AWSIdentityStore.DescribeGroup",
      {{"IdentityStoreId", store}, {"GroupId", "9067729b3d-00000000-0000-0000-0000-000000000000"}});
  CHECK(nf["__type"] == "ResourceNotFoundException");
  CHECK(nf["RequestId"].get<std::string>().size() == 36);
  CHECK(s.server->stop() == 0);
}
