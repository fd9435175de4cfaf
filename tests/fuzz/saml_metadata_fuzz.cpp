// Metadata arrives from administrators' uploads: IdP metadata at mock-scim's identity source,
// SP metadata at mock-idp's "Upload metadata file".
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/saml/metadata.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto idp = core::saml::parse_idp_metadata(text); idp.ok()) {
    if (idp->signing_certificates.empty() || idp->single_sign_on.empty()) __builtin_trap();
    for (const auto& cert : idp->signing_certificates) (void)cert.thumbprint_sha1();
  }
  if (const auto sp = core::saml::parse_sp_metadata(text); sp.ok()) {
    (void)sp->default_acs();
  }
  return 0;
}
