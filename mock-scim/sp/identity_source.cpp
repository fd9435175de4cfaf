#include "mock-scim/sp/identity_source.hpp"

#include <algorithm>
#include <chrono>

#include "core/saml/metadata.hpp"
#include "core/saml/names.hpp"
#include "core/util/iso8601.hpp"

namespace mock_scim::sp {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

core::saml::Verdict IdentitySource::set_metadata(std::string_view xml, core::util::TimePoint now) {
  const auto parsed = core::saml::parse_idp_metadata(xml);
  if (!parsed) return parsed.verdict();
  const auto& md = parsed.value();
  IdpSettings s;
  s.entity_id = md.entity_id;
  s.sso_redirect_url = md.sso_location(core::saml::names::kBindingRedirect).value_or("");
  s.sso_post_url = md.sso_location(core::saml::names::kBindingPost).value_or("");
  if (s.sso_redirect_url.empty() && s.sso_post_url.empty()) {
    return core::saml::Verdict::fail(core::saml::Reason::kMalformed,
                                     "the metadata has no HTTP-Redirect or HTTP-POST "
                                     "SingleSignOnService");
  }
  s.certificates = md.signing_certificates;
  s.configured_at = now;
  std::lock_guard lock(mutex_);
  settings_ = std::move(s);
  return core::saml::Verdict::pass();
}

std::optional<std::string> IdentitySource::add_certificate(std::string_view pem) {
  if (pem.size() > kMaxCertificateChars) {
    return "the certificate file is longer than " + std::to_string(kMaxCertificateChars) +
           " characters";
  }
  std::optional<core::crypto::Certificate> cert;
  try {
    cert = core::crypto::Certificate::from_pem(pem);
  } catch (const std::exception&) {
    return std::string("the certificate is not a PEM X.509 certificate");
  }
  std::lock_guard lock(mutex_);
  if (!settings_) return std::string("no external identity provider is configured");
  auto& certs = settings_->certificates;
  if (std::find(certs.begin(), certs.end(), *cert) != certs.end()) {
    return std::string("the certificate is already trusted");
  }
  certs.push_back(*cert);
  return std::nullopt;
}

std::optional<std::string> IdentitySource::remove_certificate(std::string_view thumbprint) {
  const auto wanted = upper(thumbprint);
  std::lock_guard lock(mutex_);
  if (!settings_) return std::string("no external identity provider is configured");
  auto& certs = settings_->certificates;
  const auto it = std::find_if(certs.begin(), certs.end(),
                               [&](const auto& c) { return c.thumbprint_sha1() == wanted; });
  if (it == certs.end()) return "no trusted certificate has the thumbprint " + wanted;
  if (certs.size() == 1) return std::string("at least one certificate must remain");
  certs.erase(it);
  return std::nullopt;
}

std::optional<IdpSettings> IdentitySource::current() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

void IdentitySource::clear() {
  std::lock_guard lock(mutex_);
  settings_.reset();
}

nlohmann::json IdentitySource::to_json(const IdpSettings& s, core::util::TimePoint now) {
  using namespace std::chrono_literals;
  nlohmann::json certs = nlohmann::json::array();
  for (const auto& c : s.certificates) {
    const auto not_after = c.not_after();
    const char* status =
        now > not_after ? "expired" : (not_after - now <= 90 * 24h ? "expiring" : "valid");
    certs.push_back({{"thumbprint", c.thumbprint_sha1()},
                     {"subject", c.subject()},
                     {"notBefore", core::util::format_utc(c.not_before())},
                     {"notAfter", core::util::format_utc(not_after)},
                     {"status", status}});
  }
  return {{"entityId", s.entity_id},
          {"ssoUrl", s.sso_redirect_url.empty() ? s.sso_post_url : s.sso_redirect_url},
          {"certificates", certs}};
}

}  // namespace mock_scim::sp
