// The SAML SP and the access portal over HTTP: an IdP built from core/saml signs Responses, the
// real mock-scim binary consumes them at its ACS. Every refusal has its own reason, read from
// the request journal (the browser only sees AWS's generic page).
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "core/crypto/encoding.hpp"
#include "core/crypto/keys.hpp"
#include "core/saml/authn_request.hpp"
#include "core/saml/bindings.hpp"
#include "core/saml/metadata.hpp"
#include "core/saml/response_builder.hpp"
#include "core/util/iso8601.hpp"
#include "core/xmlsig/library.hpp"
#include "tests/e2e/mock-scim/scim_fixture.hpp"

using nlohmann::json;
using scim_e2e::Scim;

namespace {

using namespace std::chrono_literals;

constexpr const char* kIdpEntity = "https://sts.windows.net/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/";
constexpr const char* kIdpSso = "https://login.example.test/0f1e2d3c/saml2";

struct SpFixture {
  core::xmlsig::Library library;
  core::util::IdGenerator ids{99};
  Scim s;
  core::crypto::SigningCredential idp;
  std::string acs_url;
  std::string acs_path;
  std::string entity_id;
  std::size_t acs_posted = 0;  // requests made to the ACS so far

  SpFixture() : idp(make_credential("Microsoft Azure Federated SSO Certificate")) {
    core::saml::IdpMetadataSpec spec;
    spec.entity_id = kIdpEntity;
    spec.tenant_id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    spec.sso_url = kIdpSso;
    spec.wsfed_url = "https://login.example.test/0f1e2d3c/wsfed";
    spec.signing_certificates = {idp.certificate};
    const auto xml = core::saml::build_idp_metadata(spec, idp, ids);
    auto put = s.client->Put("/_harness/identity-source", xml, "application/xml");
    REQUIRE(put);
    REQUIRE(put->status == 200);
    const auto portal = json::parse(s.client->Get("/_harness/access-portal")->body);
    acs_url = portal["acsUrl"];
    entity_id = portal["entityId"];
    acs_path = acs_url.substr(acs_url.find('/', acs_url.find("://") + 3));
    s.create_user("alice@example.com");
  }

  core::crypto::SigningCredential make_credential(const std::string& cn) {
    const auto now = server_now();
    return core::crypto::make_signing_credential(cn, now - 24h, now + 3 * 365 * 24h, ids);
  }

  core::util::TimePoint server_now() const {
    const auto c = json::parse(s.client->Get("/_harness/clock")->body);
    return *core::util::parse_datetime(c["now"].get<std::string>());
  }

  core::saml::ResponseSpec spec(const std::string& name_id = "alice@example.com") const {
    core::saml::ResponseSpec r;
    r.issuer = kIdpEntity;
    r.destination = acs_url;
    r.audience = entity_id;
    r.name_id = name_id;
    r.issue_instant = server_now();
    r.authn_instant = r.issue_instant;
    return r;
  }

  std::string sign(const core::saml::ResponseSpec& r, const core::saml::ResponseFaults& f = {}) {
    return core::saml::build_response(r, idp, {}, ids, f).xml;
  }

  // POSTs the Response; returns the status and sets `cookie` on success.
  httplib::Result post(const std::string& xml, const std::string& relay_state = "") {
    ++acs_posted;
    std::string body = "SAMLResponse=" + scim_e2e::url_encode(core::crypto::base64_encode(xml));
    if (!relay_state.empty()) body += "&RelayState=" + scim_e2e::url_encode(relay_state);
    return s.client->Post(acs_path.c_str(), body, "application/x-www-form-urlencoded");
  }

  // The journal note of the newest ACS request. The server records an exchange just after
  // answering it, so this waits (bounded) for the entry of the request just made.
  std::string last_note() {
    for (int attempt = 0; attempt < 200; ++attempt) {
      const auto j = json::parse(s.client->Get("/_harness/requests")->body);
      std::size_t count = 0;
      std::string note;
      for (const auto& e : j["requests"]) {
        const std::string path = e["request"]["path"];
        if (path.rfind("/platform/saml/acs/", 0) == 0) {
          ++count;
          note = e.value("note", "");
        }
      }
      if (count >= acs_posted) return note;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return {};
  }

  // Posts and expects a refusal with `reason`.
  void refused(const std::string& xml, const std::string& reason) {
    auto res = post(xml);
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->body.find("An unexpected error has occurred") != std::string::npos);
    CHECK(res->body.find(reason) == std::string::npos);
    CHECK(!res->has_header("Set-Cookie"));
    CHECK(last_note().rfind("sign-in refused: " + reason + ":", 0) == 0);
  }
};

std::string cookie_of(const httplib::Result& res) {
  const auto c = res->get_header_value("Set-Cookie");
  return c.substr(0, c.find(';'));
}

}  // namespace

TEST_CASE("sp e2e: SP metadata and identity source", "[e2e][sp]") {
  SpFixture f;
  auto md = f.s.client->Get("/_harness/sp-metadata");
  REQUIRE(md);
  CHECK(md->status == 200);
  const auto parsed = core::saml::parse_sp_metadata(md->body);
  REQUIRE(parsed);
  CHECK(parsed->entity_id.rfind("https://eu-central-1.signin.aws.amazon.com/platform/saml/d-", 0) ==
        0);
  CHECK(parsed->default_acs().location == f.acs_url);
  CHECK(f.acs_url.find("/platform/saml/acs/") != std::string::npos);
  const auto source = json::parse(f.s.client->Get("/_harness/identity-source")->body);
  CHECK(source["entityId"] == kIdpEntity);
  CHECK(source["certificates"].size() == 1);
  CHECK(source["certificates"][0]["status"] == "valid");
  SECTION("hostile metadata is refused and changes nothing") {
    auto bad = f.s.client->Put("/_harness/identity-source",
                               "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                               "application/xml");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(json::parse(bad->body)["error"]["code"] == "doctype");
    auto big =
        f.s.client->Put("/_harness/identity-source", std::string(80000, ' '), "application/xml");
    REQUIRE(big);
    CHECK(json::parse(big->body)["error"]["code"] == "oversized");
    CHECK(json::parse(f.s.client->Get("/_harness/identity-source")->body)["entityId"] ==
          kIdpEntity);
  }
  SECTION("a second certificate for rollover, then the first one removed") {
    const auto next = f.make_credential("Next");
    auto add = f.s.client->Post("/_harness/identity-source/certificates", next.certificate.pem(),
                                "application/x-pem-file");
    REQUIRE(add);
    CHECK(add->status == 200);
    CHECK(json::parse(add->body)["certificates"].size() == 2);
    auto del = f.s.client->Delete(
        ("/_harness/identity-source/certificates/" + f.idp.certificate.thumbprint_sha1()).c_str());
    REQUIRE(del);
    CHECK(del->status == 200);
    // Responses signed with the removed key are refused, with the new one accepted.
    f.refused(f.sign(f.spec()), "untrusted_key");
    f.idp = next;
    CHECK(f.post(f.sign(f.spec()))->status == 302);
  }
  SECTION("the access portal subdomain is set once") {
    auto put =
        f.s.client->Put("/_harness/access-portal", R"({"subdomain":"mycorp"})", "application/json");
    REQUIRE(put);
    CHECK(json::parse(put->body)["url"] == "https://mycorp.awsapps.com/start");
    auto again =
        f.s.client->Put("/_harness/access-portal", R"({"subdomain":"other"})", "application/json");
    REQUIRE(again);
    CHECK(again->status == 409);
    auto invalid =
        f.s.client->Put("/_harness/access-portal", R"({"subdomain":"-x"})", "application/json");
    CHECK(invalid->status == 409);  // already customized wins over shape
  }
  CHECK(f.s.server->stop() == 0);
}

TEST_CASE("sp e2e: IdP-initiated sign-in opens the portal", "[e2e][sp]") {
  SpFixture f;
  auto res = f.post(f.sign(f.spec()), "/start");
  REQUIRE(res);
  REQUIRE(res->status == 302);
  CHECK(res->get_header_value("Location") == "/start");
  CHECK(f.last_note() == "sign-in accepted: alice@example.com");
  const std::string cookie = cookie_of(res);
  CHECK(cookie.rfind("x-amz-sso_authn=", 0) == 0);
  auto portal = f.s.client->Get("/start", {{"Cookie", cookie}});
  REQUIRE(portal);
  CHECK(portal->status == 200);
  CHECK(portal->body.find("alice@example.com") != std::string::npos);
  CHECK(portal->body.find("You do not have any applications") != std::string::npos);
  auto accounts = f.s.client->Get(
      "/assignment/accounts", {{"x-amz-sso_bearer_token", cookie.substr(cookie.find('=') + 1)}});
  REQUIRE(accounts);
  CHECK(accounts->status == 200);
  CHECK(json::parse(accounts->body)["accountList"].empty());
  auto anonymous = f.s.client->Get("/assignment/accounts");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
  CHECK(f.s.server->stop() == 0);
}

TEST_CASE("sp e2e: SP-initiated sign-in tracks InResponseTo", "[e2e][sp]") {
  SpFixture f;
  auto start = f.s.client->Get("/start");
  REQUIRE(start);
  REQUIRE(start->status == 302);
  const std::string location = start->get_header_value("Location");
  REQUIRE(location.rfind(std::string(kIdpSso) + "?", 0) == 0);
  const auto msg = core::saml::decode_redirect_query(location.substr(location.find('?') + 1));
  REQUIRE(msg);
  CHECK(msg->relay_state == "/start");
  const auto req = core::saml::parse_authn_request(msg->xml);
  REQUIRE(req);
  CHECK(req->issuer == f.entity_id);
  CHECK(req->assertion_consumer_service_url == f.acs_url);
  SECTION("answered") {
    auto spec = f.spec();
    spec.in_response_to = req->id;
    CHECK(f.post(f.sign(spec))->status == 302);
  }
  SECTION("answering a request never sent") {
    auto spec = f.spec();
    spec.in_response_to = "_never-sent";
    f.refused(f.sign(spec), "in_response_to_mismatch");
  }
  CHECK(f.s.server->stop() == 0);
}

TEST_CASE("sp e2e: each bad Response is refused with its own reason", "[e2e][sp]") {
  SpFixture f;
  SECTION("expired") {
    core::saml::ResponseFaults faults;
    faults.time_shift = -3h;
    f.refused(f.sign(f.spec(), faults), "expired");
  }
  SECTION("not yet valid") {
    core::saml::ResponseFaults faults;
    faults.time_shift = 1h;
    f.refused(f.sign(f.spec(), faults), "not_yet_valid");
  }
  SECTION("wrong audience") {
    core::saml::ResponseFaults faults;
    faults.audience = "urn:amazon:webservices";
    f.refused(f.sign(f.spec(), faults), "wrong_audience");
  }
  SECTION("wrong destination") {
    core::saml::ResponseFaults faults;
    faults.destination = "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/other";
    f.refused(f.sign(f.spec(), faults), "wrong_destination");
  }
  SECTION("unsigned") {
    core::saml::ResponseFaults faults;
    faults.unsigned_response = true;
    f.refused(f.sign(f.spec(), faults), "no_signature");
  }
  SECTION("signed by another key") {
    core::saml::ResponseFaults faults;
    faults.foreign_signer = f.make_credential("Attacker");
    f.refused(f.sign(f.spec(), faults), "untrusted_key");
  }
  SECTION("altered after signing") {
    auto xml = f.sign(f.spec("alice@example.com"));
    xml.replace(xml.find("alice@example.com"), 5, "mallo");
    f.refused(xml, "bad_signature");
  }
  SECTION("replayed") {
    const auto xml = f.sign(f.spec());
    CHECK(f.post(xml)->status == 302);
    f.refused(xml, "replay");
  }
  SECTION("unknown user") { f.refused(f.sign(f.spec("nobody@example.com")), "unknown_user"); }
  SECTION("inactive user") {
    const auto bob = f.s.create_user("bob@example.com");
    REQUIRE(f.s.patch(f.s.base + "/Users/" + bob["id"].get<std::string>(),
                      {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                       {"Operations", {{{"op", "replace"}, {"path", "active"}, {"value", false}}}}})
                ->status == 200);
    f.refused(f.sign(f.spec("bob@example.com")), "inactive_user");
  }
  SECTION("no SAMLResponse in the form") {
    ++f.acs_posted;
    auto res =
        f.s.client->Post(f.acs_path.c_str(), "RelayState=x", "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(f.last_note().rfind("sign-in refused: missing_saml_response", 0) == 0);
  }
  SECTION("another ACS id") {
    ++f.acs_posted;
    auto res = f.s.client->Post(
        "/platform/saml/acs/00000000-0000-4000-8000-000000000000",
        "SAMLResponse=" + scim_e2e::url_encode(core::crypto::base64_encode(f.sign(f.spec()))),
        "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(f.last_note().rfind("sign-in refused: wrong_acs_url", 0) == 0);
  }
  CHECK(f.s.server->stop() == 0);
}

TEST_CASE("sp e2e: a form body above 8 KiB reaches the ACS", "[e2e][sp]") {
  SpFixture f;
  auto spec = f.spec();
  spec.claims.push_back({"http://schemas.example.com/claims/padding", {std::string(12000, 'p')}});
  auto res = f.post(f.sign(spec));
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(f.s.server->stop() == 0);
}

TEST_CASE("sp e2e: the portal lists assigned accounts and hands out credentials", "[e2e][sp]") {
  SpFixture f;
  REQUIRE(f.s.client->Put("/_harness/sso-admin", R"({"asyncDelay":"PT0S"})", "application/json")
              ->status == 200);
  const auto o = json::parse(f.s.client->Get("/_harness/organization")->body);
  const std::string instance = o["instanceArn"];
  const std::string member = o["accounts"][2]["id"];
  const auto alice =
      f.s.list("Users", "filter=" + scim_e2e::url_encode("userName eq \"alice@example.com\""));
  const std::string alice_id = alice["Resources"][0]["id"];
  const httplib::Headers aws = {
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=AKID/20261127/eu-central-1/sso/aws4_request, "
       "SignedHeaders=host, Signature=" +
           std::string(64, 'a')}};
  auto call = [&](const std::string& op, const json& body) {
    auto h = aws;
    h.emplace("X-Amz-Target", "SWBExternalService." + op);
    auto r = f.s.client->Post("/", h, body.dump(), "application/x-amz-json-1.1");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return json::parse(r->body);
  };
  const std::string ps =
      call("CreatePermissionSet",
           {{"InstanceArn", instance}, {"Name", "ReadOnly"}})["PermissionSet"]["PermissionSetArn"];
  call("CreateAccountAssignment", {{"InstanceArn", instance},
                                   {"TargetId", member},
                                   {"TargetType", "AWS_ACCOUNT"},
                                   {"PermissionSetArn", ps},
                                   {"PrincipalType", "USER"},
                                   {"PrincipalId", alice_id}});
  auto signin = f.post(f.sign(f.spec()));
  REQUIRE(signin->status == 302);
  const std::string cookie = cookie_of(signin);
  auto portal = f.s.client->Get("/start", {{"Cookie", cookie}});
  REQUIRE(portal);
  CHECK(portal->body.find("data-account=\"" + member + "\" data-role=\"ReadOnly\"") !=
        std::string::npos);
  auto roles =
      f.s.client->Get(("/assignment/roles?account_id=" + member).c_str(), {{"Cookie", cookie}});
  CHECK(json::parse(roles->body)["roleList"][0]["roleName"] == "ReadOnly");
  auto creds = f.s.client->Get(
      ("/federation/credentials?account_id=" + member + "&role_name=ReadOnly").c_str(),
      {{"Cookie", cookie}});
  REQUIRE(creds);
  REQUIRE(creds->status == 200);
  const auto c = json::parse(creds->body);
  CHECK(c["roleCredentials"]["accessKeyId"].get<std::string>().rfind("ASIA", 0) == 0);
  CHECK(c["roleCredentials"]["expiration"].is_number());
  CHECK(c["assumedRoleArn"].get<std::string>().find("/AWSReservedSSO_ReadOnly_") !=
        std::string::npos);
  CHECK(c["assumedRoleArn"].get<std::string>().find("/alice@example.com") != std::string::npos);
  auto forbidden =
      f.s.client->Get(("/federation/credentials?account_id=" + member + "&role_name=Admin").c_str(),
                      {{"Cookie", cookie}});
  CHECK(forbidden->status == 403);
  auto out =
      f.s.client->Post("/logout", {{"Cookie", cookie}}, "", "application/x-www-form-urlencoded");
  CHECK(out->status == 200);
  CHECK(f.s.client->Get("/assignment/accounts", {{"Cookie", cookie}})->status == 401);
  CHECK(f.s.server->stop() == 0);
}
