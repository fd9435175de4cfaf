#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto/keys.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"

namespace core::saml {

// One <saml:Attribute Name="..."> with its values, in the order given. An attribute whose value
// is null in the directory is simply not passed (Azure leaves such claims out).
struct Claim {
  std::string name;  // claim type URI, e.g. names::kClaimGivenName
  std::vector<std::string> values;
};

// Which element carries the signature (Azure's "Signing option", facts/azure-ad.md §2.3).
enum class SigningMode { kAssertion, kResponse, kBoth };

// What goes into a Response, in Azure's shape (facts/azure-ad.md §3.2).
struct ResponseSpec {
  std::string issuer;       // "https://sts.windows.net/<tenant>/"
  std::string destination;  // the reply URL: Response@Destination and Recipient
  std::string audience;     // the SP entity id (AudienceRestriction)
  // The AuthnRequest ID; empty for IdP-initiated sign-in (no InResponseTo at all).
  std::string in_response_to;
  std::string name_id;
  std::string name_id_format{"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"};
  std::vector<Claim> claims;        // AttributeStatement in this order; omitted when empty
  util::TimePoint issue_instant{};  // T: the caller's clock
  util::TimePoint authn_instant{};  // when the user signed in (may be earlier than T)
  std::string authn_context_class_ref{"urn:oasis:names:tc:SAML:2.0:ac:classes:Password"};
  std::chrono::milliseconds not_before_offset{std::chrono::minutes(5)};  // NotBefore = T - this
  std::chrono::milliseconds lifetime{std::chrono::minutes(60)};          // NotOnOrAfter = T + this
  // Status of the Response; anything other than Success produces a Response without Assertion
  // and with `status_message` (how Azure reports errors to the SP).
  std::string status_code{"urn:oasis:names:tc:SAML:2.0:status:Success"};
  std::optional<std::string> status_message;
  // IDs ("_" + uuid); generated from the IdGenerator when empty.
  std::string response_id;
  std::string assertion_id;
};

struct SigningOptions {
  SigningMode mode = SigningMode::kAssertion;
  crypto::HashAlgorithm algorithm = crypto::HashAlgorithm::kSha256;
};

// Deliberate defects for /_harness/faults, so SP developers can see their SP refuse them.
struct ResponseFaults {
  bool unsigned_response = false;  // no signature at all
  // Sign with this credential instead (its certificate goes into KeyInfo): "foreign key".
  std::optional<crypto::SigningCredential> foreign_signer;
  // Added to every instant written (IssueInstant, AuthnInstant, NotBefore, NotOnOrAfter): e.g.
  // -2 h gives an expired assertion, +1 h one not yet valid, +/- a few minutes a skewed IdP clock.
  std::chrono::milliseconds time_shift{0};
  std::optional<std::string> audience;     // written instead of spec.audience
  std::optional<std::string> destination;  // written instead of spec.destination (and Recipient)
};

struct BuiltResponse {
  std::string xml;  // the samlp:Response, no XML declaration
  std::string response_id;
  std::string assertion_id;           // empty when the status is not Success
  util::TimePoint not_on_or_after{};  // as written (after time_shift)
};

// Builds and signs a Response: samlp:Response(ID, Version, IssueInstant, Destination,
// InResponseTo) > Issuer, [Signature], Status, Assertion(ID, IssueInstant, Version) > Issuer,
// [Signature], Subject(NameID, SubjectConfirmation bearer with SubjectConfirmationData
// InResponseTo, NotOnOrAfter, Recipient), Conditions(NotBefore, NotOnOrAfter) >
// AudienceRestriction > Audience, AttributeStatement, AuthnStatement(AuthnInstant,
// SessionIndex = Assertion ID) > AuthnContext > AuthnContextClassRef. Instants in UTC with
// milliseconds. With kBoth the assertion is signed first, so the Response signature covers it.
// A Response without Assertion (error status) is signed at the Response level whatever the mode.
// Contract: an xmlsig::Library is alive. Throws std::runtime_error if signing fails.
// Thread-safe given a thread-safe IdGenerator.
BuiltResponse build_response(const ResponseSpec& spec, const crypto::SigningCredential& signer,
                             const SigningOptions& options, util::IdGenerator& ids,
                             const ResponseFaults& faults = {});

}  // namespace core::saml
