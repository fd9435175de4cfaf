#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/keys.hpp"
#include "core/saml/verdict.hpp"
#include "core/util/clock.hpp"

namespace mock_scim::sp {

// AWS limit on an IdP certificate file imported for rollover (UG-LIMITS).
constexpr std::size_t kMaxCertificateChars = 2500;

// The external IdP as the console's "Identity source" settings hold it.
struct IdpSettings {
  std::string entity_id;
  std::string sso_redirect_url;  // SingleSignOnService HTTP-Redirect ("" if the IdP has none)
  std::string sso_post_url;      // SingleSignOnService HTTP-POST ("" if none)
  // Every certificate trusted to sign responses: those of the metadata, then imported ones
  // (rollover: "IAM Identity Center will trust all incoming SAML messages signed from both").
  std::vector<core::crypto::Certificate> certificates;
  core::util::TimePoint configured_at{};
};

// Identity source = external identity provider (console: Settings > Identity source). Uploading
// IdP metadata replaces the settings; a refused upload changes nothing. Thread-safe.
class IdentitySource {
 public:
  // Parses the metadata (core::saml::parse_idp_metadata: size, DOCTYPE, shape, encryption key
  // refused) and installs it. Returns the verdict of the parse.
  core::saml::Verdict set_metadata(std::string_view xml, core::util::TimePoint now);
  // Imports one more trusted certificate (PEM, at most kMaxCertificateChars). Returns an error
  // message: no identity source, unreadable, too long, already trusted.
  std::optional<std::string> add_certificate(std::string_view pem);
  // Removes a trusted certificate by SHA-1 thumbprint (upper or lower case hex). At least one
  // certificate must remain. Returns an error message.
  std::optional<std::string> remove_certificate(std::string_view thumbprint);
  std::optional<IdpSettings> current() const;
  void clear();

  // {"entityId","ssoUrl","certificates":[{"thumbprint","subject","notBefore","notAfter",
  // "status"}]}; status is "expired" | "expiring" (90 days or less) | "valid", as the console's
  // red / yellow / green.
  static nlohmann::json to_json(const IdpSettings& settings, core::util::TimePoint now);

 private:
  mutable std::mutex mutex_;
  std::optional<IdpSettings> settings_;
};

}  // namespace mock_scim::sp
