#pragma once

// The insides of SigningKey and Certificate, for core/crypto and core/xmlsig only.

#include <string>

#include "core/crypto/detail/handles.hpp"

namespace core::crypto::detail {

// Immutable after construction; shared by copies of SigningKey.
struct KeyState {
  EvpPkeyPtr pkey;  // RSA private key
};

// Immutable after construction; shared by copies of Certificate.
struct CertState {
  X509Ptr x509;
  std::string der;
  std::string base64_der;  // what <X509Certificate> carries, computed once
  EVP_PKEY* public_key = nullptr;  // owned by x509 (X509_get0_pubkey)
};

}  // namespace core::crypto::detail
