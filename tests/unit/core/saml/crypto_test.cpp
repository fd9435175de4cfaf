#include <catch2/catch.hpp>

#include "core/crypto/deflate.hpp"
#include "core/crypto/encoding.hpp"
#include "core/crypto/keys.hpp"
#include "tests/unit/core/saml/test_support.hpp"

using namespace core::crypto;

TEST_CASE("crypto: base64 round trip and RFC 4648 vectors", "[crypto]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_decode("Zm9vYmE=") == std::optional<std::string>("fooba"));
  CHECK(base64_decode("Zm9v\r\nYmE=") == std::optional<std::string>("fooba"));
  CHECK(base64_decode("Zm9vYmE") == std::optional<std::string>("fooba"));
  SECTION("rejects bad symbols, data after padding and dangling bits") {
    CHECK_FALSE(base64_decode("Zm9v!mE="));
    CHECK_FALSE(base64_decode("Zg==Zg=="));
    CHECK_FALSE(base64_decode("Z"));
    CHECK_FALSE(base64_decode("Zh=="));
  }
}

TEST_CASE("crypto: URL encoding", "[crypto]") {
  CHECK(url_encode("a b+/=~") == "a%20b%2B%2F%3D~");
  CHECK(url_decode("a%20b%2B+c") == std::optional<std::string>("a b+ c"));
  CHECK(url_decode("a+b", false) == std::optional<std::string>("a+b"));
  CHECK_FALSE(url_decode("%2"));
  CHECK_FALSE(url_decode("%zz"));
}

TEST_CASE("crypto: raw DEFLATE with an output cap", "[crypto]") {
  const std::string text(10000, 'x');
  const std::string packed = deflate_raw(text);
  CHECK(packed.size() < 200);
  CHECK(inflate_raw(packed, 10000) == std::optional<std::string>(text));
  SECTION("a bomb stops at the cap") {
    bool too_large = false;
    CHECK_FALSE(inflate_raw(packed, 9999, &too_large));
    CHECK(too_large);
  }
  SECTION("garbage and truncation are refused as malformed") {
    bool too_large = true;
    CHECK_FALSE(inflate_raw("not deflate at all", 1000, &too_large));
    CHECK_FALSE(too_large);
    CHECK_FALSE(inflate_raw(packed.substr(0, packed.size() / 2), 10000, &too_large));
    CHECK_FALSE(too_large);
  }
}

TEST_CASE("crypto: Azure-like signing certificate", "[crypto]") {
  core::util::IdGenerator ids(7);
  const auto from = saml_test::t0();
  const auto to = core::util::add_years(from, 3);
  const SigningCredential cred =
      make_signing_credential("Microsoft Azure Federated SSO Certificate", from, to, ids);
  const Certificate& cert = cred.certificate;
  CHECK(cert.subject() == "CN=Microsoft Azure Federated SSO Certificate");
  CHECK(cert.subject_cn() == "Microsoft Azure Federated SSO Certificate");
  CHECK(cert.not_before() == std::chrono::floor<std::chrono::seconds>(from));
  CHECK(cert.not_after() == std::chrono::floor<std::chrono::seconds>(to));
  CHECK(cert.valid_at(from));
  CHECK_FALSE(cert.valid_at(to + std::chrono::seconds(1)));
  CHECK(cert.serial_hex().size() == 32);
  CHECK(cert.matches(cred.key));
  CHECK(cred.key.bits() == 2048);
  CHECK(cert.thumbprint_sha1().size() == 40);
  CHECK(cert.thumbprint_sha256().size() == 64);
  CHECK(cert.thumbprint_sha1() == hex_encode(sha1(cert.der()), true));

  SECTION("PEM, DER and base64 round trips") {
    CHECK(Certificate::from_pem(cert.pem()) == cert);
    CHECK(Certificate::from_der(cert.der()) == cert);
    CHECK(Certificate::from_base64_der(cert.base64_der()) == cert);
    const SigningKey again = SigningKey::from_pem(cred.key.private_key_pem());
    CHECK(cert.matches(again));
    CHECK(cred.key.public_key_pem().find("BEGIN PUBLIC KEY") != std::string::npos);
  }
  SECTION("raw signatures verify only with the matching key and data") {
    const std::string sig = cred.key.sign("hello", HashAlgorithm::kSha256);
    CHECK(cert.verify("hello", sig, HashAlgorithm::kSha256));
    CHECK_FALSE(cert.verify("hellO", sig, HashAlgorithm::kSha256));
    CHECK_FALSE(cert.verify("hello", sig, HashAlgorithm::kSha1));
    CHECK_FALSE(
        saml_test::credential("foreign").certificate.verify("hello", sig, HashAlgorithm::kSha256));
  }
  SECTION("a different serial for each certificate") {
    const Certificate other = make_self_signed_certificate(cred.key, "x", from, to, ids);
    CHECK(other.serial_hex() != cert.serial_hex());
    CHECK_FALSE(other == cert);
  }
}

TEST_CASE("crypto: unreadable keys and certificates throw CryptoError", "[crypto]") {
  CHECK_THROWS_AS(
      SigningKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
      CryptoError);
  CHECK_THROWS_AS(Certificate::from_pem("nope"), CryptoError);
  CHECK_THROWS_AS(Certificate::from_base64_der("!!!"), CryptoError);
  CHECK_THROWS_AS(Certificate::from_der("\x30\x03\x02\x01\x01"), CryptoError);
  CHECK_THROWS_AS(SigningKey::generate_rsa(1024), CryptoError);
}
