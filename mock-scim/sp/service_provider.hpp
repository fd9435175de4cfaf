#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/saml/replay_cache.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "mock-scim/sp/identity_source.hpp"
#include "mock-scim/sso_admin/directory_view.hpp"
#include "mock-scim/sso_admin/organization.hpp"
#include "mock-scim/sso_admin/sso_admin_service.hpp"

namespace mock_scim::sp {

struct SpOptions {
  // Base of the ACS and portal URLs, never ending with '/'; asked on every use because the
  // port is known only once the server is bound. Must be thread-safe.
  std::function<std::string()> public_url;
  // Access portal session (UG-SIGNIN: 8 hours by default).
  core::util::Millis session_lifetime{8 * 60 * 60 * 1000};
  // How long an SP-initiated AuthnRequest waits for its Response.
  core::util::Millis request_lifetime{10 * 60 * 1000};
  core::util::Millis clock_skew{3 * 60 * 1000};
};

// The portal's session cookie (what the real access portal sets after SAML sign-in).
inline constexpr std::string_view kSessionCookie = "x-amz-sso_authn";
// At most this many SP-initiated requests wait at once; the oldest is dropped beyond it.
inline constexpr std::size_t kMaxOutstandingRequests = 10'000;
inline constexpr std::size_t kMaxSessions = 100'000;

// The outcome of one POST to the ACS. `reason` is "ok" or why sign-in failed: a
// core::saml::Reason name ("expired", "wrapped", ...) or "no_identity_source",
// "missing_saml_response", "unknown_user", "inactive_user". `detail` is for the log only.
struct AcsResult {
  std::string reason = "ok";
  std::string detail;
  std::string session_token;  // set on success
  std::string user_name;
  std::string redirect_path = "/start";  // where the browser goes next (RelayState if local)
  bool ok() const { return reason == "ok"; }
};

struct Session {
  std::string token;
  std::string user_id;
  std::string user_name;
  core::util::TimePoint created{};
  core::util::TimePoint expires{};
};

// What "assuming" a role from the portal yields: the shape of the portal API's
// GetRoleCredentials ({"roleCredentials":{...}}); the keys are random and grant nothing.
struct RoleCredentials {
  std::string access_key_id;      // "ASIA" + 16
  std::string secret_access_key;  // 40 characters
  std::string session_token;
  core::util::TimePoint expiration{};
  std::string role_arn;
  std::string assumed_role_arn;  // arn:aws:sts::<acct>:assumed-role/<role>/<userName>
};

// IAM Identity Center as SAML service provider of the external IdP, and the access portal.
// SP metadata, SP-initiated sign-in (AuthnRequest by HTTP-Redirect, InResponseTo tracked),
// IdP-initiated sign-in, ACS validation (core::saml::ResponseValidator against the identity
// source's certificates only, replay cache), then AWS's rules on the NameID: it must equal the
// userName of an existing, active user (no just-in-time creation). Thread-safe.
class ServiceProvider {
 public:
  ServiceProvider(const sso_admin::Organization& org, const sso_admin::DirectoryView& directory,
                  sso_admin::SsoAdminService& sso_admin, const core::util::Clock& clock,
                  core::util::IdGenerator& ids, SpOptions options);

  IdentitySource& identity_source() { return identity_source_; }
  const SpOptions& options() const { return options_; }

  // "https://<region>.signin.aws.amazon.com/platform/saml/d-xxxxxxxxxx".
  std::string entity_id() const { return org_.saml_issuer(); }
  // "/platform/saml/acs/<uuid>" (stable for the life of the instance).
  const std::string& acs_path() const { return acs_path_; }
  std::string acs_url() const { return options_.public_url() + acs_path_; }
  // The SP metadata AWS offers for download (unsigned; emailAddress; one HTTP-POST ACS).
  std::string metadata_xml() const;

  // "https://d-xxxxxxxxxx.awsapps.com/start", or with the custom subdomain.
  std::string portal_url() const;
  bool portal_customized() const;
  // Sets the custom subdomain once (UG-URL: it is permanent). Returns an error message:
  // already set, or not 1..63 of [a-z0-9-] without a leading or trailing '-'.
  std::optional<std::string> set_portal_subdomain(std::string_view subdomain);

  // SP-initiated sign-in: the URL of the IdP with a deflated AuthnRequest (HTTP-Redirect
  // binding) and RelayState. nullopt if no identity source or it has no Redirect endpoint.
  std::optional<std::string> begin_sign_in(std::string_view relay_state);
  // The ACS: `form_body` is the raw application/x-www-form-urlencoded body.
  AcsResult consume(std::string_view form_body);

  std::optional<Session> session(std::string_view token) const;
  void end_session(std::string_view token);
  std::vector<sso_admin::Entitlement> entitlements(const Session& session);
  // nullopt when the session's user may not use that role in that account.
  std::optional<RoleCredentials> role_credentials(const Session& session,
                                                  std::string_view account_id,
                                                  std::string_view role_name);

  // Sessions, outstanding requests and the replay cache are forgotten; so is the identity
  // source and the custom portal subdomain.
  void reset();

 private:
  const sso_admin::Organization& org_;
  const sso_admin::DirectoryView& directory_;
  sso_admin::SsoAdminService& sso_admin_;
  const core::util::Clock& clock_;
  core::util::IdGenerator& ids_;
  SpOptions options_;
  std::string acs_path_;
  IdentitySource identity_source_;
  core::saml::ReplayCache replay_;

  mutable std::mutex mutex_;
  std::string portal_subdomain_;
  std::map<std::string, core::util::TimePoint, std::less<>> outstanding_;  // request id -> expiry
  std::map<std::string, Session, std::less<>> sessions_;
};

}  // namespace mock_scim::sp
