#pragma once

#include <string>
#include <string_view>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"

namespace core::crypto {

struct PemKeyPair {
  std::string certificate_pem;
  std::string private_key_pem;  // PKCS#8, unencrypted
};

// A self-signed RSA-2048/SHA-256 certificate for serving https on `host` (CN and
// subjectAltName), valid from `now` - 1 day for 1 year. The serial comes from `ids`.
// Throws std::runtime_error if OpenSSL fails.
PemKeyPair make_self_signed_tls(std::string_view host, util::TimePoint now, util::IdGenerator& ids);

}  // namespace core::crypto
