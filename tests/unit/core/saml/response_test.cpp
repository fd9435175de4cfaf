#include <catch2/catch.hpp>

#include "core/saml/names.hpp"
#include "core/saml/response_builder.hpp"
#include "core/saml/response_validator.hpp"
#include "core/xml/document.hpp"
#include "core/xmlsig/signer.hpp"
#include "tests/unit/core/saml/test_support.hpp"

using namespace core::saml;
using saml_test::credential;
using saml_test::replace_once;
using saml_test::slice;
using std::chrono::minutes;

namespace {

struct Fixture {
  core::util::IdGenerator ids{42};
  core::util::ManualClock clock{saml_test::t0() + std::chrono::seconds(2)};
  ReplayCache replay;
  core::crypto::SigningCredential idp = credential("idp");

  BuiltResponse build(SigningOptions options = {}, const ResponseFaults& faults = {},
                      ResponseSpec spec = saml_test::golden_spec()) {
    return build_response(spec, idp, options, ids, faults);
  }
  ValidationResult validate(std::string_view xml, ValidatorConfig config = saml_test::sp_config()) {
    return ResponseValidator(std::move(config), clock, &replay)
        .validate(xml, saml_test::outstanding);
  }
};

Reason reason(const ValidationResult& r) { return r.verdict.reason; }

}  // namespace

TEST_CASE("response: Azure's shape", "[saml][response]") {
  Fixture f;
  const BuiltResponse b = f.build();
  const std::string& x = b.xml;
  INFO(x);
  CHECK(b.response_id.rfind("_", 0) == 0);
  CHECK(b.assertion_id.size() == 37);
  // libxml2 writes namespace declarations before the other attributes.
  CHECK(x.rfind("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"" +
                    b.response_id +
                    "\" Version=\"2.0\" IssueInstant=\"2026-11-27T12:00:00.000Z\" Destination=\"" +
                    saml_test::kAcs + "\" InResponseTo=\"" + saml_test::kRequestId + "\">",
                0) == 0);
  CHECK(
      x.find("<Issuer xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\">https://sts.windows.net/") !=
      std::string::npos);
  CHECK(x.find("<samlp:Status><samlp:StatusCode "
               "Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>") !=
        std::string::npos);
  // Default signing option: the assertion only, Signature right after its Issuer.
  CHECK(x.find("<Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" + b.assertion_id +
               "\" IssueInstant=\"2026-11-27T11:59:59.990Z\" Version=\"2.0\"><Issuer>" +
               std::string(saml_test::kIdpEntity) + "</Issuer><Signature xmlns=") !=
        std::string::npos);
  CHECK(x.find("<Signature xmlns") == x.rfind("<Signature xmlns"));
  CHECK(x.find("<NameID "
               "Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">alice@contoso."
               "onmicrosoft.com</NameID>") != std::string::npos);
  CHECK(x.find("<SubjectConfirmationData InResponseTo=\"" + std::string(saml_test::kRequestId) +
               "\" NotOnOrAfter=\"2026-11-27T13:00:00.000Z\" Recipient=\"" + saml_test::kAcs +
               "\"/>") != std::string::npos);
  CHECK(x.find("<Conditions NotBefore=\"2026-11-27T11:55:00.000Z\" "
               "NotOnOrAfter=\"2026-11-27T13:00:00.000Z\"><AudienceRestriction><Audience>" +
               std::string(saml_test::kSpEntity) + "</Audience>") != std::string::npos);
  CHECK(x.find("SessionIndex=\"" + b.assertion_id + "\"") != std::string::npos);
  CHECK(x.find("AuthnInstant=\"2026-11-27T11:59:30.000Z\"") != std::string::npos);
  CHECK(x.find(std::string(names::kClaimEmailAddress)) == std::string::npos);  // null left out
  // Claims keep the given order.
  CHECK(x.find(names::kClaimTenantId) < x.find(names::kClaimObjectId));
  CHECK(x.find(names::kClaimSurname) < x.find(names::kClaimName));
  CHECK(b.not_on_or_after == saml_test::t0() + minutes(60));

  SECTION("IdP-initiated: no InResponseTo anywhere") {
    ResponseSpec spec = saml_test::golden_spec();
    spec.in_response_to.clear();
    const BuiltResponse u = f.build({}, {}, spec);
    CHECK(u.xml.find("InResponseTo") == std::string::npos);
  }
  SECTION("error status: no assertion") {
    ResponseSpec spec = saml_test::golden_spec();
    spec.status_code = names::kStatusRequester;
    spec.status_message = "AADSTS50105: not assigned";
    const BuiltResponse e = f.build({}, {}, spec);
    CHECK(e.assertion_id.empty());
    CHECK(e.xml.find("<Assertion") == std::string::npos);
    CHECK(e.xml.find("AADSTS50105") != std::string::npos);
    CHECK(reason(f.validate(e.xml)) == Reason::kStatusNotSuccess);
  }
}

TEST_CASE("response: every signing option and algorithm validates", "[saml][response]") {
  Fixture f;
  for (const SigningMode mode :
       {SigningMode::kAssertion, SigningMode::kResponse, SigningMode::kBoth}) {
    for (const auto alg :
         {core::crypto::HashAlgorithm::kSha256, core::crypto::HashAlgorithm::kSha1}) {
      const BuiltResponse b = f.build({mode, alg});
      const std::size_t signatures =
          (b.xml.find("<Signature xmlns") != std::string::npos) +
          (b.xml.find("<Signature xmlns") != b.xml.rfind("<Signature xmlns"));
      CHECK(signatures == (mode == SigningMode::kBoth ? 2u : 1u));
      const ValidationResult r = f.validate(b.xml);
      INFO(r.verdict.detail);
      REQUIRE(r.ok());
      const ValidatedAssertion& a = *r.assertion;
      CHECK(a.name_id == "alice@contoso.onmicrosoft.com");
      CHECK(a.name_id_format == names::kNameIdEmail);
      CHECK(a.session_index == b.assertion_id);
      CHECK(a.assertion_id == b.assertion_id);
      CHECK(a.response_id == b.response_id);
      CHECK(a.in_response_to == std::optional<std::string>(saml_test::kRequestId));
      CHECK(a.not_on_or_after == b.not_on_or_after);
      CHECK(a.issuer == saml_test::kIdpEntity);
      CHECK(a.response_signed == (mode != SigningMode::kAssertion));
      CHECK(a.assertion_signed == (mode != SigningMode::kResponse));
      REQUIRE(a.attributes.size() == 8);
      CHECK(a.attributes[0].name == names::kClaimTenantId);
      CHECK(a.attributes[2].values == std::vector<std::string>{"Alice Example"});
    }
  }
  SECTION("the Response signature covers the assertion signature (both)") {
    const BuiltResponse b = f.build({SigningMode::kBoth});
    const std::size_t response_sig = b.xml.find("<Signature xmlns");
    CHECK(response_sig < b.xml.find("<samlp:Status>"));
  }
}

TEST_CASE("response: signature rules", "[saml][response]") {
  Fixture f;
  const std::string good = f.build().xml;
  SECTION("unsigned") {
    ResponseFaults faults;
    faults.unsigned_response = true;
    CHECK(reason(f.validate(f.build({}, faults).xml)) == Reason::kNoSignature);
  }
  SECTION("signed with a foreign key") {
    ResponseFaults faults;
    faults.foreign_signer = credential("foreign");
    CHECK(reason(f.validate(f.build({}, faults).xml)) == Reason::kUntrustedKey);
  }
  SECTION("NameID altered after signing") {
    const std::string bad = replace_once(good, "alice@contoso", "mallory@contoso");
    CHECK(reason(f.validate(bad)) == Reason::kBadSignature);
  }
  SECTION("SHA-1 when not allowed") {
    ValidatorConfig config = saml_test::sp_config();
    config.allow_sha1 = false;
    const std::string sha1 =
        f.build({SigningMode::kAssertion, core::crypto::HashAlgorithm::kSha1}).xml;
    CHECK(reason(f.validate(sha1, config)) == Reason::kDisallowedAlgorithm);
  }
  SECTION("second Reference") {
    const std::string reference = slice(good, "<Reference", "</Reference>");
    CHECK(reason(f.validate(replace_once(good, "</Reference>", "</Reference>" + reference))) ==
          Reason::kWrapped);
  }
  SECTION("rollover: any trusted certificate") {
    ValidatorConfig config = saml_test::sp_config();
    config.trusted_certificates.insert(config.trusted_certificates.begin(),
                                       credential("idp-rollover").certificate);
    CHECK(f.validate(good, config).ok());
  }
}

TEST_CASE("response: signature wrapping variants built from the golden response",
          "[saml][response][xsw]") {
  Fixture f;
  const BuiltResponse b = f.build();
  const std::string& good = b.xml;
  const std::string assertion = slice(good, "<Assertion", "</Assertion>");
  const std::string signature = slice(assertion, "<Signature", "</Signature>");
  const std::string evil_unsigned = replace_once(
      replace_once(replace_once(assertion, signature, ""), "alice@contoso", "mallory@contoso"),
      b.assertion_id, "_evil");

  SECTION("XSW: evil assertion first, signed original hidden in Extensions") {
    const std::string bad = replace_once(
        good, assertion, evil_unsigned + "<samlp:Extensions>" + assertion + "</samlp:Extensions>");
    CHECK(reason(f.validate(bad)) == Reason::kWrapped);
  }
  SECTION("XSW: signed original moved into the evil assertion's Subject") {
    std::string evil = replace_once(evil_unsigned, "</Subject>", assertion + "</Subject>");
    CHECK(reason(f.validate(replace_once(good, assertion, evil))) == Reason::kWrapped);
  }
  SECTION("XSW: evil assertion with the same ID, original signature copied into it") {
    std::string evil = replace_once(assertion, "alice@contoso", "mallory@contoso");
    const std::string bad = replace_once(
        good, assertion, evil + "<samlp:Extensions>" + assertion + "</samlp:Extensions>");
    CHECK(reason(f.validate(bad)) == Reason::kWrapped);
  }
  SECTION("XSW: the only assertion sits inside the signature's Object") {
    const std::string moved = replace_once(good, assertion, "");
    const std::string bad =
        replace_once(moved, "</samlp:Status>",
                     "</samlp:Status><x:Wrapper xmlns:x=\"urn:x\">" + assertion + "</x:Wrapper>");
    CHECK(reason(f.validate(bad)) == Reason::kWrapped);
  }
  SECTION("two assertions side by side") {
    CHECK(reason(f.validate(replace_once(good, assertion, assertion + evil_unsigned))) ==
          Reason::kAssertionCount);
  }
  SECTION("no assertion at all") {
    CHECK(reason(f.validate(replace_once(good, assertion, ""))) == Reason::kAssertionCount);
  }
  SECTION("signature moved from the Assertion to the Response") {
    std::string bad = replace_once(good, signature, "");
    bad = replace_once(bad, "</Issuer><samlp:Status>", "</Issuer>" + signature + "<samlp:Status>");
    CHECK(reason(f.validate(bad)) == Reason::kWrapped);
  }
  SECTION("comment injected into the signed NameID") {
    // The attacker owns "alice@contoso.onmicrosoft.com.evil.com" and splits the signed value with
    // a comment: exclusive c14n drops comments, so the signature still holds; the value is refused.
    ResponseSpec spec = saml_test::golden_spec();
    spec.name_id = "alice@contoso.onmicrosoft.com.evil.com";
    const std::string owned = f.build({}, {}, spec).xml;
    const std::string bad = replace_once(owned, "alice@contoso.onmicrosoft.com.evil.com</NameID>",
                                         "alice@contoso.onmicrosoft.com<!---->.evil.com</NameID>");
    CHECK(reason(f.validate(bad)) == Reason::kMalformed);
  }
  SECTION("encrypted assertion") {
    const std::string bad =
        replace_once(good, assertion,
                     "<EncryptedAssertion "
                     "xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\"><x/></EncryptedAssertion>");
    CHECK(reason(f.validate(bad)) == Reason::kEncryptedAssertion);
  }
}

TEST_CASE("response: content rules, each with its own reason", "[saml][response]") {
  Fixture f;
  SECTION("expired") {
    ResponseFaults faults;
    faults.time_shift = -std::chrono::hours(2);
    CHECK(reason(f.validate(f.build({}, faults).xml)) == Reason::kExpired);
  }
  SECTION("expired by the virtual clock") {
    const std::string xml = f.build().xml;
    f.clock.advance(minutes(62));
    CHECK(f.validate(xml).ok());
    f.replay.clear();
    f.clock.advance(minutes(2));
    CHECK(reason(f.validate(xml)) == Reason::kExpired);
  }
  SECTION("not yet valid") {
    ResponseFaults faults;
    faults.time_shift = std::chrono::hours(1);
    CHECK(reason(f.validate(f.build({}, faults).xml)) == Reason::kNotYetValid);
  }
  SECTION("clock skew within and beyond the tolerance") {
    ResponseFaults faults;
    faults.time_shift = minutes(7);  // NotBefore = now + 2 min
    CHECK(f.validate(f.build({}, faults).xml).ok());
    ValidatorConfig strict = saml_test::sp_config();
    strict.clock_skew = minutes(1);
    CHECK(reason(f.validate(f.build({}, faults).xml, strict)) == Reason::kNotYetValid);
  }
  SECTION("wrong audience") {
    ResponseFaults faults;
    faults.audience = "urn:someone:else";
    CHECK(reason(f.validate(f.build({}, faults).xml)) == Reason::kWrongAudience);
  }
  SECTION("wrong destination") {
    ResponseFaults faults;
    faults.destination = "https://evil.example/acs";
    const ValidationResult r = f.validate(f.build({SigningMode::kResponse}, faults).xml);
    CHECK(reason(r) == Reason::kWrongDestination);
  }
  SECTION("wrong recipient") {
    // Destination right, Recipient wrong: only a misbehaving IdP produces this.
    ResponseFaults faults;
    faults.unsigned_response = true;
    ResponseSpec spec = saml_test::golden_spec();
    spec.assertion_id = "_a1";
    std::string xml = f.build({}, faults, spec).xml;
    xml = replace_once(xml, std::string("Recipient=\"") + saml_test::kAcs,
                       "Recipient=\"https://evil.example/acs");
    xml = core::xmlsig::sign_enveloped(xml, {"_a1"}, f.idp.key, f.idp.certificate);
    CHECK(reason(f.validate(xml)) == Reason::kWrongRecipient);
  }
  SECTION("wrong issuer") {
    ValidatorConfig config = saml_test::sp_config();
    config.idp_entity_id = "https://sts.windows.net/other/";
    CHECK(reason(f.validate(f.build().xml, config)) == Reason::kWrongIssuer);
  }
  SECTION("InResponseTo naming no outstanding request") {
    ResponseSpec spec = saml_test::golden_spec();
    spec.in_response_to = "_not-ours";
    CHECK(reason(f.validate(f.build({}, {}, spec).xml)) == Reason::kInResponseToMismatch);
  }
  SECTION("Response and SubjectConfirmationData InResponseTo disagree") {
    const std::string xml = f.build().xml;
    const std::string bad = replace_once(
        xml, std::string("InResponseTo=\"") + saml_test::kRequestId, "InResponseTo=\"_other");
    CHECK(reason(f.validate(bad)) == Reason::kInResponseToMismatch);
  }
  SECTION("unsolicited when not allowed") {
    ResponseSpec spec = saml_test::golden_spec();
    spec.in_response_to.clear();
    const std::string xml = f.build({}, {}, spec).xml;
    CHECK(f.validate(xml).ok());
    ValidatorConfig config = saml_test::sp_config();
    config.allow_unsolicited = false;
    f.replay.clear();
    CHECK(reason(f.validate(xml, config)) == Reason::kUnsolicited);
  }
  SECTION("NameID format not emailAddress") {
    ResponseSpec spec = saml_test::golden_spec();
    spec.name_id_format = names::kNameIdPersistent;
    CHECK(reason(f.validate(f.build({}, {}, spec).xml)) == Reason::kNameIdFormat);
  }
  SECTION("NameID not an address") {
    ResponseSpec spec = saml_test::golden_spec();
    spec.name_id = "alice";
    CHECK(reason(f.validate(f.build({}, {}, spec).xml)) == Reason::kNameIdFormat);
  }
  SECTION("replay") {
    const std::string xml = f.build().xml;
    CHECK(f.validate(xml).ok());
    CHECK(reason(f.validate(xml)) == Reason::kReplay);
    SECTION("a refused response is not recorded") {
      ResponseFaults faults;
      faults.audience = "urn:x";
      ResponseSpec spec = saml_test::golden_spec();
      spec.assertion_id = "_fixed";
      CHECK(reason(f.validate(f.build({}, faults, spec).xml)) == Reason::kWrongAudience);
      CHECK_FALSE(f.replay.contains("_fixed", f.clock.now()));
    }
  }
}

TEST_CASE("response: hostile documents", "[saml][response]") {
  Fixture f;
  SECTION("DOCTYPE") {
    CHECK(reason(f.validate("<!DOCTYPE x [<!ENTITY a \"b\">]><samlp:Response "
                            "xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>")) ==
          Reason::kDoctype);
  }
  SECTION("malformed") { CHECK(reason(f.validate("<samlp:Response")) == Reason::kMalformed); }
  SECTION("oversized") {
    ValidatorConfig config = saml_test::sp_config();
    config.max_response_bytes = 1000;
    CHECK(reason(f.validate(f.build().xml, config)) == Reason::kOversized);
  }
  SECTION("assertion above AWS's 50,000 characters") {
    ResponseSpec spec = saml_test::golden_spec();
    spec.claims.push_back({"big", {std::string(60000, 'x')}});
    CHECK(reason(f.validate(f.build({}, {}, spec).xml)) == Reason::kOversized);
  }
  SECTION("wrong namespace on the root") {
    const std::string xml =
        replace_once(f.build().xml, "xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"",
                     "xmlns:samlp=\"urn:oasis:names:tc:SAML:1.0:protocol\"");
    CHECK(reason(f.validate(xml)) == Reason::kWrongMessage);
  }
  SECTION("assertion in the wrong namespace is no assertion") {
    const std::string xml = f.build().xml;
    const std::string bad =
        replace_once(xml, "<Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\"",
                     "<Assertion xmlns=\"urn:evil\"");
    CHECK(reason(f.validate(bad)) == Reason::kAssertionCount);
  }
}
