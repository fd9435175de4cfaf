#include "mock-idp/sso/app_settings.hpp"

#include "mock-idp/directory/graph_error.hpp"
#include "mock-idp/sso/sign_in.hpp"

namespace mock_idp::sso {

using directory::GraphError;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxUrls = 32;
constexpr std::size_t kMaxUrlLength = 2048;
constexpr std::size_t kMaxClaims = 50;
constexpr std::size_t kMaxClaimText = 1024;

GraphError bad(const std::string& message) { return GraphError(400, "BadRequest", message); }

bool is_http_url(const std::string& url) {
  return url.size() <= kMaxUrlLength &&
         (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) &&
         url.find_first_of(" \t\r\n<>\"") == std::string::npos;
}

std::vector<std::string> url_list(const json& v, const std::string& key) {
  if (!v.is_array() || v.size() > kMaxUrls) {
    throw bad("\"" + key + "\" must be an array of at most " + std::to_string(kMaxUrls) + " URLs");
  }
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty() ||
        item.get_ref<const std::string&>().size() > kMaxUrlLength) {
      throw bad("\"" + key + "\" must contain non-empty strings");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::string> optional_url(const json& v, const std::string& key) {
  if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) {
    return std::nullopt;
  }
  if (!v.is_string() || !is_http_url(v.get<std::string>())) {
    throw bad("\"" + key + "\" must be an http(s) URL or null");
  }
  return v.get<std::string>();
}

const char* option_name(directory::SigningOption o) {
  switch (o) {
    case directory::SigningOption::kResponse:
      return "response";
    case directory::SigningOption::kBoth:
      return "both";
    case directory::SigningOption::kAssertion:
      break;
  }
  return "assertion";
}

}  // namespace

json saml_settings_json(const directory::Directory& directory, const std::string& app_id,
                        const std::string& base_url) {
  const auto sp = directory.get_service_principal(app_id);
  const auto app = directory.get_application(sp.app_id);
  const std::string& tenant = directory.tenant().id;
  json claims = json::array();
  for (const auto& c : sp.saml.claims) {
    json item{{"name", c.name}};
    item[c.source_is_constant ? "value" : "source"] = c.source;
    claims.push_back(item);
  }
  return {
      {"appId", sp.app_id},
      {"servicePrincipalId", sp.id},
      {"displayName", sp.display_name},
      {"preferredSingleSignOnMode", sp.preferred_single_sign_on_mode.empty()
                                        ? json(nullptr)
                                        : json(sp.preferred_single_sign_on_mode)},
      {"identifierUris", app.identifier_uris},
      {"replyUrls", app.redirect_uris},
      {"signOnUrl", sp.login_url ? json(*sp.login_url) : json(nullptr)},
      {"relayState", sp.relay_state ? json(*sp.relay_state) : json(nullptr)},
      {"logoutUrl", app.logout_url ? json(*app.logout_url) : json(nullptr)},
      {"nameIdSource", sp.saml.name_id_source},
      {"nameIdFormat", sp.saml.name_id_format},
      {"claims", claims},
      {"signingOption", option_name(sp.saml.signing_option)},
      {"signingAlgorithm",
       sp.saml.algorithm == directory::SigningAlgorithm::kSha1 ? "sha1" : "sha256"},
      {"requireSignedRequests", sp.saml.require_signed_requests},
      {"notificationEmailAddresses", sp.notification_email_addresses},
      {"appRoleAssignmentRequired", sp.app_role_assignment_required},
      {"loginUrl", base_url + "/" + tenant + "/saml2"},
      {"logoutEndpoint", base_url + "/" + tenant + "/saml2"},
      {"entraIdentifier", "https://sts.windows.net/" + tenant + "/"},
      {"federationMetadataUrl",
       base_url + "/" + tenant +
           "/federationmetadata/2007-06/federationmetadata.xml?appid=" + sp.app_id},
  };
}

void apply_saml_settings(directory::Directory& directory, const std::string& app_id,
                         const json& body) {
  if (!body.is_object()) throw bad("The request body must be a JSON object.");
  auto sp = directory.get_service_principal(app_id);
  auto app = directory.get_application(sp.app_id);
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "identifierUris") {
      app.identifier_uris = url_list(v, k);
    } else if (k == "replyUrls") {
      app.redirect_uris = url_list(v, k);
      for (const auto& u : app.redirect_uris) {
        if (!is_http_url(u)) throw bad("\"replyUrls\" must contain http(s) URLs");
      }
    } else if (k == "signOnUrl") {
      sp.login_url = optional_url(v, k);
    } else if (k == "logoutUrl") {
      app.logout_url = optional_url(v, k);
    } else if (k == "relayState") {
      if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) {
        sp.relay_state.reset();
      } else if (v.is_string() && v.get_ref<const std::string&>().size() <= kMaxUrlLength) {
        sp.relay_state = v.get<std::string>();
      } else {
        throw bad("\"relayState\" must be a string or null");
      }
    } else if (k == "preferredSingleSignOnMode") {
      if (!v.is_null() && !(v.is_string() && v.get<std::string>() == "saml")) {
        throw bad("\"preferredSingleSignOnMode\" must be \"saml\" or null");
      }
      sp.preferred_single_sign_on_mode = v.is_null() ? "" : "saml";
    } else if (k == "nameIdSource") {
      if (!v.is_string() || !is_known_source(v.get<std::string>())) {
        throw bad(
            "\"nameIdSource\" must be one of the user attributes (user.userprincipalname, "
            "user.mail, user.objectid, ...)");
      }
      sp.saml.name_id_source = directory::to_lower(v.get<std::string>());
    } else if (k == "nameIdFormat") {
      if (!v.is_string() ||
          v.get_ref<const std::string&>().rfind("urn:oasis:names:tc:SAML:", 0) != 0) {
        throw bad("\"nameIdFormat\" must be a SAML NameID format URI");
      }
      sp.saml.name_id_format = v.get<std::string>();
    } else if (k == "claims") {
      if (!v.is_array() || v.size() > kMaxClaims) {
        throw bad("\"claims\" must be an array of at most " + std::to_string(kMaxClaims) +
                  " claims");
      }
      std::vector<directory::ClaimRule> rules;
      for (const auto& c : v) {
        if (!c.is_object()) throw bad("each claim must be an object");
        const auto name = c.find("name");
        const auto source = c.find("source");
        const auto value = c.find("value");
        if (name == c.end() || !name->is_string() || name->get_ref<const std::string&>().empty() ||
            name->get_ref<const std::string&>().size() > kMaxClaimText) {
          throw bad("each claim needs a \"name\" (the claim URI)");
        }
        if ((source == c.end()) == (value == c.end()) || c.size() != 2) {
          throw bad(
              "each claim needs exactly one of \"source\" (a user attribute) or \"value\" "
              "(a constant), and nothing else");
        }
        directory::ClaimRule rule;
        rule.name = name->get<std::string>();
        if (source != c.end()) {
          if (!source->is_string() || !is_known_source(source->get<std::string>())) {
            throw bad("unknown claim source " + source->dump());
          }
          rule.source = directory::to_lower(source->get<std::string>());
        } else {
          if (!value->is_string() || value->get_ref<const std::string&>().size() > kMaxClaimText) {
            throw bad("a constant claim \"value\" must be a string");
          }
          rule.source = value->get<std::string>();
          rule.source_is_constant = true;
        }
        rules.push_back(std::move(rule));
      }
      sp.saml.claims = std::move(rules);
    } else if (k == "signingOption") {
      const std::string o = v.is_string() ? v.get<std::string>() : "";
      if (o == "assertion") {
        sp.saml.signing_option = directory::SigningOption::kAssertion;
      } else if (o == "response") {
        sp.saml.signing_option = directory::SigningOption::kResponse;
      } else if (o == "both") {
        sp.saml.signing_option = directory::SigningOption::kBoth;
      } else {
        throw bad("\"signingOption\" must be \"assertion\", \"response\" or \"both\"");
      }
    } else if (k == "signingAlgorithm") {
      const std::string a = v.is_string() ? v.get<std::string>() : "";
      if (a == "sha256") {
        sp.saml.algorithm = directory::SigningAlgorithm::kSha256;
      } else if (a == "sha1") {
        sp.saml.algorithm = directory::SigningAlgorithm::kSha1;
      } else {
        throw bad("\"signingAlgorithm\" must be \"sha256\" or \"sha1\"");
      }
    } else if (k == "requireSignedRequests") {
      if (!v.is_boolean()) throw bad("\"requireSignedRequests\" must be a boolean");
      sp.saml.require_signed_requests = v.get<bool>();
    } else if (k == "appRoleAssignmentRequired") {
      if (!v.is_boolean()) throw bad("\"appRoleAssignmentRequired\" must be a boolean");
      sp.app_role_assignment_required = v.get<bool>();
    } else if (k == "notificationEmailAddresses") {
      if (!v.is_array() || v.size() > 5) {
        throw bad("\"notificationEmailAddresses\" must be an array of at most 5 addresses");
      }
      std::vector<std::string> emails;
      for (const auto& e : v) {
        if (!e.is_string() || e.get_ref<const std::string&>().find('@') == std::string::npos ||
            e.get_ref<const std::string&>().size() > kMaxClaimText) {
          throw bad("\"notificationEmailAddresses\" must contain email addresses");
        }
        emails.push_back(e.get<std::string>());
      }
      sp.notification_email_addresses = std::move(emails);
    } else {
      throw bad("unknown SAML setting \"" + k + "\"");
    }
  }
  directory.update_application(app.app_id, [&](directory::Application& a) { a = app; });
  directory.update_service_principal(sp.id, [&](directory::ServicePrincipal& s) { s = sp; });
}

}  // namespace mock_idp::sso
