#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/keys.hpp"

namespace core::xmlsig {

class SignError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SignOptions {
  // rsa-sha256 + sha256 digest (default), or rsa-sha1 + sha1 digest (Azure's "SHA-1" option).
  crypto::HashAlgorithm algorithm = crypto::HashAlgorithm::kSha256;
  // Put <KeyInfo><X509Data><X509Certificate> of the signer's certificate in the signature.
  bool include_key_info = true;
  // Write KeyInfo with a "ds:" prefix and its own namespace declaration, as Azure's federation
  // metadata does; otherwise KeyInfo inherits the Signature's default namespace.
  bool prefixed_key_info = false;
};

// Signs elements of `xml` with enveloped XML-DSig signatures and returns the signed document
// (serialised by libxml2 without XML declaration; namespace declarations come first in each start
// tag, otherwise the text is as given).
//
// For each ID in `element_ids`, in the given order: the element whose unqualified "ID"
// attribute equals it gets a <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"> child, placed
// right after its first child element if that is a SAML <Issuer> (SAML core §5.4.1), otherwise
// as its first child (metadata §3.1.1). The signature has exclusive c14n
// (http://www.w3.org/2001/10/xml-exc-c14n#) as CanonicalizationMethod, one Reference
// URI="#<ID>" with the transforms enveloped-signature and exc-c14n, and the digest matching the
// algorithm. Sign inner elements first (the Assertion before the Response) so that an outer
// signature covers the inner one.
//
// Contract: a Library is alive; `certificate` is the one published for `key` (not checked).
// Throws SignError if the document does not parse (no DOCTYPE allowed), an ID is missing or not
// unique, or xmlsec fails. Thread-safe (no shared mutable state).
std::string sign_enveloped(std::string_view xml, const std::vector<std::string>& element_ids,
                           const crypto::SigningKey& key, const crypto::Certificate& certificate,
                           const SignOptions& options = {});

}  // namespace core::xmlsig
