#include "core/crypto/self_signed.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace core::crypto {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct CtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct ExtFree {
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

const unsigned char* uc(const char* s) { return reinterpret_cast<const unsigned char*>(s); }

}  // namespace

PemKeyPair make_self_signed_tls(std::string_view host, util::TimePoint now,
                                util::IdGenerator& ids) {
  std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr));
  check(ctx != nullptr, "EVP_PKEY_CTX_new_id");
  check(EVP_PKEY_keygen_init(ctx.get()) == 1, "keygen_init");
  check(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 2048) == 1, "set_rsa_keygen_bits");
  EVP_PKEY* raw_key = nullptr;
  check(EVP_PKEY_keygen(ctx.get(), &raw_key) == 1, "keygen");
  std::unique_ptr<EVP_PKEY, PkeyFree> key(raw_key);

  std::unique_ptr<X509, X509Free> cert(X509_new());
  check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), ids.next_u64() >> 1);
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  const time_t start = static_cast<time_t>(secs.count()) - 86400;
  check(ASN1_TIME_set(X509_getm_notBefore(cert.get()), start) != nullptr, "notBefore");
  check(ASN1_TIME_set(X509_getm_notAfter(cert.get()), start + 366L * 86400) != nullptr, "notAfter");
  X509_set_pubkey(cert.get(), key.get());
  const std::string cn(host);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, uc(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);

  const bool is_ip = !cn.empty() && cn.find_first_not_of("0123456789.:") == std::string::npos;
  const std::string san = (is_ip ? "IP:" : "DNS:") + cn + ",DNS:localhost";
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert.get(), cert.get(), nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, ExtFree> ext(
      X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, san.c_str()));
  check(ext != nullptr, "subjectAltName");
  X509_add_ext(cert.get(), ext.get(), -1);
  check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "X509_sign");

  std::unique_ptr<BIO, BioFree> cert_bio(BIO_new(BIO_s_mem()));
  std::unique_ptr<BIO, BioFree> key_bio(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_X509(cert_bio.get(), cert.get()) == 1, "PEM_write_bio_X509");
  check(PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
            1,
        "PEM_write_bio_PrivateKey");
  return PemKeyPair{bio_string(cert_bio.get()), bio_string(key_bio.get())};
}

}  // namespace core::crypto
