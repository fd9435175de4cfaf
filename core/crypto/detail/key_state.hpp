#pragma once

// The insides of SigningKey and Certificate, for core/crypto and core/xmlsig only.

#include <mutex>
#include <string>
#include <vector>

#include "core/crypto/detail/handles.hpp"

namespace core::crypto::detail {

// The key is immutable after construction; shared by copies of SigningKey. Signing contexts are
// pooled because creating one costs about a seventh of an RSA-2048 signature in OpenSSL 3: a
// context is used by one thread at a time (taken from the pool under the mutex, returned after).
struct KeyState {
  EvpPkeyPtr pkey;  // RSA private key
  std::mutex pool_mutex;
  std::vector<EvpPkeyCtxPtr> sha256_pool;  // EVP_PKEY_sign-initialised, PKCS#1 v1.5, SHA-256
  std::vector<EvpPkeyCtxPtr> sha1_pool;
};

// Immutable after construction; shared by copies of Certificate.
struct CertState {
  X509Ptr x509;
  std::string der;
  std::string base64_der;          // what <X509Certificate> carries, computed once
  EVP_PKEY* public_key = nullptr;  // owned by x509 (X509_get0_pubkey)
};

}  // namespace core::crypto::detail
