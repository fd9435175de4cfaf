#include <catch2/catch.hpp>

#include "core/xmlsig/library.hpp"
#include "core/xmlsig/signer.hpp"
#include "core/xmlsig/verifier.hpp"
#include "tests/unit/core/saml/test_support.hpp"

using namespace core::xmlsig;
using saml_test::credential;
using saml_test::replace_once;
using saml_test::slice;

namespace {

const char* const kDoc =
    "<r:Root xmlns:r=\"urn:r\" ID=\"_root\"><r:Data>top</r:Data>"
    "<r:Item ID=\"_item\"><Issuer xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\">me</Issuer>"
    "<r:Value>value</r:Value></r:Item></r:Root>";

const std::vector<QName> kRoot{{"urn:r", "Root"}};
const std::vector<QName> kItem{{"urn:r", "Root"}, {"urn:r", "Item"}};

std::vector<core::crypto::TrustedCert> trusted() { return {credential("idp").certificate}; }

std::string signed_item(core::crypto::HashAlgorithm alg = core::crypto::HashAlgorithm::kSha256) {
  const auto idp = credential("idp");
  SignOptions o;
  o.algorithm = alg;
  return sign_enveloped(kDoc, {"_item"}, idp.key, idp.certificate, o);
}

}  // namespace

TEST_CASE("xmlsig: signs enveloped with exc-c14n and verifies", "[xmlsig]") {
  const std::string xml = signed_item();
  CHECK(xml.find("<?xml") == std::string::npos);
  // The Signature follows the SAML Issuer.
  CHECK(xml.find("</Issuer><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">") !=
        std::string::npos);
  CHECK(xml.find("URI=\"#_item\"") != std::string::npos);
  CHECK(xml.find("http://www.w3.org/2001/10/xml-exc-c14n#") != std::string::npos);
  CHECK(xml.find("rsa-sha256") != std::string::npos);
  CHECK(xml.find("<X509Certificate>" + credential("idp").certificate.base64_der()) !=
        std::string::npos);

  const VerifyResult r = verify_enveloped(xml, kItem, trusted());
  INFO(r.detail);
  REQUIRE(r.ok());
  CHECK(r.element_id == "_item");
  CHECK(r.algorithm == core::crypto::HashAlgorithm::kSha256);
  // The verified element stands alone, with the namespace it inherited.
  CHECK(r.element_xml.rfind("<r:Item xmlns:r=\"urn:r\"", 0) == 0);
  CHECK(r.element_xml.find("top") == std::string::npos);
  CHECK(has_signature(xml, kItem));
  CHECK_FALSE(has_signature(xml, kRoot));
}

TEST_CASE("xmlsig: several signatures, the inner one first", "[xmlsig]") {
  const auto idp = credential("idp");
  const std::string xml = sign_enveloped(kDoc, {"_item", "_root"}, idp.key, idp.certificate);
  CHECK(verify_enveloped(xml, kItem, trusted()).ok());
  CHECK(verify_enveloped(xml, kRoot, trusted()).ok());
  // Metadata layout: without an Issuer the Signature is the first child.
  CHECK(xml.find("<r:Root xmlns:r=\"urn:r\" ID=\"_root\"><Signature") == 0);
}

TEST_CASE("xmlsig: prefixed KeyInfo as in Azure metadata", "[xmlsig]") {
  const auto idp = credential("idp");
  SignOptions o;
  o.prefixed_key_info = true;
  const std::string xml = sign_enveloped(kDoc, {"_root"}, idp.key, idp.certificate, o);
  CHECK(xml.find("<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data>") !=
        std::string::npos);
  CHECK(verify_enveloped(xml, kRoot, trusted()).ok());
}

TEST_CASE("xmlsig: trust comes from the caller, never from KeyInfo", "[xmlsig]") {
  const std::string xml = signed_item();
  SECTION("any of several trusted certificates (rollover)") {
    const VerifyResult r = verify_enveloped(
        xml, kItem, {credential("idp-rollover").certificate, credential("idp").certificate});
    REQUIRE(r.ok());
    CHECK(r.trusted_index == 1);
  }
  SECTION("signed by a foreign key that KeyInfo carries") {
    const auto foreign = credential("foreign");
    const std::string bad = sign_enveloped(kDoc, {"_item"}, foreign.key, foreign.certificate);
    const VerifyResult r = verify_enveloped(bad, kItem, trusted());
    CHECK(r.status == VerifyStatus::kUntrustedKey);
  }
  SECTION("signed by a foreign key with the trusted certificate put into KeyInfo") {
    const auto foreign = credential("foreign");
    const std::string bad =
        sign_enveloped(kDoc, {"_item"}, foreign.key, credential("idp").certificate);
    CHECK(verify_enveloped(bad, kItem, trusted()).status == VerifyStatus::kBadSignature);
  }
  SECTION("no trusted certificate at all") {
    CHECK(verify_enveloped(xml, kItem, {}).status == VerifyStatus::kUntrustedKey);
  }
}

TEST_CASE("xmlsig: altered after signing", "[xmlsig]") {
  const std::string xml = signed_item();
  SECTION("content") {
    const std::string bad = replace_once(xml, ">value<", ">valuf<");
    CHECK(verify_enveloped(bad, kItem, trusted()).status == VerifyStatus::kBadSignature);
  }
  SECTION("signature value") {
    const std::string value = slice(xml, "<SignatureValue>", "</SignatureValue>");
    std::string flipped = value;
    flipped[20] = flipped[20] == 'A' ? 'B' : 'A';
    CHECK(verify_enveloped(replace_once(xml, value, flipped), kItem, trusted()).status ==
          VerifyStatus::kBadSignature);
  }
  SECTION("outside the signed element: still valid") {
    const std::string other = replace_once(xml, ">top<", ">changed<");
    CHECK(verify_enveloped(other, kItem, trusted()).ok());
  }
}

TEST_CASE("xmlsig: algorithm allow-list", "[xmlsig]") {
  const std::string xml = signed_item(core::crypto::HashAlgorithm::kSha1);
  CHECK(xml.find("xmldsig#rsa-sha1") != std::string::npos);
  CHECK(xml.find("xmldsig#sha1") != std::string::npos);
  VerifyPolicy policy;
  CHECK(verify_enveloped(xml, kItem, trusted(), policy).ok());
  policy.allow_sha1 = false;
  CHECK(verify_enveloped(xml, kItem, trusted(), policy).status ==
        VerifyStatus::kDisallowedAlgorithm);
  SECTION("digest SHA-1 under an RSA-SHA256 signature") {
    const std::string sha256 = signed_item();
    const std::string bad = replace_once(sha256, "http://www.w3.org/2001/04/xmlenc#sha256",
                                         "http://www.w3.org/2000/09/xmldsig#sha1");
    CHECK(verify_enveloped(bad, kItem, trusted(), policy).status ==
          VerifyStatus::kDisallowedAlgorithm);
  }
  SECTION("inclusive canonicalization") {
    const std::string bad = replace_once(
        signed_item(),
        "<CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"",
        "<CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"");
    CHECK(verify_enveloped(bad, kItem, trusted()).status == VerifyStatus::kDisallowedAlgorithm);
  }
}

TEST_CASE("xmlsig: profile violations (signature wrapping defences)", "[xmlsig]") {
  const std::string xml = signed_item();
  const std::string reference = slice(xml, "<Reference", "</Reference>");
  SECTION("no signature") {
    CHECK(verify_enveloped(kDoc, kItem, trusted()).status == VerifyStatus::kNoSignature);
  }
  SECTION("second Reference") {
    const std::string bad = replace_once(xml, "</Reference>", "</Reference>" + reference);
    CHECK(verify_enveloped(bad, kItem, trusted()).status == VerifyStatus::kProfileViolation);
  }
  SECTION("Reference to another element") {
    const std::string bad = replace_once(xml, "URI=\"#_item\"", "URI=\"#_root\"");
    CHECK(verify_enveloped(bad, kItem, trusted()).status == VerifyStatus::kProfileViolation);
  }
  SECTION("empty Reference URI (whole document)") {
    const std::string bad = replace_once(xml, "URI=\"#_item\"", "URI=\"\"");
    CHECK(verify_enveloped(bad, kItem, trusted()).status == VerifyStatus::kProfileViolation);
  }
  SECTION("the ID appears twice") {
    const std::string bad =
        replace_once(xml, "<r:Data>top</r:Data>", "<r:Data ID=\"_item\">top</r:Data>");
    CHECK(verify_enveloped(bad, kItem, trusted()).status == VerifyStatus::kProfileViolation);
  }
  SECTION("signature moved to the parent") {
    const std::string signature = slice(xml, "<Signature", "</Signature>");
    std::string moved = replace_once(xml, signature, "");
    moved = replace_once(moved, "<r:Data>", signature + "<r:Data>");
    CHECK(verify_enveloped(moved, kRoot, trusted()).status == VerifyStatus::kProfileViolation);
    CHECK(verify_enveloped(moved, kItem, trusted()).status == VerifyStatus::kNoSignature);
  }
  SECTION("two Signature children") {
    const std::string signature = slice(xml, "<Signature", "</Signature>");
    const std::string bad = replace_once(xml, "<r:Value>", signature + "<r:Value>");
    CHECK(verify_enveloped(bad, kItem, trusted()).status == VerifyStatus::kProfileViolation);
  }
  SECTION("an Object inside the Signature") {
    const std::string bad = replace_once(xml, "</Signature>", "<Object>x</Object></Signature>");
    CHECK(verify_enveloped(bad, kItem, trusted()).status == VerifyStatus::kProfileViolation);
  }
  SECTION("an XPath transform") {
    const std::string bad = replace_once(
        xml, "<Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
        "<Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"><XPath>1</XPath>"
        "</Transform>");
    CHECK(verify_enveloped(bad, kItem, trusted()).status == VerifyStatus::kProfileViolation);
  }
}

TEST_CASE("xmlsig: hostile or broken input", "[xmlsig]") {
  CHECK(verify_enveloped("<!DOCTYPE r><r/>", kRoot, trusted()).status == VerifyStatus::kMalformed);
  CHECK(verify_enveloped("<r:Root xmlns:r=\"urn:r\">", kRoot, trusted()).status ==
        VerifyStatus::kMalformed);
  CHECK(verify_enveloped(kDoc, {{"urn:x", "Root"}}, trusted()).status == VerifyStatus::kMalformed);
  CHECK(verify_enveloped(kDoc, {{"urn:r", "Root"}, {"urn:r", "Missing"}}, trusted()).status ==
        VerifyStatus::kMalformed);
  VerifyPolicy small;
  small.max_bytes = 10;
  CHECK(verify_enveloped(kDoc, kRoot, trusted(), small).status == VerifyStatus::kOversized);
  const auto idp = credential("idp");
  CHECK_THROWS_AS(sign_enveloped(kDoc, {"_missing"}, idp.key, idp.certificate), SignError);
  CHECK_THROWS_AS(sign_enveloped("<!DOCTYPE a><a ID=\"x\"/>", {"x"}, idp.key, idp.certificate),
                  SignError);
}

TEST_CASE("xmlsig: nested Library guards keep the libraries up until the last one", "[xmlsig]") {
  { const core::xmlsig::Library nested; }  // the test main's guard is still alive
  CHECK(verify_enveloped(signed_item(), kItem, trusted()).ok());
}
