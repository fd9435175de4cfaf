#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/net/http_client.hpp"
#include "tests/support/server_process.hpp"

using nlohmann::json;
using test_support::ServerProcess;

namespace {

constexpr const char* kAwsTemplateId = "21ed01d2-ec13-4e9e-86c1-cd546719ebc4";
constexpr const char* kUserRoleId = "8774f594-1d59-4279-b9d9-59ef09a23530";
constexpr const char* kDomain = "contoso.onmicrosoft.com";

json parse(const httplib::Result& res, int status) {
  REQUIRE(res);
  INFO(res->status << " " << res->body);
  REQUIRE(res->status == status);
  if (res->body.empty()) return nullptr;
  json j = json::parse(res->body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

json post(httplib::Client& c, const std::string& path, const json& body, int status) {
  return parse(c.Post(path.c_str(), body.dump(), "application/json"), status);
}

json get(httplib::Client& c, const std::string& path, int status = 200) {
  return parse(c.Get(path.c_str()), status);
}

// mock-idp and mock-scim with automatic provisioning enabled, an AWS app, and a job.
std::vector<std::string> idp_args(std::vector<std::string> extra) {
  std::vector<std::string> args{"--log-level", "warn", "--no-access-log"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

struct Lab {
  explicit Lab(std::vector<std::string> extra_idp_args = {})
      : idp(HARNESS_MOCK_IDP_BIN, idp_args(std::move(extra_idp_args))) {
    setup();
  }
  ServerProcess scim{HARNESS_MOCK_SCIM_BIN, {"--log-level", "warn", "--no-access-log"}};
  ServerProcess idp;
  std::unique_ptr<httplib::Client> scim_http = scim.client();
  std::unique_ptr<httplib::Client> idp_http = idp.client();
  std::string endpoint;
  std::string token;
  std::string token_id;
  std::string sp;
  std::string job;

  void setup() {
    json issued = post(*scim_http, "/_harness/provisioning", json::object(), 200);
    endpoint = issued["scimEndpoint"];
    token = issued["accessToken"];
    token_id = issued["tokenId"];
    json app = post(*idp_http,
                    std::string("/v1.0/applicationTemplates/") + kAwsTemplateId + "/instantiate",
                    {{"displayName", "AWS IAM Identity Center"}}, 201);
    sp = app["servicePrincipal"]["id"];
    json j = post(*idp_http, sync() + "/jobs", {{"templateId", "aWSSingleSignOn"}}, 201);
    job = j["id"];
  }

  std::string sync() const { return "/v1.0/servicePrincipals/" + sp + "/synchronization"; }

  void put_secrets(const std::string& secret) {
    json body = {{"value",
                  {{{"key", "BaseAddress"}, {"value", endpoint}},
                   {{"key", "SecretToken"}, {"value", secret}},
                   {{"key", "SyncNotificationSettings"},
                    {"value", R"({"Enabled":true,"Recipients":"admin@contoso.com"})"}}}}};
    parse(idp_http->Put((sync() + "/secrets").c_str(), body.dump(), "application/json"), 204);
  }

  std::string user(const std::string& name, const json& extra = json::object()) {
    json body = {{"accountEnabled", true},
                 {"displayName", name + " Example"},
                 {"mailNickname", name},
                 {"userPrincipalName", name + "@" + kDomain},
                 {"givenName", name},
                 {"surname", "Example"},
                 {"mail", name + "@" + kDomain},
                 {"passwordProfile", {{"password", "Passw0rd!"}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it) body[it.key()] = it.value();
    return post(*idp_http, "/v1.0/users", body, 201)["id"];
  }

  std::string group(const std::string& name) {
    return post(*idp_http, "/v1.0/groups",
                {{"displayName", name},
                 {"mailEnabled", false},
                 {"mailNickname", name},
                 {"securityEnabled", true}},
                201)["id"];
  }

  void add_member(const std::string& group_id, const std::string& member) {
    parse(idp_http->Post(
              ("/v1.0/groups/" + group_id + "/members/$ref").c_str(),
              json({{"@odata.id", "https://graph.microsoft.com/v1.0/directoryObjects/" + member}})
                  .dump(),
              "application/json"),
          204);
  }

  void assign(const std::string& principal) {
    post(*idp_http, "/v1.0/servicePrincipals/" + sp + "/appRoleAssignedTo",
         {{"principalId", principal}, {"resourceId", sp}, {"appRoleId", kUserRoleId}}, 201);
  }

  // Moves both virtual clocks; mock-idp runs the cycles that fall due.
  void advance(const std::string& duration) {
    post(*scim_http, "/_harness/clock", {{"advance", duration}}, 200);
    post(*idp_http, "/_harness/clock", {{"advance", duration}}, 200);
  }

  json logs(const std::string& filter) {
    httplib::Params p{{"$filter", filter}, {"$top", "1000"}};
    return parse(idp_http->Get("/v1.0/auditLogs/provisioning", p, httplib::Headers{}),
                 200)["value"];
  }

  json job_json() { return get(*idp_http, sync() + "/jobs/" + job); }

  // The user AWS stores under this userName, or null.
  json scim_user(const std::string& user_name) {
    auto split = core::net::split_url(endpoint);
    REQUIRE(split);
    core::net::HttpClient c(split->origin);
    c.set_bearer_token(token);
    auto r = c.send("GET", split->path + "/Users?filter=" +
                               core::net::url_encode("userName eq \"" + user_name + "\""));
    REQUIRE(r.ok());
    REQUIRE(r.response->status == 200);
    json list = json::parse(r.response->body);
    if (list["Resources"].empty()) return nullptr;
    return list["Resources"][0];
  }

  void stop() {
    CHECK(idp.stop() == 0);
    CHECK(scim.stop() == 0);
  }
};

}  // namespace

TEST_CASE("provisioning e2e: initial cycle, update, disable, nested group skipped",
          "[e2e][provisioning]") {
  Lab lab;
  std::string alice = lab.user("alice");
  std::string bob = lab.user("bob");
  std::string carol = lab.user("carol");
  std::string eng = lab.group("Engineering");
  std::string nested = lab.group("Nested");
  lab.add_member(eng, alice);
  lab.add_member(eng, bob);
  lab.add_member(eng, nested);
  lab.add_member(nested, carol);
  lab.assign(eng);

  SECTION("Test Connection") {
    post(*lab.idp_http, lab.sync() + "/jobs/" + lab.job + "/validateCredentials",
         {{"useSavedCredentials", false},
          {"credentials",
           {{{"key", "BaseAddress"}, {"value", lab.endpoint}},
            {{"key", "SecretToken"}, {"value", lab.token}}}}},
         204);
    json bad = post(*lab.idp_http, lab.sync() + "/jobs/" + lab.job + "/validateCredentials",
                    {{"credentials",
                      {{{"key", "BaseAddress"}, {"value", lab.endpoint}},
                       {{"key", "SecretToken"}, {"value", "wrong"}}}}},
                    400);
    CHECK(bad["error"]["code"] ==
          "SystemForCrossDomainIdentityManagementCredentialValidationFailure");
    CHECK_THAT(bad["error"]["message"].get<std::string>(), Catch::Contains("invalid credentials"));
  }

  lab.put_secrets(lab.token);
  post(*lab.idp_http, lab.sync() + "/jobs/" + lab.job + "/start", json::object(), 204);
  lab.advance("PT1M");

  json a = lab.scim_user(std::string("alice@") + kDomain);
  REQUIRE(a.is_object());
  CHECK(a["active"] == true);
  CHECK(a["externalId"] == alice);
  CHECK(lab.scim_user(std::string("bob@") + kDomain).is_object());
  CHECK(lab.scim_user(std::string("carol@") + kDomain).is_null());  // nested: not provisioned
  CHECK(lab.logs("provisioningAction eq 'create'").size() == 3);    // 2 users + 1 group
  json skipped = lab.logs(
      "provisioningStatusInfo/errorInformation/errorCode eq 'EntrySynchronizationSkipped'");
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0]["sourceIdentity"]["id"] == nested);
  json status = lab.job_json()["status"];
  CHECK(status["code"] == "Active");
  CHECK(status["lastExecution"]["state"] == "Succeeded");

  // An update reaches AWS at the next incremental cycle, 40 minutes later.
  parse(lab.idp_http->Patch(("/v1.0/users/" + alice).c_str(),
                            json({{"jobTitle", "Engineer"}}).dump(), "application/json"),
        204);
  lab.advance("PT30M");  // 31 minutes after start: the next cycle is not due yet
  CHECK_FALSE(lab.scim_user(std::string("alice@") + kDomain).contains("title"));
  lab.advance("PT10M");
  CHECK(lab.scim_user(std::string("alice@") + kDomain)["title"] == "Engineer");

  // accountEnabled false: disabled in AWS.
  parse(lab.idp_http->Patch(("/v1.0/users/" + bob).c_str(),
                            json({{"accountEnabled", false}}).dump(), "application/json"),
        204);
  lab.advance("PT40M");
  CHECK(lab.scim_user(std::string("bob@") + kDomain)["active"] == false);
  CHECK(lab.logs("provisioningAction eq 'disable'").size() == 1);
  lab.stop();
}

TEST_CASE("provisioning e2e: null mail and two phone numbers are rejected by AWS",
          "[e2e][provisioning]") {
  Lab lab;
  std::string dan = lab.user("dan", {{"mail", nullptr}});
  std::string erin =
      lab.user("erin", {{"businessPhones", {"+1 555 0100"}}, {"mobilePhone", "+1 555 0101"}});
  lab.assign(dan);
  lab.assign(erin);
  std::string hp = "/_harness/provisioning/" + lab.sp;
  post(*lab.idp_http, hp + "/mappings",
       {{"object", "User"},
        {"target", "phoneNumbers[type eq \"work\"].value"},
        {"type", "Direct"},
        {"source", "telephoneNumber"}},
       200);
  post(*lab.idp_http, hp + "/mappings",
       {{"object", "User"},
        {"target", "phoneNumbers[type eq \"mobile\"].value"},
        {"type", "Direct"},
        {"source", "mobile"}},
       200);
  json bad =
      post(*lab.idp_http, hp + "/mappings",
           {{"object", "User"}, {"target", "nope"}, {"type", "Direct"}, {"source", "x"}}, 400);
  CHECK_THAT(bad.dump(), Catch::Contains("SchemaAttributeNotFound"));
  post(*lab.idp_http, hp + "/configure",
       {{"tenantUrl", lab.endpoint}, {"secretToken", lab.token}, {"enabled", true}}, 200);
  lab.advance("PT1M");

  CHECK(lab.scim_user(std::string("dan@") + kDomain).is_null());
  CHECK(lab.scim_user(std::string("erin@") + kDomain).is_null());
  json failures = lab.logs("provisioningStatusInfo/status eq 'failure'");
  REQUIRE(failures.size() == 2);
  for (const auto& f : failures) {
    CHECK(f["provisioningStatusInfo"]["errorInformation"]["errorCode"] ==
          "SystemForCrossDomainIdentityManagementBadResponse");
    CHECK_THAT(f["provisioningStatusInfo"]["errorInformation"]["reason"].get<std::string>(),
               Catch::Contains("StatusCode: BadRequest"));
  }

  // The guides' fix: email from userPrincipalName when mail is null.
  post(*lab.idp_http, hp + "/mappings",
       {{"object", "User"},
        {"target", "emails[type eq \"work\"].value"},
        {"type", "Expression"},
        {"source", "Coalesce([mail], [userPrincipalName])"}},
       200);
  lab.advance("PT40M");
  json d = lab.scim_user(std::string("dan@") + kDomain);
  REQUIRE(d.is_object());
  CHECK(d["emails"][0]["value"] == std::string("dan@") + kDomain);
  CHECK(lab.scim_user(std::string("erin@") + kDomain).is_null());  // still two phones
  lab.stop();
}

TEST_CASE("provisioning e2e: an expired token quarantines, mails, and recovers",
          "[e2e][provisioning]") {
  Lab lab;
  lab.assign(lab.user("alice"));
  lab.put_secrets(lab.token);
  post(*lab.idp_http, lab.sync() + "/jobs/" + lab.job + "/start", json::object(), 204);
  lab.advance("PT1M");
  REQUIRE(lab.scim_user(std::string("alice@") + kDomain).is_object());

  // A year later the AWS token has expired: 401, quarantine, one mail.
  lab.advance("P366D");
  json status = lab.job_json()["status"];
  CHECK(status["code"] == "Quarantine");
  CHECK(status["quarantine"]["reason"] == "EncounteredQuarantineException");
  CHECK(status["quarantine"]["error"]["code"] ==
        "SystemForCrossDomainIdentityManagementCredentialValidationFailure");
  json mail = get(*lab.idp_http, "/_harness/outbox")["value"];
  REQUIRE(mail.size() == 1);
  CHECK(mail[0]["to"] == "admin@contoso.com");
  CHECK(mail[0]["from"] == "azure-noreply@microsoft.com");

  // A new token, saved, then restart: the next cycle succeeds and lifts the quarantine.
  json issued = post(*lab.scim_http, "/_harness/provisioning/tokens", json::object(), 201);
  lab.token = issued["accessToken"];
  lab.put_secrets(lab.token);
  post(*lab.idp_http, lab.sync() + "/jobs/" + lab.job + "/restart",
       {{"criteria", {{"resetScope", "Watermark"}}}}, 204);
  lab.advance("PT1M");
  status = lab.job_json()["status"];
  CHECK(status["code"] == "Active");
  CHECK(status["quarantine"].is_null());
  CHECK(get(*lab.idp_http, "/_harness/outbox")["value"].size() == 1);
  lab.stop();
}

TEST_CASE("provisioning e2e: Graph rejects bad requests in its own shape", "[e2e][provisioning]") {
  Lab lab;
  json e = post(*lab.idp_http, lab.sync() + "/jobs", {{"templateId", "other"}}, 400);
  CHECK(e["error"]["code"] == "BadRequest");
  e = post(*lab.idp_http, lab.sync() + "/jobs", {{"templateId", "aWSSingleSignOn"}}, 409);
  CHECK(e["error"]["code"] == "Conflict");
  e = get(*lab.idp_http, lab.sync() + "/jobs/nope", 404);
  CHECK(e["error"]["code"] == "NotFound");
  e = get(*lab.idp_http, "/v1.0/servicePrincipals/nope/synchronization/jobs", 404);
  CHECK(e["error"]["code"] == "Request_ResourceNotFound");
  httplib::Params p{{"$filter", "provisioningAction like 'x'"}};
  e = parse(lab.idp_http->Get("/v1.0/auditLogs/provisioning", p, httplib::Headers{}), 400);
  CHECK(e["error"]["code"] == "BadRequest");
  e = post(*lab.idp_http, lab.sync() + "/jobs/" + lab.job + "/start", json::object(), 400);
  CHECK_THAT(e["error"]["message"].get<std::string>(), Catch::Contains("not configured"));
  e = parse(
      lab.idp_http->Put((lab.sync() + "/jobs/" + lab.job + "/schema").c_str(),
                        json({{"synchronizationRules", json::array()}}).dump(), "application/json"),
      400);
  CHECK_THAT(e["error"]["message"].get<std::string>(), Catch::Contains("synchronizationRules"));
  json schema = get(*lab.idp_http, lab.sync() + "/jobs/" + lab.job + "/schema");
  auto& maps = schema["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"];
  CHECK(maps[0]["targetAttributeName"] == "userName");
  CHECK(maps[0]["matchingPriority"] == 1);
  maps[2]["source"] = {{"type", "Function"}, {"expression", "ToUpper([displayName"}};
  e = parse(lab.idp_http->Put((lab.sync() + "/jobs/" + lab.job + "/schema").c_str(), schema.dump(),
                              "application/json"),
            400);
  CHECK_THAT(e["error"]["message"].get<std::string>(), Catch::Contains("expression error"));
  lab.stop();
}

TEST_CASE("provisioning e2e: the outbox file and the cycle interval come from the configuration",
          "[e2e][provisioning]") {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("idp-outbox-" + std::to_string(::getpid()) + "-" +
                    std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  const auto config = dir / "idp.json";
  const auto outbox = dir / "outbox.jsonl";
  std::ofstream(config) << R"({"provisioning": {"cycleInterval": "PT10M"}})";
  Lab lab({"--config", config.string(), "--outbox", outbox.string()});
  lab.assign(lab.user("alice"));
  lab.put_secrets(lab.token);
  post(*lab.idp_http, lab.sync() + "/jobs/" + lab.job + "/start", json::object(), 204);
  lab.advance("PT1M");
  REQUIRE(lab.scim_user(std::string("alice@") + kDomain).is_object());
  CHECK(lab.job_json()["schedule"]["interval"] == "PT10M");

  // Ten minutes after the first cycle (not forty) the next one runs: bob arrives.
  lab.assign(lab.user("bob"));
  lab.advance("PT8M");
  CHECK(lab.scim_user(std::string("bob@") + kDomain).is_null());
  lab.advance("PT1M");
  CHECK(lab.scim_user(std::string("bob@") + kDomain).is_object());

  // A wrong Secret Token: 401, quarantine, and the mail also lands in the file.
  CHECK_FALSE(std::filesystem::exists(outbox));
  lab.put_secrets("not-the-token");
  lab.advance("PT10M");
  CHECK(lab.job_json()["status"]["code"] == "Quarantine");
  std::ifstream in(outbox);
  std::string line;
  std::vector<json> mails;
  while (std::getline(in, line)) mails.push_back(json::parse(line));
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["to"] == "admin@contoso.com");
  CHECK(mails[0] == get(*lab.idp_http, "/_harness/outbox")["value"][0]);
  lab.stop();
  std::filesystem::remove_all(dir);
}

TEST_CASE("provisioning e2e: a bad provisioning section in the configuration stops start-up",
          "[e2e][provisioning]") {
  const auto config =
      std::filesystem::temp_directory_path() / ("idp-bad-" + std::to_string(::getpid()) + ".json");
  std::ofstream(config) << R"({"provisioning": {"cycleInterval": "PT10S"}})";
  const auto result = test_support::run_to_exit(
      HARNESS_MOCK_IDP_BIN, {"--config", config.string(), "--listen", "127.0.0.1:0"});
  CHECK(result.status == 2);
  CHECK_THAT(result.output, Catch::Contains("cycleInterval"));
  std::filesystem::remove(config);
}
