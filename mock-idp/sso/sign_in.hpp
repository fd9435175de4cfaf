#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto/keys.hpp"
#include "core/saml/authn_request.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "mock-idp/directory/directory.hpp"
#include "mock-idp/sso/aadsts.hpp"
#include "mock-idp/sso/certificate_store.hpp"
#include "mock-idp/sso/settings.hpp"

namespace mock_idp::sso {

// A request to /{tenant}/saml2 as the route decoded it (no HTTP types here).
struct SamlEndpointRequest {
  std::string tenant;  // path segment: tenant id or one of its domains
  bool post = false;
  std::string raw_query;                    // GET: the query string as received (URL-encoded)
  std::map<std::string, std::string> form;  // POST: the parsed form body
  std::optional<std::string> login_hint;    // query parameter
  std::optional<std::string> session;       // the session cookie, if any
};

// What the route must answer.
struct Outcome {
  enum class Kind {
    kError,      // AADSTS page (or JSON)
    kLoginPage,  // HTML login form for `context_id`
    kPostForm,   // auto-submitting form carrying a SAML Response (`html`)
    kRedirect,   // 302 to `location`
    kHtml,       // a plain page (`html`), e.g. signed out
  };
  Kind kind = Kind::kError;
  std::optional<AadstsError> error;
  std::string html;
  std::string location;
  // Login page: the pending sign-in, the app's name and the user to pre-fill.
  std::string context_id;
  std::string app_name;
  std::string login_hint;
  std::optional<std::string> login_error;  // AADSTS text shown above the form
  // Session cookie to set (after a sign-in) or to clear (after logout).
  std::optional<std::string> set_session;
  bool clear_session = false;
  // For kPostForm: what was issued (tests and journals).
  std::string response_xml;
  std::string acs_url;
  std::string relay_state;
};

// An Outcome that shows `error`.
Outcome error_outcome(AadstsError error);

// Azure AD's SAML identity provider for the tenant's enterprise applications: SP-initiated
// sign-in (HTTP-Redirect and HTTP-POST), IdP-initiated sign-in, the login page, sessions and
// single logout, with Azure's checks and AADSTS codes (facts/azure-ad.md §3). Thread-safe.
class SignInService {
 public:
  // `foreign_signer` signs Responses when the foreignKey fault is on.
  SignInService(directory::Directory& directory, CertificateStore& certificates,
                const core::util::Clock& clock, core::util::IdGenerator& ids,
                core::crypto::SigningCredential foreign_signer);

  // GET|POST /{tenant}/saml2: an AuthnRequest (sign-in) or a LogoutRequest (single logout).
  Outcome saml2(const SamlEndpointRequest& request);
  // IdP-initiated sign-in (the My Apps tile) of the app with this appId.
  Outcome idp_initiated(const std::string& tenant, const std::string& app_id,
                        const std::optional<std::string>& login_hint,
                        const std::optional<std::string>& session);
  // The headless mint (POST /_harness/apps/{appId}/saml-response): the Response an
  // IdP-initiated sign-in of `user` would post, with Azure's user checks but no session.
  Outcome mint(const std::string& app_id, const std::string& user);
  // POST of the login page.
  Outcome login(const std::string& tenant, const std::string& context_id,
                const std::string& username, const std::string& password);

  // Tenant path segment check: the tenant id or one of its verified domains.
  bool known_tenant(const std::string& tenant) const;

  SignInSettings settings() const;
  void set_settings(const SignInSettings& settings);
  SignInFaults faults() const;
  void set_faults(const SignInFaults& faults);
  // Forgets sessions and pending sign-ins, and restores default settings and faults.
  void reset(const SignInSettings& settings);

  // "https://sts.windows.net/{tenant}/": Issuer of Responses and metadata entityID.
  std::string issuer() const;

 private:
  struct Pending {
    std::string sp_id;
    std::string audience;
    std::string acs_url;
    std::string relay_state;
    std::string in_response_to;  // empty for IdP-initiated
    std::optional<std::string> name_id_format;
    core::util::TimePoint created{};
  };
  struct Session {
    std::string user_id;
    core::util::TimePoint authn_instant{};
  };

  Outcome sign_in_request(const SamlEndpointRequest& request, const core::saml::AuthnRequest& authn,
                          bool is_signed);
  Outcome single_logout(const std::string& xml, const std::optional<std::string>& relay_state,
                        const std::optional<std::string>& session);
  // Authenticates (session, auto-approve, or the login page) and issues the Response.
  // With `is_passive` (AuthnRequest@IsPassive) no login page is shown: without a session or
  // auto-approval the SP gets an error Response (AADSTS50058) instead.
  Outcome continue_sign_in(Pending pending, const std::optional<std::string>& login_hint,
                           const std::optional<std::string>& session, bool force_authn,
                           bool is_passive);
  Outcome passive_failure(const Pending& pending);
  Outcome issue(const Pending& pending, const directory::User& user,
                core::util::TimePoint authn_instant, std::optional<std::string> new_session);
  std::optional<AadstsError> check_user(const Pending& pending,
                                        const std::optional<directory::User>& user,
                                        const std::string& typed_name) const;
  std::string remember(Pending pending);
  Outcome error(AadstsError e) const;

  directory::Directory& directory_;
  CertificateStore& certificates_;
  const core::util::Clock& clock_;
  core::util::IdGenerator& ids_;
  core::crypto::SigningCredential foreign_signer_;

  mutable std::mutex mutex_;
  SignInSettings settings_;
  SignInFaults faults_;
  std::map<std::string, Pending> pending_;
  std::map<std::string, Session> sessions_;
};

// The value of a user attribute named as Azure's claim sources name them ("user.mail",
// "user.userprincipalname", ...); nullopt when the user has no value. Unknown sources also give
// nullopt (is_known_source tells them apart).
std::optional<std::string> user_attribute(const directory::User& user, const std::string& source);
bool is_known_source(const std::string& source);
const std::vector<std::string>& known_sources();

// Pending sign-ins and sessions are bounded and expire (virtual clock).
inline constexpr std::size_t kMaxPendingSignIns = 10'000;
inline constexpr std::size_t kMaxSessions = 10'000;

}  // namespace mock_idp::sso
