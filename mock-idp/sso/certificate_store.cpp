#include "mock-idp/sso/certificate_store.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/util/iso8601.hpp"

namespace mock_idp::sso {

using core::util::TimePoint;

namespace {

SigningCertificate make_entry(const core::crypto::SigningCredential& credential,
                              core::util::IdGenerator& ids) {
  SigningCertificate c{credential, credential.certificate.thumbprint_sha1(), ids.uuid4(), false};
  return c;
}

}  // namespace

SigningCertificate CertificateStore::create(const std::string& sp_id,
                                            std::optional<TimePoint> not_after) {
  const TimePoint now = clock_.now();
  const TimePoint start = std::chrono::floor<std::chrono::seconds>(now);
  const TimePoint max_end = core::util::add_years(start, kCertificateYears);
  const TimePoint end = not_after.value_or(max_end);
  if (end <= start || end > max_end) {
    throw std::invalid_argument("endDateTime must be in the future and at most " +
                                std::to_string(kCertificateYears) + " years away");
  }
  auto credential = core::crypto::make_signing_credential(kCertificateCn, start, end, ids_);
  std::lock_guard lock(mutex_);
  auto& list = by_sp_[sp_id];
  SigningCertificate entry = make_entry(credential, ids_);
  entry.active = list.empty();
  list.push_back(entry);
  return entry;
}

core::crypto::SigningCredential CertificateStore::tenant_credential() {
  {
    std::lock_guard lock(mutex_);
    if (tenant_) return *tenant_;
  }
  // Key generation takes a while: not under the lock that every sign-in needs.
  const TimePoint start = std::chrono::floor<std::chrono::seconds>(clock_.now());
  auto credential = core::crypto::make_signing_credential(
      kTenantCertificateCn, start, core::util::add_years(start, kCertificateYears), ids_);
  std::lock_guard lock(mutex_);
  if (!tenant_) tenant_ = std::move(credential);  // a concurrent first caller may have won
  return *tenant_;
}

void CertificateStore::add(const std::string& sp_id,
                           const core::crypto::SigningCredential& credential, bool make_active) {
  std::lock_guard lock(mutex_);
  auto& list = by_sp_[sp_id];
  SigningCertificate entry = make_entry(credential, ids_);
  if (make_active || list.empty()) {
    for (auto& c : list) c.active = false;
    entry.active = true;
  }
  list.push_back(entry);
}

std::vector<SigningCertificate> CertificateStore::list(const std::string& sp_id) const {
  std::lock_guard lock(mutex_);
  const auto it = by_sp_.find(sp_id);
  return it == by_sp_.end() ? std::vector<SigningCertificate>{} : it->second;
}

bool CertificateStore::activate(const std::string& sp_id, const std::string& thumbprint) {
  std::lock_guard lock(mutex_);
  const auto it = by_sp_.find(sp_id);
  if (it == by_sp_.end()) return false;
  auto& list = it->second;
  const auto found = std::find_if(list.begin(), list.end(), [&](const SigningCertificate& c) {
    return c.thumbprint == thumbprint;
  });
  if (found == list.end()) return false;
  for (auto& c : list) c.active = false;
  found->active = true;
  return true;
}

bool CertificateStore::remove(const std::string& sp_id, const std::string& thumbprint) {
  std::lock_guard lock(mutex_);
  const auto it = by_sp_.find(sp_id);
  if (it == by_sp_.end()) return false;
  auto& list = it->second;
  const auto found = std::find_if(list.begin(), list.end(), [&](const SigningCertificate& c) {
    return c.thumbprint == thumbprint;
  });
  if (found == list.end()) return false;
  if (found->active) {
    throw std::invalid_argument(
        "The active certificate cannot be deleted; make another "
        "certificate active first.");
  }
  list.erase(found);
  return true;
}

void CertificateStore::remove_all(const std::string& sp_id) {
  std::lock_guard lock(mutex_);
  by_sp_.erase(sp_id);
}

std::optional<SigningCertificate> CertificateStore::signer(const std::string& sp_id,
                                                           TimePoint now) const {
  std::lock_guard lock(mutex_);
  const auto it = by_sp_.find(sp_id);
  if (it == by_sp_.end() || it->second.empty()) return std::nullopt;
  const auto& list = it->second;
  const auto active =
      std::find_if(list.begin(), list.end(), [](const SigningCertificate& c) { return c.active; });
  if (active != list.end() && active->credential.certificate.valid_at(now)) return *active;
  const SigningCertificate* best = nullptr;
  for (const auto& c : list) {
    if (!c.credential.certificate.valid_at(now)) continue;
    if (!best || c.credential.certificate.not_after() > best->credential.certificate.not_after()) {
      best = &c;
    }
  }
  if (best) return *best;
  if (active != list.end()) return *active;  // all expired: Azure keeps signing with it
  return list.front();
}

std::vector<core::crypto::Certificate> CertificateStore::published(const std::string& sp_id) const {
  std::lock_guard lock(mutex_);
  std::vector<core::crypto::Certificate> out;
  const auto it = by_sp_.find(sp_id);
  if (it == by_sp_.end()) return out;
  for (const auto& c : it->second) {
    if (c.active) out.push_back(c.credential.certificate);
  }
  for (const auto& c : it->second) {
    if (!c.active) out.push_back(c.credential.certificate);
  }
  return out;
}

nlohmann::json CertificateStore::key_credentials(const std::string& sp_id) const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : list(sp_id)) {
    const auto& cert = c.credential.certificate;
    out.push_back({{"customKeyIdentifier", c.thumbprint},
                   {"displayName", "CN=" + std::string(kCertificateCn)},
                   {"endDateTime", core::util::format_utc(cert.not_after())},
                   {"key", nullptr},
                   {"keyId", c.key_id},
                   {"startDateTime", core::util::format_utc(cert.not_before())},
                   {"type", "AsymmetricX509Cert"},
                   {"usage", "Verify"}});
  }
  return out;
}

std::map<std::string, std::vector<SigningCertificate>> CertificateStore::dump() const {
  std::lock_guard lock(mutex_);
  return by_sp_;
}

void CertificateStore::restore(std::map<std::string, std::vector<SigningCertificate>> certs) {
  std::lock_guard lock(mutex_);
  by_sp_ = std::move(certs);
}

nlohmann::json certificate_json(const SigningCertificate& c) {
  const auto& cert = c.credential.certificate;
  return {{"thumbprint", c.thumbprint},
          {"keyId", c.key_id},
          {"subject", cert.subject()},
          {"startDateTime", core::util::format_utc(cert.not_before())},
          {"endDateTime", core::util::format_utc(cert.not_after())},
          {"status", c.active ? "Active" : "Inactive"},
          {"certificate", cert.base64_der()}};
}

}  // namespace mock_idp::sso
