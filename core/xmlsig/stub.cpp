#include <stdexcept>

#include "core/xmlsig/library.hpp"
#include "core/xmlsig/signer.hpp"
#include "core/xmlsig/verifier.hpp"

namespace core::xmlsig {
Library::Library() {}
Library::~Library() {}
std::string sign_enveloped(std::string_view, const std::vector<std::string>&,
                           const crypto::SigningKey&, const crypto::Certificate&,
                           const SignOptions&) {
  throw SignError("not yet");
}
VerifyResult verify_enveloped(std::string_view, const std::vector<QName>&,
                              const std::vector<crypto::TrustedCert>&, const VerifyPolicy&) {
  throw std::logic_error("not yet");
}
bool has_signature(std::string_view, const std::vector<QName>&) {
  throw std::logic_error("not yet");
}
std::string_view to_string(VerifyStatus) { return "not yet"; }
}  // namespace core::xmlsig
