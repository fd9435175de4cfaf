#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"

namespace core::crypto {

namespace detail {
struct KeyState;
struct CertState;
}  // namespace detail

// Digest used with RSA PKCS#1 v1.5 signatures (XML-DSig rsa-sha256 / rsa-sha1, HTTP-Redirect
// SigAlg).
enum class HashAlgorithm { kSha256, kSha1 };

// Thrown for unreadable PEM/DER or an OpenSSL failure. The message never contains key material.
class CryptoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An RSA private key, parsed once. Copies share the same immutable key (cheap copy); signing
// from several threads at once is safe.
class SigningKey {
 public:
  // A fresh RSA key of `bits` (>= 2048) from OpenSSL's CSPRNG (key material is the one thing
  // that does not come from IdGenerator: it must be unpredictable).
  static SigningKey generate_rsa(int bits = 2048);
  // PKCS#8 or traditional RSA PEM, unencrypted. Throws CryptoError.
  static SigningKey from_pem(std::string_view pem);

  std::string private_key_pem() const;  // PKCS#8, unencrypted
  std::string public_key_pem() const;   // SubjectPublicKeyInfo
  int bits() const;

  // RSA PKCS#1 v1.5 signature of `data` (raw bytes, not base64).
  std::string sign(std::string_view data, HashAlgorithm alg) const;

  // For core/crypto and core/xmlsig only (see detail/key_state.hpp).
  explicit SigningKey(std::shared_ptr<detail::KeyState> state) : state_(std::move(state)) {}
  const detail::KeyState& state() const { return *state_; }

 private:
  std::shared_ptr<detail::KeyState> state_;  // key immutable; only its context pool changes
};

// An X.509 certificate, parsed once; copies share it. Equality compares the DER bytes.
class Certificate {
 public:
  // PEM "CERTIFICATE" block. Throws CryptoError.
  static Certificate from_pem(std::string_view pem);
  // DER bytes. Throws CryptoError.
  static Certificate from_der(std::string_view der);
  // Base64 of the DER, whitespace allowed: the text of <ds:X509Certificate>. Throws CryptoError.
  static Certificate from_base64_der(std::string_view text);

  std::string pem() const;
  const std::string& der() const;
  std::string base64_der() const;  // what goes into <X509Certificate>, one line

  // SHA-1 of the DER in upper-case hex (what the Azure portal calls the thumbprint).
  std::string thumbprint_sha1() const;
  // SHA-256 of the DER in upper-case hex.
  std::string thumbprint_sha256() const;

  // RFC 2253-style one-line subject, e.g. "CN=Microsoft Azure Federated SSO Certificate".
  std::string subject() const;
  std::string subject_cn() const;  // "" if the subject has no CN
  std::string serial_hex() const;  // upper-case hex, no leading zeros beyond one byte
  util::TimePoint not_before() const;
  util::TimePoint not_after() const;
  // True if not_before() <= at <= not_after().
  bool valid_at(util::TimePoint at) const;

  // RSA PKCS#1 v1.5 verification of `signature` (raw bytes) over `data` with this
  // certificate's public key. False for a wrong signature or a non-RSA key; never throws.
  bool verify(std::string_view data, std::string_view signature, HashAlgorithm alg) const;
  // True if `key` is the private half of this certificate's public key.
  bool matches(const SigningKey& key) const;

  bool operator==(const Certificate& other) const { return der() == other.der(); }

  // For core/crypto and core/xmlsig only (see detail/key_state.hpp).
  explicit Certificate(std::shared_ptr<const detail::CertState> state) : state_(std::move(state)) {}
  const detail::CertState& state() const { return *state_; }

 private:
  std::shared_ptr<const detail::CertState> state_;
};

// A certificate trusted to verify signatures (configured by the relying party, never taken from
// a message's KeyInfo).
using TrustedCert = Certificate;

// A key and the certificate that publishes it: what an IdP signs with.
struct SigningCredential {
  SigningKey key;
  Certificate certificate;
};

// Self-signed X.509 v3 for `key`: subject = issuer = "CN=<common_name>", sha256WithRSAEncryption,
// no extensions (as Azure's SAML signing certificates), a 16-byte positive serial from `ids`,
// validity [not_before, not_after] (instants from the injected clock, second resolution).
// Throws CryptoError.
Certificate make_self_signed_certificate(const SigningKey& key, std::string_view common_name,
                                         util::TimePoint not_before, util::TimePoint not_after,
                                         util::IdGenerator& ids);

// generate_rsa(2048) + make_self_signed_certificate.
SigningCredential make_signing_credential(std::string_view common_name, util::TimePoint not_before,
                                          util::TimePoint not_after, util::IdGenerator& ids);

// Digests of raw bytes (returned raw, not hex).
std::string sha1(std::string_view data);
std::string sha256(std::string_view data);

}  // namespace core::crypto
