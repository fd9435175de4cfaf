// Faults, quirks and the journal: the /_harness/ surface beyond provisioning.
#include <catch2/catch.hpp>
#include <chrono>

#include "tests/e2e/mock-scim/scim_fixture.hpp"

using nlohmann::json;
using scim_e2e::check_envelope;
using scim_e2e::Scim;

namespace {
httplib::Result put_faults(const Scim& s, const std::string& body) {
  return s.client->Put("/_harness/faults", body, "application/json");
}
}  // namespace

TEST_CASE("mock-scim: throttle answers 429 with Retry-After for the next N requests",
          "[e2e][mock-scim]") {
  Scim s;
  REQUIRE(put_faults(s, R"({"throttle":{"count":2,"retryAfter":7}})")->status == 200);
  for (int i = 0; i < 2; ++i) {
    auto res = s.get(s.base + "/Users");
    check_envelope(res, 429);
    CHECK(res->get_header_value("Retry-After") == "7");
  }
  CHECK(s.get(s.base + "/Users")->status == 200);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: failNext answers a status for the next N requests", "[e2e][mock-scim]") {
  Scim s;
  REQUIRE(put_faults(s, R"({"failNext":{"count":1,"status":503}})")->status == 200);
  check_envelope(s.post(s.base + "/Users", scim_e2e::azure_user("x")), 503);
  CHECK(s.list("Users", "")["totalResults"] == 0);  // the failed request stored nothing
  CHECK(s.post(s.base + "/Users", scim_e2e::azure_user("x"))->status == 201);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: latency delays SCIM answers by real milliseconds", "[e2e][mock-scim]") {
  Scim s;
  REQUIRE(put_faults(s, R"({"latencyMs":150})")->status == 200);
  const auto start = std::chrono::steady_clock::now();
  CHECK(s.get(s.base + "/Users")->status == 200);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150));
  REQUIRE(put_faults(s, R"({"latencyMs":null})")->status == 200);
  CHECK(json::parse(s.client->Get("/_harness/faults")->body)["latencyMs"] == 0);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: fault and quirk rejections change nothing", "[e2e][mock-scim]") {
  Scim s;
  SECTION("latency beyond the bound") {
    CHECK(put_faults(s, R"({"latencyMs":60000})")->status == 400);
  }
  SECTION("status outside 400..599") {
    CHECK(put_faults(s, R"({"failNext":{"count":1,"status":200}})")->status == 400);
  }
  SECTION("throttle without count") {
    CHECK(put_faults(s, R"({"throttle":{"retryAfter":1}})")->status == 400);
  }
  SECTION("unknown fault") { CHECK(put_faults(s, R"({"explode":true})")->status == 400); }
  SECTION("unknown quirk") {
    CHECK(put_faults(s, R"({"latencyMs":5,"quirks":{"nope":true}})")->status == 400);
    CHECK(s.client->Put("/_harness/quirks", R"({"nope":true})", "application/json")->status == 400);
  }
  const auto faults = json::parse(s.client->Get("/_harness/faults")->body);
  CHECK(faults["latencyMs"] == 0);
  CHECK(faults["failNext"]["count"] == 0);
  CHECK(faults["throttle"]["count"] == 0);
  CHECK(s.get(s.base + "/Users")->status == 200);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: quirks are listed, set through faults, and reset restores the flags",
          "[e2e][mock-scim]") {
  Scim s({"--quirk", "errorSchemaOnly2022"});
  auto q = json::parse(s.client->Get("/_harness/quirks")->body);
  CHECK(q["quirks"]["errorSchemaOnly2022"] == true);
  CHECK(q["quirks"]["replaceMembersObserved2024"] == false);
  CHECK(q["available"].size() == 3);
  REQUIRE(put_faults(s, R"({"quirks":{"replaceMembersObserved2024":true}})")->status == 200);
  CHECK(json::parse(
            s.client->Get("/_harness/faults")->body)["quirks"]["replaceMembersObserved2024"] ==
        true);
  CHECK(s.harness_post("/_harness/reset")->status == 200);
  q = json::parse(s.client->Get("/_harness/quirks")->body);
  CHECK(q["quirks"]["errorSchemaOnly2022"] == true);
  CHECK(q["quirks"]["replaceMembersObserved2024"] == false);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: the journal records SCIM exchanges with the token masked",
          "[e2e][mock-scim]") {
  Scim s;
  s.create_user("journaled");
  const auto j = json::parse(s.client->Get("/_harness/requests")->body);
  REQUIRE(j["requests"].size() >= 1);
  const auto& e = j["requests"].back();
  CHECK(e.dump().find(s.token) == std::string::npos);
  CHECK(e.dump().find("journaled") != std::string::npos);
  CHECK(e.dump().find("Bearer ****") != std::string::npos);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: unknown flags and quirks exit 2", "[e2e][mock-scim]") {
  CHECK_THROWS(test_support::ServerProcess(HARNESS_MOCK_SCIM_BIN, {"--quirk", "nope"}));
  CHECK_THROWS(test_support::ServerProcess(HARNESS_MOCK_SCIM_BIN, {"--bogus"}));
}
