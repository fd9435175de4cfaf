// The SAML identity provider of mock-idp over HTTP: metadata, every AADSTS check, every signing
// option, the login page, IdP-initiated sign-in, faults and single logout. Responses are checked
// with the SP-side validator of core/saml, trusting only the certificates of our own metadata.
#include <algorithm>
#include <catch2/catch.hpp>

#include "core/crypto/encoding.hpp"
#include "core/saml/authn_request.hpp"
#include "core/saml/bindings.hpp"
#include "core/saml/logout.hpp"
#include "core/saml/metadata.hpp"
#include "core/saml/names.hpp"
#include "core/saml/response_validator.hpp"
#include "core/xmlsig/library.hpp"
#include "core/xmlsig/verifier.hpp"
#include "tests/e2e/mock-idp/idp_process.hpp"

using idp_test::body;
using idp_test::kAcs;
using idp_test::kAppId;
using idp_test::kSpEntity;
using idp_test::kTenant;
using nlohmann::json;
namespace saml = core::saml;

namespace {

const std::string kSaml2 = std::string("/") + kTenant + "/saml2";

std::string metadata_path() {
  return std::string("/") + kTenant +
         "/federationmetadata/2007-06/federationmetadata.xml?appid=" + kAppId;
}

saml::AuthnRequest request(const std::string& id = "_e2e1") {
  saml::AuthnRequest r;
  r.id = id;
  r.issuer = kSpEntity;
  r.assertion_consumer_service_url = kAcs;
  return r;
}

std::string redirect_target(const saml::AuthnRequest& r,
                            const std::string& hint = "alice@contoso.com") {
  std::string target =
      kSaml2 + "?" + saml::encode_redirect_query("SAMLRequest", saml::build_authn_request(r), "");
  if (!hint.empty()) target += "&login_hint=" + core::crypto::url_encode(hint);
  return target;
}

// The value of a hidden input of an auto-posting form.
std::string form_value(const std::string& html, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  const auto at = html.find(marker);
  if (at == std::string::npos) return "";
  const auto start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

std::vector<core::crypto::TrustedCert> trusted(httplib::Client& c) {
  auto res = c.Get(metadata_path().c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const auto md = saml::parse_idp_metadata(res->body);
  REQUIRE(md);
  return md->signing_certificates;
}

saml::ValidationResult validate(httplib::Client& c, const std::string& html,
                                const std::string& expected_request = "_e2e1") {
  const auto xml = core::crypto::base64_decode(form_value(html, "SAMLResponse"));
  REQUIRE(xml);
  saml::ValidatorConfig config;
  config.sp_entity_id = kSpEntity;
  config.acs_url = kAcs;
  config.idp_entity_id = std::string("https://sts.windows.net/") + kTenant + "/";
  config.trusted_certificates = trusted(c);
  core::util::SystemClock clock;
  saml::ResponseValidator validator(config, clock, nullptr);
  return validator.validate(*xml, [&](std::string_view id) { return id == expected_request; });
}

// The AADSTS code an error answer carries, asking for JSON.
int aadsts_json(httplib::Client& c, const std::string& target) {
  httplib::Headers h{{"Accept", "application/json"}};
  auto res = c.Get(target.c_str(), h);
  REQUIRE(res);
  CHECK(res->status >= 400);
  json j = body(res);
  CHECK(j["error_description"].get<std::string>().find("Trace ID:") != std::string::npos);
  return j["error_codes"][0].get<int>();
}

// The AADSTS code shown on the HTML error page.
std::string aadsts_html(httplib::Client& c, const std::string& target) {
  auto res = c.Get(target.c_str());
  REQUIRE(res);
  CHECK(res->status >= 400);
  CHECK(res->get_header_value("Content-Type").find("text/html") == 0);
  CHECK(res->body.find("Sorry, but we&#39;re having trouble signing you in.") != std::string::npos);
  const auto at = res->body.find("data-code=\"");
  REQUIRE(at != std::string::npos);
  return res->body.substr(at + 11, res->body.find('"', at + 11) - at - 11);
}

}  // namespace

TEST_CASE("sso: federation metadata at Azure's per-app path, signed, with a BOM",
          "[e2e][mock-idp][sso]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start({"--public-url", "https://login.lab.test"});
  auto c = server.client();
  auto res = c->Get(metadata_path().c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->body.rfind("\xEF\xBB\xBF<EntityDescriptor", 0) == 0);
  const auto md = saml::parse_idp_metadata(res->body);
  REQUIRE(md);
  CHECK(md->entity_id == std::string("https://sts.windows.net/") + kTenant + "/");
  CHECK(md->sso_location(saml::names::kBindingPost) ==
        std::string("https://login.lab.test/") + kTenant + "/saml2");
  CHECK(md->slo_location(saml::names::kBindingRedirect).has_value());
  CHECK(md->signing_certificates[0].subject() == "CN=Microsoft Azure Federated SSO Certificate");
  const auto v = core::xmlsig::verify_enveloped(
      res->body.substr(3), {{std::string(saml::names::kMetadataNs), "EntityDescriptor"}},
      md->signing_certificates);
  INFO(v.detail);
  CHECK(v.ok());
  // Upper-case path as in the tenant-level URL works too; unknown app and tenant do not.
  CHECK(c->Get((std::string("/") + kTenant +
                "/FederationMetadata/2007-06/FederationMetadata.xml?appid=" + kAppId)
                   .c_str())
            ->status == 200);
  CHECK(c->Get((std::string("/") + kTenant +
                "/federationmetadata/2007-06/federationmetadata.xml?appid=nope")
                   .c_str())
            ->status == 404);
  CHECK(c->Get("/other-tenant/federationmetadata/2007-06/federationmetadata.xml?appid=x")->status ==
        400);
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: SP-initiated Redirect round trip with the non-interactive login",
          "[e2e][mock-idp][sso]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start({"--auto-approve"});
  auto c = server.client();
  auto res = c->Get(redirect_target(request()).c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->body.find(std::string("action=\"") + kAcs + "\"") != std::string::npos);
  CHECK(res->get_header_value("Set-Cookie").find("ESTSAUTH=") == 0);
  const auto v = validate(*c, res->body);
  INFO(v.verdict.detail);
  REQUIRE(v.ok());
  CHECK(v.assertion->name_id == "alice@contoso.com");
  CHECK(v.assertion->assertion_signed);
  CHECK_FALSE(v.assertion->response_signed);
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: tenant-level metadata carries the tenant's key, which the app's Responses fail",
          "[e2e][mock-idp][sso]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start({"--auto-approve"});
  auto c = server.client();
  const std::string path =
      std::string("/") + kTenant + "/FederationMetadata/2007-06/FederationMetadata.xml";
  auto res = c->Get(path.c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->body.rfind("<EntityDescriptor", 0) == 0);  // no BOM on the tenant document
  const auto md = saml::parse_idp_metadata(res->body);
  REQUIRE(md);
  CHECK(md->entity_id == std::string("https://sts.windows.net/") + kTenant + "/");
  REQUIRE(md->signing_certificates.size() == 1);
  CHECK(md->signing_certificates[0].subject() == "CN=accounts.accesscontrol.windows.net");
  const auto v = core::xmlsig::verify_enveloped(
      res->body, {{std::string(saml::names::kMetadataNs), "EntityDescriptor"}},
      md->signing_certificates);
  INFO(v.detail);
  CHECK(v.ok());
  // The same key every time (until reset: the tenant key survives it too).
  CHECK(saml::parse_idp_metadata(c->Get(path.c_str())->body)->signing_certificates ==
        md->signing_certificates);
  const auto app_certs = trusted(*c);
  CHECK(std::find(app_certs.begin(), app_certs.end(), md->signing_certificates[0]) ==
        app_certs.end());

  // An SP that imported the tenant document refuses the app's Response (untrusted key); the
  // per-app document's certificate accepts it.
  auto signed_in = c->Get(redirect_target(request()).c_str());
  REQUIRE(signed_in);
  REQUIRE(signed_in->status == 200);
  const auto xml = core::crypto::base64_decode(form_value(signed_in->body, "SAMLResponse"));
  REQUIRE(xml);
  saml::ValidatorConfig config;
  config.sp_entity_id = kSpEntity;
  config.acs_url = kAcs;
  config.trusted_certificates = md->signing_certificates;
  core::util::SystemClock clock;
  const auto outstanding = [](std::string_view id) { return id == "_e2e1"; };
  const auto refused = saml::ResponseValidator(config, clock, nullptr).validate(*xml, outstanding);
  CHECK(refused.verdict.reason == saml::Reason::kUntrustedKey);
  config.trusted_certificates = app_certs;
  CHECK(saml::ResponseValidator(config, clock, nullptr).validate(*xml, outstanding).ok());
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: HTTP-POST binding with a body over 8 KiB", "[e2e][mock-idp][sso]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start({"--auto-approve", "--default-user", "alice@contoso.com"});
  auto c = server.client();
  const std::string form =
      "SAMLRequest=" +
      core::crypto::url_encode(core::crypto::base64_encode(saml::build_authn_request(request()))) +
      "&RelayState=" + std::string(12000, 'r');
  auto res = c->Post(kSaml2.c_str(), form, "application/x-www-form-urlencoded");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(form_value(res->body, "RelayState") == std::string(12000, 'r'));
  CHECK(validate(*c, res->body).ok());
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: every signing option and algorithm verifies", "[e2e][mock-idp][sso]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start({"--auto-approve"});
  auto c = server.client();
  for (const char* option : {"assertion", "response", "both"}) {
    for (const char* alg : {"sha256", "sha1"}) {
      auto put = c->Put((std::string("/_harness/apps/") + kAppId + "/saml").c_str(),
                        json{{"signingOption", option}, {"signingAlgorithm", alg}}.dump(),
                        "application/json");
      REQUIRE(put);
      REQUIRE(put->status == 200);
      auto res = c->Get(redirect_target(request()).c_str());
      REQUIRE(res);
      REQUIRE(res->status == 200);
      const auto v = validate(*c, res->body);
      INFO(option << "/" << alg << ": " << v.verdict.detail);
      REQUIRE(v.ok());
      CHECK(v.assertion->assertion_signed == (std::string(option) != "response"));
      CHECK(v.assertion->response_signed == (std::string(option) != "assertion"));
      const auto xml = *core::crypto::base64_decode(form_value(res->body, "SAMLResponse"));
      CHECK((xml.find(std::string(saml::names::kAlgRsaSha1)) != std::string::npos) ==
            (std::string(alg) == "sha1"));
    }
  }
  auto bad = c->Put((std::string("/_harness/apps/") + kAppId + "/saml").c_str(),
                    R"({"signingOption":"everything"})", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: each AADSTS check, as an HTML page and as JSON", "[e2e][mock-idp][sso][aadsts]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start({"--auto-approve"});
  auto c = server.client();
  SECTION("AADSTS750054: no SAMLRequest") {
    CHECK(aadsts_json(*c, kSaml2) == 750054);
    CHECK(aadsts_html(*c, kSaml2 + "?login_hint=x") == "AADSTS750054");
  }
  SECTION("AADSTS75005: malformed request") {
    CHECK(aadsts_json(*c, kSaml2 + "?SAMLRequest=bm90LWRlZmxhdGU%3D") == 75005);
    CHECK(aadsts_html(*c, kSaml2 + "?SAMLRequest=%25%25") == "AADSTS75005");
  }
  SECTION("AADSTS700016: unknown issuer") {
    auto r = request();
    r.issuer = "https://unknown.example/sp";
    CHECK(aadsts_json(*c, redirect_target(r)) == 700016);
    CHECK(aadsts_html(*c, redirect_target(r)) == "AADSTS700016");
  }
  SECTION("AADSTS50011: ACS URL not among the reply URLs") {
    auto r = request();
    r.assertion_consumer_service_url = "https://evil.example/acs";
    CHECK(aadsts_json(*c, redirect_target(r)) == 50011);
    CHECK(aadsts_html(*c, redirect_target(r)) == "AADSTS50011");
  }
  SECTION("a Subject in the request") {
    auto r = request();
    r.has_subject = true;
    r.subject_name_id = "alice@contoso.com";
    CHECK(aadsts_json(*c, redirect_target(r)) == 75005);
  }
  SECTION("AADSTS75011: authn context mismatch") {
    auto r = request();
    r.requested_authn_context =
        saml::RequestedAuthnContext{"exact", {"urn:oasis:names:tc:SAML:2.0:ac:classes:Kerberos"}};
    CHECK(aadsts_json(*c, redirect_target(r)) == 75011);
  }
  SECTION("AADSTS7500529: invalid ID") {
    CHECK(aadsts_json(*c, redirect_target(request("9abc"))) == 7500529);
  }
  SECTION("AADSTS75016: NameIDPolicy format") {
    auto r = request();
    r.name_id_policy_present = true;
    r.name_id_format = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName";
    CHECK(aadsts_json(*c, redirect_target(r)) == 75016);
  }
  SECTION("AADSTS50105: not assigned (nested membership does not count)") {
    CHECK(aadsts_json(*c, redirect_target(request(), "dave@contoso.com")) == 50105);
    CHECK(aadsts_html(*c, redirect_target(request(), "frank@contoso.com")) == "AADSTS50105");
  }
  SECTION("AADSTS50057: disabled user") {
    CHECK(aadsts_json(*c, redirect_target(request(), "carol@contoso.com")) == 50057);
  }
  SECTION("AADSTS50034: unknown user") {
    CHECK(aadsts_json(*c, redirect_target(request(), "zed@contoso.com")) == 50034);
  }
  SECTION("AADSTS76021: signed requests required") {
    REQUIRE(c->Put((std::string("/_harness/apps/") + kAppId + "/saml").c_str(),
                   R"({"requireSignedRequests":true})", "application/json")
                ->status == 200);
    CHECK(aadsts_json(*c, redirect_target(request())) == 76021);
  }
  SECTION("AADSTS90002: unknown tenant") {
    CHECK(aadsts_json(*c, "/not-a-tenant/saml2?SAMLRequest=x") == 90002);
  }
  // No refused request left anything behind.
  auto ok = c->Get(redirect_target(request()).c_str());
  REQUIRE(ok);
  CHECK(ok->status == (ok->body.find("AADSTS76021") != std::string::npos ? 400 : 200));
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: the login page for demos", "[e2e][mock-idp][sso]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start();
  auto c = server.client();
  auto page = c->Get(redirect_target(request(), "").c_str());
  REQUIRE(page);
  REQUIRE(page->status == 200);
  CHECK(page->body.find("<form method=\"post\"") != std::string::npos);
  const std::string ctx = form_value(page->body, "ctx");
  REQUIRE_FALSE(ctx.empty());
  const std::string login = std::string("/") + kTenant + "/login";
  auto wrong = c->Post(login.c_str(), "ctx=" + ctx + "&login=alice%40contoso.com&passwd=wrong",
                       "application/x-www-form-urlencoded");
  REQUIRE(wrong);
  CHECK(wrong->body.find("AADSTS50126") != std::string::npos);
  auto ok = c->Post(login.c_str(), "ctx=" + ctx + "&login=alice%40contoso.com&passwd=Passw0rd%21",
                    "application/x-www-form-urlencoded");
  REQUIRE(ok);
  REQUIRE(ok->status == 200);
  CHECK(validate(*c, ok->body).ok());
  // The session cookie signs the next request in without the page.
  const std::string cookie = ok->get_header_value("Set-Cookie");
  httplib::Headers h{{"Cookie", cookie.substr(0, cookie.find(';'))}};
  auto again = c->Get(redirect_target(request("_e2e2"), "").c_str(), h);
  REQUIRE(again);
  CHECK(validate(*c, again->body, "_e2e2").ok());
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: IdP-initiated sign-in from the My Apps tile", "[e2e][mock-idp][sso]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start({"--auto-approve"});
  auto c = server.client();
  REQUIRE(c->Put((std::string("/_harness/apps/") + kAppId + "/saml").c_str(),
                 R"({"relayState":"https://portal.example/start"})", "application/json")
              ->status == 200);
  auto res = c->Get((std::string("/myapps/signin/") + kAppId + "?tenantId=" + kTenant +
                     "&login_hint=erin%40contoso.onmicrosoft.com")
                        .c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(form_value(res->body, "RelayState") == "https://portal.example/start");
  const auto v = validate(*c, res->body);
  REQUIRE(v.ok());
  CHECK_FALSE(v.assertion->in_response_to);
  CHECK(v.assertion->name_id == "erin@contoso.onmicrosoft.com");
  CHECK(v.assertion->attributes.size() == 6);  // no givenname, surname, emailaddress
  // The headless mint gives the same Response as JSON.
  auto mint = c->Post((std::string("/_harness/apps/") + kAppId + "/saml-response").c_str(),
                      R"({"user":"alice@contoso.com"})", "application/json");
  REQUIRE(mint);
  REQUIRE(mint->status == 200);
  CHECK(body(mint)["destination"] == kAcs);
  auto refused = c->Post((std::string("/_harness/apps/") + kAppId + "/saml-response").c_str(),
                         R"({"user":"dave@contoso.com"})", "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(body(refused)["error"]["code"] == "AADSTS50105");
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: faults make Responses that an SP must refuse", "[e2e][mock-idp][sso][faults]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start({"--auto-approve"});
  auto c = server.client();
  auto reason = [&](const json& faults) {
    REQUIRE(c->Post("/_harness/reset", "", "application/json")->status == 200);
    auto put = c->Put("/_harness/faults", faults.dump(), "application/json");
    REQUIRE(put);
    REQUIRE(put->status == 200);
    auto res = c->Get(redirect_target(request()).c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return validate(*c, res->body).verdict.reason;
  };
  CHECK(reason(json{{"unsigned", true}}) == saml::Reason::kNoSignature);
  CHECK(reason(json{{"foreignKey", true}}) == saml::Reason::kUntrustedKey);
  CHECK(reason(json{{"expired", true}}) == saml::Reason::kExpired);
  CHECK(reason(json{{"notYetValid", true}}) == saml::Reason::kNotYetValid);
  CHECK(reason(json{{"wrongAudience", true}}) == saml::Reason::kWrongAudience);
  CHECK(reason(json{{"wrongDestination", true}}) == saml::Reason::kWrongDestination);
  CHECK(reason(json{{"clockSkew", "PT10M"}}) == saml::Reason::kNotYetValid);
  CHECK(reason(json::object()) == saml::Reason::kOk);
  auto bad = c->Put("/_harness/faults", R"({"unsigned":"yes"})", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(body(c->Get("/_harness/faults"))["unsigned"] == false);
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: certificate rollover shows in metadata and signing", "[e2e][mock-idp][sso]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start({"--auto-approve"});
  auto c = server.client();
  const std::string base = std::string("/_harness/apps/") + kAppId + "/certificates";
  json before = body(c->Get(base.c_str()));
  REQUIRE(before["certificates"].size() == 1);
  const std::string old_thumb = before["certificates"][0]["thumbprint"];
  auto created = c->Post(base.c_str(), "", "application/json");
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string new_thumb = body(created)["thumbprint"];
  CHECK(trusted(*c).size() == 2);
  CHECK(c->Delete((base + "/" + old_thumb).c_str())->status == 400);  // still active
  REQUIRE(c->Post((base + "/" + new_thumb + "/activate").c_str(), "", "application/json")->status ==
          200);
  REQUIRE(c->Delete((base + "/" + old_thumb).c_str())->status == 204);
  const auto certs = trusted(*c);
  REQUIRE(certs.size() == 1);
  CHECK(certs[0].thumbprint_sha1() == new_thumb);
  auto res = c->Get(redirect_target(request()).c_str());
  REQUIRE(res);
  CHECK(validate(*c, res->body).ok());
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: SP metadata upload fills identifier and reply URL; bad files change nothing",
          "[e2e][mock-idp][sso]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start();
  auto c = server.client();
  const std::string path = std::string("/_harness/apps/") + kAppId + "/sp-metadata";
  saml::SpMetadataSpec spec;
  spec.entity_id = "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-93677a1b2c";
  spec.assertion_consumer_services = {
      {"https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/3f0e",
       std::string(saml::names::kBindingPost), 0, true}};
  auto ok = c->Put(path.c_str(), saml::build_sp_metadata(spec), "application/xml");
  REQUIRE(ok);
  REQUIRE(ok->status == 200);
  json saml_settings = body(c->Get((std::string("/_harness/apps/") + kAppId + "/saml").c_str()));
  CHECK(saml_settings["identifierUris"][0] == spec.entity_id);
  CHECK(saml_settings["replyUrls"][0] == spec.assertion_consumer_services[0].location);
  CHECK(saml_settings["signOnUrl"].is_null());
  for (const std::string& bad :
       {std::string("plain text"),
        "<!DOCTYPE md [<!ENTITY x \"y\">]>" + saml::build_sp_metadata(spec),
        std::string("<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                    "entityID=\"urn:x\"><SPSSODescriptor "
                    "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>"
                    "</EntityDescriptor>"),
        saml::build_sp_metadata(spec) + std::string(80000, ' ')}) {
    auto res = c->Put(path.c_str(), bad, "application/xml");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(body(res)["error"]["code"] == "InvalidMetadata");
  }
  CHECK(body(c->Get((std::string("/_harness/apps/") + kAppId + "/saml").c_str())) == saml_settings);
  CHECK(server.stop() == 0);
}

TEST_CASE("sso: single logout redirects to the Logout URL with a signed LogoutResponse",
          "[e2e][mock-idp][sso]") {
  core::xmlsig::Library lib;
  auto server = idp_test::start();
  auto c = server.client();
  REQUIRE(c->Put((std::string("/_harness/apps/") + kAppId + "/saml").c_str(),
                 R"({"logoutUrl":"https://sp.example/slo"})", "application/json")
              ->status == 200);
  saml::LogoutRequest lr;
  lr.id = "_slo1";
  lr.issuer = kSpEntity;
  lr.name_id = "alice@contoso.com";
  auto res =
      c->Get((kSaml2 + "?" +
              saml::encode_redirect_query("SAMLRequest", saml::build_logout_request(lr), "rs"))
                 .c_str());
  REQUIRE(res);
  REQUIRE(res->status == 302);
  const std::string location = res->get_header_value("Location");
  REQUIRE(location.rfind("https://sp.example/slo?", 0) == 0);
  // httplib's client percent-decodes Location headers; encode the values back as sent.
  std::string query;
  const std::string decoded_query = location.substr(location.find('?') + 1);
  std::size_t start = 0;
  while (start < decoded_query.size()) {
    auto end = decoded_query.find('&', start);
    if (end == std::string::npos) end = decoded_query.size();
    const std::string pair = decoded_query.substr(start, end - start);
    const auto eq = pair.find('=');
    query += (query.empty() ? "" : "&") + pair.substr(0, eq + 1) +
             core::crypto::url_encode(pair.substr(eq + 1));
    start = end + 1;
  }
  const auto decoded = saml::decode_redirect_query(query);
  REQUIRE(decoded);
  const auto certs = trusted(*c);
  const auto verdict = saml::verify_redirect_signature(decoded.value(), certs);
  INFO(verdict.detail << " / signed octets: " << decoded->signed_octets.substr(0, 80));
  CHECK(verdict.ok());
  const auto response = saml::parse_logout_response(decoded->xml);
  REQUIRE(response);
  CHECK(response->in_response_to == "_slo1");
  CHECK(server.stop() == 0);
}
