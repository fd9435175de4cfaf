#include "mock-scim/sso_admin/validation.hpp"

#include <catch2/catch.hpp>

#include "mock-scim/sso_admin/aws_error.hpp"
#include "mock-scim/sso_admin/pagination.hpp"

using namespace mock_scim::sso_admin;

TEST_CASE("validation: instance and permission set ARNs follow the model", "[sso_admin]") {
  CHECK(is_instance_arn("arn:aws:sso:::instance/ssoins-69871a2b3c4d5e6f"));
  CHECK(is_instance_arn("arn:aws-cn:sso:::instance/ins-69871a2b3c4d5e6f"));
  CHECK_FALSE(is_instance_arn("arn:aws:sso:::instance/ssoins-69871a2b3c4d5e6"));
  CHECK_FALSE(is_instance_arn("arn:aws:sso:::instance/ssoins-69871a2b3c4d5e6f0"));
  CHECK_FALSE(is_instance_arn("arn:aws:sso::123:instance/ssoins-69871a2b3c4d5e6f"));
  CHECK_FALSE(is_instance_arn("arn:foo:sso:::instance/ssoins-69871a2b3c4d5e6f"));
  CHECK(is_permission_set_arn(
      "arn:aws:sso:::permissionSet/ssoins-69871a2b3c4d5e6f/ps-0123456789abcdef"));
  // moto's shape is wrong and must be refused.
  CHECK_FALSE(
      is_permission_set_arn("arn:aws:sso:::instance/ssoins-69871a2b3c4d5e6f/ps-0123456789abcdef"));
  CHECK_FALSE(is_permission_set_arn(
      "arn:aws:sso:::permissionSet/ssoins-69871a2b3c4d5e6f/ps-0123456789abcde"));
}

TEST_CASE("validation: ids, names, tokens", "[sso_admin]") {
  CHECK(is_account_id("123456789012"));
  CHECK_FALSE(is_account_id("12345678901a"));
  CHECK_FALSE(is_account_id("1234567890123"));
  CHECK(is_request_id("1b4e28ba-2fa1-41d2-883f-0016d3cca427"));
  CHECK_FALSE(is_request_id("1B4E28BA-2fa1-41d2-883f-0016d3cca427"));
  CHECK(is_resource_id("9067729b3d-94f1e0b3-c394-48d5-8ab1-2c122a167074"));
  CHECK(is_resource_id("94f1e0b3-c394-48d5-8ab1-2c122a167074"));
  CHECK_FALSE(is_resource_id("9067729b3-94f1e0b3-c394-48d5-8ab1-2c122a167074"));
  CHECK(is_identity_store_id("d-9067729b3d"));
  CHECK_FALSE(is_identity_store_id("d-9067729b3"));
  CHECK(is_permission_set_name("Admin.Access_1+=,@-"));
  CHECK_FALSE(is_permission_set_name("Admin Access"));
  CHECK_FALSE(is_permission_set_name(""));
  CHECK(is_managed_policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
  CHECK(is_managed_policy_arn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"));
  CHECK_FALSE(is_managed_policy_arn("arn:aws:iam::123456789012:policy/Mine"));
  CHECK(is_next_token("abc/12/34", false));
  CHECK_FALSE(is_next_token("a:b", false));
  CHECK(is_next_token("a:b", true));
  CHECK(is_relay_state("https://console.aws.amazon.com/ec2/home?region=eu-central-1#"));
  CHECK_FALSE(is_relay_state("a<b"));
  CHECK(is_tag_text("Team: Platform"));
  CHECK_FALSE(is_tag_text("a*b"));
  CHECK(code_point_count("Zürich") == 6);
  CHECK(code_points_within("Zürich\tok", 0x20, 0x7E, 0xA0, 0xFF));
  CHECK_FALSE(code_points_within("\x01", 0x20, 0x7E, 0xA0, 0xFF));
  CHECK_FALSE(code_points_within("\xC3", 0x20, 0x7E, 0xA0, 0xFF));
}

TEST_CASE("pagination: tokens round-trip and forged ones are refused", "[sso_admin]") {
  const auto t = next_token("ps", 100);
  CHECK(is_next_token(t, false));
  CHECK(read_page("ps", t, 10).offset == 100);
  CHECK(read_page("ps", t, 10).limit == 10);
  CHECK(read_page("ps", std::nullopt, std::nullopt).limit == 100);
  SECTION("another list's token") { CHECK_THROWS_AS(read_page("aa", t, {}), AwsError); }
  SECTION("edited offset") {
    auto forged = t;
    forged.replace(3, 3, "200");
    CHECK_THROWS_AS(read_page("ps", forged, {}), AwsError);
  }
  SECTION("garbage") { CHECK_THROWS_AS(read_page("ps", std::string("xyz"), {}), AwsError); }
}
