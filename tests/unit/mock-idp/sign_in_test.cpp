// The sign-in rules of the IdP, driven without sockets: each AADSTS check has its own test,
// and issued Responses are checked with the SP-side validator of core/saml.
#include "mock-idp/sso/sign_in.hpp"

#include <catch2/catch.hpp>

#include "core/crypto/encoding.hpp"
#include "core/saml/authn_request.hpp"
#include "core/saml/bindings.hpp"
#include "core/saml/logout.hpp"
#include "core/saml/metadata.hpp"
#include "core/saml/names.hpp"
#include "core/saml/response_validator.hpp"
#include "core/util/iso8601.hpp"
#include "core/xmlsig/library.hpp"
#include "mock-idp/config.hpp"
#include "mock-idp/sso/federation.hpp"

using nlohmann::json;
namespace d = mock_idp::directory;
namespace sso = mock_idp::sso;
namespace saml = core::saml;

namespace {

constexpr const char* kTenant = "8f2b1c6e-4d3a-4e59-9b7c-2a1d0e3f4c5b";
constexpr const char* kAppId = "3d5c9a1b-7e2f-4a6b-8c0d-9e1f2a3b4c5d";
constexpr const char* kSpEntity = "https://us-east-1.signin.aws.amazon.com/platform/saml/d-1";
constexpr const char* kAcs = "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/1";

json fixture() {
  return json::parse(R"({
    "users": [
      {"userPrincipalName": "alice@contoso.com", "displayName": "Alice Smith", "givenName": "Alice",
       "surname": "Smith", "mail": "alice@contoso.com", "password": "secret"},
      {"userPrincipalName": "bob@contoso.com", "displayName": "Bob", "mail": null},
      {"userPrincipalName": "carol@contoso.com", "displayName": "Carol", "accountEnabled": false},
      {"userPrincipalName": "dave@contoso.com", "displayName": "Dave"},
      {"userPrincipalName": "frank@contoso.com", "displayName": "Frank"}
    ],
    "groups": [
      {"displayName": "Admins", "members": ["alice@contoso.com", "Nested"]},
      {"displayName": "Nested", "members": ["dave@contoso.com"]}
    ],
    "apps": [{"appId": "3d5c9a1b-7e2f-4a6b-8c0d-9e1f2a3b4c5d", "displayName": "AWS",
              "saml": {"identifierUris": ["https://us-east-1.signin.aws.amazon.com/platform/saml/d-1"],
                       "replyUrls": ["https://us-east-1.signin.aws.amazon.com/platform/saml/acs/1"],
                       "logoutUrl": "https://sp.example/slo", "relayState": "https://portal/start"},
              "assignments": ["Admins", "bob@contoso.com", "carol@contoso.com"]}]
  })");
}

struct Idp {
  core::xmlsig::Library library;
  core::util::ManualClock clock{*core::util::parse_datetime("2026-06-01T12:00:00Z")};
  core::util::IdGenerator ids{7};
  d::Directory dir{d::Tenant{kTenant, "Contoso", {"contoso.onmicrosoft.com", "contoso.com"}}, clock,
                   ids};
  sso::CertificateStore certs{clock, ids};
  sso::SignInService service{
      dir, certs, clock, ids,
      core::crypto::make_signing_credential(sso::kCertificateCn, clock.now(),
                                            clock.now() + std::chrono::hours(24), ids)};

  Idp() {
    mock_idp::load_fixture(fixture(), dir, certs);
    sso::SignInSettings s;
    s.auto_approve = true;
    service.set_settings(s);
  }

  std::string sp_id() { return dir.get_service_principal(kAppId).id; }

  saml::AuthnRequest request() {
    saml::AuthnRequest r;
    r.id = "_req1";
    r.issue_instant = clock.now();
    r.issuer = kSpEntity;
    r.assertion_consumer_service_url = kAcs;
    return r;
  }

  sso::Outcome redirect(const std::string& xml,
                        std::optional<std::string> hint = "alice@contoso.com",
                        std::string tenant = kTenant, std::optional<std::string> session = {}) {
    sso::SamlEndpointRequest in;
    in.tenant = std::move(tenant);
    in.raw_query = saml::encode_redirect_query("SAMLRequest", xml, "relay-1");
    in.login_hint = std::move(hint);
    in.session = std::move(session);
    return service.saml2(in);
  }

  sso::Outcome send(const saml::AuthnRequest& r,
                    std::optional<std::string> hint = "alice@contoso.com") {
    return redirect(saml::build_authn_request(r), std::move(hint));
  }

  saml::ValidationResult validate(const std::string& xml, bool unsolicited = false) {
    saml::ValidatorConfig config;
    config.sp_entity_id = kSpEntity;
    config.acs_url = kAcs;
    config.idp_entity_id = std::string("https://sts.windows.net/") + kTenant + "/";
    config.trusted_certificates = certs.published(sp_id());
    config.allow_unsolicited = unsolicited;
    saml::ResponseValidator validator(config, clock, nullptr);
    return validator.validate(xml, [](std::string_view id) { return id == "_req1"; });
  }
};

int code(const sso::Outcome& o) {
  if (o.kind != sso::Outcome::Kind::kError || !o.error) return 0;
  return o.error->code;
}

std::vector<std::string> claim_names(const saml::ValidatedAssertion& a) {
  std::vector<std::string> out;
  for (const auto& c : a.attributes) out.push_back(c.name);
  return out;
}

}  // namespace

TEST_CASE("sign-in: an SP-initiated request with login_hint is answered with a signed Response",
          "[mock-idp][sign-in]") {
  Idp idp;
  const auto o = idp.send(idp.request());
  REQUIRE(o.kind == sso::Outcome::Kind::kPostForm);
  CHECK(o.acs_url == kAcs);
  CHECK(o.relay_state == "relay-1");
  CHECK(o.html.find("name=\"SAMLResponse\"") != std::string::npos);
  CHECK(o.set_session);
  const auto v = idp.validate(o.response_xml);
  INFO(v.verdict.detail);
  REQUIRE(v.ok());
  CHECK(v.assertion->name_id == "alice@contoso.com");
  CHECK(v.assertion->name_id_format == saml::names::kNameIdEmail);
  CHECK(v.assertion->in_response_to == "_req1");
  CHECK(v.assertion->assertion_signed);
  CHECK_FALSE(v.assertion->response_signed);  // Azure's default: sign the assertion only
  CHECK(v.assertion->session_index == v.assertion->assertion_id);
  CHECK(claim_names(*v.assertion) ==
        std::vector<std::string>{
            std::string(saml::names::kClaimTenantId), std::string(saml::names::kClaimObjectId),
            std::string(saml::names::kClaimDisplayName),
            std::string(saml::names::kClaimIdentityProvider),
            std::string(saml::names::kClaimAuthnMethodsReferences),
            std::string(saml::names::kClaimGivenName), std::string(saml::names::kClaimSurname),
            std::string(saml::names::kClaimEmailAddress), std::string(saml::names::kClaimName)});
  // Conditions: NotOnOrAfter is issuance + 60 minutes by the injected clock.
  CHECK(v.assertion->not_on_or_after == idp.clock.now() + std::chrono::minutes(60));
}

TEST_CASE("sign-in: claims whose source is null are left out", "[mock-idp][sign-in]") {
  Idp idp;
  const auto o = idp.send(idp.request(), "bob@contoso.com");
  REQUIRE(o.kind == sso::Outcome::Kind::kPostForm);
  const auto v = idp.validate(o.response_xml);
  REQUIRE(v.ok());
  const auto names = claim_names(*v.assertion);
  CHECK(std::find(names.begin(), names.end(), std::string(saml::names::kClaimEmailAddress)) ==
        names.end());
  CHECK(std::find(names.begin(), names.end(), std::string(saml::names::kClaimGivenName)) ==
        names.end());
  CHECK(names.size() == 6);
}

TEST_CASE("sign-in: signing options and algorithms", "[mock-idp][sign-in]") {
  Idp idp;
  for (const char* option : {"assertion", "response", "both"}) {
    for (const char* alg : {"sha256", "sha1"}) {
      sso::SignInFaults none;
      idp.service.set_faults(none);
      idp.dir.update_service_principal(kAppId, [&](d::ServicePrincipal& sp) {
        sp.saml.signing_option = std::string(option) == "assertion"  ? d::SigningOption::kAssertion
                                 : std::string(option) == "response" ? d::SigningOption::kResponse
                                                                     : d::SigningOption::kBoth;
        sp.saml.algorithm =
            std::string(alg) == "sha1" ? d::SigningAlgorithm::kSha1 : d::SigningAlgorithm::kSha256;
      });
      const auto o = idp.send(idp.request());
      REQUIRE(o.kind == sso::Outcome::Kind::kPostForm);
      const auto v = idp.validate(o.response_xml);
      INFO(option << " " << alg << ": " << v.verdict.detail);
      REQUIRE(v.ok());
      CHECK(v.assertion->assertion_signed == (std::string(option) != "response"));
      CHECK(v.assertion->response_signed == (std::string(option) != "assertion"));
      const bool sha1 =
          o.response_xml.find(std::string(saml::names::kAlgRsaSha1)) != std::string::npos;
      CHECK(sha1 == (std::string(alg) == "sha1"));
    }
  }
}

TEST_CASE("sign-in: AADSTS750054 without SAMLRequest, AADSTS90002 for an unknown tenant",
          "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  sso::SamlEndpointRequest in;
  in.tenant = kTenant;
  in.raw_query = "login_hint=alice%40contoso.com";
  CHECK(code(idp.service.saml2(in)) == 750054);
  in.post = true;
  CHECK(code(idp.service.saml2(in)) == 750054);
  CHECK(code(idp.redirect(saml::build_authn_request(idp.request()), "alice@contoso.com",
                          "other.onmicrosoft.com")) == 90002);
  // A verified domain works as the tenant segment too.
  CHECK(idp.redirect(saml::build_authn_request(idp.request()), "alice@contoso.com", "contoso.com")
            .kind == sso::Outcome::Kind::kPostForm);
}

TEST_CASE("sign-in: AADSTS75005 for malformed and hostile requests",
          "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  SECTION("not base64/deflate") {
    sso::SamlEndpointRequest in;
    in.tenant = kTenant;
    in.raw_query = "SAMLRequest=%%%";
    CHECK(code(idp.service.saml2(in)) == 75005);
  }
  SECTION("not XML") { CHECK(code(idp.redirect("hello")) == 75005); }
  SECTION("DOCTYPE with entity expansion") {
    const std::string xml =
        "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>" +
        saml::build_authn_request(idp.request());
    CHECK(code(idp.redirect(xml)) == 75005);
  }
  SECTION("wrong namespace") {
    std::string xml = saml::build_authn_request(idp.request());
    const auto at = xml.find(saml::names::kProtocolNs);
    REQUIRE(at != std::string::npos);
    xml.replace(at, saml::names::kProtocolNs.size(), "urn:example:not-saml");
    CHECK(code(idp.redirect(xml)) == 75005);
  }
  SECTION("comment inside Issuer") {
    std::string xml = saml::build_authn_request(idp.request());
    const auto at = xml.find("/platform/saml/d-1<");
    REQUIRE(at != std::string::npos);
    xml.insert(at + 5, "<!---->");
    CHECK(code(idp.redirect(xml)) == 75005);
  }
  SECTION("oversized") { CHECK(code(idp.redirect(std::string(200 * 1024, ' '))) == 75005); }
  SECTION("a Subject in the request") {
    auto r = idp.request();
    r.has_subject = true;
    r.subject_name_id = "alice@contoso.com";
    const auto o = idp.send(r);
    CHECK(code(o) == 75005);
    CHECK(o.error->message.find("login_hint") != std::string::npos);
  }
  SECTION("Comparison other than exact") {
    auto r = idp.request();
    r.requested_authn_context =
        saml::RequestedAuthnContext{"minimum", {std::string(saml::names::kAcPassword)}};
    CHECK(code(idp.send(r)) == 75005);
  }
}

TEST_CASE("sign-in: AADSTS7500529 for an ID that starts with a digit",
          "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  auto r = idp.request();
  r.id = "1abc";
  CHECK(code(idp.send(r)) == 7500529);
}

TEST_CASE("sign-in: AADSTS700016 for an unknown issuer", "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  auto r = idp.request();
  r.issuer = "https://unknown.example/sp";
  const auto o = idp.send(r);
  CHECK(code(o) == 700016);
  CHECK(o.error->message.find("https://unknown.example/sp") != std::string::npos);
}

TEST_CASE("sign-in: AADSTS50011 when the ACS URL is not a reply URL",
          "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  auto r = idp.request();
  r.assertion_consumer_service_url = "https://evil.example/acs";
  CHECK(code(idp.send(r)) == 50011);
  SECTION("no ACS URL in the request uses the default reply URL") {
    r.assertion_consumer_service_url.reset();
    const auto o = idp.send(r);
    REQUIRE(o.kind == sso::Outcome::Kind::kPostForm);
    CHECK(o.acs_url == kAcs);
  }
  SECTION("no reply URL configured at all") {
    idp.dir.update_application(kAppId, [](d::Application& a) { a.redirect_uris.clear(); });
    r.assertion_consumer_service_url.reset();
    CHECK(code(idp.send(r)) == 50011);
  }
}

TEST_CASE("sign-in: AADSTS75011 when the requested authn context is not a password",
          "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  auto r = idp.request();
  r.requested_authn_context =
      saml::RequestedAuthnContext{"exact", {"urn:oasis:names:tc:SAML:2.0:ac:classes:X509"}};
  CHECK(code(idp.send(r)) == 75011);
  r.requested_authn_context->class_refs.push_back(
      std::string(saml::names::kAcPasswordProtectedTransport));
  CHECK(idp.send(r).kind == sso::Outcome::Kind::kPostForm);
}

TEST_CASE("sign-in: AADSTS75016 for an unsupported NameIDPolicy format; persistent is honoured",
          "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  auto r = idp.request();
  r.name_id_policy_present = true;
  r.name_id_format = "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos";
  CHECK(code(idp.send(r)) == 75016);
  r.name_id_format = std::string(saml::names::kNameIdPersistent);
  const auto o = idp.send(r);
  REQUIRE(o.kind == sso::Outcome::Kind::kPostForm);
  CHECK(o.response_xml.find(std::string(saml::names::kNameIdPersistent)) != std::string::npos);
}

TEST_CASE("sign-in: AADSTS76021 when the app requires signed requests",
          "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  idp.dir.update_service_principal(
      kAppId, [](d::ServicePrincipal& sp) { sp.saml.require_signed_requests = true; });
  CHECK(code(idp.send(idp.request())) == 76021);
  // A request signed with the Redirect binding's query signature is accepted.
  const auto key = core::crypto::SigningKey::generate_rsa(2048);
  sso::SamlEndpointRequest in;
  in.tenant = kTenant;
  in.raw_query = saml::encode_redirect_query("SAMLRequest",
                                             saml::build_authn_request(idp.request()), "", &key);
  in.login_hint = "alice@contoso.com";
  CHECK(idp.service.saml2(in).kind == sso::Outcome::Kind::kPostForm);
}

TEST_CASE("sign-in: user checks (AADSTS50034, 50057, 50105)", "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  CHECK(code(idp.send(idp.request(), "nobody@contoso.com")) == 50034);
  CHECK(code(idp.send(idp.request(), "carol@contoso.com")) == 50057);
  // dave is only a member of a group nested in the assigned group.
  const auto o = idp.send(idp.request(), "dave@contoso.com");
  CHECK(code(o) == 50105);
  CHECK(o.error->http_status == 403);
  CHECK(code(idp.send(idp.request(), "frank@contoso.com")) == 50105);
  SECTION("assignment not required lets everyone in") {
    idp.dir.update_service_principal(
        kAppId, [](d::ServicePrincipal& sp) { sp.app_role_assignment_required = false; });
    CHECK(idp.send(idp.request(), "frank@contoso.com").kind == sso::Outcome::Kind::kPostForm);
  }
}

TEST_CASE("sign-in: AADSTS501241 when the NameID source is empty", "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  idp.dir.update_service_principal(
      kAppId, [](d::ServicePrincipal& sp) { sp.saml.name_id_source = "user.mail"; });
  CHECK(code(idp.send(idp.request(), "bob@contoso.com")) == 501241);
  CHECK(idp.send(idp.request(), "alice@contoso.com").kind == sso::Outcome::Kind::kPostForm);
}

TEST_CASE("sign-in: the login page, wrong password, then a session", "[mock-idp][sign-in]") {
  Idp idp;
  idp.service.set_settings(sso::SignInSettings{});  // interactive
  const auto page = idp.send(idp.request(), std::nullopt);
  REQUIRE(page.kind == sso::Outcome::Kind::kLoginPage);
  CHECK(page.app_name == "AWS");
  const auto wrong = idp.service.login(kTenant, page.context_id, "alice@contoso.com", "nope");
  REQUIRE(wrong.kind == sso::Outcome::Kind::kLoginPage);
  CHECK(wrong.login_error->find("AADSTS50126") == 0);
  const auto unknown = idp.service.login(kTenant, page.context_id, "zed@contoso.com", "x");
  REQUIRE(unknown.kind == sso::Outcome::Kind::kLoginPage);
  CHECK(unknown.login_error->find("AADSTS50034") == 0);
  const auto ok = idp.service.login(kTenant, page.context_id, "alice@contoso.com", "secret");
  REQUIRE(ok.kind == sso::Outcome::Kind::kPostForm);
  REQUIRE(ok.set_session);
  CHECK(idp.validate(ok.response_xml).ok());
  // The context is used up.
  CHECK(code(idp.service.login(kTenant, page.context_id, "alice@contoso.com", "secret")) == 50058);
  // The session signs the next request in without the page.
  const auto again =
      idp.redirect(saml::build_authn_request(idp.request()), std::nullopt, kTenant, ok.set_session);
  CHECK(again.kind == sso::Outcome::Kind::kPostForm);
  SECTION("ForceAuthn ignores the session") {
    auto r = idp.request();
    r.force_authn = true;
    CHECK(idp.redirect(saml::build_authn_request(r), std::nullopt, kTenant, ok.set_session).kind ==
          sso::Outcome::Kind::kLoginPage);
  }
  SECTION("the login page expires after 15 minutes") {
    const auto p2 = idp.send(idp.request(), std::nullopt);
    idp.clock.advance(std::chrono::minutes(16));
    CHECK(code(idp.service.login(kTenant, p2.context_id, "alice@contoso.com", "secret")) == 50058);
  }
  SECTION("a disabled user gets the error page, not the form") {
    const auto p3 = idp.send(idp.request(), std::nullopt);
    CHECK(code(idp.service.login(kTenant, p3.context_id, "carol@contoso.com", "x")) == 50057);
  }
}

TEST_CASE("sign-in: IsPassive without a session answers AADSTS50058 to the SP, no login page",
          "[mock-idp][sign-in][aadsts]") {
  Idp idp;
  idp.service.set_settings(sso::SignInSettings{});  // interactive
  auto r = idp.request();
  r.is_passive = true;
  const auto o = idp.send(r, std::nullopt);
  REQUIRE(o.kind == sso::Outcome::Kind::kPostForm);
  CHECK(o.response_xml.find(std::string(saml::names::kStatusRequester)) != std::string::npos);
  CHECK(o.response_xml.find("AADSTS50058") != std::string::npos);
  CHECK(o.response_xml.find("Assertion") == std::string::npos);
  CHECK(idp.validate(o.response_xml).verdict.reason == saml::Reason::kStatusNotSuccess);
  // Auto-approval needs no UI, so a passive request with a hint still signs in.
  sso::SignInSettings s;
  s.auto_approve = true;
  idp.service.set_settings(s);
  CHECK(idp.send(r).kind == sso::Outcome::Kind::kPostForm);
  CHECK(idp.validate(idp.send(r).response_xml).ok());
}

TEST_CASE("sign-in: IdP-initiated posts an unsolicited Response with the relay state",
          "[mock-idp][sign-in]") {
  Idp idp;
  const auto o = idp.service.idp_initiated(kTenant, kAppId, "alice@contoso.com", std::nullopt);
  REQUIRE(o.kind == sso::Outcome::Kind::kPostForm);
  CHECK(o.relay_state == "https://portal/start");
  CHECK(o.response_xml.find("InResponseTo") == std::string::npos);
  const auto v = idp.validate(o.response_xml, true);
  REQUIRE(v.ok());
  CHECK_FALSE(v.assertion->in_response_to);
  CHECK(code(idp.service.idp_initiated(kTenant, "no-such-app", "alice@contoso.com", {})) == 700016);
  SECTION("with a Sign-on URL the tile goes to the SP") {
    idp.dir.update_service_principal(kAppId, [](d::ServicePrincipal& sp) {
      sp.login_url = "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/x";
    });
    const auto r = idp.service.idp_initiated(kTenant, kAppId, "alice@contoso.com", {});
    CHECK(r.kind == sso::Outcome::Kind::kRedirect);
    CHECK(r.location == "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/x");
  }
}

TEST_CASE("sign-in: faults make the SP's validator refuse the Response", "[mock-idp][faults]") {
  Idp idp;
  auto run = [&](const json& faults) {
    sso::SignInFaults f;
    REQUIRE_FALSE(sso::apply_faults(faults, f));
    idp.service.set_faults(f);
    const auto o = idp.send(idp.request());
    REQUIRE(o.kind == sso::Outcome::Kind::kPostForm);
    return idp.validate(o.response_xml).verdict.reason;
  };
  CHECK(run(json{{"unsigned", true}}) == saml::Reason::kNoSignature);
  CHECK(run(json{{"foreignKey", true}}) == saml::Reason::kUntrustedKey);
  CHECK(run(json{{"expired", true}}) == saml::Reason::kExpired);
  CHECK(run(json{{"notYetValid", true}}) == saml::Reason::kNotYetValid);
  CHECK(run(json{{"wrongAudience", true}}) == saml::Reason::kWrongAudience);
  CHECK(run(json{{"wrongDestination", true}}) == saml::Reason::kWrongDestination);
  CHECK(run(json{{"clockSkew", "PT10M"}}) == saml::Reason::kNotYetValid);
  CHECK(run(json{{"clockSkew", "PT1M"}}) == saml::Reason::kOk);
}

TEST_CASE("sign-in: single logout answers the app's Logout URL", "[mock-idp][sign-in]") {
  Idp idp;
  saml::LogoutRequest lr;
  lr.id = "_lo1";
  lr.issue_instant = idp.clock.now();
  lr.issuer = kSpEntity;
  lr.name_id = "alice@contoso.com";
  const auto o = idp.redirect(saml::build_logout_request(lr), std::nullopt);
  REQUIRE(o.kind == sso::Outcome::Kind::kRedirect);
  CHECK(o.clear_session);
  REQUIRE(o.location.rfind("https://sp.example/slo?SAMLResponse=", 0) == 0);
  const auto decoded = saml::decode_redirect_query(o.location.substr(o.location.find('?') + 1));
  REQUIRE(decoded);
  CHECK(decoded->relay_state == "relay-1");
  CHECK(saml::verify_redirect_signature(decoded.value(), idp.certs.published(idp.sp_id())).ok());
  const auto response = saml::parse_logout_response(decoded->xml);
  REQUIRE(response);
  CHECK(response->in_response_to == "_lo1");
  CHECK(response->issuer == std::string("https://login.microsoftonline.com/") + kTenant + "/");
  SECTION("unknown issuer") {
    lr.issuer = "urn:nobody";
    CHECK(code(idp.redirect(saml::build_logout_request(lr), std::nullopt)) == 700016);
  }
}

TEST_CASE("federation metadata: Azure's entity id, every certificate, signed",
          "[mock-idp][metadata]") {
  Idp idp;
  idp.certs.create(idp.sp_id());  // a second, inactive certificate (rollover)
  const auto xml = sso::app_federation_metadata(idp.dir, idp.certs, kAppId, "http://idp.test",
                                                idp.clock.now(), idp.ids);
  CHECK(xml.rfind("\xEF\xBB\xBF", 0) == 0);
  const auto md = saml::parse_idp_metadata(xml);
  REQUIRE(md);
  CHECK(md->entity_id == std::string("https://sts.windows.net/") + kTenant + "/");
  CHECK(md->sso_location(saml::names::kBindingRedirect) ==
        std::string("http://idp.test/") + kTenant + "/saml2");
  CHECK(md->signing_certificates.size() == 2);
  CHECK(md->signed_document);
  CHECK_THROWS_AS(sso::app_federation_metadata(idp.dir, idp.certs, "nope", "http://x",
                                               idp.clock.now(), idp.ids),
                  d::GraphError);
}

TEST_CASE("certificates: Azure's subject, three years, rollover rules", "[mock-idp][metadata]") {
  Idp idp;
  const auto sp = idp.sp_id();
  const auto first = idp.certs.list(sp);
  REQUIRE(first.size() == 1);
  const auto& cert = first[0].credential.certificate;
  CHECK(cert.subject() == "CN=Microsoft Azure Federated SSO Certificate");
  CHECK(cert.not_after() == core::util::add_years(cert.not_before(), 3));
  CHECK(first[0].active);
  const auto second = idp.certs.create(sp);
  CHECK_FALSE(second.active);
  CHECK_THROWS_AS(idp.certs.remove(sp, first[0].thumbprint), std::invalid_argument);
  CHECK(idp.certs.activate(sp, second.thumbprint));
  CHECK(idp.certs.remove(sp, first[0].thumbprint));
  CHECK(idp.certs.signer(sp, idp.clock.now())->thumbprint == second.thumbprint);
  CHECK_THROWS_AS(idp.certs.create(sp, idp.clock.now() + std::chrono::hours(24 * 365 * 4)),
                  std::invalid_argument);
  CHECK_THROWS_AS(idp.certs.create(sp, idp.clock.now() - std::chrono::hours(1)),
                  std::invalid_argument);
  SECTION("an expired active certificate gives way to a valid one") {
    const auto short_lived = idp.certs.create(sp, idp.clock.now() + std::chrono::hours(48));
    idp.certs.activate(sp, short_lived.thumbprint);
    idp.clock.advance(std::chrono::hours(72));
    CHECK(idp.certs.signer(sp, idp.clock.now())->thumbprint == second.thumbprint);
  }
}

TEST_CASE("sp metadata upload: fills identifier and reply URL only; bad documents change nothing",
          "[mock-idp][metadata]") {
  Idp idp;
  saml::SpMetadataSpec spec;
  spec.entity_id = "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-2";
  spec.assertion_consumer_services = {
      {"https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/2",
       std::string(saml::names::kBindingPost), 0, true}};
  const auto app = sso::upload_sp_metadata(idp.dir, kAppId, saml::build_sp_metadata(spec));
  CHECK(app.identifier_uris.front() == spec.entity_id);
  CHECK(app.redirect_uris.front() == spec.assertion_consumer_services[0].location);
  CHECK(app.redirect_uris.size() == 2);                          // the earlier reply URL stays
  CHECK_FALSE(idp.dir.get_service_principal(kAppId).login_url);  // never filled
  const auto before = idp.dir.get_application(kAppId);
  auto refused = [&](const std::string& xml) {
    CHECK_THROWS_AS(sso::upload_sp_metadata(idp.dir, kAppId, xml), d::GraphError);
    CHECK(idp.dir.get_application(kAppId).redirect_uris == before.redirect_uris);
    CHECK(idp.dir.get_application(kAppId).identifier_uris == before.identifier_uris);
  };
  refused("not xml at all");
  refused("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" +
          saml::build_sp_metadata(spec));
  refused(
      "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
      "entityID=\"urn:x\"><md:SPSSODescriptor "
      "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>"
      "</md:EntityDescriptor>");
  refused("<x:EntityDescriptor xmlns:x=\"urn:not-metadata\" entityID=\"urn:x\"/>");
  refused(saml::build_sp_metadata(spec) + std::string(80'000, ' '));
}
