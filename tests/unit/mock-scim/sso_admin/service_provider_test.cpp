#include "mock-scim/sp/service_provider.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>

#include "core/crypto/encoding.hpp"
#include "core/saml/metadata.hpp"
#include "core/saml/response_builder.hpp"
#include "core/xmlsig/library.hpp"
#include "tests/unit/mock-scim/sso_admin/fixture.hpp"

using namespace mock_scim;
using namespace sso_admin_test;

namespace {

constexpr const char* kIdp = "https://sts.windows.net/tenant/";

std::string form_of(const std::string& xml) {
  std::string b64 = core::crypto::base64_encode(xml);
  std::string out = "SAMLResponse=";
  for (const char c : b64) {
    if (c == '+')
      out += "%2B";
    else if (c == '/')
      out += "%2F";
    else if (c == '=')
      out += "%3D";
    else
      out += c;
  }
  return out;
}

struct SpFixture : Fixture {
  core::xmlsig::Library library;
  core::crypto::SigningCredential idp = core::crypto::make_signing_credential(
      "IdP", clock.now() - std::chrono::hours(24), clock.now() + std::chrono::hours(24 * 365), ids);
  sp::ServiceProvider provider{
      org,   dir, service,
      clock, ids, sp::SpOptions{[] { return std::string("http://127.0.0.1:1"); }}};

  SpFixture() {
    core::saml::IdpMetadataSpec spec;
    spec.entity_id = kIdp;
    spec.tenant_id = "tenant";
    spec.sso_url = "https://login.example.test/tenant/saml2";
    spec.wsfed_url = "https://login.example.test/tenant/wsfed";
    spec.signing_certificates = {idp.certificate};
    REQUIRE(provider.identity_source()
                .set_metadata(core::saml::build_idp_metadata(spec, idp, ids), clock.now())
                .ok());
  }

  std::string signed_response(const std::string& name_id) {
    core::saml::ResponseSpec r;
    r.issuer = kIdp;
    r.destination = provider.acs_url();
    r.audience = provider.entity_id();
    r.name_id = name_id;
    r.issue_instant = clock.now();
    r.authn_instant = clock.now();
    return core::saml::build_response(r, idp, {}, ids).xml;
  }
};

}  // namespace

TEST_CASE("service provider: a valid response opens a session", "[sp]") {
  SpFixture f;
  const auto result = f.provider.consume(form_of(f.signed_response("alice@example.com")));
  REQUIRE(result.ok());
  const auto s = f.provider.session(result.session_token);
  REQUIRE(s.has_value());
  CHECK(s->user_id == kAlice);
  CHECK(s->expires == f.clock.now() + std::chrono::hours(8));
  f.clock.advance(std::chrono::hours(8));
  CHECK_FALSE(f.provider.session(result.session_token).has_value());
}

TEST_CASE("service provider: NameID must be an active user's exact userName", "[sp]") {
  SpFixture f;
  CHECK(f.provider.consume(form_of(f.signed_response("ALICE@example.com"))).reason ==
        "unknown_user");
  CHECK(f.provider.consume(form_of(f.signed_response("bob@example.com"))).reason ==
        "inactive_user");
  CHECK(f.provider.consume("RelayState=%2Fstart").reason == "missing_saml_response");
  f.provider.identity_source().clear();
  CHECK(f.provider.consume(form_of(f.signed_response("alice@example.com"))).reason ==
        "no_identity_source");
}

TEST_CASE("service provider: the portal subdomain is set once", "[sp]") {
  SpFixture f;
  CHECK(f.provider.portal_url() == "https://d-9067729b3d.awsapps.com/start");
  CHECK(f.provider.set_portal_subdomain("My-Corp").has_value());
  CHECK(f.provider.set_portal_subdomain("-corp").has_value());
  CHECK_FALSE(f.provider.set_portal_subdomain("mycorp").has_value());
  CHECK(f.provider.portal_url() == "https://mycorp.awsapps.com/start");
  CHECK(f.provider.set_portal_subdomain("other").has_value());
}

// Throughput of ACS validation (signed Response -> session), run by hand:
//   unit_tests_sso_admin "[.bench]"
TEST_CASE("service provider: ACS validation throughput", "[.bench]") {
  SpFixture f;
  constexpr int kCount = 3000;
  std::vector<std::string> forms;
  forms.reserve(kCount);
  for (int i = 0; i < kCount; ++i) forms.push_back(form_of(f.signed_response("alice@example.com")));
  const auto start = std::chrono::steady_clock::now();
  int ok = 0;
  for (const auto& form : forms) ok += f.provider.consume(form).ok() ? 1 : 0;
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(ok == kCount);
  std::cout << "ACS: " << kCount << " signed responses validated in " << seconds
            << " s = " << static_cast<int>(kCount / seconds) << " sign-ins/s (one thread)\n";
}
