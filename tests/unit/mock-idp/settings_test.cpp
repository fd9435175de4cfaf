#include "mock-idp/sso/settings.hpp"

#include <catch2/catch.hpp>

using nlohmann::json;
namespace sso = mock_idp::sso;

TEST_CASE("settings: faults switch on and off, skew is an ISO-8601 duration",
          "[mock-idp][faults]") {
  sso::SignInFaults f;
  REQUIRE_FALSE(sso::apply_faults(json{{"unsigned", true}, {"clockSkew", "-PT10M"}}, f));
  CHECK(f.unsigned_response);
  CHECK(f.clock_skew == std::chrono::minutes(-10));
  CHECK(sso::faults_json(f)["clockSkew"] == "-PT10M");
  SECTION("refusals leave the faults unchanged") {
    CHECK(sso::apply_faults(json{{"expired", "yes"}}, f));
    CHECK(sso::apply_faults(json{{"nosuch", true}}, f));
    CHECK(sso::apply_faults(json{{"clockSkew", "ten minutes"}}, f));
    CHECK(sso::apply_faults(json{{"clockSkew", "P2D"}}, f));
    CHECK(sso::apply_faults(json{{"expired", true}, {"clockSkew", 5}}, f));
    CHECK(sso::apply_faults(json::array(), f));
    CHECK_FALSE(f.expired);
    CHECK(f.unsigned_response);
  }
}

TEST_CASE("settings: auto-approve and the default user", "[mock-idp][faults]") {
  sso::SignInSettings s;
  REQUIRE_FALSE(sso::apply_settings(json{{"autoApprove", true}, {"defaultUser", "a@b.c"}}, s));
  CHECK(s.auto_approve);
  CHECK(s.default_user == "a@b.c");
  CHECK(sso::apply_settings(json{{"autoApprove", 1}}, s));
  CHECK(sso::apply_settings(json{{"defaultUser", ""}}, s));
  CHECK(sso::apply_settings(json{{"other", true}}, s));
  CHECK(s.default_user == "a@b.c");
  REQUIRE_FALSE(sso::apply_settings(json{{"defaultUser", nullptr}}, s));
  CHECK_FALSE(s.default_user);
}
