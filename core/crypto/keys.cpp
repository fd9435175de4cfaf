#include "core/crypto/keys.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <chrono>
#include <ctime>

#include "core/crypto/detail/handles.hpp"
#include "core/crypto/detail/key_state.hpp"
#include "core/crypto/encoding.hpp"

namespace core::crypto {
namespace {

using detail::BioPtr;
using detail::EvpMdCtxPtr;
using detail::EvpPkeyCtxPtr;
using detail::EvpPkeyPtr;
using detail::X509Ptr;

[[noreturn]] void fail(const char* what) {
  ERR_clear_error();
  throw CryptoError(std::string("crypto: ") + what);
}

void check(bool ok, const char* what) {
  if (!ok) fail(what);
}

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

BioPtr read_bio(std::string_view text) {
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  check(bio != nullptr, "BIO_new_mem_buf");
  return bio;
}

const EVP_MD* md(HashAlgorithm alg) {
  return alg == HashAlgorithm::kSha1 ? EVP_sha1() : EVP_sha256();
}

util::TimePoint from_asn1(const ASN1_TIME* t) {
  struct tm tm {};
  check(ASN1_TIME_to_tm(t, &tm) == 1, "ASN1_TIME_to_tm");
  const auto days = std::chrono::sys_days(std::chrono::year(tm.tm_year + 1900) /
                                          std::chrono::month(static_cast<unsigned>(tm.tm_mon + 1)) /
                                          std::chrono::day(static_cast<unsigned>(tm.tm_mday)));
  return std::chrono::time_point_cast<util::Millis>(days) + std::chrono::hours(tm.tm_hour) +
         std::chrono::minutes(tm.tm_min) + std::chrono::seconds(tm.tm_sec);
}

std::shared_ptr<const detail::CertState> cert_state(X509Ptr x509) {
  auto state = std::make_shared<detail::CertState>();
  unsigned char* der = nullptr;
  const int len = i2d_X509(x509.get(), &der);
  check(len > 0, "i2d_X509");
  state->der.assign(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  state->base64_der = base64_encode(state->der);
  state->public_key = X509_get0_pubkey(x509.get());
  check(state->public_key != nullptr, "certificate public key");
  state->x509 = std::move(x509);
  return state;
}

}  // namespace

SigningKey SigningKey::generate_rsa(int bits) {
  if (bits < 2048) throw CryptoError("crypto: RSA keys must have at least 2048 bits");
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr));
  check(ctx != nullptr, "EVP_PKEY_CTX_new_id");
  check(EVP_PKEY_keygen_init(ctx.get()) == 1, "keygen_init");
  check(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) == 1, "set_rsa_keygen_bits");
  EVP_PKEY* raw = nullptr;
  check(EVP_PKEY_keygen(ctx.get(), &raw) == 1, "keygen");
  auto state = std::make_shared<detail::KeyState>();
  state->pkey.reset(raw);
  return SigningKey(std::move(state));
}

SigningKey SigningKey::from_pem(std::string_view pem) {
  BioPtr bio = read_bio(pem);
  EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (raw == nullptr) fail("cannot read the private key PEM");
  auto state = std::make_shared<detail::KeyState>();
  state->pkey.reset(raw);
  if (EVP_PKEY_base_id(raw) != EVP_PKEY_RSA) throw CryptoError("crypto: not an RSA key");
  return SigningKey(std::move(state));
}

std::string SigningKey::private_key_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr, "BIO_new");
  check(PEM_write_bio_PrivateKey(bio.get(), state_->pkey.get(), nullptr, nullptr, 0, nullptr,
                                 nullptr) == 1,
        "PEM_write_bio_PrivateKey");
  return bio_string(bio.get());
}

std::string SigningKey::public_key_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr, "BIO_new");
  check(PEM_write_bio_PUBKEY(bio.get(), state_->pkey.get()) == 1, "PEM_write_bio_PUBKEY");
  return bio_string(bio.get());
}

int SigningKey::bits() const { return EVP_PKEY_get_bits(state_->pkey.get()); }

std::string SigningKey::sign(std::string_view data, HashAlgorithm alg) const {
  const std::string digest = alg == HashAlgorithm::kSha1 ? sha1(data) : sha256(data);
  std::vector<EvpPkeyCtxPtr>& pool =
      alg == HashAlgorithm::kSha1 ? state_->sha1_pool : state_->sha256_pool;
  EvpPkeyCtxPtr ctx;
  {
    const std::lock_guard<std::mutex> lock(state_->pool_mutex);
    if (!pool.empty()) {
      ctx = std::move(pool.back());
      pool.pop_back();
    }
  }
  if (!ctx) {
    ctx.reset(EVP_PKEY_CTX_new(state_->pkey.get(), nullptr));
    check(ctx != nullptr, "EVP_PKEY_CTX_new");
    check(EVP_PKEY_sign_init(ctx.get()) == 1, "EVP_PKEY_sign_init");
    check(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1, "set_rsa_padding");
    check(EVP_PKEY_CTX_set_signature_md(ctx.get(), md(alg)) == 1, "set_signature_md");
  }
  std::size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(digest.data());
  check(EVP_PKEY_sign(ctx.get(), nullptr, &len, in, digest.size()) == 1, "EVP_PKEY_sign size");
  std::string out(len, '\0');
  check(EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, in,
                      digest.size()) == 1,
        "EVP_PKEY_sign");
  out.resize(len);
  constexpr std::size_t kMaxPooled = 64;
  const std::lock_guard<std::mutex> lock(state_->pool_mutex);
  if (pool.size() < kMaxPooled) pool.push_back(std::move(ctx));
  return out;
}

Certificate Certificate::from_pem(std::string_view pem) {
  BioPtr bio = read_bio(pem);
  X509Ptr x509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!x509) fail("cannot read the certificate PEM");
  return Certificate(cert_state(std::move(x509)));
}

Certificate Certificate::from_der(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr x509(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x509) fail("cannot read the DER certificate");
  if (p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    throw CryptoError("crypto: trailing bytes after the DER certificate");
  }
  return Certificate(cert_state(std::move(x509)));
}

Certificate Certificate::from_base64_der(std::string_view text) {
  const auto der = base64_decode(text);
  if (!der || der->empty()) throw CryptoError("crypto: certificate is not valid base64");
  return from_der(*der);
}

std::string Certificate::pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr, "BIO_new");
  check(PEM_write_bio_X509(bio.get(), state_->x509.get()) == 1, "PEM_write_bio_X509");
  return bio_string(bio.get());
}

const std::string& Certificate::der() const { return state_->der; }

std::string Certificate::base64_der() const { return state_->base64_der; }

std::string Certificate::thumbprint_sha1() const { return hex_encode(sha1(state_->der), true); }

std::string Certificate::thumbprint_sha256() const { return hex_encode(sha256(state_->der), true); }

std::string Certificate::subject() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr, "BIO_new");
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(state_->x509.get()), 0,
                     XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return bio_string(bio.get());
}

std::string Certificate::subject_cn() const {
  X509_NAME* name = X509_get_subject_name(state_->x509.get());
  const int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (idx < 0) return "";
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) return "";
  std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

std::string Certificate::serial_hex() const {
  const ASN1_INTEGER* serial = X509_get0_serialNumber(state_->x509.get());
  const std::string bytes(reinterpret_cast<const char*>(ASN1_STRING_get0_data(serial)),
                          static_cast<std::size_t>(ASN1_STRING_length(serial)));
  return hex_encode(bytes, true);
}

util::TimePoint Certificate::not_before() const {
  return from_asn1(X509_get0_notBefore(state_->x509.get()));
}

util::TimePoint Certificate::not_after() const {
  return from_asn1(X509_get0_notAfter(state_->x509.get()));
}

bool Certificate::valid_at(util::TimePoint at) const {
  return not_before() <= at && at <= not_after();
}

bool Certificate::verify(std::string_view data, std::string_view signature,
                         HashAlgorithm alg) const {
  if (EVP_PKEY_base_id(state_->public_key) != EVP_PKEY_RSA) return false;
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, md(alg), nullptr, state_->public_key) != 1) {
    ERR_clear_error();
    return false;
  }
  const int rc = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(data.data()), data.size());
  ERR_clear_error();
  return rc == 1;
}

bool Certificate::matches(const SigningKey& key) const {
  const int rc = EVP_PKEY_eq(state_->public_key, key.state().pkey.get());
  ERR_clear_error();
  return rc == 1;
}

Certificate make_self_signed_certificate(const SigningKey& key, std::string_view common_name,
                                         util::TimePoint not_before, util::TimePoint not_after,
                                         util::IdGenerator& ids) {
  X509Ptr cert(X509_new());
  check(cert != nullptr, "X509_new");
  check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
  // 16 random bytes, top bit cleared so the INTEGER stays positive (RFC 5280 §4.1.2.2).
  unsigned char serial[16];
  for (int half = 0; half < 2; ++half) {
    std::uint64_t v = ids.next_u64();
    for (int i = 0; i < 8; ++i) {
      serial[half * 8 + i] = static_cast<unsigned char>(v >> (56 - 8 * i));
    }
  }
  serial[0] &= 0x7F;
  if (serial[0] == 0) serial[0] = 0x01;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  check(bn != nullptr, "BN_bin2bn");
  ASN1_INTEGER* ai = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  check(ai != nullptr, "BN_to_ASN1_INTEGER");
  const auto secs = [](util::TimePoint t) {
    return static_cast<time_t>(
        std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
  };
  check(ASN1_TIME_set(X509_getm_notBefore(cert.get()), secs(not_before)) != nullptr, "notBefore");
  check(ASN1_TIME_set(X509_getm_notAfter(cert.get()), secs(not_after)) != nullptr, "notAfter");
  check(X509_set_pubkey(cert.get(), key.state().pkey.get()) == 1, "X509_set_pubkey");
  const std::string cn(common_name);
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                   0) == 1,
        "subject CN");
  check(X509_set_issuer_name(cert.get(), name) == 1, "issuer");
  check(X509_sign(cert.get(), key.state().pkey.get(), EVP_sha256()) > 0, "X509_sign");
  return Certificate(cert_state(std::move(cert)));
}

SigningCredential make_signing_credential(std::string_view common_name, util::TimePoint not_before,
                                          util::TimePoint not_after, util::IdGenerator& ids) {
  SigningKey key = SigningKey::generate_rsa(2048);
  Certificate cert = make_self_signed_certificate(key, common_name, not_before, not_after, ids);
  return SigningCredential{std::move(key), std::move(cert)};
}

std::string sha1(std::string_view data) {
  unsigned char out[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string sha256(std::string_view data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

}  // namespace core::crypto
