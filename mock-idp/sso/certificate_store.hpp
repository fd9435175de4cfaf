#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto/keys.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"

namespace mock_idp::sso {

// Azure's SAML signing certificate subject (facts/azure-ad.md §1.3).
inline constexpr const char* kCertificateCn = "Microsoft Azure Federated SSO Certificate";
// Subject of the tenant-wide token-signing certificates in tenant-level metadata.
inline constexpr const char* kTenantCertificateCn = "accounts.accesscontrol.windows.net";
// A new certificate is valid this many years by default, and at most this long.
inline constexpr int kCertificateYears = 3;

// One SAML signing certificate of an enterprise application.
struct SigningCertificate {
  core::crypto::SigningCredential credential;
  std::string thumbprint;  // SHA-1 of the DER, upper-case hex (the portal's thumbprint)
  std::string key_id;      // keyCredentials[].keyId (a GUID)
  bool active = false;
};

// Signing certificates per servicePrincipal id, with Azure's rules: exactly one active while
// any exist; the active one cannot be deleted; if the active one has expired and another is
// valid, sign with the valid one. Thread-safe; returns copies (keys are shared, cheap).
class CertificateStore {
 public:
  CertificateStore(const core::util::Clock& clock, core::util::IdGenerator& ids)
      : clock_(clock), ids_(ids) {}

  // Generates an RSA-2048 key and a self-signed certificate valid from now until `not_after`
  // (default now + 3 years; later than that is refused). The first certificate of an app is
  // made active. Throws std::invalid_argument for a bad end date.
  SigningCertificate create(const std::string& sp_id,
                            std::optional<core::util::TimePoint> not_after = std::nullopt);
  // Adds an existing credential (fixtures, reset). The first is made active.
  void add(const std::string& sp_id, const core::crypto::SigningCredential& credential,
           bool make_active);
  std::vector<SigningCertificate> list(const std::string& sp_id) const;
  // Makes the certificate with this thumbprint the active one. False if unknown.
  bool activate(const std::string& sp_id, const std::string& thumbprint);
  // Removes an inactive certificate. Throws std::invalid_argument for the active one, returns
  // false if unknown.
  bool remove(const std::string& sp_id, const std::string& thumbprint);
  void remove_all(const std::string& sp_id);
  // The certificate to sign with at `now`: the active one, unless it has expired and another
  // valid one exists (then the valid one with the latest expiry). nullopt if the app has none.
  std::optional<SigningCertificate> signer(const std::string& sp_id,
                                           core::util::TimePoint now) const;
  // The certificates published in metadata: the active one first, then the others.
  std::vector<core::crypto::Certificate> published(const std::string& sp_id) const;
  // Graph keyCredentials for the servicePrincipal (one "Verify" entry per certificate).
  nlohmann::json key_credentials(const std::string& sp_id) const;

  // The tenant's own token-signing credential, which Azure publishes in the tenant-level
  // federation metadata (no ?appid=): not any app's SAML certificate, so an SP that trusts that
  // document refuses the app's Responses. Generated on first use (valid 3 years from then by
  // the virtual clock) and kept across reset.
  core::crypto::SigningCredential tenant_credential();

  // Whole-store copy and restore (reset back to the start-up certificates without new keys).
  std::map<std::string, std::vector<SigningCertificate>> dump() const;
  void restore(std::map<std::string, std::vector<SigningCertificate>> certificates);

 private:
  const core::util::Clock& clock_;
  core::util::IdGenerator& ids_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<SigningCertificate>> by_sp_;
  std::optional<core::crypto::SigningCredential> tenant_;
};

// The JSON the lab's certificate routes answer for one certificate.
nlohmann::json certificate_json(const SigningCertificate& cert);

}  // namespace mock_idp::sso
