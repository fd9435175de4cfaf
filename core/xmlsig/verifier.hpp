#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/keys.hpp"

namespace core::xmlsig {

// An element name: namespace URI and local name (prefixes never matter).
struct QName {
  std::string ns;
  std::string local;
};

// The fixed verification profile (modelled on OpenSAML's SignatureProfileValidator and xmlsec's
// verify-saml example). Everything not listed here is always enforced:
// - the target element has exactly one <ds:Signature> child;
// - its SignedInfo has exactly one Reference, whose URI is "#" + the target's "ID" attribute;
// - that ID value appears on no other element of the document (as ID, Id, id or xml:id), so
//   the reference resolves to the target and nothing else;
// - CanonicalizationMethod is exclusive c14n (with or without comments); the Reference's
//   transforms are a subset of {enveloped-signature, exc-c14n}; no <ds:Object>;
// - the key is one of the caller's trusted certificates; KeyInfo is never used to choose or
//   trust a key (it only helps to tell "signed by an untrusted key" from "altered").
struct VerifyPolicy {
  // rsa-sha1 / sha1 accepted in addition to rsa-sha256 / sha256.
  bool allow_sha1 = true;
  // Upper bound of the input, checked before parsing.
  std::size_t max_bytes = 1024 * 1024;
};

enum class VerifyStatus {
  kOk,
  kMalformed,            // not well-formed, DOCTYPE present, or the target path does not exist
  kOversized,            // input larger than policy.max_bytes
  kNoSignature,          // the target element has no Signature child
  kProfileViolation,     // wrong Reference count or URI, duplicate ID, transforms, Object, ...
  kDisallowedAlgorithm,  // signature or digest algorithm outside the allow-list
  kUntrustedKey,         // the signature is valid for the KeyInfo certificate, which is untrusted
  kBadSignature,         // digest or signature value does not match any trusted certificate
};

struct VerifyResult {
  VerifyStatus status = VerifyStatus::kMalformed;
  std::string detail;  // human-readable reason; empty when kOk

  // Set when kOk: the verified element serialised on its own by exclusive c14n with comments
  // (namespace declarations it uses are carried along; the signature element stays inside).
  // Callers must read claims only from this string, never from the input.
  std::string element_xml;
  std::string element_id;  // the ID the signature covers
  crypto::HashAlgorithm algorithm = crypto::HashAlgorithm::kSha256;
  std::size_t trusted_index = 0;  // which of the trusted certificates verified it

  bool ok() const { return status == VerifyStatus::kOk; }
};

// Verifies the enveloped signature of one element of `xml`. `path` selects it: path[0] must name
// the document element; each further step selects the single child element of that name (if
// there are zero or several, the result is kMalformed). Returns a status, never throws on bad
// input (only std::bad_alloc). Contract: a Library is alive. Thread-safe.
VerifyResult verify_enveloped(std::string_view xml, const std::vector<QName>& path,
                              const std::vector<crypto::TrustedCert>& trusted,
                              const VerifyPolicy& policy = {});

// True if the element selected by `path` has a <ds:Signature> child (no verification). False
// for malformed input. Lets a relying party decide which element to verify.
bool has_signature(std::string_view xml, const std::vector<QName>& path);

std::string_view to_string(VerifyStatus status);

}  // namespace core::xmlsig
