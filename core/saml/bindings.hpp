#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/keys.hpp"
#include "core/saml/verdict.hpp"

namespace core::saml {

// Limits of the bindings (named so that routes and tests use the same numbers).
inline constexpr std::size_t kMaxRedirectQueryBytes = 16 * 1024;   // raw query string
inline constexpr std::size_t kMaxInflatedBytes = 64 * 1024;        // DEFLATE output cap
inline constexpr std::size_t kMaxFormBodyBytes = 256 * 1024;       // urlencoded POST body
inline constexpr std::size_t kMaxPostedMessageBytes = 128 * 1024;  // base64-decoded message

// ---- HTTP-Redirect binding (saml-bindings §3.4) ----

// Builds the query string (no leading '?') for a message sent with HTTP-Redirect:
// "<param>=<url(base64(deflate(xml)))>[&RelayState=..][&SigAlg=..&Signature=..]".
// `param` is "SAMLRequest" or "SAMLResponse". With `signer`, the query is signed as §3.4.4.1
// prescribes (the octets "param=..&RelayState=..&SigAlg=.." as sent, RSA PKCS#1 v1.5 with
// `algorithm`). Empty `relay_state` is omitted. Throws std::runtime_error only if zlib/OpenSSL
// fail.
std::string encode_redirect_query(std::string_view param, std::string_view xml,
                                  std::string_view relay_state,
                                  const crypto::SigningKey* signer = nullptr,
                                  crypto::HashAlgorithm algorithm = crypto::HashAlgorithm::kSha256);

// base_url + ('?' or '&') + query.
std::string append_query(std::string_view base_url, std::string_view query);

struct RedirectMessage {
  std::string param;  // "SAMLRequest" or "SAMLResponse"
  std::string xml;    // inflated message
  std::optional<std::string> relay_state;
  std::optional<std::string> sig_alg;  // URI, if signed
  std::string signature;               // raw signature bytes, if signed
  std::string signed_octets;           // exactly what the signature covers, if signed

  bool is_signed() const { return sig_alg.has_value(); }
};

// Decodes a raw (still URL-encoded) query string as received. Rejections: query longer than
// kMaxRedirectQueryBytes or inflated output above kMaxInflatedBytes (kOversized); neither or both
// of SAMLRequest / SAMLResponse, duplicate parameters, bad URL escapes, bad base64, bad DEFLATE,
// Signature without SigAlg or the reverse (kMalformed). Unknown parameters (login_hint, ...) are
// ignored. The XML itself is not parsed here. Never throws.
Result<RedirectMessage> decode_redirect_query(std::string_view raw_query);

// Verifies the query signature of a decoded message against the trusted certificates (any one
// may match). kNoSignature when unsigned, kDisallowedAlgorithm for an unknown SigAlg or rsa-sha1
// without `allow_sha1`, kBadSignature when no certificate verifies it. Never throws.
Verdict verify_redirect_signature(const RedirectMessage& message,
                                  const std::vector<crypto::TrustedCert>& trusted,
                                  bool allow_sha1 = true);

// ---- HTTP-POST binding (saml-bindings §3.5) ----

// An HTML page whose form posts `param` = base64(xml) (and RelayState if not empty) to
// `action_url` and submits itself on load (with a no-script button). All values HTML-escaped.
std::string render_post_form(std::string_view action_url, std::string_view param,
                             std::string_view xml, std::string_view relay_state);

// Parses an application/x-www-form-urlencoded body read as a raw string (the ACS reads it with a
// ContentReader: Debian's httplib answers 413 to urlencoded bodies over 8 KiB otherwise).
// Rejections: body above `max_bytes` (kOversized), bad escapes or a repeated name (kMalformed).
// Never throws.
Result<std::map<std::string, std::string>> parse_form_body(
    std::string_view body, std::size_t max_bytes = kMaxFormBodyBytes);

// Decodes a posted SAMLResponse / SAMLRequest value (base64, line breaks allowed) into XML.
// kOversized above `max_bytes` decoded, kMalformed for bad base64. Never throws.
Result<std::string> decode_post_value(std::string_view base64,
                                      std::size_t max_bytes = kMaxPostedMessageBytes);

// The SigAlg URI for an algorithm and back (nullopt for unknown URIs).
std::string_view sig_alg_uri(crypto::HashAlgorithm algorithm);
std::optional<crypto::HashAlgorithm> sig_alg_from_uri(std::string_view uri);

}  // namespace core::saml
