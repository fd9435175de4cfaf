#include "core/crypto/keys.hpp"

namespace core::crypto {
SigningKey SigningKey::generate_rsa(int) { throw CryptoError("not yet"); }
SigningKey SigningKey::from_pem(std::string_view) { throw CryptoError("not yet"); }
std::string SigningKey::private_key_pem() const { throw CryptoError("not yet"); }
std::string SigningKey::public_key_pem() const { throw CryptoError("not yet"); }
int SigningKey::bits() const { throw CryptoError("not yet"); }
std::string SigningKey::sign(std::string_view, HashAlgorithm) const {
  throw CryptoError("not yet");
}
Certificate Certificate::from_pem(std::string_view) { throw CryptoError("not yet"); }
Certificate Certificate::from_der(std::string_view) { throw CryptoError("not yet"); }
Certificate Certificate::from_base64_der(std::string_view) { throw CryptoError("not yet"); }
std::string Certificate::pem() const { throw CryptoError("not yet"); }
const std::string& Certificate::der() const { throw CryptoError("not yet"); }
std::string Certificate::base64_der() const { throw CryptoError("not yet"); }
std::string Certificate::thumbprint_sha1() const { throw CryptoError("not yet"); }
std::string Certificate::thumbprint_sha256() const { throw CryptoError("not yet"); }
std::string Certificate::subject() const { throw CryptoError("not yet"); }
std::string Certificate::subject_cn() const { throw CryptoError("not yet"); }
std::string Certificate::serial_hex() const { throw CryptoError("not yet"); }
util::TimePoint Certificate::not_before() const { throw CryptoError("not yet"); }
util::TimePoint Certificate::not_after() const { throw CryptoError("not yet"); }
bool Certificate::valid_at(util::TimePoint) const { throw CryptoError("not yet"); }
bool Certificate::verify(std::string_view, std::string_view, HashAlgorithm) const {
  throw CryptoError("not yet");
}
bool Certificate::matches(const SigningKey&) const { throw CryptoError("not yet"); }
Certificate make_self_signed_certificate(const SigningKey&, std::string_view, util::TimePoint,
                                         util::TimePoint, util::IdGenerator&) {
  throw CryptoError("not yet");
}
SigningCredential make_signing_credential(std::string_view, util::TimePoint, util::TimePoint,
                                          util::IdGenerator&) {
  throw CryptoError("not yet");
}
std::string sha1(std::string_view) { throw CryptoError("not yet"); }
std::string sha256(std::string_view) { throw CryptoError("not yet"); }
}  // namespace core::crypto
