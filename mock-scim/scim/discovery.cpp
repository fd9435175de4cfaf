#include "mock-scim/scim/discovery.hpp"

#include <nlohmann/json.hpp>

#include "core/scim/schemas.hpp"
#include "core/scim/text.hpp"

namespace mock_scim::scim {
namespace {

using nlohmann::json;

json attribute(std::string_view name, std::string_view type, bool required = false,
               bool multi = false, json sub = nullptr) {
  json a = {{"name", name},          {"type", type},        {"multiValued", multi},
            {"required", required},  {"caseExact", false},  {"mutability", "readWrite"},
            {"returned", "default"}, {"uniqueness", "none"}};
  if (!sub.is_null()) a["subAttributes"] = std::move(sub);
  return a;
}

json strings(std::initializer_list<std::string_view> names) {
  json out = json::array();
  for (auto n : names) out.push_back(attribute(n, "string"));
  return out;
}

json user_schema() {
  json attrs = json::array();
  auto user_name = attribute("userName", "string", true);
  user_name["uniqueness"] = "server";
  attrs.push_back(user_name);
  attrs.push_back(attribute("name", "complex", true, false,
                            strings({"formatted", "familyName", "givenName", "middleName",
                                     "honorificPrefix", "honorificSuffix"})));
  attrs.push_back(attribute("displayName", "string", true));
  for (auto n :
       {"nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone"}) {
    attrs.push_back(attribute(n, "string"));
  }
  attrs.push_back(attribute("active", "boolean"));
  auto entry = [](std::initializer_list<std::string_view> names) {
    json sub = strings(names);
    sub.push_back(attribute("primary", "boolean"));
    return sub;
  };
  attrs.push_back(attribute("emails", "complex", true, true, entry({"value", "type"})));
  attrs.push_back(attribute("addresses", "complex", false, true,
                            entry({"formatted", "streetAddress", "locality", "region", "postalCode",
                                   "country", "type"})));
  attrs.push_back(attribute("phoneNumbers", "complex", false, true, entry({"value", "type"})));
  attrs.push_back(attribute("roles", "complex", false, true, entry({"value", "type"})));
  return {{"id", core::scim::kUserSchema},
          {"name", "User"},
          {"description", "User Account"},
          {"attributes", attrs}};
}

json enterprise_schema() {
  json attrs = strings({"employeeNumber", "costCenter", "organization", "division", "department"});
  attrs.push_back(attribute("manager", "complex", false, false, strings({"value", "$ref"})));
  return {{"id", core::scim::kEnterpriseUserSchema},
          {"name", "EnterpriseUser"},
          {"description", "Enterprise User"},
          {"attributes", attrs}};
}

json group_schema() {
  json attrs = json::array();
  auto display = attribute("displayName", "string", true);
  display["uniqueness"] = "server";
  attrs.push_back(display);
  auto members = attribute("members", "complex", false, true, strings({"value", "$ref", "type"}));
  members["returned"] = "never";
  attrs.push_back(members);
  return {{"id", core::scim::kGroupSchema},
          {"name", "Group"},
          {"description", "Group"},
          {"attributes", attrs}};
}

json with_meta(json schema, std::string_view base) {
  schema["schemas"] = {core::scim::kSchemaSchema};
  schema["meta"] = {
      {"resourceType", "Schema"},
      {"location", std::string(base) + "/Schemas/" + schema["id"].get<std::string>()}};
  return schema;
}

}  // namespace

std::string service_provider_config_json() {
  const json doc = {
      {"schemas", {core::scim::kServiceProviderConfigSchema}},
      {"documentationUri",
       "https://docs.aws.amazon.com/singlesignon/latest/userguide/"
       "manage-your-identity-source-idp.html"},
      {"authenticationSchemes",
       {{{"type", "oauthbearertoken"},
         {"name", "OAuth Bearer Token"},
         {"description", "Authentication scheme using the OAuth Bearer Token Standard"},
         {"specUri", "https://www.rfc-editor.org/info/rfc6750"},
         {"documentationUri",
          "https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html"},
         {"primary", true}}}},
      {"patch", {{"supported", true}}},
      {"bulk", {{"supported", false}, {"maxOperations", 1}, {"maxPayloadSize", 1048576}}},
      {"filter", {{"supported", true}, {"maxResults", 100}}},
      {"changePassword", {{"supported", false}}},
      {"sort", {{"supported", false}}},
      {"etag", {{"supported", false}}}};
  return doc.dump();
}

std::string schemas_json(std::string_view base) {
  json resources = {with_meta(user_schema(), base), with_meta(enterprise_schema(), base),
                    with_meta(group_schema(), base)};
  const json doc = {{"totalResults", resources.size()},
                    {"itemsPerPage", resources.size()},
                    {"startIndex", 1},
                    {"schemas", {core::scim::kListResponseSchema}},
                    {"Resources", resources}};
  return doc.dump();
}

std::optional<std::string> schema_json(std::string_view urn, std::string_view base) {
  for (const auto& s : {user_schema(), enterprise_schema(), group_schema()}) {
    if (core::scim::iequals(s["id"].get<std::string>(), urn)) return with_meta(s, base).dump();
  }
  return std::nullopt;
}

std::string resource_types_json(std::string_view base) {
  const std::string b(base);
  json user = {
      {"schemas", {core::scim::kResourceTypeSchema}},
      {"id", "User"},
      {"name", "User"},
      {"endpoint", "/Users"},
      {"description", "User Account"},
      {"schema", core::scim::kUserSchema},
      {"schemaExtensions", {{{"schema", core::scim::kEnterpriseUserSchema}, {"required", false}}}},
      {"meta", {{"resourceType", "ResourceType"}, {"location", b + "/ResourceTypes/User"}}}};
  json group = {
      {"schemas", {core::scim::kResourceTypeSchema}},
      {"id", "Group"},
      {"name", "Group"},
      {"endpoint", "/Groups"},
      {"description", "Group"},
      {"schema", core::scim::kGroupSchema},
      {"meta", {{"resourceType", "ResourceType"}, {"location", b + "/ResourceTypes/Group"}}}};
  const json doc = {{"totalResults", 2},
                    {"itemsPerPage", 2},
                    {"startIndex", 1},
                    {"schemas", {core::scim::kListResponseSchema}},
                    {"Resources", {user, group}}};
  return doc.dump();
}

}  // namespace mock_scim::scim
