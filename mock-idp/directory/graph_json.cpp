#include "mock-idp/directory/graph_json.hpp"

#include <algorithm>

#include "core/util/iso8601.hpp"
#include "mock-idp/directory/graph_error.hpp"

namespace mock_idp::directory {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxStringProperty = 1024;
constexpr std::size_t kMaxListProperty = 64;

const char* kind_name(ObjectKind kind) { return kind == ObjectKind::kUser ? "User" : "Group"; }

GraphError invalid_value(const std::string& property, const std::string& resource) {
  return GraphError::bad_request("Invalid value specified for property '" + property +
                                 "' of resource '" + resource + "'.");
}

GraphError unknown_property(const std::string& property, const std::string& type) {
  return GraphError(400, "BadRequest",
                    "Property '" + property + "' does not exist on type 'microsoft.graph." + type +
                        "'. Make sure to only use property names that are defined by the type.");
}

void require_object(const json& body) {
  if (!body.is_object()) {
    throw GraphError(400, "BadRequest", "The request body must be a JSON object.");
  }
}

std::string get_string(const json& value, const std::string& property,
                       const std::string& resource) {
  if (!value.is_string() || value.get_ref<const std::string&>().size() > kMaxStringProperty) {
    throw invalid_value(property, resource);
  }
  return value.get<std::string>();
}

std::optional<std::string> get_optional_string(const json& value, const std::string& property,
                                               const std::string& resource) {
  if (value.is_null()) return std::nullopt;
  return get_string(value, property, resource);
}

bool get_bool(const json& value, const std::string& property, const std::string& resource) {
  if (!value.is_boolean()) throw invalid_value(property, resource);
  return value.get<bool>();
}

std::vector<std::string> get_string_list(const json& value, const std::string& property,
                                         const std::string& resource) {
  if (!value.is_array() || value.size() > kMaxListProperty) throw invalid_value(property, resource);
  std::vector<std::string> out;
  for (const auto& item : value) out.push_back(get_string(item, property, resource));
  return out;
}

json optional_json(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

// Applies the writable user properties in `body`; `creating` also allows passwordProfile.
void apply_user_properties(User& user, const json& body) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "@odata.type") continue;
    if (k == "accountEnabled") {
      user.account_enabled = get_bool(v, k, "User");
    } else if (k == "displayName") {
      user.display_name = get_string(v, k, "User");
    } else if (k == "userPrincipalName") {
      user.user_principal_name = get_string(v, k, "User");
    } else if (k == "mailNickname") {
      user.mail_nickname = get_string(v, k, "User");
      if (user.mail_nickname.empty()) throw invalid_value(k, "User");
    } else if (k == "givenName") {
      user.given_name = get_optional_string(v, k, "User");
    } else if (k == "surname") {
      user.surname = get_optional_string(v, k, "User");
    } else if (k == "mail") {
      user.mail = get_optional_string(v, k, "User");
      if (user.mail && user.mail->find('@') == std::string::npos) throw invalid_value(k, "User");
    } else if (k == "jobTitle") {
      user.job_title = get_optional_string(v, k, "User");
    } else if (k == "department") {
      user.department = get_optional_string(v, k, "User");
    } else if (k == "employeeId") {
      user.employee_id = get_optional_string(v, k, "User");
    } else if (k == "mobilePhone") {
      user.mobile_phone = get_optional_string(v, k, "User");
    } else if (k == "officeLocation") {
      user.office_location = get_optional_string(v, k, "User");
    } else if (k == "preferredLanguage") {
      user.preferred_language = get_optional_string(v, k, "User");
    } else if (k == "businessPhones") {
      user.business_phones = get_string_list(v, k, "User");
    } else if (k == "userType") {
      const std::string type = get_string(v, k, "User");
      if (type != "Member" && type != "Guest") throw invalid_value(k, "User");
      user.user_type = type;
    } else if (k == "passwordProfile") {
      if (!v.is_object()) throw invalid_value(k, "User");
      const auto pw = v.find("password");
      if (pw == v.end() || !pw->is_string() || pw->get_ref<const std::string&>().empty()) {
        throw invalid_value(k, "User");
      }
      user.password = pw->get<std::string>();
      const auto force = v.find("forceChangePasswordNextSignIn");
      if (force != v.end() && !force->is_boolean()) throw invalid_value(k, "User");
    } else if (k == "id" || k == "createdDateTime" || k == "deletedDateTime") {
      throw GraphError::bad_request("Property '" + k + "' is read-only and cannot be set.");
    } else {
      throw unknown_property(k, "user");
    }
  }
}

void apply_group_properties(Group& group, const json& body) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "@odata.type") continue;
    if (k == "displayName") {
      group.display_name = get_string(v, k, "Group");
    } else if (k == "description") {
      group.description = get_optional_string(v, k, "Group");
    } else if (k == "mailNickname") {
      group.mail_nickname = get_string(v, k, "Group");
      if (group.mail_nickname.empty()) throw invalid_value(k, "Group");
    } else if (k == "mailEnabled") {
      group.mail_enabled = get_bool(v, k, "Group");
    } else if (k == "securityEnabled") {
      group.security_enabled = get_bool(v, k, "Group");
    } else if (k == "groupTypes") {
      group.group_types = get_string_list(v, k, "Group");
      for (const auto& t : group.group_types) {
        if (t != "Unified" && t != "DynamicMembership") throw invalid_value(k, "Group");
      }
    } else if (k == "members@odata.bind" || k == "owners@odata.bind") {
      throw GraphError(400, "Request_UnsupportedQuery",
                       "'" + k +
                           "' is not supported by this emulator; add members with "
                           "POST /groups/{id}/members/$ref.");
    } else if (k == "id" || k == "createdDateTime" || k == "deletedDateTime") {
      throw GraphError::bad_request("Property '" + k + "' is read-only and cannot be set.");
    } else {
      throw unknown_property(k, "group");
    }
  }
}

}  // namespace

std::string graph_time(TimePoint t) { return core::util::format_utc(t); }

const std::vector<std::string>& user_properties() {
  static const std::vector<std::string> kProperties{
      "id",         "accountEnabled",    "businessPhones", "createdDateTime", "deletedDateTime",
      "department", "displayName",       "employeeId",     "givenName",       "jobTitle",
      "mail",       "mailNickname",      "mobilePhone",    "officeLocation",  "preferredLanguage",
      "surname",    "userPrincipalName", "userType"};
  return kProperties;
}

const std::vector<std::string>& user_default_properties() {
  static const std::vector<std::string> kDefaults{"businessPhones",
                                                  "displayName",
                                                  "givenName",
                                                  "jobTitle",
                                                  "mail",
                                                  "mobilePhone",
                                                  "officeLocation",
                                                  "preferredLanguage",
                                                  "surname",
                                                  "userPrincipalName",
                                                  "id"};
  return kDefaults;
}

json user_json(const User& u) {
  json j = json::object();
  j["id"] = u.id;
  j["accountEnabled"] = u.account_enabled;
  j["businessPhones"] = u.business_phones;
  j["createdDateTime"] = graph_time(u.created);
  j["deletedDateTime"] = u.deleted ? json(graph_time(*u.deleted)) : json(nullptr);
  j["department"] = optional_json(u.department);
  j["displayName"] = u.display_name;
  j["employeeId"] = optional_json(u.employee_id);
  j["givenName"] = optional_json(u.given_name);
  j["jobTitle"] = optional_json(u.job_title);
  j["mail"] = optional_json(u.mail);
  j["mailNickname"] = u.mail_nickname;
  j["mobilePhone"] = optional_json(u.mobile_phone);
  j["officeLocation"] = optional_json(u.office_location);
  j["preferredLanguage"] = optional_json(u.preferred_language);
  j["surname"] = optional_json(u.surname);
  j["userPrincipalName"] = u.user_principal_name;
  j["userType"] = u.user_type;
  return j;
}

User user_from_create(const json& body) {
  require_object(body);
  for (const char* required :
       {"accountEnabled", "displayName", "mailNickname", "userPrincipalName", "passwordProfile"}) {
    if (!body.contains(required)) {
      throw GraphError::bad_request(std::string("Property '") + required +
                                    "' is required when creating the resource 'User'.");
    }
  }
  User user;
  apply_user_properties(user, body);
  return user;
}

void apply_user_patch(User& user, const json& body) {
  require_object(body);
  apply_user_properties(user, body);
}

const std::vector<std::string>& group_properties() {
  static const std::vector<std::string> kProperties{
      "id",   "createdDateTime", "deletedDateTime", "description",     "displayName", "groupTypes",
      "mail", "mailEnabled",     "mailNickname",    "securityEnabled", "visibility"};
  return kProperties;
}

json group_json(const Group& g) {
  json j = json::object();
  j["id"] = g.id;
  j["createdDateTime"] = graph_time(g.created);
  j["deletedDateTime"] = g.deleted ? json(graph_time(*g.deleted)) : json(nullptr);
  j["description"] = optional_json(g.description);
  j["displayName"] = g.display_name;
  j["groupTypes"] = g.group_types;
  j["mail"] = nullptr;
  j["mailEnabled"] = g.mail_enabled;
  j["mailNickname"] = g.mail_nickname;
  j["securityEnabled"] = g.security_enabled;
  j["visibility"] = nullptr;
  return j;
}

Group group_from_create(const json& body) {
  require_object(body);
  for (const char* required : {"displayName", "mailEnabled", "mailNickname", "securityEnabled"}) {
    if (!body.contains(required)) {
      throw GraphError::bad_request(std::string("Property '") + required +
                                    "' is required when creating the resource 'Group'.");
    }
  }
  Group group;
  apply_group_properties(group, body);
  return group;
}

void apply_group_patch(Group& group, const json& body) {
  require_object(body);
  apply_group_properties(group, body);
}

json directory_object_json(const User& user) {
  json j = user_json(user);
  j["@odata.type"] = "#microsoft.graph.user";
  return j;
}

json directory_object_json(const Group& group) {
  json j = group_json(group);
  j["@odata.type"] = "#microsoft.graph.group";
  return j;
}

std::string reference_id(const json& body) {
  if (!body.is_object()) {
    throw GraphError(400, "BadRequest", "The request body must be a JSON object.");
  }
  const auto ref = body.find("@odata.id");
  if (ref == body.end() || !ref->is_string()) {
    throw GraphError::bad_request("Invalid object identifier: the body needs \"@odata.id\".");
  }
  const std::string& url = ref->get_ref<const std::string&>();
  for (const char* marker : {"/directoryObjects/", "/users/", "/groups/"}) {
    const auto at = url.rfind(marker);
    if (at == std::string::npos) continue;
    const std::string id = url.substr(at + std::char_traits<char>::length(marker));
    if (!id.empty() && id.find('/') == std::string::npos && id.size() <= 256) return id;
  }
  throw GraphError::bad_request("Invalid object identifier '" + url + "'.");
}

const std::vector<std::string>& application_properties() {
  static const std::vector<std::string> kProperties{
      "id", "appId", "createdDateTime", "displayName", "identifierUris", "signInAudience", "web"};
  return kProperties;
}

json application_json(const Application& app) {
  json j = json::object();
  j["id"] = app.id;
  j["appId"] = app.app_id;
  j["createdDateTime"] = graph_time(app.created);
  j["displayName"] = app.display_name;
  j["identifierUris"] = app.identifier_uris;
  j["signInAudience"] = "AzureADMyOrg";
  j["web"] = {{"redirectUris", app.redirect_uris},
              {"logoutUrl", app.logout_url ? json(*app.logout_url) : json(nullptr)},
              {"homePageUrl", nullptr}};
  return j;
}

void apply_application_patch(Application& app, const json& body) {
  require_object(body);
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "displayName") {
      app.display_name = get_string(v, k, "Application");
    } else if (k == "identifierUris") {
      app.identifier_uris = get_string_list(v, k, "Application");
    } else if (k == "web") {
      if (!v.is_object()) throw invalid_value(k, "Application");
      for (auto w = v.begin(); w != v.end(); ++w) {
        if (w.key() == "redirectUris") {
          app.redirect_uris = get_string_list(w.value(), "web.redirectUris", "Application");
        } else if (w.key() == "logoutUrl") {
          app.logout_url = get_optional_string(w.value(), "web.logoutUrl", "Application");
        } else if (w.key() != "homePageUrl") {
          throw unknown_property("web." + w.key(), "application");
        }
      }
    } else {
      throw unknown_property(k, "application");
    }
  }
}

const std::vector<std::string>& service_principal_properties() {
  static const std::vector<std::string> kProperties{"id",
                                                    "accountEnabled",
                                                    "appDisplayName",
                                                    "appId",
                                                    "applicationTemplateId",
                                                    "appRoleAssignmentRequired",
                                                    "appRoles",
                                                    "displayName",
                                                    "keyCredentials",
                                                    "loginUrl",
                                                    "logoutUrl",
                                                    "notificationEmailAddresses",
                                                    "preferredSingleSignOnMode",
                                                    "preferredTokenSigningKeyThumbprint",
                                                    "replyUrls",
                                                    "samlSingleSignOnSettings",
                                                    "servicePrincipalNames",
                                                    "servicePrincipalType",
                                                    "tags"};
  return kProperties;
}

json service_principal_json(const ServicePrincipal& sp, const json& key_credentials) {
  json roles = json::array();
  for (const auto& r : sp.app_roles) {
    roles.push_back({{"allowedMemberTypes", r.allowed_member_types},
                     {"description", r.description},
                     {"displayName", r.display_name},
                     {"id", r.id},
                     {"isEnabled", r.is_enabled},
                     {"origin", "ServicePrincipal"},
                     {"value", r.value.empty() ? json(nullptr) : json(r.value)}});
  }
  json j = json::object();
  j["id"] = sp.id;
  j["accountEnabled"] = true;
  j["appDisplayName"] = sp.display_name;
  j["appId"] = sp.app_id;
  j["applicationTemplateId"] = sp.application_template_id;
  j["appRoleAssignmentRequired"] = sp.app_role_assignment_required;
  j["appRoles"] = roles;
  j["displayName"] = sp.display_name;
  j["keyCredentials"] = key_credentials;
  j["loginUrl"] = sp.login_url ? json(*sp.login_url) : json(nullptr);
  j["logoutUrl"] = nullptr;
  j["notificationEmailAddresses"] = sp.notification_email_addresses;
  j["preferredSingleSignOnMode"] = sp.preferred_single_sign_on_mode.empty()
                                       ? json(nullptr)
                                       : json(sp.preferred_single_sign_on_mode);
  j["preferredTokenSigningKeyThumbprint"] = sp.preferred_token_signing_key_thumbprint
                                                ? json(*sp.preferred_token_signing_key_thumbprint)
                                                : json(nullptr);
  j["replyUrls"] = json::array();
  j["samlSingleSignOnSettings"] =
      sp.relay_state ? json{{"relayState", *sp.relay_state}} : json(nullptr);
  j["servicePrincipalNames"] = json::array({sp.app_id});
  j["servicePrincipalType"] = "Application";
  j["tags"] = json::array({"WindowsAzureActiveDirectoryIntegratedApp",
                           "WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1"});
  return j;
}

void apply_service_principal_patch(ServicePrincipal& sp, const json& body) {
  require_object(body);
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "preferredSingleSignOnMode") {
      const auto mode = get_optional_string(v, k, "ServicePrincipal");
      if (mode && *mode != "saml" && *mode != "password" && *mode != "notSupported" &&
          *mode != "oidc") {
        throw invalid_value(k, "ServicePrincipal");
      }
      sp.preferred_single_sign_on_mode = mode.value_or("");
    } else if (k == "loginUrl") {
      sp.login_url = get_optional_string(v, k, "ServicePrincipal");
    } else if (k == "samlSingleSignOnSettings") {
      if (v.is_null()) {
        sp.relay_state.reset();
        continue;
      }
      if (!v.is_object()) throw invalid_value(k, "ServicePrincipal");
      const auto relay = v.find("relayState");
      if (relay != v.end()) sp.relay_state = get_optional_string(*relay, k, "ServicePrincipal");
    } else if (k == "notificationEmailAddresses") {
      sp.notification_email_addresses = get_string_list(v, k, "ServicePrincipal");
    } else if (k == "appRoleAssignmentRequired") {
      sp.app_role_assignment_required = get_bool(v, k, "ServicePrincipal");
    } else if (k == "preferredTokenSigningKeyThumbprint") {
      sp.preferred_token_signing_key_thumbprint = get_optional_string(v, k, "ServicePrincipal");
    } else if (k == "displayName") {
      sp.display_name = get_string(v, k, "ServicePrincipal");
    } else {
      throw unknown_property(k, "servicePrincipal");
    }
  }
}

const std::vector<std::string>& template_properties() {
  static const std::vector<std::string> kProperties{"id",
                                                    "categories",
                                                    "description",
                                                    "displayName",
                                                    "homePageUrl",
                                                    "logoUrl",
                                                    "publisher",
                                                    "supportedProvisioningTypes",
                                                    "supportedSingleSignOnModes"};
  return kProperties;
}

json template_json(const ApplicationTemplate& tpl) {
  return {{"id", tpl.id},
          {"categories", tpl.categories},
          {"description", tpl.description},
          {"displayName", tpl.display_name},
          {"homePageUrl", tpl.home_page_url},
          {"logoUrl", nullptr},
          {"publisher", tpl.publisher},
          {"supportedProvisioningTypes", tpl.supported_provisioning_types},
          {"supportedSingleSignOnModes", tpl.supported_single_sign_on_modes}};
}

const std::vector<std::string>& assignment_properties() {
  static const std::vector<std::string> kProperties{"id",
                                                    "appRoleId",
                                                    "createdDateTime",
                                                    "deletedDateTime",
                                                    "principalDisplayName",
                                                    "principalId",
                                                    "principalType",
                                                    "resourceDisplayName",
                                                    "resourceId"};
  return kProperties;
}

json assignment_json(const AppRoleAssignment& a, const std::string& principal_name,
                     const std::string& resource_name) {
  return {{"id", a.id},
          {"appRoleId", a.app_role_id},
          {"createdDateTime", graph_time(a.created)},
          {"deletedDateTime", nullptr},
          {"principalDisplayName", principal_name},
          {"principalId", a.principal_id},
          {"principalType", kind_name(a.principal_kind)},
          {"resourceDisplayName", resource_name},
          {"resourceId", a.resource_id}};
}

}  // namespace mock_idp::directory
