#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/keys.hpp"
#include "core/saml/replay_cache.hpp"
#include "core/saml/response_builder.hpp"
#include "core/saml/verdict.hpp"
#include "core/util/clock.hpp"

namespace core::saml {

// AWS IAM Identity Center's limit on the assertion (facts/aws-identity-center.md §4).
inline constexpr std::size_t kMaxAssertionChars = 50'000;
// Limit on the whole decoded Response document.
inline constexpr std::size_t kMaxResponseBytes = 128 * 1024;

// The relying party's settings (the SP's view of the IdP).
struct ValidatorConfig {
  std::string sp_entity_id;   // the only accepted Audience
  std::string acs_url;        // the only accepted Destination and Recipient
  std::string idp_entity_id;  // expected Issuer of Response (if present) and Assertion; "" = any
  std::vector<crypto::TrustedCert> trusted_certificates;  // from the IdP metadata; never KeyInfo
  std::chrono::milliseconds clock_skew{std::chrono::minutes(3)};  // tolerance for both bounds
  bool allow_unsolicited = true;  // IdP-initiated sign-in (no InResponseTo)
  bool allow_sha1 = true;         // accept rsa-sha1 / sha1 signatures
  std::size_t max_response_bytes = kMaxResponseBytes;
  std::size_t max_assertion_chars = kMaxAssertionChars;
};

// What the SP may use after validation. Read only from the element whose signature was verified.
struct ValidatedAssertion {
  std::string response_id;
  std::string assertion_id;
  std::string issuer;
  std::string name_id;
  std::string name_id_format;
  std::string session_index;                  // AuthnStatement@SessionIndex, "" if absent
  std::optional<std::string> in_response_to;  // absent for IdP-initiated
  util::TimePoint not_on_or_after{};          // the earliest of Conditions / SubjectConfirmation
  std::vector<Claim> attributes;              // in document order
  bool response_signed = false;
  bool assertion_signed = false;
};

struct ValidationResult {
  Verdict verdict;
  std::optional<ValidatedAssertion> assertion;  // set only when verdict.ok()

  bool ok() const { return verdict.ok(); }
};

// Answers whether an InResponseTo value names an AuthnRequest this SP sent and still awaits.
using OutstandingRequest = std::function<bool(std::string_view request_id)>;

// Validates SAML Responses posted to the ACS (saml-profiles §4.1.4.3 and AWS's rules in
// facts/aws-identity-center.md §4). Rules, each with its own Reason, in this order:
// size (kOversized) → parse, DOCTYPE (kDoctype, kMalformed) → root is samlp:Response
// (kWrongMessage) → Status Success (kStatusNotSuccess) → no EncryptedAssertion
// (kEncryptedAssertion) → exactly one Assertion, as a child of the Response, anywhere in the
// document (kAssertionCount; an extra Assertion elsewhere is kWrapped) → signatures: the Response
// and/or the Assertion must be signed and every signature present must verify under the xmlsig
// profile with a trusted certificate (kNoSignature, kBadSignature, kUntrustedKey, kWrapped,
// kDisallowedAlgorithm) → from here on only the verified element is read → Issuer
// (kWrongIssuer) → Destination (kWrongDestination; required when the Response is signed, checked
// when present) → assertion size (kOversized) → bearer SubjectConfirmation: Recipient
// (kWrongRecipient), NotOnOrAfter (kExpired) → Conditions NotBefore (kNotYetValid) /
// NotOnOrAfter (kExpired) with clock_skew → Audience (kWrongAudience) → InResponseTo
// (kInResponseToMismatch, kUnsolicited) → NameID present and emailAddress format
// (kNameIdFormat; markup inside NameID is kMalformed) → replay (kReplay; the ID is recorded only
// when every other rule passed, so a refused Response changes nothing).
//
// Thread-safe: validate() is const; the clock and the replay cache are thread-safe.
// Contract: an xmlsig::Library is alive while validate() runs.
class ResponseValidator {
 public:
  // `clock` and `replay` (may be null: no replay detection) must outlive the validator.
  ResponseValidator(ValidatorConfig config, const util::Clock& clock, ReplayCache* replay);

  // `xml` is the decoded SAMLResponse. `outstanding` (may be empty: nothing outstanding) tells
  // whether an InResponseTo value is one of this SP's pending AuthnRequests.
  ValidationResult validate(std::string_view xml, const OutstandingRequest& outstanding = {}) const;

  const ValidatorConfig& config() const { return config_; }

 private:
  ValidatorConfig config_;
  const util::Clock& clock_;
  ReplayCache* replay_;
};

}  // namespace core::saml
