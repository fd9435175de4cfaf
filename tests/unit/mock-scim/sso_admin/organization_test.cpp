#include "mock-scim/sso_admin/organization.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using mock_scim::sso_admin::Organization;
using mock_scim::sso_admin::parse_organization;
using nlohmann::json;

TEST_CASE("organization: parses the fixture shape", "[sso_admin][organization]") {
  core::util::IdGenerator ids(1);
  Organization org;
  const json in = {
      {"region", "us-east-1"},
      {"instance", {{"id", "ssoins-72238a1b2c3d4e5f"}, {"identityStoreId", "d-90672a1b2c"}}},
      {"managementAccount", {{"id", "111122223333"}, {"name", "Root"}}},
      {"accounts", {{{"id", "222233334444"}, {"name", "Prod"}, {"email", "p@example.com"}}}}};
  REQUIRE_FALSE(parse_organization(in, ids, org).has_value());
  CHECK(org.instance_arn() == "arn:aws:sso:::instance/ssoins-72238a1b2c3d4e5f");
  CHECK(org.saml_issuer() == "https://us-east-1.signin.aws.amazon.com/platform/saml/d-90672a1b2c");
  CHECK(org.accounts.size() == 2);
  CHECK(org.find_account("222233334444")->email == "p@example.com");
  CHECK(org.find_account("999999999999") == nullptr);
  const auto out = org.to_json();
  CHECK(out["managementAccountId"] == "111122223333");
  CHECK(out["accounts"].size() == 2);
  CHECK(out["accounts"][1]["name"] == "Prod");
}

TEST_CASE("organization: defaults draw ids in AWS formats", "[sso_admin][organization]") {
  core::util::IdGenerator ids(7);
  const auto org = mock_scim::sso_admin::default_organization(ids);
  CHECK(org.instance_id.rfind("ssoins-", 0) == 0);
  CHECK(org.instance_id.size() == 23);
  CHECK(org.identity_store_id.size() == 12);
  CHECK(org.accounts.size() == 4);
  for (const auto& a : org.accounts) CHECK(a.id.size() == 12);
}

TEST_CASE("organization: rejects bad input with a reason", "[sso_admin][organization]") {
  core::util::IdGenerator ids(1);
  Organization org;
  SECTION("bad account id") {
    CHECK(parse_organization({{"accounts", {{{"id", "12"}, {"name", "x"}}}}}, ids, org)
              ->find("12 digits") != std::string::npos);
  }
  SECTION("duplicate account") {
    const json in = {{"managementAccount", {{"id", "111122223333"}, {"name", "a"}}},
                     {"accounts", {{{"id", "111122223333"}, {"name", "b"}}}}};
    CHECK(parse_organization(in, ids, org)->find("twice") != std::string::npos);
  }
  SECTION("account without name") {
    CHECK(parse_organization({{"accounts", {{{"id", "111122223333"}}}}}, ids, org)->find("name") !=
          std::string::npos);
  }
  SECTION("bad instance id") {
    CHECK(parse_organization({{"instance", {{"id", "ssoins-1"}}}}, ids, org).has_value());
  }
  SECTION("bad identity store id") {
    CHECK(parse_organization({{"instance", {{"identityStoreId", "d-XYZ"}}}}, ids, org).has_value());
  }
  SECTION("bad region") { CHECK(parse_organization({{"region", "Europe"}}, ids, org).has_value()); }
  SECTION("not an object") { CHECK(parse_organization(json::array(), ids, org).has_value()); }
}

TEST_CASE("organization: the shipped fixture parses", "[sso_admin][organization]") {
  std::ifstream in(std::string(HARNESS_TEST_DATA_DIR) +
                   "/../../mock-scim/config/organization.json");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  core::util::IdGenerator ids(1);
  Organization org;
  REQUIRE_FALSE(parse_organization(json::parse(text.str())["organization"], ids, org).has_value());
  CHECK(org.identity_store_id == "d-99672f4b1e");
  CHECK(org.accounts.size() == 6);
  CHECK(org.find_account("345678901234")->name == "contoso-prod");
}
