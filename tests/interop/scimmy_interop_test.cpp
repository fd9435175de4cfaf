// The provisioning engine provisions into a SCIM server built by others (scimmy), started on
// loopback; the test reads back what that server stored.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/util/iso8601.hpp"
#include "mock-idp/provisioning/http_transport.hpp"
#include "mock-idp/provisioning/job.hpp"
#include "tests/support/server_process.hpp"
#include "tests/unit/mock-idp/provisioning/fakes.hpp"

using namespace mock_idp::provisioning;
using mock_idp::provisioning::testing::FakeDirectory;
using nlohmann::json;

namespace {

json dump(test_support::ServerProcess& peer) {
  auto res = peer.client()->Get("/dump");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

const json* find_user(const json& d, const std::string& user_name) {
  for (const auto& u : d["users"]) {
    if (u.value("userName", "") == user_name) return &u;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("interop scimmy: the engine provisions users and groups", "[interop][scimmy]") {
  test_support::ServerProcess peer(HARNESS_SCIMMY_SERVER, {"--token", "interop-token"});
  auto t0 = *core::util::parse_datetime("2026-11-27T10:00:00Z");
  core::util::ManualClock clock(t0);
  core::util::IdGenerator ids(3);
  LogStore logs;
  Outbox outbox;
  FakeDirectory dir;
  dir.add_user("1", "alice@contoso.com", false);
  dir.add_user("2", "bob@contoso.com", false);
  auto& eng = dir.add_group("g1", "Engineering");
  eng.members = {{"1", MemberKind::kUser}, {"2", MemberKind::kUser}, {"g2", MemberKind::kGroup}};
  dir.add_group("g2", "Nested", false);
  EngineOptions options;
  options.workers = 4;
  ProvisioningJob job(
      "job", "sp", "scimmy", dir,
      [](const std::string& url, const std::string& token) {
        return std::make_shared<HttpScimTransport>(url, token);
      },
      clock, ids, logs, outbox, options);
  JobConfig cfg;
  cfg.tenant_url = peer.url() + "/scim/v2";
  cfg.secret_token = "interop-token";
  job.set_config(cfg);

  CHECK(job.test_connection(cfg.tenant_url, "interop-token").ok);
  auto bad = job.test_connection(cfg.tenant_url, "wrong");
  CHECK_FALSE(bad.ok);
  CHECK(bad.code == "SystemForCrossDomainIdentityManagementCredentialValidationFailure");

  job.start(t0);
  job.run_due(t0);
  json d = dump(peer);
  INFO(json(logs.query("provisioningStatusInfo/status eq 'failure'", 10)).dump());
  REQUIRE(d["users"].size() == 2);
  const json* alice = find_user(d, "alice@contoso.com");
  REQUIRE(alice != nullptr);
  CHECK((*alice)["active"] == true);
  CHECK((*alice)["externalId"] == "1");
  CHECK((*alice)["emails"][0]["value"] == "alice@contoso.com");
  CHECK((*alice)["name"]["familyName"] == "Sur1");
  REQUIRE(d["groups"].size() == 1);  // the nested group is never sent
  CHECK(d["groups"][0]["displayName"] == "Engineering");
  REQUIRE(d["groups"][0]["members"].size() == 2);
  std::set<std::string> member_ids;
  for (const auto& m : d["groups"][0]["members"]) member_ids.insert(m["value"]);
  CHECK(member_ids.count((*alice)["id"]) == 1);

  // An update is one Replace per changed attribute, which scimmy applies.
  dir.find_user("1")->attributes["displayName"] = "Alice Smith";
  dir.touch();
  job.run_due(t0 + std::chrono::minutes(40));
  CHECK(find_user(dump(peer), "alice@contoso.com")->at("displayName") == "Alice Smith");
  CHECK(job.escrow_size() == 0);

  // Bob leaves the group: legacy "False" is a string, which scimmy (strict RFC 7643 types)
  // refuses; the aadOptscim062020 dialect sends a boolean and filtered member removal.
  dir.group_list[0].members.erase(dir.group_list[0].members.begin() + 1);
  dir.touch();
  job.run_due(t0 + std::chrono::minutes(80));
  CHECK(find_user(dump(peer), "bob@contoso.com")->at("active") == true);
  CHECK(job.escrow_size() >= 1);
  CHECK_FALSE(logs.query("provisioningStatusInfo/status eq 'failure'", 10).empty());

  cfg.tenant_url += "?aadOptscim062020";
  job.set_config(cfg);
  job.run_due(t0 + std::chrono::minutes(120));
  d = dump(peer);
  CHECK(find_user(d, "bob@contoso.com")->at("active") == false);
  CHECK(d["groups"][0]["members"].size() == 1);
  CHECK(job.escrow_size() == 0);
  CHECK(peer.stop() == 0);
}
