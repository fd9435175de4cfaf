#include <catch2/catch.hpp>

#include "mock-scim/sso_admin/aws_error.hpp"
#include "tests/unit/mock-scim/sso_admin/fixture.hpp"

using namespace mock_scim::sso_admin;
using namespace sso_admin_test;

namespace {

std::string error_type_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const AwsError& e) {
    return e.type();
  }
  return "";
}

std::string error_message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const AwsError& e) {
    return e.message();
  }
  return "";
}

AccountAssignment group_assignment(const std::string& arn, const char* account = kMember) {
  return {account, arn, PrincipalType::kGroup, kDevelopers};
}

}  // namespace

TEST_CASE("sso_admin service: permission sets get real ARN formats", "[sso_admin]") {
  Fixture f;
  const auto ps = f.service.create_permission_set({"AdministratorAccess", "Admins", {}, {}, {}});
  CHECK(ps.arn.rfind("arn:aws:sso:::permissionSet/ssoins-69871a2b3c4d5e6f/ps-", 0) == 0);
  CHECK(ps.arn.size() ==
        std::string("arn:aws:sso:::permissionSet/ssoins-69871a2b3c4d5e6f/ps-").size() + 16);
  CHECK(ps.session_duration == "PT1H");
  CHECK(ps.created == f.clock.now());
  CHECK(f.service.describe_permission_set(ps.arn).description == "Admins");
  CHECK(f.service.list_permission_sets() == std::vector<std::string>{ps.arn});
}

TEST_CASE("sso_admin service: duplicate names conflict and change nothing", "[sso_admin]") {
  Fixture f;
  f.service.create_permission_set({"AdministratorAccess", {}, {}, {}, {}});
  CHECK(error_message_of([&] {
          f.service.create_permission_set({"AdministratorAccess", {}, {}, {}, {}});
        }) == "PermissionSet with name AdministratorAccess already exists.");
  CHECK(f.service.list_permission_sets().size() == 1);
}

TEST_CASE("sso_admin service: session duration must be PT1H..PT12H", "[sso_admin]") {
  Fixture f;
  CHECK(f.service.create_permission_set({"A", {}, std::string("PT12H"), {}, {}}).session_duration ==
        "PT12H");
  SECTION("too short") {
    CHECK(error_type_of([&] {
            f.service.create_permission_set({"B", {}, std::string("PT59M"), {}, {}});
          }) == "ValidationException");
  }
  SECTION("too long") {
    CHECK(error_type_of([&] {
            f.service.create_permission_set({"B", {}, std::string("PT13H"), {}, {}});
          }) == "ValidationException");
  }
  SECTION("not a duration") {
    CHECK(error_type_of([&] {
            f.service.create_permission_set({"B", {}, std::string("1 hour"), {}, {}});
          }) == "ValidationException");
  }
  CHECK(f.service.list_permission_sets().size() == 1);
}

TEST_CASE("sso_admin service: duplicate tag keys are refused", "[sso_admin]") {
  Fixture f;
  CHECK(error_type_of([&] {
          f.service.create_permission_set({"A", {}, {}, {}, {{"k", "1"}, {"k", "2"}}});
        }) == "ValidationException");
  CHECK(f.service.create_permission_set({"A", {}, {}, {}, {{"k", "1"}}}).tags.size() == 1);
}

TEST_CASE("sso_admin service: managed and inline policies", "[sso_admin]") {
  Fixture f;
  const auto arn = f.service.create_permission_set({"ReadOnly", {}, {}, {}, {}}).arn;
  f.service.attach_managed_policy(arn, "arn:aws:iam::aws:policy/ReadOnlyAccess");
  CHECK(f.service.managed_policies(arn).size() == 1);
  SECTION("attaching twice conflicts") {
    CHECK(error_type_of([&] {
            f.service.attach_managed_policy(arn, "arn:aws:iam::aws:policy/ReadOnlyAccess");
          }) == "ConflictException");
  }
  SECTION("detaching one that is not attached is not found") {
    CHECK(error_type_of([&] {
            f.service.detach_managed_policy(arn, "arn:aws:iam::aws:policy/Billing");
          }) == "ResourceNotFoundException");
  }
  SECTION("quota of 20 managed policies") {
    for (int i = 1; i < 20; ++i) {
      f.service.attach_managed_policy(arn, "arn:aws:iam::aws:policy/P" + std::to_string(i));
    }
    CHECK(error_type_of([&] {
            f.service.attach_managed_policy(arn, "arn:aws:iam::aws:policy/P20");
          }) == "ServiceQuotaExceededException");
  }
  SECTION("inline policy put, get, delete") {
    f.service.put_inline_policy(arn, R"({"Version":"2012-10-17","Statement":[]})");
    CHECK(f.service.inline_policy(arn)->find("2012-10-17") != std::string::npos);
    f.service.delete_inline_policy(arn);
    CHECK_FALSE(f.service.inline_policy(arn).has_value());
  }
  SECTION("inline policy that is not JSON") {
    CHECK(error_type_of([&] { f.service.put_inline_policy(arn, "not json"); }) ==
          "ValidationException");
    CHECK_FALSE(f.service.inline_policy(arn).has_value());
  }
  SECTION("unknown permission set") {
    CHECK(error_type_of([&] {
            f.service.managed_policies(
                "arn:aws:sso:::permissionSet/ssoins-69871a2b3c4d5e6f/ps-0000000000000000");
          }) == "ResourceNotFoundException");
  }
}

TEST_CASE("sso_admin service: an assignment completes after the virtual delay",
          "[sso_admin][async]") {
  Fixture f;
  const auto arn = f.service.create_permission_set({"Developer", {}, {}, {}, {}}).arn;
  const auto op = f.service.create_account_assignment(group_assignment(arn));
  CHECK(op.status == OperationStatus::kInProgress);
  CHECK(f.service.creation_status(op.request_id).status == OperationStatus::kInProgress);
  CHECK(f.service.list_account_assignments(kMember, arn).empty());
  CHECK(f.service.roles().empty());
  f.clock.advance(f.service.options().async_delay - core::util::Millis(1));
  CHECK(f.service.creation_status(op.request_id).status == OperationStatus::kInProgress);
  f.clock.advance(core::util::Millis(1));
  CHECK(f.service.creation_status(op.request_id).status == OperationStatus::kSucceeded);
  const auto list = f.service.list_account_assignments(kMember, arn);
  REQUIRE(list.size() == 1);
  CHECK(list[0].principal_id == kDevelopers);
  CHECK(list[0].principal_type == PrincipalType::kGroup);
  CHECK(f.service.accounts_for_permission_set(arn, ProvisioningFilter::kAny) ==
        std::vector<std::string>{kMember});
  CHECK(f.service.permission_sets_for_account(kMember, ProvisioningFilter::kLatest) ==
        std::vector<std::string>{arn});
}

TEST_CASE("sso_admin service: reserved roles appear, vanish and come back with a new suffix",
          "[sso_admin][roles]") {
  Fixture f;
  const auto arn = f.service.create_permission_set({"Developer", {}, {}, {}, {}}).arn;
  f.service.create_account_assignment(group_assignment(arn));
  f.service.create_account_assignment({kMember, arn, PrincipalType::kUser, kAlice});
  f.advance_past_delay();
  auto roles = f.service.roles();
  REQUIRE(roles.size() == 1);
  const auto first = roles[0];
  CHECK(first.account_id == kMember);
  CHECK(first.name.rfind("AWSReservedSSO_Developer_", 0) == 0);
  CHECK(first.name.size() == std::string("AWSReservedSSO_Developer_").size() + 16);
  CHECK(first.arn ==
        "arn:aws:iam::222233334444:role/aws-reserved/sso.amazonaws.com/eu-central-1/" + first.name);

  // Removing one of two assignments keeps the role.
  f.service.delete_account_assignment({kMember, arn, PrincipalType::kUser, kAlice});
  f.advance_past_delay();
  CHECK(f.service.roles().size() == 1);
  // The last one takes it away.
  const auto del = f.service.delete_account_assignment(group_assignment(arn));
  CHECK(f.service.deletion_status(del.request_id).status == OperationStatus::kInProgress);
  f.advance_past_delay();
  CHECK(f.service.deletion_status(del.request_id).status == OperationStatus::kSucceeded);
  CHECK(f.service.roles().empty());
  CHECK(f.service.accounts_for_permission_set(arn, ProvisioningFilter::kAny).empty());
  // Assigning again makes a new role with a new suffix.
  f.service.create_account_assignment(group_assignment(arn));
  f.advance_past_delay();
  roles = f.service.roles();
  REQUIRE(roles.size() == 1);
  CHECK(roles[0].name != first.name);
}

TEST_CASE("sso_admin service: us-east-1 roles have no region segment", "[sso_admin][roles]") {
  core::util::ManualClock clock(core::util::TimePoint(std::chrono::milliseconds(0)));
  core::util::IdGenerator ids(3);
  Organization org;
  parse_organization(
      {{"region", "us-east-1"}, {"accounts", {{{"id", "222233334444"}, {"name", "Prod"}}}}}, ids,
      org);
  FakeDirectory dir;
  dir.add_user(kAlice, "alice@example.com");
  SsoAdminService s(org, dir, clock, ids, {core::util::Millis(0)});
  const auto arn = s.create_permission_set({"Ops", {}, {}, {}, {}}).arn;
  s.create_account_assignment({"222233334444", arn, PrincipalType::kUser, kAlice});
  REQUIRE(s.roles().size() == 1);
  CHECK(s.roles()[0].path == "/aws-reserved/sso.amazonaws.com/");
}

TEST_CASE("sso_admin service: failed assignments report a reason", "[sso_admin][async]") {
  Fixture f;
  const auto arn = f.service.create_permission_set({"Developer", {}, {}, {}, {}}).arn;
  SECTION("unknown principal") {
    const auto op = f.service.create_account_assignment(
        {kMember, arn, PrincipalType::kUser, "9067729b3d-00000000-0000-0000-0000-000000000000"});
    f.advance_past_delay();
    const auto st = f.service.creation_status(op.request_id);
    CHECK(st.status == OperationStatus::kFailed);
    CHECK(st.failure_reason.find("does not exist") != std::string::npos);
  }
  SECTION("account outside the organization") {
    const auto op = f.service.create_account_assignment(group_assignment(arn, "999988887777"));
    f.advance_past_delay();
    const auto st = f.service.creation_status(op.request_id);
    CHECK(st.status == OperationStatus::kFailed);
    CHECK(st.failure_reason.find("not a member") != std::string::npos);
  }
  CHECK(f.service.roles().empty());
}

TEST_CASE("sso_admin service: conflicting operations and deletes", "[sso_admin]") {
  Fixture f;
  const auto arn = f.service.create_permission_set({"Developer", {}, {}, {}, {}}).arn;
  SECTION("a second request for the same assignment while one runs") {
    f.service.create_account_assignment(group_assignment(arn));
    CHECK(error_message_of([&] { f.service.create_account_assignment(group_assignment(arn)); }) ==
          "There is a conflicting operation in process.");
  }
  SECTION("deleting an assignment that does not exist") {
    CHECK(error_type_of([&] { f.service.delete_account_assignment(group_assignment(arn)); }) ==
          "ResourceNotFoundException");
  }
  SECTION("deleting an assigned permission set") {
    f.service.create_account_assignment(group_assignment(arn));
    f.advance_past_delay();
    CHECK(error_message_of([&] { f.service.delete_permission_set(arn); }) ==
          "Could not delete because PermissionSet has ApplicationProfile associated with it.");
    CHECK(f.service.list_permission_sets().size() == 1);
  }
  SECTION("deleting a set with a pending operation") {
    f.service.create_account_assignment(group_assignment(arn));
    CHECK(error_type_of([&] { f.service.delete_permission_set(arn); }) == "ConflictException");
  }
  SECTION("deleting an unassigned set") {
    f.service.delete_permission_set(arn);
    CHECK(f.service.list_permission_sets().empty());
    CHECK(error_type_of([&] { f.service.describe_permission_set(arn); }) ==
          "ResourceNotFoundException");
  }
}

TEST_CASE("sso_admin service: provisioning tracks the latest version", "[sso_admin][async]") {
  Fixture f;
  const auto arn = f.service.create_permission_set({"Developer", {}, {}, {}, {}}).arn;
  const auto p = f.service.provision_permission_set(arn, false, std::string(kOtherMember));
  CHECK(p.status == OperationStatus::kInProgress);
  f.advance_past_delay();
  CHECK(f.service.provisioning_status(p.request_id).status == OperationStatus::kSucceeded);
  // Provisioning without a principal still creates the role (TF-32006).
  CHECK(f.service.roles().size() == 1);
  f.service.attach_managed_policy(arn, "arn:aws:iam::aws:policy/PowerUserAccess");
  CHECK(f.service.permission_sets_for_account(kOtherMember, ProvisioningFilter::kNotLatest) ==
        std::vector<std::string>{arn});
  CHECK(f.service.permission_sets_for_account(kOtherMember, ProvisioningFilter::kLatest).empty());
  const auto all = f.service.provision_permission_set(arn, true, std::nullopt);
  CHECK_FALSE(all.account_id.has_value());
  f.advance_past_delay();
  CHECK(f.service.permission_sets_for_account(kOtherMember, ProvisioningFilter::kLatest) ==
        std::vector<std::string>{arn});
  SECTION("target rules") {
    CHECK(error_type_of([&] { f.service.provision_permission_set(arn, false, std::nullopt); }) ==
          "ValidationException");
    CHECK(error_type_of([&] {
            f.service.provision_permission_set(arn, true, std::string(kMember));
          }) == "ValidationException");
  }
  SECTION("unknown request id") {
    CHECK(error_type_of([&] {
            f.service.provisioning_status("00000000-0000-4000-8000-000000000000");
          }) == "ResourceNotFoundException");
  }
}

TEST_CASE("sso_admin service: entitlements through the user and its groups", "[sso_admin]") {
  Fixture f;
  const auto dev = f.service.create_permission_set({"Developer", {}, {}, {}, {}}).arn;
  const auto ro =
      f.service.create_permission_set({"ReadOnly", {}, std::string("PT8H"), {}, {}}).arn;
  f.service.create_account_assignment(group_assignment(dev));
  f.service.create_account_assignment({kOtherMember, ro, PrincipalType::kUser, kAlice});
  f.service.create_account_assignment({kOtherMember, ro, PrincipalType::kUser, kBob});
  CHECK(f.service.entitlements_for_user(kAlice).empty());  // not yet completed
  f.advance_past_delay();
  const auto alice = f.service.entitlements_for_user(kAlice);
  REQUIRE(alice.size() == 2);
  CHECK(alice[0].account_id == kMember);
  CHECK(alice[0].account_name == "Production");
  CHECK(alice[0].permission_set_name == "Developer");
  CHECK(alice[0].role_name.rfind("AWSReservedSSO_Developer_", 0) == 0);
  CHECK(alice[1].session_duration == "PT8H");
  const auto bob = f.service.entitlements_for_user(kBob);
  REQUIRE(bob.size() == 1);
  CHECK(bob[0].permission_set_name == "ReadOnly");
}

TEST_CASE("sso_admin service: reset forgets everything", "[sso_admin]") {
  Fixture f;
  const auto arn = f.service.create_permission_set({"Developer", {}, {}, {}, {}}).arn;
  f.service.create_account_assignment(group_assignment(arn));
  f.service.reset();
  CHECK(f.service.list_permission_sets().empty());
  f.advance_past_delay();
  CHECK(f.service.roles().empty());
}

TEST_CASE("sso_admin service: another instance ARN is not found", "[sso_admin]") {
  Fixture f;
  CHECK_NOTHROW(f.service.check_instance(f.instance_arn()));
  CHECK(error_type_of([&] {
          f.service.check_instance("arn:aws:sso:::instance/ssoins-0000000000000000");
        }) == "ResourceNotFoundException");
}
