// Automatic provisioning and access tokens: the console's rules over /_harness/ and their
// effect on SCIM authorization ([UG-AUTO], [UG-ROTATE]).
#include <catch2/catch.hpp>
#include <regex>

#include "tests/e2e/mock-scim/scim_fixture.hpp"

using nlohmann::json;
using scim_e2e::check_envelope;
using scim_e2e::Scim;

TEST_CASE("mock-scim: nothing is reachable before provisioning is enabled", "[e2e][mock-scim]") {
  Scim s({}, false);
  CHECK(s.endpoint.find("/scim/v2") != std::string::npos);
  for (const std::string path : {"/Users", "/Groups", "/ServiceProviderConfig", "/Schemas",
                                 "/ResourceTypes", "/Users/x", "/Nope"}) {
    check_envelope(s.get(s.base + path, "Bearer anything"), 401);
    check_envelope(s.get(s.base + path, ""), 401);
  }
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: enabling provisioning shows endpoint and token once", "[e2e][mock-scim]") {
  Scim s;
  // The tenant id has AWS's observed shape: 11 alphanumerics + the tail of a UUID.
  CHECK(std::regex_match(
      s.tenant,
      std::regex(R"([a-z0-9]{11}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})")));
  auto again = s.harness_post("/_harness/provisioning");
  REQUIRE(again);
  CHECK(again->status == 409);
  CHECK(again->body.find("/_harness/provisioning/tokens") != std::string::npos);
  auto list = s.client->Get("/_harness/provisioning/tokens");
  REQUIRE(list);
  CHECK(list->body.find(s.token) == std::string::npos);  // the secret is never shown again
  const auto tokens = json::parse(list->body)["tokens"];
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0]["status"] == "ACTIVE");
  CHECK(tokens[0].contains("tokenId"));
  CHECK(tokens[0].contains("createdAt"));
  CHECK(tokens[0].contains("expiresAt"));
  auto ok = s.get(s.base + "/Users");
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: at most two tokens; delete; disable only without tokens",
          "[e2e][mock-scim]") {
  Scim s;
  auto second = s.harness_post("/_harness/provisioning/tokens");
  REQUIRE(second);
  REQUIRE(second->status == 201);
  const auto t2 = json::parse(second->body);
  auto third = s.harness_post("/_harness/provisioning/tokens");
  REQUIRE(third);
  CHECK(third->status == 409);
  CHECK(third->body.find("two access tokens") != std::string::npos);
  // Both tokens work.
  CHECK(s.get(s.base + "/Users", "Bearer " + t2["accessToken"].get<std::string>())->status == 200);
  CHECK(s.get(s.base + "/Users")->status == 200);
  // Disabling is refused while tokens remain.
  CHECK(s.client->Delete("/_harness/provisioning")->status == 409);
  const auto first_id =
      json::parse(s.client->Get("/_harness/provisioning/tokens")->body)["tokens"][0]["tokenId"]
          .get<std::string>();
  CHECK(s.client->Delete(("/_harness/provisioning/tokens/" + first_id).c_str())->status == 204);
  CHECK(s.client->Delete(("/_harness/provisioning/tokens/" + first_id).c_str())->status == 404);
  check_envelope(s.get(s.base + "/Users"), 401);  // the deleted token no longer works
  const auto second_id = t2["tokenId"].get<std::string>();
  CHECK(s.client->Delete(("/_harness/provisioning/tokens/" + second_id).c_str())->status == 204);
  CHECK(s.client->Delete("/_harness/provisioning")->status == 204);
  CHECK(s.client->Delete("/_harness/provisioning")->status == 409);
  CHECK(s.harness_post("/_harness/provisioning/tokens")->status == 409);
  check_envelope(s.get(s.base + "/Users", "Bearer " + t2["accessToken"].get<std::string>()), 401);
  // Enabling again works and issues a new token.
  CHECK(s.harness_post("/_harness/provisioning")->status == 200);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: a token expires one year after creation (virtual clock)",
          "[e2e][mock-scim]") {
  Scim s;
  CHECK(s.harness_post("/_harness/clock", R"({"advance":"P364D"})")->status == 200);
  CHECK(s.get(s.base + "/Users")->status == 200);
  CHECK(s.harness_post("/_harness/clock", R"({"advance":"P2D"})")->status == 200);
  check_envelope(s.get(s.base + "/Users"), 401);
  const auto tokens = json::parse(s.client->Get("/_harness/provisioning/tokens")->body)["tokens"];
  CHECK(tokens[0]["status"] == "EXPIRED");
  // The expired token still counts towards the limit of two.
  CHECK(s.harness_post("/_harness/provisioning/tokens")->status == 201);
  CHECK(s.harness_post("/_harness/provisioning/tokens")->status == 409);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: wrong tenant, bad, missing or non-bearer credentials are 401",
          "[e2e][mock-scim]") {
  Scim s;
  std::string wrong = s.base;
  wrong.replace(1, s.tenant.size(), "f3vd2aa29dc-223c-4e5c-91b9-8ca1bb1faf7b");
  const auto body = check_envelope(s.get(wrong + "/Users"), 401);
  CHECK(body["detail"].get<std::string>().find("tenant") != std::string::npos);
  check_envelope(s.get(s.base + "/Users", "Bearer not-the-token"), 401);
  check_envelope(s.get(s.base + "/Users", ""), 401);
  check_envelope(s.get(s.base + "/Users", "Basic " + s.token), 401);
  check_envelope(s.get(s.base + "/Users", "Bearer"), 401);
  // The scheme name is case-insensitive (RFC 6750 §2.1).
  CHECK(s.get(s.base + "/Users", "bearer " + s.token)->status == 200);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: reset clears users, groups, tokens and provisioning", "[e2e][mock-scim]") {
  Scim s;
  s.create_user("alice");
  s.create_group("Team");
  CHECK(s.harness_post("/_harness/reset")->status == 200);
  check_envelope(s.get(s.base + "/Users"), 401);
  auto info = json::parse(s.client->Get("/_harness/provisioning")->body);
  CHECK(info["enabled"] == false);
  CHECK(info["tokens"].empty());
  auto stats = json::parse(s.client->Get("/_harness/stats")->body);
  CHECK(stats["users"] == 0);
  CHECK(stats["groups"] == 0);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: --tenant-id and --public-url shape the endpoint", "[e2e][mock-scim]") {
  Scim s({"--tenant-id", "abcdefghijk-1111-2222-3333-444455556666", "--public-url",
          "https://scim.us-east-1.amazonaws.test/"});
  CHECK(s.endpoint ==
        "https://scim.us-east-1.amazonaws.test/abcdefghijk-1111-2222-3333-444455556666/scim/v2");
  CHECK(s.server->stop() == 0);
}
