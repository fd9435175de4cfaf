#include <catch2/catch.hpp>

#include "mock-scim/sso_admin/aws_error.hpp"
#include "tests/unit/mock-scim/sso_admin/fixture.hpp"

using namespace mock_scim::sso_admin;
using namespace sso_admin_test;
using nlohmann::json;

namespace {

// Calls the API and returns {"__type","Message"} on failure, the result otherwise.
json call(Fixture& f, const char* op, json body) {
  try {
    return f.api.call(op, body);
  } catch (const AwsError& e) {
    return {{"__type", e.type()}, {"Message", e.message()}};
  }
}

std::string create(Fixture& f, const std::string& name) {
  return call(
      f, "CreatePermissionSet",
      {{"InstanceArn", f.instance_arn()}, {"Name", name}})["PermissionSet"]["PermissionSetArn"];
}

}  // namespace

TEST_CASE("sso-admin api: ListInstances shows the instance", "[sso_admin][api]") {
  Fixture f;
  const auto out = call(f, "ListInstances", json::object());
  REQUIRE(out["Instances"].size() == 1);
  CHECK(out["Instances"][0]["InstanceArn"] == "arn:aws:sso:::instance/ssoins-69871a2b3c4d5e6f");
  CHECK(out["Instances"][0]["IdentityStoreId"] == "d-9067729b3d");
  CHECK(out["Instances"][0]["OwnerAccountId"] == "111122223333");
  CHECK(out["Instances"][0]["Status"] == "ACTIVE");
}

TEST_CASE("sso-admin api: CreatePermissionSet shape and validation", "[sso_admin][api]") {
  Fixture f;
  const auto out = call(f, "CreatePermissionSet",
                        {{"InstanceArn", f.instance_arn()},
                         {"Name", "AdministratorAccess"},
                         {"Description", "Full access"},
                         {"SessionDuration", "PT4H"},
                         {"RelayState", "https://console.aws.amazon.com/"},
                         {"Tags", {{{"Key", "team"}, {"Value", "platform"}}}}});
  REQUIRE(out.contains("PermissionSet"));
  const auto& ps = out["PermissionSet"];
  CHECK(ps["Name"] == "AdministratorAccess");
  CHECK(ps["SessionDuration"] == "PT4H");
  CHECK(ps["CreatedDate"].is_number());
  CHECK(ps["CreatedDate"].get<double>() == Approx(1795000000.0));
  const auto tags =
      call(f, "ListTagsForResource",
           {{"InstanceArn", f.instance_arn()}, {"ResourceArn", ps["PermissionSetArn"]}});
  CHECK(tags["Tags"] == json::array({{{"Key", "team"}, {"Value", "platform"}}}));

  SECTION("missing Name") {
    const auto e = call(f, "CreatePermissionSet", {{"InstanceArn", f.instance_arn()}});
    CHECK(e["__type"] == "ValidationException");
    CHECK(e["Message"] ==
          "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
          "Member must not be null");
  }
  SECTION("Name of 33 characters") {
    const auto e = call(f, "CreatePermissionSet",
                        {{"InstanceArn", f.instance_arn()}, {"Name", std::string(33, 'a')}});
    CHECK(e["__type"] == "ValidationException");
    CHECK(e["Message"].get<std::string>().find(
              "Member must have length less than or equal to 32") != std::string::npos);
  }
  SECTION("Name with a space") {
    const auto e = call(f, "CreatePermissionSet",
                        {{"InstanceArn", f.instance_arn()}, {"Name", "Admin Access"}});
    CHECK(e["Message"].get<std::string>().find("regular expression pattern") != std::string::npos);
  }
  SECTION("Name of the wrong type") {
    const auto e =
        call(f, "CreatePermissionSet", {{"InstanceArn", f.instance_arn()}, {"Name", 12}});
    CHECK(e["__type"] == "SerializationException");
  }
  SECTION("malformed InstanceArn") {
    const auto e = call(f, "CreatePermissionSet",
                        {{"InstanceArn", "arn:aws:sso:::instance/x"}, {"Name", "A"}});
    CHECK(e["__type"] == "ValidationException");
  }
  SECTION("another instance") {
    const auto e =
        call(f, "CreatePermissionSet",
             {{"InstanceArn", "arn:aws:sso:::instance/ssoins-0000000000000000"}, {"Name", "A"}});
    CHECK(e["__type"] == "ResourceNotFoundException");
  }
  SECTION("SessionDuration out of range") {
    const auto e =
        call(f, "CreatePermissionSet",
             {{"InstanceArn", f.instance_arn()}, {"Name", "A"}, {"SessionDuration", "PT13H"}});
    CHECK(e["__type"] == "ValidationException");
  }
  SECTION("Description too long") {
    const auto e = call(
        f, "CreatePermissionSet",
        {{"InstanceArn", f.instance_arn()}, {"Name", "A"}, {"Description", std::string(701, 'd')}});
    CHECK(e["__type"] == "ValidationException");
  }
  SECTION("Tags not a list") {
    const auto e = call(f, "CreatePermissionSet",
                        {{"InstanceArn", f.instance_arn()}, {"Name", "A"}, {"Tags", "x"}});
    CHECK(e["__type"] == "SerializationException");
  }
  SECTION("Tag without Value") {
    const auto e =
        call(f, "CreatePermissionSet",
             {{"InstanceArn", f.instance_arn()}, {"Name", "A"}, {"Tags", {{{"Key", "k"}}}}});
    CHECK(e["__type"] == "ValidationException");
  }
  // None of the failures above created anything.
  CHECK(
      call(f, "ListPermissionSets", {{"InstanceArn", f.instance_arn()}})["PermissionSets"].size() ==
      1);
}

TEST_CASE("sso-admin api: list with MaxResults and NextToken", "[sso_admin][api]") {
  Fixture f;
  for (int i = 0; i < 5; ++i) create(f, "Set" + std::to_string(i));
  json req = {{"InstanceArn", f.instance_arn()}, {"MaxResults", 2}};
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    const auto out = call(f, "ListPermissionSets", req);
    for (const auto& a : out["PermissionSets"]) seen.push_back(a);
    if (!out.contains("NextToken")) break;
    req["NextToken"] = out["NextToken"];
  }
  CHECK(seen.size() == 5);
  SECTION("MaxResults 0") {
    CHECK(call(f, "ListPermissionSets",
               {{"InstanceArn", f.instance_arn()}, {"MaxResults", 0}})["__type"] ==
          "ValidationException");
  }
  SECTION("MaxResults 101") {
    CHECK(call(f, "ListPermissionSets",
               {{"InstanceArn", f.instance_arn()}, {"MaxResults", 101}})["__type"] ==
          "ValidationException");
  }
  SECTION("forged NextToken") {
    CHECK(call(f, "ListPermissionSets",
               {{"InstanceArn", f.instance_arn()}, {"NextToken", "abc"}})["Message"] ==
          "Invalid NextToken.");
  }
}

TEST_CASE("sso-admin api: the assignment flow the CLI drives", "[sso_admin][api]") {
  Fixture f;
  const std::string arn = create(f, "Developer");
  CHECK(call(f, "AttachManagedPolicyToPermissionSet",
             {{"InstanceArn", f.instance_arn()},
              {"PermissionSetArn", arn},
              {"ManagedPolicyArn", "arn:aws:iam::aws:policy/PowerUserAccess"}}) == json::object());
  const auto policies = call(f, "ListManagedPoliciesInPermissionSet",
                             {{"InstanceArn", f.instance_arn()}, {"PermissionSetArn", arn}});
  CHECK(policies["AttachedManagedPolicies"] ==
        json::array(
            {{{"Name", "PowerUserAccess"}, {"Arn", "arn:aws:iam::aws:policy/PowerUserAccess"}}}));
  const json assignment = {{"InstanceArn", f.instance_arn()}, {"TargetId", kMember},
                           {"TargetType", "AWS_ACCOUNT"},     {"PermissionSetArn", arn},
                           {"PrincipalType", "GROUP"},        {"PrincipalId", kDevelopers}};
  const auto created = call(f, "CreateAccountAssignment", assignment);
  const auto& st = created["AccountAssignmentCreationStatus"];
  CHECK(st["Status"] == "IN_PROGRESS");
  CHECK(st["TargetType"] == "AWS_ACCOUNT");
  CHECK(st["PrincipalType"] == "GROUP");
  const std::string rid = st["RequestId"];
  f.advance_past_delay();
  const auto done =
      call(f, "DescribeAccountAssignmentCreationStatus",
           {{"InstanceArn", f.instance_arn()}, {"AccountAssignmentCreationRequestId", rid}});
  CHECK(done["AccountAssignmentCreationStatus"]["Status"] == "SUCCEEDED");
  const auto list =
      call(f, "ListAccountAssignments",
           {{"InstanceArn", f.instance_arn()}, {"AccountId", kMember}, {"PermissionSetArn", arn}});
  CHECK(list["AccountAssignments"] == json::array({{{"AccountId", kMember},
                                                    {"PermissionSetArn", arn},
                                                    {"PrincipalType", "GROUP"},
                                                    {"PrincipalId", kDevelopers}}}));
  CHECK(call(f, "ListAccountsForProvisionedPermissionSet",
             {{"InstanceArn", f.instance_arn()}, {"PermissionSetArn", arn}})["AccountIds"] ==
        json::array({kMember}));
  CHECK(call(f, "ListPermissionSetsProvisionedToAccount",
             {{"InstanceArn", f.instance_arn()},
              {"AccountId", kMember},
              {"ProvisioningStatus", "LATEST_PERMISSION_SET_PROVISIONED"}})["PermissionSets"] ==
        json::array({arn}));
  const auto deleted = call(f, "DeleteAccountAssignment", assignment);
  const std::string did = deleted["AccountAssignmentDeletionStatus"]["RequestId"];
  f.advance_past_delay();
  CHECK(call(f, "DescribeAccountAssignmentDeletionStatus",
             {{"InstanceArn", f.instance_arn()},
              {"AccountAssignmentDeletionRequestId",
               did}})["AccountAssignmentDeletionStatus"]["Status"] == "SUCCEEDED");

  SECTION("TargetType other than AWS_ACCOUNT") {
    auto bad = assignment;
    bad["TargetType"] = "ORGANIZATIONAL_UNIT";
    CHECK(call(f, "CreateAccountAssignment", bad)["Message"].get<std::string>().find(
              "enum value set") != std::string::npos);
  }
  SECTION("PrincipalId not an identity store id") {
    auto bad = assignment;
    bad["PrincipalId"] = "alice";
    CHECK(call(f, "CreateAccountAssignment", bad)["__type"] == "ValidationException");
  }
  SECTION("TargetId of 11 digits") {
    auto bad = assignment;
    bad["TargetId"] = "22223333444";
    CHECK(call(f, "CreateAccountAssignment", bad)["__type"] == "ValidationException");
  }
  SECTION("status of an unknown request") {
    CHECK(call(f, "DescribeAccountAssignmentCreationStatus",
               {{"InstanceArn", f.instance_arn()},
                {"AccountAssignmentCreationRequestId",
                 "00000000-0000-4000-8000-000000000000"}})["__type"] ==
          "ResourceNotFoundException");
  }
  SECTION("request id that is not a UUID") {
    CHECK(call(f, "DescribeAccountAssignmentCreationStatus",
               {{"InstanceArn", f.instance_arn()},
                {"AccountAssignmentCreationRequestId", "x"}})["__type"] == "ValidationException");
  }
}

TEST_CASE("sso-admin api: inline policy and provisioning", "[sso_admin][api]") {
  Fixture f;
  const std::string arn = create(f, "Custom");
  const json ps = {{"InstanceArn", f.instance_arn()}, {"PermissionSetArn", arn}};
  CHECK(call(f, "GetInlinePolicyForPermissionSet", ps)["InlinePolicy"] == "");
  auto put = ps;
  put["InlinePolicy"] = R"({"Version":"2012-10-17","Statement":[]})";
  CHECK(call(f, "PutInlinePolicyToPermissionSet", put) == json::object());
  CHECK(call(f, "GetInlinePolicyForPermissionSet", ps)["InlinePolicy"] == put["InlinePolicy"]);
  CHECK(call(f, "DeleteInlinePolicyFromPermissionSet", ps) == json::object());
  auto prov = ps;
  prov["TargetType"] = "AWS_ACCOUNT";
  prov["TargetId"] = kMember;
  const auto p = call(f, "ProvisionPermissionSet", prov)["PermissionSetProvisioningStatus"];
  CHECK(p["Status"] == "IN_PROGRESS");
  CHECK(p["AccountId"] == kMember);
  f.advance_past_delay();
  CHECK(call(f, "DescribePermissionSetProvisioningStatus",
             {{"InstanceArn", f.instance_arn()},
              {"ProvisionPermissionSetRequestId",
               p["RequestId"]}})["PermissionSetProvisioningStatus"]["Status"] == "SUCCEEDED");
  auto upd = ps;
  upd["SessionDuration"] = "PT2H";
  upd["Description"] = "changed";
  CHECK(call(f, "UpdatePermissionSet", upd) == json::object());
  CHECK(call(f, "DescribePermissionSet", ps)["PermissionSet"]["SessionDuration"] == "PT2H");
  SECTION("ProvisionPermissionSet without TargetType") {
    CHECK(call(f, "ProvisionPermissionSet", ps)["__type"] == "ValidationException");
  }
  SECTION("ManagedPolicyArn of a customer policy") {
    auto bad = ps;
    bad["ManagedPolicyArn"] = "arn:aws:iam::123456789012:policy/Mine";
    CHECK(call(f, "AttachManagedPolicyToPermissionSet", bad)["__type"] == "ValidationException");
  }
  SECTION("delete") {
    CHECK(call(f, "DeletePermissionSet", ps) == json::object());
    CHECK(call(f, "DescribePermissionSet", ps)["__type"] == "ResourceNotFoundException");
  }
}

TEST_CASE("sso-admin api: unknown operation", "[sso_admin][api]") {
  Fixture f;
  CHECK_FALSE(f.api.has("CreateInstance"));
  CHECK(call(f, "CreateInstance", json::object())["__type"] == "UnknownOperationException");
}
