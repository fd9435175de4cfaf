#include "core/saml/metadata.hpp"

#include <catch2/catch.hpp>

#include "core/saml/names.hpp"
#include "core/xmlsig/verifier.hpp"
#include "tests/unit/core/saml/test_support.hpp"

using namespace core::saml;
using saml_test::credential;
using saml_test::replace_once;

namespace {

IdpMetadataSpec idp_spec() {
  IdpMetadataSpec s;
  s.entity_id = saml_test::kIdpEntity;
  s.tenant_id = saml_test::kTenant;
  s.sso_url = std::string("http://127.0.0.1:8443/") + saml_test::kTenant + "/saml2";
  s.wsfed_url = std::string("http://127.0.0.1:8443/") + saml_test::kTenant + "/wsfed";
  s.signing_certificates = {credential("idp").certificate};
  return s;
}

SpMetadataSpec sp_spec() {
  SpMetadataSpec s;
  s.entity_id = saml_test::kSpEntity;
  s.assertion_consumer_services = {{saml_test::kAcs, std::string(names::kBindingPost), 0, true}};
  return s;
}

}  // namespace

TEST_CASE("metadata: IdP federation metadata in Azure's layout", "[saml][metadata]") {
  core::util::IdGenerator ids(1);
  const auto idp = credential("idp");
  const std::string xml = build_idp_metadata(idp_spec(), idp, ids);
  CHECK(xml.rfind(
            "\xEF\xBB\xBF<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" ID=\"_",
            0) == 0);
  CHECK(xml.find("entityID=\"https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/"
                 "\"><Signature") != std::string::npos);
  CHECK(xml.find("<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">") !=
        std::string::npos);
  CHECK(xml.find("xsi:type=\"fed:SecurityTokenServiceType\"") <
        xml.find("xsi:type=\"fed:ApplicationServiceType\""));
  CHECK(xml.find("xsi:type=\"fed:ApplicationServiceType\"") < xml.find("<IDPSSODescriptor"));
  const auto idpsso = xml.substr(xml.find("<IDPSSODescriptor"));
  CHECK(idpsso.find("<KeyDescriptor use=\"signing\">") < idpsso.find("<SingleLogoutService"));
  CHECK(idpsso.find("<SingleLogoutService") <
        idpsso.find("HTTP-Redirect\" Location", idpsso.find("<SingleSignOnService")));
  CHECK(idpsso.find("NameIDFormat") == std::string::npos);
  CHECK(xml.find("validUntil") == std::string::npos);

  SECTION("its signature verifies with the certificate it publishes") {
    const auto r = core::xmlsig::verify_enveloped(
        xml, {{std::string(names::kMetadataNs), "EntityDescriptor"}}, {idp.certificate});
    INFO(r.detail);
    CHECK(r.ok());
  }
  SECTION("parses back") {
    const auto md = parse_idp_metadata(xml);
    INFO(md.verdict().detail);
    REQUIRE(md.ok());
    CHECK(md->entity_id == saml_test::kIdpEntity);
    CHECK(md->signed_document);
    REQUIRE(md->signing_certificates.size() == 1);
    CHECK(md->signing_certificates[0] == idp.certificate);
    CHECK(md->sso_location(names::kBindingRedirect) == idp_spec().sso_url);
    CHECK(md->sso_location(names::kBindingPost) == idp_spec().sso_url);
    CHECK(md->slo_location(names::kBindingRedirect) == idp_spec().sso_url);
    CHECK_FALSE(md->slo_location(names::kBindingPost));
  }
  SECTION("rollover: every signing certificate is read") {
    IdpMetadataSpec spec = idp_spec();
    spec.signing_certificates.push_back(credential("idp-rollover").certificate);
    const auto md = parse_idp_metadata(build_idp_metadata(spec, idp, ids));
    REQUIRE(md.ok());
    CHECK(md->signing_certificates.size() == 2);
  }
}

TEST_CASE("metadata: hostile IdP metadata is refused", "[saml][metadata]") {
  core::util::IdGenerator ids(1);
  const std::string xml = build_idp_metadata(idp_spec(), credential("idp"), ids);
  SECTION("more than 75,000 characters") {
    std::string big = replace_once(xml, "</IDPSSODescriptor>",
                                   "<!--" + std::string(75000, 'x') + "--></IDPSSODescriptor>");
    CHECK(parse_idp_metadata(big).verdict().reason == Reason::kOversized);
  }
  SECTION("75,000 characters counted as characters, not bytes") {
    // 20,000 three-byte characters stay under the limit.
    std::string wide;
    for (int i = 0; i < 20000; ++i) wide += "\xE2\x82\xAC";
    CHECK(parse_idp_metadata(
              replace_once(xml, "</IDPSSODescriptor>", "<!--" + wide + "--></IDPSSODescriptor>"))
              .ok());
  }
  SECTION("DOCTYPE") {
    CHECK(parse_idp_metadata("<!DOCTYPE x><EntityDescriptor/>").verdict().reason ==
          Reason::kDoctype);
  }
  SECTION("not metadata") {
    CHECK(parse_idp_metadata("<html/>").verdict().reason == Reason::kWrongMessage);
  }
  SECTION("wrong namespace") {
    const std::string bad = replace_once(xml, "xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\"",
                                         "xmlns=\"urn:oasis:names:tc:SAML:1.0:metadata\"");
    CHECK(parse_idp_metadata(bad).verdict().reason == Reason::kWrongMessage);
  }
  SECTION("no SingleSignOnService") {
    std::string bad = xml;
    while (bad.find("<SingleSignOnService") != std::string::npos) {
      const auto a = bad.find("<SingleSignOnService");
      bad.erase(a, bad.find("/>", a) + 2 - a);
    }
    CHECK(parse_idp_metadata(bad).verdict().reason == Reason::kMalformed);
  }
  SECTION("an encryption key") {
    const std::string bad = replace_once(xml.substr(xml.find("<IDPSSODescriptor")),
                                         "use=\"signing\"", "use=\"encryption\"");
    const std::string doc = xml.substr(0, xml.find("<IDPSSODescriptor")) + bad;
    CHECK(parse_idp_metadata(doc).verdict().reason == Reason::kUnsupported);
  }
  SECTION("a certificate that is not one") {
    const std::string cert = credential("idp").certificate.base64_der();
    std::string bad = xml;
    for (auto at = bad.find(cert); at != std::string::npos; at = bad.find(cert)) {
      bad.replace(at, cert.size(), "bm90IGEgY2VydA==");
    }
    CHECK(parse_idp_metadata(bad).verdict().reason == Reason::kMalformed);
  }
  SECTION("no entityID") {
    CHECK(parse_idp_metadata(replace_once(xml, "entityID=", "entityId=")).verdict().reason ==
          Reason::kMalformed);
  }
}

TEST_CASE("metadata: SP metadata in AWS's shape", "[saml][metadata]") {
  const std::string xml = build_sp_metadata(sp_spec());
  CHECK(xml.find(
            "entityID=\"https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f\"") !=
        std::string::npos);
  CHECK(xml.find("WantAssertionsSigned=\"true\"") != std::string::npos);
  const auto md = parse_sp_metadata(xml);
  INFO(md.verdict().detail);
  REQUIRE(md.ok());
  CHECK(md->entity_id == saml_test::kSpEntity);
  REQUIRE(md->assertion_consumer_services.size() == 1);
  CHECK(md->default_acs().location == saml_test::kAcs);
  CHECK(md->default_acs().binding == names::kBindingPost);
  CHECK(md->name_id_formats == std::vector<std::string>{std::string(names::kNameIdEmail)});
  CHECK(md->want_assertions_signed);
  CHECK_FALSE(md->authn_requests_signed);

  SECTION("several ACS: isDefault wins, else the lowest index") {
    SpMetadataSpec spec = sp_spec();
    spec.assertion_consumer_services = {
        {"https://a/acs", std::string(names::kBindingPost), 3, false},
        {"https://b/acs", std::string(names::kBindingPost), 1, false}};
    auto parsed = parse_sp_metadata(build_sp_metadata(spec));
    REQUIRE(parsed.ok());
    CHECK(parsed->default_acs().location == "https://b/acs");
    spec.assertion_consumer_services[0].is_default = true;
    parsed = parse_sp_metadata(build_sp_metadata(spec));
    REQUIRE(parsed.ok());
    CHECK(parsed->default_acs().location == "https://a/acs");
  }
  SECTION("inside an EntitiesDescriptor") {
    const std::string wrapped =
        "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">" +
        xml.substr(xml.find("?>") + 2) + "</md:EntitiesDescriptor>";
    CHECK(parse_sp_metadata(wrapped).ok());
  }
  SECTION("no ACS") {
    SpMetadataSpec spec = sp_spec();
    spec.assertion_consumer_services.clear();
    CHECK(parse_sp_metadata(build_sp_metadata(spec)).verdict().reason == Reason::kMalformed);
  }
  SECTION("IdP metadata is not SP metadata") {
    core::util::IdGenerator ids(1);
    CHECK(parse_sp_metadata(build_idp_metadata(idp_spec(), credential("idp"), ids))
              .verdict()
              .reason == Reason::kMalformed);
  }
  SECTION("DOCTYPE with entities") {
    const std::string bad = "<!DOCTYPE md [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" +
                            xml.substr(xml.find("?>") + 2);
    CHECK(parse_sp_metadata(bad).verdict().reason == Reason::kDoctype);
  }
  SECTION("oversized") {
    const std::string big =
        replace_once(xml, "</md:SPSSODescriptor>",
                     "<!--" + std::string(80000, 'x') + "--></md:SPSSODescriptor>");
    CHECK(parse_sp_metadata(big).verdict().reason == Reason::kOversized);
  }
  SECTION("not XML") { CHECK(parse_sp_metadata("hello").verdict().reason == Reason::kMalformed); }
}
