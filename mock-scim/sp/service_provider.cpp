#include "mock-scim/sp/service_provider.hpp"

#include <algorithm>

#include "core/saml/authn_request.hpp"
#include "core/saml/bindings.hpp"
#include "core/saml/metadata.hpp"
#include "core/saml/names.hpp"
#include "core/saml/response_validator.hpp"
#include "core/util/iso8601.hpp"

namespace mock_scim::sp {
namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A RelayState the portal may redirect to: a local absolute path, nothing else (no open
// redirect through the SAML round trip).
bool is_local_path(std::string_view s) {
  if (s.empty() || s.size() > 1024 || s[0] != '/' ||
      (s.size() > 1 && (s[1] == '/' || s[1] == '\\'))) {
    return false;
  }
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x21 || c == '\\' || c == '"' || c == '<' || c == '>') {
      return false;
    }
  }
  return true;
}

}  // namespace

ServiceProvider::ServiceProvider(const sso_admin::Organization& org,
                                 const sso_admin::DirectoryView& directory,
                                 sso_admin::SsoAdminService& sso_admin,
                                 const core::util::Clock& clock, core::util::IdGenerator& ids,
                                 SpOptions options)
    : org_(org),
      directory_(directory),
      sso_admin_(sso_admin),
      clock_(clock),
      ids_(ids),
      options_(std::move(options)),
      acs_path_("/platform/saml/acs/" + ids_.uuid4()) {}

std::string ServiceProvider::metadata_xml() const {
  core::saml::SpMetadataSpec spec;
  spec.entity_id = entity_id();
  core::saml::AcsEndpoint acs;
  acs.location = acs_url();
  acs.index = 0;
  acs.is_default = true;
  spec.assertion_consumer_services.push_back(acs);
  return core::saml::build_sp_metadata(spec);
}

std::string ServiceProvider::portal_url() const {
  std::lock_guard lock(mutex_);
  return "https://" + (portal_subdomain_.empty() ? org_.identity_store_id : portal_subdomain_) +
         ".awsapps.com/start";
}

bool ServiceProvider::portal_customized() const {
  std::lock_guard lock(mutex_);
  return !portal_subdomain_.empty();
}

std::optional<std::string> ServiceProvider::set_portal_subdomain(std::string_view sub) {
  const bool shape_ok = !sub.empty() && sub.size() <= 63 && sub.front() != '-' &&
                        sub.back() != '-' && std::all_of(sub.begin(), sub.end(), [](char c) {
                          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                        });
  if (!shape_ok) {
    return std::string(
        "the subdomain must be 1 to 63 lower-case letters, digits or hyphens, not starting or "
        "ending with a hyphen");
  }
  if (sub.size() == 12 && sub.substr(0, 2) == "d-") {
    return std::string("the subdomain must not look like an identity store id");
  }
  std::lock_guard lock(mutex_);
  if (!portal_subdomain_.empty()) {
    return "the access portal URL was already customized to " + portal_subdomain_ +
           " and cannot be changed";
  }
  portal_subdomain_ = std::string(sub);
  return std::nullopt;
}

std::optional<std::string> ServiceProvider::begin_sign_in(std::string_view relay_state) {
  const auto idp = identity_source_.current();
  if (!idp || idp->sso_redirect_url.empty()) return std::nullopt;
  const auto now = clock_.now();
  core::saml::AuthnRequest req;
  req.id = "_" + ids_.uuid4();
  req.issue_instant = now;
  req.issuer = entity_id();
  req.destination = idp->sso_redirect_url;
  req.assertion_consumer_service_url = acs_url();
  req.protocol_binding = std::string(core::saml::names::kBindingPost);
  req.name_id_policy_present = true;
  req.name_id_format = std::string(core::saml::names::kNameIdEmail);
  req.allow_create = true;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(outstanding_, [now](const auto& e) { return e.second <= now; });
    if (outstanding_.size() >= kMaxOutstandingRequests) outstanding_.erase(outstanding_.begin());
    outstanding_[req.id] = now + options_.request_lifetime;
  }
  const auto query = core::saml::encode_redirect_query(
      "SAMLRequest", core::saml::build_authn_request(req), relay_state);
  return core::saml::append_query(idp->sso_redirect_url, query);
}

AcsResult ServiceProvider::consume(std::string_view form_body) {
  AcsResult result;
  auto fail = [&result](std::string reason, std::string detail) {
    result.reason = std::move(reason);
    result.detail = std::move(detail);
    return result;
  };
  const auto idp = identity_source_.current();
  if (!idp) return fail("no_identity_source", "no external identity provider is configured");
  const auto form = core::saml::parse_form_body(form_body);
  if (!form) {
    return fail(std::string(core::saml::to_string(form.verdict().reason)), form.verdict().detail);
  }
  const auto response = form->find("SAMLResponse");
  if (response == form->end() || response->second.empty()) {
    return fail("missing_saml_response", "the form has no SAMLResponse");
  }
  const auto xml = core::saml::decode_post_value(response->second);
  if (!xml) {
    return fail(std::string(core::saml::to_string(xml.verdict().reason)), xml.verdict().detail);
  }

  core::saml::ValidatorConfig config;
  config.sp_entity_id = entity_id();
  config.acs_url = acs_url();
  config.idp_entity_id = idp->entity_id;
  config.trusted_certificates = idp->certificates;
  config.clock_skew = options_.clock_skew;
  const core::saml::ResponseValidator validator(std::move(config), clock_, &replay_);
  const auto now = clock_.now();
  const auto outcome = validator.validate(xml.value(), [this, now](std::string_view id) {
    std::lock_guard lock(mutex_);
    const auto it = outstanding_.find(id);
    return it != outstanding_.end() && it->second > now;
  });
  if (!outcome.ok()) {
    return fail(std::string(core::saml::to_string(outcome.verdict.reason)), outcome.verdict.detail);
  }
  const auto& assertion = *outcome.assertion;
  if (assertion.in_response_to) {
    std::lock_guard lock(mutex_);
    outstanding_.erase(std::string(*assertion.in_response_to));
  }
  // The NameID must be the userName of an existing user, exactly (UG-TROUBLE); no JIT.
  const auto user = directory_.find_user_by_user_name(assertion.name_id);
  if (!user || user->user_name != assertion.name_id) {
    return fail("unknown_user", "no user has the userName " + assertion.name_id);
  }
  if (!user->active) return fail("inactive_user", "the user " + user->user_name + " is disabled");

  Session s;
  s.token = ids_.secret(32);
  s.user_id = user->id;
  s.user_name = user->user_name;
  s.created = now;
  s.expires = now + options_.session_lifetime;
  {
    std::lock_guard lock(mutex_);
    if (sessions_.size() >= kMaxSessions) {
      std::erase_if(sessions_, [now](const auto& e) { return e.second.expires <= now; });
      if (sessions_.size() >= kMaxSessions) sessions_.erase(sessions_.begin());
    }
    sessions_[s.token] = s;
  }
  result.session_token = s.token;
  result.user_name = s.user_name;
  const auto relay = form->find("RelayState");
  if (relay != form->end() && is_local_path(relay->second)) result.redirect_path = relay->second;
  return result;
}

std::optional<Session> ServiceProvider::session(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  const auto now = clock_.now();
  std::optional<Session> s;
  {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(token);
    if (it == sessions_.end() || it->second.expires <= now) return std::nullopt;
    s = it->second;
  }
  // Disabling or deleting a user ends what the session may do (UG-DISABLE).
  const auto user = directory_.find_user(s->user_id);
  if (!user || !user->active) return std::nullopt;
  return s;
}

void ServiceProvider::end_session(std::string_view token) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(token);
  if (it != sessions_.end()) sessions_.erase(it);
}

std::vector<sso_admin::Entitlement> ServiceProvider::entitlements(const Session& s) {
  return sso_admin_.entitlements_for_user(s.user_id);
}

std::optional<RoleCredentials> ServiceProvider::role_credentials(const Session& s,
                                                                 std::string_view account_id,
                                                                 std::string_view role_name) {
  for (const auto& e : entitlements(s)) {
    if (e.account_id != account_id || e.permission_set_name != role_name) continue;
    RoleCredentials c;
    c.access_key_id = "ASIA" + upper(ids_.alnum(16));
    c.secret_access_key = ids_.secret(30);
    c.session_token = "IQoJb3JpZ2luX2VjE" + ids_.secret(240);
    const auto duration = core::util::parse_duration(e.session_duration);
    c.expiration = clock_.now() + (duration ? *duration : core::util::Millis(3600 * 1000));
    c.role_arn = e.role_arn;
    c.assumed_role_arn =
        "arn:aws:sts::" + e.account_id + ":assumed-role/" + e.role_name + "/" + s.user_name;
    return c;
  }
  return std::nullopt;
}

void ServiceProvider::reset() {
  identity_source_.clear();
  replay_.clear();
  std::lock_guard lock(mutex_);
  portal_subdomain_.clear();
  outstanding_.clear();
  sessions_.clear();
}

}  // namespace mock_scim::sp
