#include "mock-idp/provisioning/job.hpp"

#include <catch2/catch.hpp>

#include "core/util/iso8601.hpp"
#include "tests/unit/mock-idp/provisioning/fakes.hpp"

using namespace mock_idp::provisioning;
using mock_idp::provisioning::testing::FakeDirectory;
using mock_idp::provisioning::testing::FakeScim;
using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

core::util::TimePoint t0() { return *core::util::parse_datetime("2026-11-27T10:00:00Z"); }

class TlsFailure final : public ScimTransport {
 public:
  ScimReply send(std::string_view, const std::string&, const std::string&) override {
    ScimReply r;
    r.error = "TLS handshake with https://x failed (SSL connection failed)";
    r.tls_failure = true;
    return r;
  }
};

struct Fixture {
  core::util::ManualClock clock{t0()};
  core::util::IdGenerator ids{7};
  LogStore logs;
  Outbox outbox;
  FakeDirectory dir;
  std::shared_ptr<FakeScim> scim = std::make_shared<FakeScim>();
  std::vector<Millis> slept;
  std::string last_url;
  std::unique_ptr<ProvisioningJob> job;

  explicit Fixture(EngineOptions options = {}) {
    options.workers = 1;
    options.sleep = [this](Millis d) { slept.push_back(d); };
    job = std::make_unique<ProvisioningJob>(
        "aWSSingleSignOn.job", "sp-1", "AWS IAM Identity Center", dir,
        [this](const std::string& url, const std::string&) -> std::shared_ptr<ScimTransport> {
          last_url = url;
          if (url.rfind("https://tls", 0) == 0) return std::make_shared<TlsFailure>();
          return scim;
        },
        clock, ids, logs, outbox, options);
    JobConfig cfg;
    cfg.tenant_url = "https://scim.example/t1/scim/v2";
    cfg.secret_token = "token";
    cfg.notification_email = "admin@contoso.com";
    cfg.notify_on_failure = true;
    job->set_config(cfg);
  }

  void configure(const std::function<void(JobConfig&)>& edit) {
    JobConfig cfg = job->config();
    edit(cfg);
    job->set_config(cfg);
  }

  std::vector<json> log(const std::string& filter) { return logs.query(filter, 100000); }
};

}  // namespace

TEST_CASE("job: Test Connection queries a random GUID and expects an empty list",
          "[provisioning][job][connection]") {
  Fixture f;
  auto ok = f.job->test_connection("https://scim.example/t1/scim/v2", "token");
  CHECK(ok.ok);
  auto req = f.scim->requests();
  REQUIRE(req.size() == 1);
  CHECK(req[0].method == "GET");
  CHECK(req[0].target.rfind("/Users?filter=userName%20eq%20%22", 0) == 0);
  CHECK(req[0].target.size() == std::string("/Users?filter=userName%20eq%20%22").size() + 36 + 3);

  SECTION("401") {
    f.scim->force_status = 401;
    auto r = f.job->test_connection("https://scim.example/t1/scim/v2", "bad");
    CHECK_FALSE(r.ok);
    CHECK(r.code == "SystemForCrossDomainIdentityManagementCredentialValidationFailure");
    CHECK_THAT(r.message, Catch::Contains("You appear to have entered invalid credentials"));
  }
  SECTION("404") {
    f.scim->force_status = 404;
    auto r = f.job->test_connection("https://scim.example/wrong", "token");
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.message, Catch::Contains("invalid Tenant URL"));
  }
  SECTION("unexpected body") {
    f.scim->force_status = 200;
    f.scim->force_body = "<html>hello</html>";
    auto r = f.job->test_connection("https://scim.example/t1/scim/v2", "token");
    CHECK_FALSE(r.ok);
    CHECK(r.code == "SystemForCrossDomainIdentityManagementServiceIncompatible");
    CHECK_THAT(r.message, Catch::Contains("not an empty SCIM ListResponse"));
  }
  SECTION("non-empty list") {
    f.scim->force_status = 200;
    f.scim->force_body = json({{"schemas", {"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
                               {"totalResults", 1},
                               {"Resources", {{{"id", "x"}}}}})
                             .dump();
    CHECK_FALSE(f.job->test_connection("https://scim.example/t1/scim/v2", "token").ok);
  }
  SECTION("TLS failure") {
    auto r = f.job->test_connection("https://tls.example/scim/v2", "token");
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.message, Catch::Contains("TLS handshake failed"));
  }
  SECTION("no Tenant URL") {
    auto r = f.job->test_connection("", "token");
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.message, Catch::Contains("required"));
  }
}

TEST_CASE("job: initial cycle creates users, then groups without members, then adds members",
          "[provisioning][job][cycle]") {
  Fixture f;
  f.dir.add_user("1", "alice@contoso.com", false);
  f.dir.add_user("2", "bob@contoso.com", false);
  f.dir.add_user("3", "carol@contoso.com", false);  // not assigned: never created
  f.dir.add_user("4", "dave@contoso.com", true);    // assigned directly
  auto& eng = f.dir.add_group("g1", "Engineering");
  eng.members = {{"1", MemberKind::kUser}, {"2", MemberKind::kUser}, {"g2", MemberKind::kGroup}};
  auto& nested = f.dir.add_group("g2", "Nested", false);
  nested.members = {{"3", MemberKind::kUser}};

  f.job->start(t0());
  CHECK(f.job->run_due(t0()) == 1);

  auto req = f.scim->requests();
  REQUIRE_FALSE(req.empty());
  CHECK(req[0].target.rfind("/Users?filter=userName", 0) == 0);  // Test Connection first
  auto posts = f.scim->find("POST", "/Users");
  REQUIRE(posts.size() == 3);
  CHECK(posts[0].body["userName"] == "alice@contoso.com");
  CHECK(posts[0].body["active"] == true);
  CHECK(f.scim->users.size() == 3);
  auto group_posts = f.scim->find("POST", "/Groups");
  REQUIRE(group_posts.size() == 1);
  CHECK_FALSE(group_posts[0].body.contains("members"));
  auto matches = f.scim->find("GET", "/Groups?excludedAttributes=members&filter=displayName");
  CHECK(matches.size() == 1);
  auto patches = f.scim->find("PATCH", "/Groups/");
  REQUIRE(patches.size() == 1);
  auto& op = patches[0].body["Operations"][0];
  CHECK(op["op"] == "Add");
  CHECK(op["path"] == "members");
  CHECK(op["value"].size() == 2);
  std::string gid = *f.job->anchor_of("g1");
  CHECK(f.scim->members[gid].size() == 2);
  CHECK_FALSE(f.job->anchor_of("3").has_value());
  CHECK_FALSE(f.job->anchor_of("g2").has_value());  // the nested group is never sent

  auto creates = f.log("provisioningAction eq 'create'");
  CHECK(creates.size() == 4);
  auto skipped =
      f.log("provisioningStatusInfo/errorInformation/errorCode eq 'EntrySynchronizationSkipped'");
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0]["sourceIdentity"]["id"] == "g2");
  CHECK_THAT(skipped[0]["provisioningStatusInfo"]["errorInformation"]["reason"].get<std::string>(),
             Catch::Contains("Nested groups are not supported"));
  json alice = f.log("sourceIdentity/id eq '1'")[0];
  CHECK(alice["provisioningSteps"].size() == 5);
  CHECK(alice["provisioningSteps"][2]["provisioningStepType"] == "matching");
  CHECK(alice["targetIdentity"]["id"] == *f.job->anchor_of("1"));
  CHECK(alice["modifiedProperties"].size() >= 6);

  json status = f.job->status_json();
  CHECK(status["code"] == "Active");
  CHECK(status["lastExecution"]["state"] == "Succeeded");
  CHECK(status["lastExecution"]["countExported"] == 4);
  CHECK(status["quarantine"].is_null());

  SECTION("an unchanged directory costs one Test Connection per cycle") {
    f.scim->clear_requests();
    CHECK(f.job->run_due(t0() + minutes(40)) == 1);
    CHECK(f.scim->requests().size() == 1);
    CHECK(f.job->run_due(t0() + minutes(79)) == 0);
  }
  SECTION("an update sends one operation per changed attribute") {
    f.dir.find_user("1")->attributes["displayName"] = "Alice Smith";
    f.dir.touch();
    f.scim->clear_requests();
    f.job->run_due(t0() + minutes(40));
    auto p = f.scim->find("PATCH", "/Users/");
    REQUIRE(p.size() == 1);
    CHECK(p[0].body["Operations"] ==
          json::array({{{"op", "Replace"}, {"path", "displayName"}, {"value", "Alice Smith"}}}));
    auto upd = f.log("provisioningAction eq 'update'");
    REQUIRE(upd.size() == 1);
    CHECK(upd[0]["modifiedProperties"][0]["oldValue"] == "User 1");
  }
  SECTION("a null source value is never sent") {
    f.dir.find_user("1")->attributes["mail"] = nullptr;
    f.dir.touch();
    f.scim->clear_requests();
    f.job->run_due(t0() + minutes(40));
    CHECK(f.scim->find("PATCH", "/Users/").empty());
  }
  SECTION("unassigning disables with the legacy string") {
    f.dir.assignment_list.erase(f.dir.assignment_list.begin());  // dave
    f.dir.touch();
    f.scim->clear_requests();
    f.job->run_due(t0() + minutes(40));
    auto p = f.scim->find("PATCH", "/Users/" + *f.job->anchor_of("4"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].body["Operations"][0] ==
          json({{"op", "Replace"}, {"path", "active"}, {"value", "False"}}));
    CHECK(f.log("provisioningAction eq 'disable'").size() == 1);
    CHECK(f.scim->users[*f.job->anchor_of("4")]["active"] == false);
    SECTION("and an unassigned user is no longer managed: no DELETE later") {
      f.dir.user_list.pop_back();
      f.dir.touch();
      f.scim->clear_requests();
      f.job->run_due(t0() + minutes(80));
      CHECK(f.scim->find("DELETE", "/Users/").empty());
    }
  }
  SECTION("accountEnabled false disables, a hard delete then DELETEs") {
    f.dir.find_user("4")->account_enabled = false;
    f.dir.touch();
    f.job->run_due(t0() + minutes(40));
    CHECK(f.scim->users[*f.job->anchor_of("4")]["active"] == false);
    f.dir.user_list.pop_back();
    f.dir.touch();
    f.scim->clear_requests();
    f.job->run_due(t0() + minutes(80));
    CHECK(f.scim->find("DELETE", "/Users/").size() == 1);
    CHECK(f.log("provisioningAction eq 'delete'").size() == 1);
  }
  SECTION("a member leaving the group is removed, then disabled") {
    f.dir.group_list[0].members.erase(f.dir.group_list[0].members.begin());
    f.dir.touch();
    f.scim->clear_requests();
    f.job->run_due(t0() + minutes(40));
    auto p = f.scim->find("PATCH", "/Groups/");
    REQUIRE(p.size() == 1);
    CHECK(p[0].body["Operations"][0]["op"] == "Remove");
    CHECK(f.scim->members[gid].size() == 1);
    CHECK(f.scim->users[*f.job->anchor_of("1")]["active"] == false);
  }
  SECTION("an unassigned group is deleted") {
    f.dir.assignment_list.erase(f.dir.assignment_list.begin() + 1);
    f.dir.touch();
    f.job->run_due(t0() + minutes(40));
    CHECK(f.scim->groups.empty());
    CHECK_FALSE(f.job->anchor_of("g1").has_value());
  }
  SECTION("restart with a full reset matches existing objects by filter") {
    f.job->restart(t0() + minutes(5), true);
    f.scim->clear_requests();
    f.job->run_due(t0() + minutes(5));
    CHECK(f.scim->find("POST", "/Users").empty());
    CHECK(f.scim->find("POST", "/Groups").empty());
    CHECK(f.scim->find("GET", "/Users?filter=").size() == 4);  // 3 users + Test Connection
    CHECK(f.job->anchor_of("1").has_value());
  }
}

TEST_CASE("job: the aadOptscim062020 dialect", "[provisioning][job][dialect]") {
  Fixture f;
  f.configure([](JobConfig& c) { c.tenant_url += "?aadOptscim062020"; });
  f.dir.add_user("1", "alice@contoso.com");
  auto& g = f.dir.add_group("g1", "Eng");
  g.members = {{"1", MemberKind::kUser}};
  f.job->start(t0());
  f.job->run_due(t0());
  f.dir.find_user("1")->attributes["givenName"] = "Al";
  f.dir.find_user("1")->attributes["surname"] = "Sm";
  f.dir.group_list[0].members.clear();
  f.dir.touch();
  f.scim->clear_requests();
  f.job->run_due(t0() + minutes(40));
  auto up = f.scim->find("PATCH", "/Users/");
  REQUIRE(up.size() == 1);
  auto ops = up[0].body["Operations"];
  REQUIRE(ops.size() == 1);
  CHECK(ops[0]["op"] == "replace");
  CHECK_FALSE(ops[0].contains("path"));
  CHECK(ops[0]["value"]["name.givenName"] == "Al");
  auto gp = f.scim->find("PATCH", "/Groups/");
  REQUIRE(gp.size() == 1);
  CHECK(gp[0].body["Operations"][0]["op"] == "remove");
  CHECK(gp[0].body["Operations"][0]["path"].get<std::string>().rfind("members[value eq", 0) == 0);
  // user 1 is now unassigned? No: assigned directly, so still active.
  f.dir.assignment_list.erase(f.dir.assignment_list.begin());
  f.dir.touch();
  f.scim->clear_requests();
  f.job->run_due(t0() + minutes(80));
  auto dis = f.scim->find("PATCH", "/Users/");
  REQUIRE(dis.size() == 1);
  CHECK(dis[0].body["Operations"][0] ==
        json({{"op", "replace"}, {"path", "active"}, {"value", false}}));
}

TEST_CASE("job: a user without mail is rejected, escrowed, then fixed by a mapping change",
          "[provisioning][job][escrow]") {
  Fixture f;
  f.dir.add_user("1", "alice@contoso.com").attributes["mail"] = nullptr;
  f.dir.add_user("2", "bob@contoso.com");
  f.job->start(t0());
  f.job->run_due(t0());
  CHECK(f.scim->users.size() == 1);
  CHECK(f.job->escrow_size() == 1);
  auto fail = f.log("provisioningStatusInfo/status eq 'failure'");
  REQUIRE(fail.size() == 1);
  CHECK(fail[0]["provisioningStatusInfo"]["errorInformation"]["errorCode"] ==
        "SystemForCrossDomainIdentityManagementBadResponse");
  CHECK_THAT(fail[0]["provisioningStatusInfo"]["errorInformation"]["reason"].get<std::string>(),
             Catch::Contains("StatusCode: BadRequest") && Catch::Contains("violates schema"));
  CHECK(f.job->status_json()["lastExecution"]["state"] == "EscrowedEntries");

  // Escrowed entries are retried even though the directory did not change.
  f.scim->clear_requests();
  f.job->run_due(t0() + minutes(40));
  CHECK(f.scim->find("POST", "/Users").size() == 1);
  CHECK(f.job->escrow_size() == 1);

  f.configure([](JobConfig& c) {
    for (auto& a : c.mappings.users.attributes) {
      if (a.target == "emails[type eq \"work\"].value") {
        a.type = MappingType::kExpression;
        a.source = "Coalesce([mail], [userPrincipalName])";
      }
    }
    validate(c.mappings.users, true);
  });
  f.job->run_due(t0() + minutes(80));
  CHECK(f.scim->users.size() == 2);
  CHECK(f.job->escrow_size() == 0);
  CHECK(f.job->status_json()["lastExecution"]["state"] == "Succeeded");
}

TEST_CASE("job: two phone numbers are rejected", "[provisioning][job][escrow]") {
  Fixture f;
  f.configure([](JobConfig& c) {
    c.mappings.users.attributes.push_back({MappingType::kDirect, "telephoneNumber",
                                           "phoneNumbers[type eq \"work\"].value", std::nullopt,
                                           ApplyWhen::kAlways, 0, nullptr});
    c.mappings.users.attributes.push_back({MappingType::kDirect, "mobilePhone",
                                           "phoneNumbers[type eq \"mobile\"].value", std::nullopt,
                                           ApplyWhen::kAlways, 0, nullptr});
    validate(c.mappings.users, true);
  });
  auto& u = f.dir.add_user("1", "alice@contoso.com");
  u.attributes["telephoneNumber"] = "+1 555 0100";
  u.attributes["mobilePhone"] = "+1 555 0101";
  f.job->start(t0());
  f.job->run_due(t0());
  CHECK(f.scim->users.empty());
  CHECK(f.log("provisioningStatusInfo/status eq 'failure'").size() == 1);
}

TEST_CASE("job: throttled requests wait Retry-After, then escrow after the retries",
          "[provisioning][job][throttle]") {
  EngineOptions o;
  o.max_throttle_retries = 3;
  Fixture f(o);
  f.dir.add_user("1", "alice@contoso.com");
  f.dir.add_user("2", "bob@contoso.com");
  // Test Connection passes; the next two requests (the first match query) are throttled.
  struct Seq final : public ScimTransport {
    std::shared_ptr<FakeScim> inner;
    int calls = 0;
    ScimReply send(std::string_view m, const std::string& t, const std::string& b) override {
      ++calls;
      if (calls == 2 || calls == 3) {
        ScimReply r;
        r.status = 429;
        r.retry_after = std::chrono::seconds(7);
        return r;
      }
      return inner->send(m, t, b);
    }
  };
  auto seq = std::make_shared<Seq>();
  seq->inner = f.scim;
  core::util::ManualClock clock{t0()};
  core::util::IdGenerator ids{1};
  std::vector<Millis> slept;
  EngineOptions opts;
  opts.workers = 1;
  opts.sleep = [&](Millis d) { slept.push_back(d); };
  ProvisioningJob job(
      "j", "sp", "AWS", f.dir, [&](const std::string&, const std::string&) { return seq; }, clock,
      ids, f.logs, f.outbox, opts);
  JobConfig cfg;
  cfg.tenant_url = "https://x/scim/v2";
  job.set_config(cfg);
  job.start(t0());
  job.run_due(t0());
  REQUIRE(slept.size() == 2);
  CHECK(slept[0] == std::chrono::seconds(7));
  CHECK(job.escrow_size() == 0);

  SECTION("more throttles than retries escrow TooManyRequests") {
    struct Always final : public ScimTransport {
      int calls = 0;
      ScimReply send(std::string_view, const std::string& t, const std::string&) override {
        ++calls;
        ScimReply r;
        if (calls == 1) {
          r.status = 200;
          r.body = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],)"
                   R"("totalResults":0,"Resources":[]})";
          (void)t;
          return r;
        }
        r.status = 429;
        return r;
      }
    };
    auto always = std::make_shared<Always>();
    ProvisioningJob j2(
        "j2", "sp", "AWS", f.dir, [&](const std::string&, const std::string&) { return always; },
        clock, ids, f.logs, f.outbox, opts);
    j2.set_config(cfg);
    j2.start(t0());
    j2.run_due(t0());
    CHECK(j2.escrow_size() == 2);
    CHECK(f.logs.query("provisioningStatusInfo/errorInformation/errorCode eq 'TooManyRequests'", 10)
              .size() == 2);
  }
}

TEST_CASE("job: a 401 quarantines with Azure's reason, backs off and recovers",
          "[provisioning][job][quarantine]") {
  Fixture f;
  f.dir.add_user("1", "alice@contoso.com");
  f.job->start(t0());
  f.job->run_due(t0());
  f.scim->force_status = 401;
  auto at = t0() + minutes(40);
  f.job->run_due(at);
  auto q = f.job->quarantine();
  REQUIRE(q.has_value());
  CHECK(q->reason == "EncounteredQuarantineException");
  CHECK(q->error_code == "SystemForCrossDomainIdentityManagementCredentialValidationFailure");
  CHECK(q->next_attempt == at + hours(6));
  json status = f.job->status_json();
  CHECK(status["code"] == "Quarantine");
  CHECK(status["quarantine"]["reason"] == "EncounteredQuarantineException");
  auto mail = f.outbox.messages();
  REQUIRE(mail.size() == 1);
  CHECK(mail[0]["from"] == "azure-noreply@microsoft.com");
  CHECK(mail[0]["to"] == "admin@contoso.com");
  CHECK_THAT(mail[0]["subject"].get<std::string>(), Catch::Contains("quarantine"));

  // The 40-minute cycles stop; attempts follow +6 h, +12 h, +24 h, then daily.
  f.scim->clear_requests();
  CHECK(f.job->run_due(at + hours(5)) == 0);
  CHECK(f.scim->requests().empty());
  CHECK(f.job->run_due(at + hours(6)) == 1);
  CHECK(f.job->quarantine()->next_attempt == at + hours(18));
  CHECK(f.job->run_due(at + hours(18)) == 1);
  CHECK(f.job->quarantine()->next_attempt == at + hours(42));
  CHECK(f.job->run_due(at + hours(42)) == 1);
  CHECK(f.job->quarantine()->next_attempt == at + hours(66));
  CHECK(f.outbox.messages().size() == 1);  // one mail per quarantine

  f.scim->force_status = 0;
  CHECK(f.job->run_due(at + hours(66)) == 1);
  CHECK_FALSE(f.job->quarantine().has_value());
  CHECK(f.job->status_json()["code"] == "Active");
}

TEST_CASE("job: quarantined for 28 days disables the job", "[provisioning][job][quarantine]") {
  Fixture f;
  f.dir.add_user("1", "alice@contoso.com");
  f.scim->force_status = 401;
  f.job->start(t0());
  f.job->run_due(t0());
  REQUIRE(f.job->quarantine().has_value());
  f.job->run_due(t0() + hours(24 * 30));
  CHECK_FALSE(f.job->enabled());
  CHECK(f.job->to_graph()["schedule"]["state"] == "Disabled");
  CHECK(f.job->status_json()["escrowsPruned"] == true);
  auto mail = f.outbox.messages();
  REQUIRE(mail.size() == 2);
  CHECK_THAT(mail[1]["subject"].get<std::string>(), Catch::Contains("disabled"));
  CHECK(f.job->run_due(t0() + hours(24 * 40)) == 0);
}

TEST_CASE("job: no email without a notification address", "[provisioning][job][quarantine]") {
  Fixture f;
  f.configure([](JobConfig& c) { c.notify_on_failure = false; });
  f.scim->force_status = 401;
  f.job->start(t0());
  f.job->run_due(t0());
  CHECK(f.job->quarantine().has_value());
  CHECK(f.outbox.messages().empty());
}

TEST_CASE("job: escrow proportion threshold quarantines", "[provisioning][job][quarantine]") {
  EngineOptions o;
  o.escrow_evaluation_start = 2;
  Fixture f(o);
  for (int i = 0; i < 3; ++i) f.dir.add_user(std::to_string(i), "u" + std::to_string(i) + "@x");
  f.scim->fail_create_status = 500;
  f.job->start(t0());
  f.job->run_due(t0());
  REQUIRE(f.job->quarantine().has_value());
  CHECK(f.job->quarantine()->reason == "EncounteredEscrowProportionThreshold");
  CHECK(
      f.log("provisioningStatusInfo/errorInformation/errorCode eq 'InternalServerError'").size() ==
      3);
}

TEST_CASE("job: the accidental-deletion threshold stages deletes", "[provisioning][job][deletes]") {
  Fixture f;
  f.configure([](JobConfig& c) { c.delete_threshold = 1; });
  f.dir.add_user("1", "a@x");
  f.dir.add_user("2", "b@x");
  f.job->start(t0());
  f.job->run_due(t0());
  f.dir.assignment_list.clear();
  f.dir.touch();
  f.scim->clear_requests();
  f.job->run_due(t0() + minutes(40));
  CHECK(f.scim->find("PATCH", "/Users/").empty());
  REQUIRE(f.job->quarantine().has_value());
  CHECK(f.job->quarantine()->reason == "TooManyDeletes");
  CHECK(f.log("provisioningAction eq 'stagedDelete'").size() == 2);
  CHECK(f.outbox.messages().size() == 1);
  f.job->allow_deletes();
  f.job->run_due(t0() + minutes(41));
  CHECK(f.scim->find("PATCH", "/Users/").size() == 2);
  CHECK_FALSE(f.job->quarantine().has_value());
}

TEST_CASE("job: scheduler runs due cycles deterministically", "[provisioning][job][scheduler]") {
  Fixture f;
  f.dir.add_user("1", "a@x");
  CHECK(f.job->run_due(t0()) == 0);  // not started
  f.job->start(t0() + minutes(5));
  CHECK(f.job->run_due(t0()) == 0);
  CHECK(f.job->run_due(t0() + minutes(5)) == 1);
  CHECK(f.job->run_due(t0() + minutes(44)) == 0);
  CHECK(f.job->run_due(t0() + minutes(45)) == 1);
  // A jump of ten hours: the idle periodic cycles collapse into the last one due.
  CHECK(f.job->run_due(t0() + hours(10)) == 1);
  CHECK(f.job->status_json()["lastExecution"]["timeBegan"] == "2026-11-27T19:25:00Z");
  f.job->pause();
  CHECK(f.job->run_due(t0() + hours(20)) == 0);
  CHECK(f.job->status_json()["code"] == "Paused");
  CHECK(f.job->to_graph()["schedule"]["state"] == "Paused");
}

TEST_CASE("job: status before configuration", "[provisioning][job]") {
  core::util::ManualClock clock{t0()};
  core::util::IdGenerator ids{1};
  LogStore logs;
  Outbox outbox;
  FakeDirectory dir;
  ProvisioningJob job("j", "sp", "AWS", dir,
                      [](const std::string&, const std::string&) -> std::shared_ptr<ScimTransport> {
                        return nullptr;
                      },
                      clock, ids, logs, outbox, {});
  CHECK(job.status_json()["code"] == "NotConfigured");
  CHECK(job.to_graph()["schedule"]["interval"] == "P10675199DT2H48M5.4775807S");
  auto ex = job.run_cycle(t0());
  CHECK(ex.state == "Failed");
  CHECK(ex.error_code == "NotConfigured");
}

TEST_CASE("job: scoping filters and sync all", "[provisioning][job][scope]") {
  Fixture f;
  f.dir.add_user("1", "a@x", false).attributes["department"] = "Sales";
  f.dir.add_user("2", "b@x", false).attributes["department"] = "HR";
  f.configure([](JobConfig& c) {
    c.sync_all = true;
    c.mappings.users.scoping.push_back({{{"department", "EQUALS", "Sales"}}});
  });
  f.job->start(t0());
  f.job->run_due(t0());
  CHECK(f.scim->users.size() == 1);
  CHECK(f.job->anchor_of("1").has_value());
  // Falling out of the filter disables.
  f.dir.find_user("1")->attributes["department"] = "Legal";
  f.dir.touch();
  f.job->run_due(t0() + minutes(40));
  CHECK(f.scim->users[*f.job->anchor_of("1")]["active"] == false);
}

TEST_CASE("job: provision on demand reports Azure's steps", "[provisioning][job][ondemand]") {
  Fixture f;
  f.dir.add_user("1", "alice@contoso.com");
  auto r = f.job->provision_on_demand("1", "User");
  REQUIRE(r.size() == 1);
  auto steps = r[0].value["provisioningSteps"];
  REQUIRE(steps.size() == 6);
  CHECK(steps[0]["name"] == "EntryExportTestConnection");
  CHECK(steps[1]["provisioningStepType"] == "import");
  CHECK(steps[2]["provisioningStepType"] == "scoping");
  CHECK(steps[3]["provisioningStepType"] == "matching");
  CHECK(steps[5]["provisioningStepType"] == "export");
  CHECK(r[0].value["provisioningAction"] == "create");
  CHECK(f.scim->users.size() == 1);

  SECTION("a second run finds nothing to change") {
    auto again = f.job->provision_on_demand("1", "User");
    CHECK(again[0].value["provisioningStatusInfo"]["status"] == "skipped");
  }
  SECTION("an unassigned user is skipped in scoping") {
    f.dir.add_user("2", "bob@contoso.com", false);
    auto s = f.job->provision_on_demand("2", "User");
    CHECK(s[0].value["provisioningStatusInfo"]["status"] == "skipped");
    CHECK(s[0].value["provisioningSteps"].back()["provisioningStepType"] == "scoping");
  }
  SECTION("a group of at most five members") {
    auto& g = f.dir.add_group("g1", "Eng");
    for (int i = 10; i < 16; ++i) {
      f.dir.add_user(std::to_string(i), "u" + std::to_string(i) + "@x", false);
      g.members.push_back({std::to_string(i), MemberKind::kUser});
    }
    CHECK_THROWS_WITH(f.job->provision_on_demand("g1", "Group"),
                      Catch::Contains("at most 5 members"));
    f.dir.group_list[0].members.pop_back();
    auto out = f.job->provision_on_demand("g1", "Group");
    CHECK(out.size() == 6);
    CHECK(f.scim->groups.size() == 1);
  }
  SECTION("unknown subjects") {
    CHECK_THROWS_WITH(f.job->provision_on_demand("nope", "User"),
                      Catch::Contains("does not exist"));
    CHECK_THROWS_WITH(f.job->provision_on_demand("1", "Device"), Catch::Contains("User or Group"));
  }
  SECTION("a failing Test Connection is the only step shown") {
    f.scim->force_status = 401;
    auto fail = f.job->provision_on_demand("1", "User");
    REQUIRE(fail[0].value["provisioningSteps"].size() == 1);
    CHECK(fail[0].value["provisioningSteps"][0]["status"] == "failure");
  }
}
