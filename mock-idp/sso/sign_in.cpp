#include "mock-idp/sso/sign_in.hpp"

#include <algorithm>

#include "core/crypto/encoding.hpp"
#include "core/saml/bindings.hpp"
#include "core/saml/logout.hpp"
#include "core/saml/message_id.hpp"
#include "core/saml/names.hpp"
#include "core/saml/response_builder.hpp"
#include "mock-idp/sso/pages.hpp"

namespace mock_idp::sso {

namespace names = core::saml::names;
using core::util::TimePoint;
using directory::to_lower;

namespace {

// How long a login page stays usable, and how long a session lasts (virtual clock).
constexpr std::chrono::minutes kPendingLifetime{15};
constexpr std::chrono::hours kSessionLifetime{24};

bool has_query_param(const std::string& raw_query, const std::string& name) {
  std::size_t start = 0;
  while (start <= raw_query.size()) {
    auto end = raw_query.find('&', start);
    if (end == std::string::npos) end = raw_query.size();
    const std::string pair = raw_query.substr(start, end - start);
    if (pair.compare(0, name.size() + 1, name + "=") == 0 && pair.size() > name.size() + 1) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

bool valid_saml_id(const std::string& id) {
  if (id.empty()) return false;
  const char c = id.front();
  return !(c >= '0' && c <= '9') && c != '-' && c != '.';
}

bool allowed_name_id_format(const std::string& format) {
  return format == names::kNameIdPersistent || format == names::kNameIdEmail ||
         format == names::kNameIdUnspecified || format == names::kNameIdTransient;
}

// Azure's users here authenticate with a password; these requested classes accept that.
bool password_satisfies(const std::string& class_ref) {
  return class_ref == names::kAcPassword || class_ref == names::kAcPasswordProtectedTransport ||
         class_ref == names::kAcUnspecified;
}

core::saml::SigningMode signing_mode(directory::SigningOption option) {
  switch (option) {
    case directory::SigningOption::kResponse:
      return core::saml::SigningMode::kResponse;
    case directory::SigningOption::kBoth:
      return core::saml::SigningMode::kBoth;
    case directory::SigningOption::kAssertion:
      break;
  }
  return core::saml::SigningMode::kAssertion;
}

core::crypto::HashAlgorithm hash_algorithm(directory::SigningAlgorithm algorithm) {
  return algorithm == directory::SigningAlgorithm::kSha1 ? core::crypto::HashAlgorithm::kSha1
                                                         : core::crypto::HashAlgorithm::kSha256;
}

// How the servicePrincipal's SAML settings sign its responses.
core::saml::SigningOptions signing_options(const directory::ServicePrincipal& sp) {
  core::saml::SigningOptions options;
  options.mode = signing_mode(sp.saml.signing_option);
  options.algorithm = hash_algorithm(sp.saml.algorithm);
  return options;
}

// An IdP-initiated sign-in to `app` (a My Apps tile, or a response minted for a test): the
// first reply URL, the first identifier URI (else "spn:<appId>") and the configured RelayState.
// `app` has at least one reply URL.
template <typename PendingSignIn>
PendingSignIn idp_initiated_sign_in(const directory::ServicePrincipal& sp,
                                    const directory::Application& app, TimePoint now) {
  PendingSignIn p;
  p.sp_id = sp.id;
  p.audience = app.identifier_uris.empty() ? "spn:" + app.app_id : app.identifier_uris.front();
  p.acs_url = app.redirect_uris.front();
  p.relay_state = sp.relay_state.value_or("");
  p.created = now;
  return p;
}

// The Response that answers `pending`, issued at `now`.
template <typename PendingSignIn>
core::saml::ResponseSpec response_to(const PendingSignIn& pending, const std::string& issuer,
                                     TimePoint now) {
  core::saml::ResponseSpec spec;
  spec.issuer = issuer;
  spec.destination = pending.acs_url;
  spec.audience = pending.audience;
  spec.in_response_to = pending.in_response_to;
  spec.issue_instant = now;
  return spec;
}

// The page that posts `response_xml` as SAMLResponse to the pending sign-in's reply URL.
template <typename PendingSignIn>
Outcome post_form(const PendingSignIn& pending, const std::string& response_xml) {
  Outcome o;
  o.kind = Outcome::Kind::kPostForm;
  o.response_xml = response_xml;
  o.acs_url = pending.acs_url;
  o.relay_state = pending.relay_state;
  o.html = core::saml::render_post_form(pending.acs_url, "SAMLResponse", response_xml,
                                        pending.relay_state);
  return o;
}

}  // namespace

const std::vector<std::string>& known_sources() {
  static const std::vector<std::string> kSources{
      "user.userprincipalname", "user.mail",         "user.givenname",         "user.surname",
      "user.displayname",       "user.objectid",     "user.jobtitle",          "user.department",
      "user.employeeid",        "user.mailnickname", "user.preferredlanguage", "user.mobilephone",
      "user.officelocation"};
  return kSources;
}

bool is_known_source(const std::string& source) {
  const auto& s = known_sources();
  return std::find(s.begin(), s.end(), to_lower(source)) != s.end();
}

std::optional<std::string> user_attribute(const directory::User& u, const std::string& source) {
  const std::string s = to_lower(source);
  if (s == "user.userprincipalname") return u.user_principal_name;
  if (s == "user.mail") return u.mail;
  if (s == "user.givenname") return u.given_name;
  if (s == "user.surname") return u.surname;
  if (s == "user.displayname") return u.display_name;
  if (s == "user.objectid") return u.id;
  if (s == "user.jobtitle") return u.job_title;
  if (s == "user.department") return u.department;
  if (s == "user.employeeid") return u.employee_id;
  if (s == "user.mailnickname") return u.mail_nickname;
  if (s == "user.preferredlanguage") return u.preferred_language;
  if (s == "user.mobilephone") return u.mobile_phone;
  if (s == "user.officelocation") return u.office_location;
  return std::nullopt;
}

SignInService::SignInService(directory::Directory& directory, CertificateStore& certificates,
                             const core::util::Clock& clock, core::util::IdGenerator& ids,
                             core::crypto::SigningCredential foreign_signer)
    : directory_(directory),
      certificates_(certificates),
      clock_(clock),
      ids_(ids),
      foreign_signer_(std::move(foreign_signer)) {}

std::string SignInService::issuer() const {
  return "https://sts.windows.net/" + directory_.tenant().id + "/";
}

bool SignInService::known_tenant(const std::string& tenant) const {
  const auto& t = directory_.tenant();
  if (to_lower(tenant) == to_lower(t.id)) return true;
  for (const auto& d : t.domains) {
    if (to_lower(d) == to_lower(tenant)) return true;
  }
  return false;
}

SignInSettings SignInService::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

void SignInService::set_settings(const SignInSettings& settings) {
  std::lock_guard lock(mutex_);
  settings_ = settings;
}

SignInFaults SignInService::faults() const {
  std::lock_guard lock(mutex_);
  return faults_;
}

void SignInService::set_faults(const SignInFaults& faults) {
  std::lock_guard lock(mutex_);
  faults_ = faults;
}

void SignInService::reset(const SignInSettings& settings) {
  std::lock_guard lock(mutex_);
  settings_ = settings;
  faults_ = SignInFaults{};
  pending_.clear();
  sessions_.clear();
}

Outcome error_outcome(AadstsError e) {
  Outcome o;
  o.kind = Outcome::Kind::kError;
  o.error = std::move(e);
  return o;
}

Outcome SignInService::error(AadstsError e) const { return error_outcome(std::move(e)); }

Outcome SignInService::saml2(const SamlEndpointRequest& r) {
  if (!known_tenant(r.tenant)) return error(aadsts::tenant_not_found(r.tenant));
  std::string xml;
  std::optional<std::string> relay_state;
  bool is_signed = false;
  bool is_response = false;
  if (!r.post) {
    if (!has_query_param(r.raw_query, "SAMLRequest") &&
        !has_query_param(r.raw_query, "SAMLResponse")) {
      return error(aadsts::no_saml_request());
    }
    auto decoded = core::saml::decode_redirect_query(r.raw_query);
    if (!decoded) return error(aadsts::invalid_saml_message(decoded.verdict().detail));
    xml = decoded->xml;
    relay_state = decoded->relay_state;
    is_signed = decoded->is_signed();
    is_response = decoded->param == "SAMLResponse";
  } else {
    auto request = r.form.find("SAMLRequest");
    const auto response = r.form.find("SAMLResponse");
    if (request == r.form.end() && response == r.form.end()) {
      return error(aadsts::no_saml_request());
    }
    is_response = request == r.form.end();
    const std::string& value = is_response ? response->second : request->second;
    auto decoded = core::saml::decode_post_value(value, core::saml::kMaxProtocolMessageBytes);
    if (!decoded) return error(aadsts::invalid_saml_message(decoded.verdict().detail));
    xml = decoded.value();
    const auto relay = r.form.find("RelayState");
    if (relay != r.form.end()) relay_state = relay->second;
  }
  if (is_response) {
    // The SP answering a logout the IdP started: nothing more to do than end the session.
    auto logout = core::saml::parse_logout_response(xml);
    if (!logout) return error(aadsts::invalid_saml_message(logout.verdict().detail));
    Outcome o;
    o.kind = Outcome::Kind::kHtml;
    o.html = render_signed_out_page();
    o.clear_session = true;
    return o;
  }
  auto authn = core::saml::parse_authn_request(xml);
  if (!authn) {
    if (authn.verdict().reason == core::saml::Reason::kWrongMessage) {
      auto logout = core::saml::parse_logout_request(xml);
      if (logout) return single_logout(xml, relay_state, r.session);
    }
    return error(aadsts::invalid_saml_message(authn.verdict().detail));
  }
  Pending p;
  p.relay_state = relay_state.value_or("");
  const auto& a = authn.value();
  if (!valid_saml_id(a.id)) return error(aadsts::invalid_saml_id(a.id));
  const auto app = directory_.find_application_by_identifier(a.issuer);
  const auto sp = app ? directory_.find_service_principal(app->app_id) : std::nullopt;
  if (!app || !sp) return error(aadsts::unknown_issuer(a.issuer, directory_.tenant().id));
  if (sp->saml.require_signed_requests && !(is_signed || a.has_signature)) {
    return error(aadsts::signed_request_required(app->app_id));
  }
  if (a.has_subject) return error(aadsts::subject_not_supported());
  if (a.assertion_consumer_service_url) {
    const auto& urls = app->redirect_uris;
    if (std::find(urls.begin(), urls.end(), *a.assertion_consumer_service_url) == urls.end()) {
      return error(aadsts::reply_url_mismatch(*a.assertion_consumer_service_url, app->app_id));
    }
    p.acs_url = *a.assertion_consumer_service_url;
  } else if (app->redirect_uris.empty()) {
    return error(aadsts::no_reply_url(app->app_id));
  } else {
    p.acs_url = app->redirect_uris.front();
  }
  if (a.name_id_format && !allowed_name_id_format(*a.name_id_format)) {
    return error(aadsts::name_id_policy(*a.name_id_format));
  }
  if (a.requested_authn_context) {
    const auto& ctx = *a.requested_authn_context;
    if (ctx.comparison != "exact") {
      return error(aadsts::invalid_saml_message(
          "RequestedAuthnContext must use Comparison=\"exact\", got \"" + ctx.comparison + "\"."));
    }
    if (!ctx.class_refs.empty() &&
        std::none_of(ctx.class_refs.begin(), ctx.class_refs.end(), password_satisfies)) {
      std::string requested;
      for (const auto& ref : ctx.class_refs) {
        requested += (requested.empty() ? "" : ", ") + ref;
      }
      return error(aadsts::authn_context_mismatch(requested));
    }
  }
  p.sp_id = sp->id;
  p.audience = a.issuer;
  p.in_response_to = a.id;
  p.name_id_format = a.name_id_format;
  p.created = clock_.now();
  return continue_sign_in(std::move(p), r.login_hint, r.session, a.force_authn, a.is_passive);
}

Outcome SignInService::idp_initiated(const std::string& tenant, const std::string& app_id,
                                     const std::optional<std::string>& login_hint,
                                     const std::optional<std::string>& session) {
  if (!known_tenant(tenant)) return error(aadsts::tenant_not_found(tenant));
  const auto sp = directory_.find_service_principal(app_id);
  if (!sp) return error(aadsts::unknown_application(app_id, directory_.tenant().id));
  if (sp->login_url && !sp->login_url->empty()) {
    // With a Sign-on URL the tile sends the browser to the SP, which starts SP-initiated SSO.
    Outcome o;
    o.kind = Outcome::Kind::kRedirect;
    o.location = *sp->login_url;
    return o;
  }
  const auto app = directory_.get_application(sp->app_id);
  if (app.redirect_uris.empty()) return error(aadsts::no_reply_url(app.app_id));
  return continue_sign_in(idp_initiated_sign_in<Pending>(*sp, app, clock_.now()), login_hint,
                          session, false, false);
}

Outcome SignInService::mint(const std::string& app_id, const std::string& user_name) {
  const auto sp = directory_.find_service_principal(app_id);
  if (!sp) return error(aadsts::unknown_application(app_id, directory_.tenant().id));
  const auto app = directory_.get_application(sp->app_id);
  if (app.redirect_uris.empty()) return error(aadsts::no_reply_url(app.app_id));
  const Pending p = idp_initiated_sign_in<Pending>(*sp, app, clock_.now());
  const auto user = directory_.find_user(user_name);
  if (auto e = check_user(p, user, user_name)) return error(*e);
  return issue(p, *user, clock_.now(), std::nullopt);
}

Outcome SignInService::continue_sign_in(Pending pending,
                                        const std::optional<std::string>& login_hint,
                                        const std::optional<std::string>& session, bool force_authn,
                                        bool is_passive) {
  const TimePoint now = clock_.now();
  if (session && !force_authn) {
    std::optional<Session> found;
    {
      std::lock_guard lock(mutex_);
      const auto it = sessions_.find(*session);
      if (it != sessions_.end() && now - it->second.authn_instant < kSessionLifetime) {
        found = it->second;
      }
    }
    if (found) {
      const auto user = directory_.find_user(found->user_id);
      // A hint naming someone else means "sign in as that user", not "reuse the session".
      const bool same =
          !login_hint || (user && to_lower(*login_hint) == to_lower(user->user_principal_name));
      if (user && same) {
        if (auto e = check_user(pending, user, user->user_principal_name)) return error(*e);
        return issue(pending, *user, found->authn_instant, std::nullopt);
      }
    }
  }
  const SignInSettings s = settings();
  std::optional<std::string> who = login_hint;
  if (!who && s.auto_approve) who = s.default_user;
  if (s.auto_approve && who) {
    const auto user = directory_.find_user(*who);
    if (auto e = check_user(pending, user, *who)) return error(*e);
    return issue(pending, *user, now, ids_.secret(32));
  }
  if (is_passive) return passive_failure(pending);
  Outcome o;
  o.kind = Outcome::Kind::kLoginPage;
  o.app_name = directory_.get_service_principal(pending.sp_id).display_name;
  o.login_hint = login_hint.value_or("");
  o.context_id = remember(std::move(pending));
  return o;
}

std::string SignInService::remember(Pending pending) {
  const std::string id = ids_.secret(24);
  const TimePoint now = clock_.now();
  std::lock_guard lock(mutex_);
  for (auto it = pending_.begin(); it != pending_.end();) {
    it = now - it->second.created >= kPendingLifetime ? pending_.erase(it) : std::next(it);
  }
  if (pending_.size() >= kMaxPendingSignIns) {
    const auto oldest = std::min_element(
        pending_.begin(), pending_.end(),
        [](const auto& a, const auto& b) { return a.second.created < b.second.created; });
    pending_.erase(oldest);
  }
  pending_.emplace(id, std::move(pending));
  return id;
}

std::optional<AadstsError> SignInService::check_user(const Pending& pending,
                                                     const std::optional<directory::User>& user,
                                                     const std::string& typed_name) const {
  if (!user) {
    return aadsts::user_not_found(typed_name, directory_.tenant().domains.empty()
                                                  ? directory_.tenant().id
                                                  : directory_.tenant().domains.front());
  }
  if (!user->account_enabled) return aadsts::user_disabled();
  const auto sp = directory_.find_service_principal(pending.sp_id);
  if (!sp) return aadsts::unknown_application(pending.sp_id, directory_.tenant().id);
  if (sp->app_role_assignment_required && !directory_.is_assigned(sp->id, user->id)) {
    return aadsts::not_assigned(user->id, sp->app_id, sp->display_name);
  }
  return std::nullopt;
}

Outcome SignInService::login(const std::string& tenant, const std::string& context_id,
                             const std::string& username, const std::string& password) {
  if (!known_tenant(tenant)) return error(aadsts::tenant_not_found(tenant));
  std::optional<Pending> pending;
  {
    std::lock_guard lock(mutex_);
    const auto it = pending_.find(context_id);
    if (it != pending_.end() && clock_.now() - it->second.created < kPendingLifetime) {
      pending = it->second;
    }
  }
  if (!pending) return error(aadsts::login_context_expired());
  const auto user = directory_.find_user(username);
  auto retry = [&](const AadstsError& e) {
    Outcome o;
    o.kind = Outcome::Kind::kLoginPage;
    o.context_id = context_id;
    o.app_name = directory_.get_service_principal(pending->sp_id).display_name;
    o.login_hint = username;
    o.login_error = e.text();
    return o;
  };
  if (!user) return retry(*check_user(*pending, user, username));
  if (user->password && *user->password != password) return retry(aadsts::bad_password());
  if (auto e = check_user(*pending, user, username)) return error(*e);
  {
    std::lock_guard lock(mutex_);
    pending_.erase(context_id);
  }
  return issue(*pending, *user, clock_.now(), ids_.secret(32));
}

Outcome SignInService::issue(const Pending& pending, const directory::User& user,
                             TimePoint authn_instant, std::optional<std::string> new_session) {
  const auto sp = directory_.get_service_principal(pending.sp_id);
  const TimePoint now = clock_.now();
  const auto signer = certificates_.signer(sp.id, now);
  if (!signer) return error(aadsts::no_signing_key(sp.app_id));

  core::saml::ResponseSpec spec = response_to(pending, issuer(), now);
  spec.authn_instant = authn_instant;
  // NameIDPolicy@Format is honoured; otherwise the configured source and format.
  const std::string requested = pending.name_id_format.value_or("");
  if (requested == names::kNameIdPersistent) {
    spec.name_id_format = requested;
    const std::string digest = core::crypto::sha256(user.id + "|" + sp.app_id);
    std::string value = core::crypto::base64_encode(digest);
    while (!value.empty() && value.back() == '=') value.pop_back();
    spec.name_id = value;
  } else if (requested == names::kNameIdTransient) {
    spec.name_id_format = requested;
    spec.name_id = "_" + ids_.hex(32);
  } else {
    const auto value = user_attribute(user, sp.saml.name_id_source);
    if (!value || value->empty()) return error(aadsts::name_id_missing(sp.saml.name_id_source));
    spec.name_id = *value;
    spec.name_id_format = requested.empty() ? sp.saml.name_id_format : requested;
  }
  spec.claims.push_back({std::string(names::kClaimTenantId), {directory_.tenant().id}});
  spec.claims.push_back({std::string(names::kClaimObjectId), {user.id}});
  spec.claims.push_back({std::string(names::kClaimDisplayName), {user.display_name}});
  spec.claims.push_back({std::string(names::kClaimIdentityProvider), {issuer()}});
  spec.claims.push_back({std::string(names::kClaimAuthnMethodsReferences),
                         {std::string(names::kAuthnMethodPassword)}});
  for (const auto& rule : sp.saml.claims) {
    const auto value = rule.source_is_constant ? std::optional<std::string>(rule.source)
                                               : user_attribute(user, rule.source);
    if (value && !value->empty()) spec.claims.push_back({rule.name, {*value}});
  }

  const SignInFaults f = faults();
  core::saml::ResponseFaults rf;
  rf.unsigned_response = f.unsigned_response;
  if (f.foreign_key) rf.foreign_signer = foreign_signer_;
  rf.time_shift = f.clock_skew;
  if (f.expired) rf.time_shift -= std::chrono::hours(2);
  if (f.not_yet_valid) rf.time_shift += std::chrono::hours(1);
  if (f.wrong_audience) rf.audience = kWrongAudience;
  if (f.wrong_destination) rf.destination = kWrongDestination;

  const auto built =
      core::saml::build_response(spec, signer->credential, signing_options(sp), ids_, rf);
  Outcome o = post_form(pending, built.xml);
  if (new_session) {
    std::lock_guard lock(mutex_);
    if (sessions_.size() >= kMaxSessions) sessions_.erase(sessions_.begin());
    sessions_[*new_session] = Session{user.id, authn_instant};
    o.set_session = std::move(new_session);
  }
  return o;
}

Outcome SignInService::passive_failure(const Pending& pending) {
  const auto sp = directory_.get_service_principal(pending.sp_id);
  const auto signer = certificates_.signer(sp.id, clock_.now());
  if (!signer) return error(aadsts::no_signing_key(sp.app_id));
  core::saml::ResponseSpec spec = response_to(pending, issuer(), clock_.now());
  spec.status_code = std::string(names::kStatusRequester);
  spec.status_message = "AADSTS50058: A silent sign-in request was sent but no user is signed in.";
  const auto built =
      core::saml::build_response(spec, signer->credential, signing_options(sp), ids_);
  return post_form(pending, built.xml);
}

Outcome SignInService::single_logout(const std::string& xml,
                                     const std::optional<std::string>& relay_state,
                                     const std::optional<std::string>& session) {
  const auto request = core::saml::parse_logout_request(xml);
  if (!request) return error(aadsts::invalid_saml_message(request.verdict().detail));
  const auto& lr = request.value();
  if (!valid_saml_id(lr.id)) return error(aadsts::invalid_saml_id(lr.id));
  const auto app = directory_.find_application_by_identifier(lr.issuer);
  const auto sp = app ? directory_.find_service_principal(app->app_id) : std::nullopt;
  if (!app || !sp) return error(aadsts::unknown_issuer(lr.issuer, directory_.tenant().id));
  if (session) {
    std::lock_guard lock(mutex_);
    sessions_.erase(*session);
  }
  Outcome o;
  o.clear_session = true;
  if (!app->logout_url || app->logout_url->empty()) {
    o.kind = Outcome::Kind::kHtml;
    o.html = render_signed_out_page();
    return o;
  }
  core::saml::LogoutResponse response;
  response.id = core::saml::new_message_id(ids_);
  response.issue_instant = clock_.now();
  response.issuer = "https://login.microsoftonline.com/" + directory_.tenant().id + "/";
  response.destination = *app->logout_url;
  response.in_response_to = lr.id;
  const auto signer = certificates_.signer(sp->id, clock_.now());
  const std::string query = core::saml::encode_redirect_query(
      "SAMLResponse", core::saml::build_logout_response(response), relay_state.value_or(""),
      signer ? &signer->credential.key : nullptr, hash_algorithm(sp->saml.algorithm));
  o.kind = Outcome::Kind::kRedirect;
  o.location = core::saml::append_query(*app->logout_url, query);
  return o;
}

}  // namespace mock_idp::sso
