#include "mock-scim/scim/user_schema.hpp"

#include <array>

#include "core/scim/error.hpp"
#include "core/scim/patch.hpp"
#include "core/scim/schemas.hpp"
#include "core/scim/text.hpp"
#include "core/util/iso8601.hpp"

namespace mock_scim::scim {
namespace {

using core::scim::Error;
using core::scim::iequals;
using identity_store::MultiValued;
using identity_store::User;
using identity_store::UserField;
using F = UserField;

constexpr std::size_t kFieldCount = static_cast<std::size_t>(UserField::kCount);

constexpr std::array<FieldSpec, kFieldCount> kSpecs{{
    {F::kExternalId, "", "externalId", kMaxExternalIdLength},
    {F::kUserName, "", "userName", kMaxUserNameLength},
    {F::kNameFormatted, "name", "formatted", kMaxAttributeLength},
    {F::kNameFamilyName, "name", "familyName", kMaxAttributeLength},
    {F::kNameGivenName, "name", "givenName", kMaxAttributeLength},
    {F::kNameMiddleName, "name", "middleName", kMaxAttributeLength},
    {F::kNameHonorificPrefix, "name", "honorificPrefix", kMaxAttributeLength},
    {F::kNameHonorificSuffix, "name", "honorificSuffix", kMaxAttributeLength},
    {F::kDisplayName, "", "displayName", kMaxAttributeLength},
    {F::kNickName, "", "nickName", kMaxAttributeLength},
    {F::kProfileUrl, "", "profileUrl", kMaxAttributeLength},
    {F::kTitle, "", "title", kMaxAttributeLength},
    {F::kUserType, "", "userType", kMaxAttributeLength},
    {F::kPreferredLanguage, "", "preferredLanguage", kMaxAttributeLength},
    {F::kLocale, "", "locale", kMaxAttributeLength},
    {F::kTimezone, "", "timezone", kMaxAttributeLength},
    {F::kEmailValue, "emails", "value", kMaxAttributeLength},
    {F::kEmailType, "emails", "type", kMaxAttributeLength},
    {F::kAddressFormatted, "addresses", "formatted", kMaxAttributeLength},
    {F::kAddressStreetAddress, "addresses", "streetAddress", kMaxAttributeLength},
    {F::kAddressLocality, "addresses", "locality", kMaxAttributeLength},
    {F::kAddressRegion, "addresses", "region", kMaxAttributeLength},
    {F::kAddressPostalCode, "addresses", "postalCode", kMaxAttributeLength},
    {F::kAddressCountry, "addresses", "country", kMaxAttributeLength},
    {F::kAddressType, "addresses", "type", kMaxAttributeLength},
    {F::kPhoneValue, "phoneNumbers", "value", kMaxAttributeLength},
    {F::kPhoneType, "phoneNumbers", "type", kMaxAttributeLength},
    {F::kRoleValue, "roles", "value", kMaxAttributeLength},
    {F::kRoleType, "roles", "type", kMaxAttributeLength},
    {F::kEmployeeNumber, "enterprise", "employeeNumber", kMaxAttributeLength},
    {F::kCostCenter, "enterprise", "costCenter", kMaxAttributeLength},
    {F::kOrganization, "enterprise", "organization", kMaxAttributeLength},
    {F::kDivision, "enterprise", "division", kMaxAttributeLength},
    {F::kDepartment, "enterprise", "department", kMaxAttributeLength},
    {F::kManagerValue, "manager", "value", kMaxAttributeLength},
    {F::kManagerRef, "manager", "$ref", kMaxAttributeLength},
}};

constexpr std::array<std::string_view, static_cast<std::size_t>(MultiValued::kCount)> kMvNames{
    {"emails", "addresses", "phoneNumbers", "roles"}};

// Attributes AWS refuses outright ([DG-create], [DG-LIMITS]).
constexpr std::array<std::string_view, 6> kRejected{
    {"password", "ims", "photos", "x509Certificates", "entitlements", "groups"}};

// Characters AWS refuses in userName ([MS-PROV], AWS provisioning tutorial).
constexpr std::string_view kForbiddenInUserName = "\"<>;:%";

std::string json_type_error(std::string_view attribute, std::string_view expected) {
  return "Attribute " + std::string(attribute) + " must be " + std::string(expected) + ".";
}

std::string read_string(const nlohmann::json& value, std::string_view attribute) {
  if (!value.is_string()) throw Error::invalid_value(json_type_error(attribute, "a string"));
  return value.get<std::string>();
}

void set_string(User& user, UserField field, const nlohmann::json& value) {
  const auto& spec = spec_of(field);
  std::string attr = spec.parent.empty() ? std::string(spec.name)
                                         : std::string(spec.parent) + "." + std::string(spec.name);
  user.set(field, read_string(value, attr));
}

// Reads one entry of a multi-valued attribute (an object) into the user.
void read_entry(User& user, MultiValued mv, const nlohmann::json& entry) {
  const std::string_view mv_name = name_of(mv);
  if (!entry.is_object()) {
    throw Error::invalid_value(json_type_error(mv_name, "an array of objects"));
  }
  for (const auto& [key, value] : entry.items()) {
    if (value.is_null()) continue;
    if (iequals(key, "primary")) {
      const auto b = core::scim::parse_bool_value(value);
      if (!b)
        throw Error::invalid_value(json_type_error(std::string(mv_name) + ".primary", "a boolean"));
      user.primary_of(mv) = *b;
      continue;
    }
    if (iequals(key, "display")) {
      throw Error::invalid_value("Sub-attribute display of " + std::string(mv_name) +
                                 " is not supported.");
    }
    const auto field = find_field(mv_name, key);
    if (!field) {
      throw Error::invalid_value("Unknown sub-attribute " + key + " of " + std::string(mv_name) +
                                 ".");
    }
    set_string(user, *field, value);
  }
}

void read_multi_valued(User& user, MultiValued mv, const nlohmann::json& value) {
  if (!value.is_array()) throw Error::invalid_value(json_type_error(name_of(mv), "an array"));
  if (value.size() > 1) throw Error::invalid_value(std::string(core::scim::kDetailSingleItem));
  if (value.size() == 1) read_entry(user, mv, value.front());
}

void read_manager(User& user, const nlohmann::json& value) {
  if (!value.is_object()) throw Error::invalid_value(json_type_error("manager", "an object"));
  for (const auto& [key, sub] : value.items()) {
    if (sub.is_null()) continue;
    if (iequals(key, "displayName")) {
      throw Error::invalid_value("Sub-attribute manager.displayName is not supported.");
    }
    const auto field = find_field("manager", key);
    if (!field) throw Error::invalid_value("Unknown sub-attribute " + key + " of manager.");
    set_string(user, *field, sub);
  }
}

void read_enterprise(User& user, const nlohmann::json& value) {
  if (!value.is_object()) {
    throw Error::invalid_value(json_type_error(core::scim::kEnterpriseUserSchema, "an object"));
  }
  for (const auto& [key, sub] : value.items()) {
    if (sub.is_null()) continue;
    if (iequals(key, "manager")) {
      read_manager(user, sub);
      continue;
    }
    const auto field = find_field("enterprise", key);
    if (!field) throw Error::invalid_value("Unknown enterprise attribute " + key + ".");
    set_string(user, *field, sub);
  }
}

void check_schemas(const nlohmann::json& value, std::string_view required) {
  if (!value.is_array()) throw Error::invalid_value(json_type_error("schemas", "an array"));
  bool found = false;
  for (const auto& s : value) {
    if (!s.is_string())
      throw Error::invalid_value(json_type_error("schemas", "an array of strings"));
    if (iequals(s.get_ref<const std::string&>(), required)) found = true;
  }
  if (!found) {
    throw Error::invalid_value("\"schemas\" must contain " + std::string(required) + ".");
  }
}

void append_key(std::string& out, std::string_view key) {
  core::scim::append_json_string(out, key);
  out += ':';
}

// Appends `"name":{...}` with the fields of `parent` the user has; nothing if none.
// `first` tracks the comma inside the enclosing object.
bool append_fields(std::string& out, const User& user, std::string_view parent, bool first) {
  for (const auto& spec : kSpecs) {
    if (spec.parent != parent) continue;
    const std::string* value = user.get(spec.field);
    if (!value) continue;
    if (!first) out += ',';
    first = false;
    append_key(out, spec.name);
    core::scim::append_json_string(out, *value);
  }
  return first;
}

bool has_fields(const User& user, std::string_view parent) {
  for (const auto& spec : kSpecs) {
    if (spec.parent == parent && user.get(spec.field)) return true;
  }
  return false;
}

}  // namespace

const FieldSpec& spec_of(UserField field) { return kSpecs[static_cast<std::size_t>(field)]; }

std::optional<UserField> find_field(std::string_view parent, std::string_view name) {
  for (const auto& spec : kSpecs) {
    if (spec.parent == parent && iequals(spec.name, name)) return spec.field;
  }
  return std::nullopt;
}

std::optional<MultiValued> find_multi_valued(std::string_view name) {
  for (std::size_t i = 0; i < kMvNames.size(); ++i) {
    if (iequals(kMvNames[i], name)) return static_cast<MultiValued>(i);
  }
  return std::nullopt;
}

std::string_view name_of(MultiValued mv) { return kMvNames[static_cast<std::size_t>(mv)]; }

bool reserved_name(std::string_view name) {
  return iequals(name, "Administrator") || iequals(name, "AWSAdministrators");
}

void check_no_control_characters(std::string_view attribute, std::string_view value) {
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw Error::invalid_value("Attribute " + std::string(attribute) +
                                 " contains a control character (tab, CR or LF).");
    }
  }
}

User user_from_json(const nlohmann::json& body) {
  if (!body.is_object()) throw Error::invalid_syntax("The request body must be a JSON object.");
  User user;
  for (const auto& [key, value] : body.items()) {
    if (value.is_null()) continue;
    if (iequals(key, "schemas")) {
      check_schemas(value, core::scim::kUserSchema);
    } else if (iequals(key, "id") || iequals(key, "meta")) {
      // Assigned by the server; what a client sends is ignored (Azure AD sends meta).
    } else if (iequals(key, "active")) {
      const auto b = core::scim::parse_bool_value(value);
      if (!b) throw Error::invalid_value(json_type_error("active", "a boolean"));
      user.active = *b;
    } else if (iequals(key, "name")) {
      if (!value.is_object()) throw Error::invalid_value(json_type_error("name", "an object"));
      for (const auto& [sub_key, sub] : value.items()) {
        if (sub.is_null()) continue;
        const auto field = find_field("name", sub_key);
        if (!field) throw Error::invalid_value("Unknown sub-attribute " + sub_key + " of name.");
        set_string(user, *field, sub);
      }
    } else if (iequals(key, core::scim::kEnterpriseUserSchema)) {
      read_enterprise(user, value);
    } else if (const auto mv = find_multi_valued(key)) {
      read_multi_valued(user, *mv, value);
    } else if (const auto field = find_field("", key)) {
      set_string(user, *field, value);
    } else {
      for (const auto rejected : kRejected) {
        if (iequals(key, rejected)) {
          throw Error::invalid_value("Attribute " + std::string(rejected) + " is not supported.");
        }
      }
      throw Error::invalid_value("Unknown attribute " + key.substr(0, 100) + ".");
    }
  }
  validate_user(user);
  return user;
}

void validate_user(const User& user) {
  struct Required {
    UserField field;
    std::string_view name;
  };
  constexpr Required kRequired[] = {{F::kUserName, "userName"},
                                    {F::kDisplayName, "displayName"},
                                    {F::kNameGivenName, "name.givenName"},
                                    {F::kNameFamilyName, "name.familyName"},
                                    {F::kEmailValue, "emails (a primary email)"}};
  for (const auto& r : kRequired) {
    if (!user.get(r.field)) {
      throw Error::invalid_value("Missing required attribute " + std::string(r.name) + ".");
    }
  }
  const auto& primary = user.primary_of(MultiValued::kEmails);
  if (!primary || !*primary) {
    throw Error::invalid_value("The email must be marked primary.");
  }
  for (const auto& [field, value] : user.fields) {
    const auto& spec = spec_of(field);
    const std::string name = spec.parent.empty()
                                 ? std::string(spec.name)
                                 : std::string(spec.parent) + "." + std::string(spec.name);
    if (value.size() > spec.max_length) {
      throw Error::invalid_value("Attribute " + name + " is longer than " +
                                 std::to_string(spec.max_length) + " characters.");
    }
    check_no_control_characters(name, value);
  }
  const auto user_name = user.view(F::kUserName);
  if (user_name.find_first_of(kForbiddenInUserName) != std::string_view::npos) {
    throw Error::invalid_value(
        "Attribute userName contains a character AWS does not accept (\" < > ; : %).");
  }
  if (reserved_name(user_name)) {
    throw Error::invalid_value("userName " + std::string(user_name) + " is reserved.");
  }
}

void append_user_json(std::string& out, const User& user) {
  out += "{\"id\":";
  core::scim::append_json_string(out, user.id);
  if (const auto* ext = user.get(F::kExternalId)) {
    out += ",\"externalId\":";
    core::scim::append_json_string(out, *ext);
  }
  out += ",\"meta\":{\"resourceType\":\"User\",\"created\":\"";
  out += core::util::format_utc(user.created);
  out += "\",\"lastModified\":\"";
  out += core::util::format_utc(user.last_modified);
  out += "\"},\"schemas\":[";
  core::scim::append_json_string(out, core::scim::kUserSchema);
  const bool enterprise = has_fields(user, "enterprise") || has_fields(user, "manager");
  if (enterprise) {
    out += ',';
    core::scim::append_json_string(out, core::scim::kEnterpriseUserSchema);
  }
  out += "],\"userName\":";
  core::scim::append_json_string(out, user.view(F::kUserName));
  if (has_fields(user, "name")) {
    out += ",\"name\":{";
    append_fields(out, user, "name", true);
    out += '}';
  }
  for (const auto& spec : kSpecs) {
    if (spec.parent != "" || spec.field == F::kExternalId || spec.field == F::kUserName) continue;
    if (const auto* value = user.get(spec.field)) {
      out += ',';
      append_key(out, spec.name);
      core::scim::append_json_string(out, *value);
    }
  }
  if (user.active) out += *user.active ? ",\"active\":true" : ",\"active\":false";
  for (std::size_t i = 0; i < kMvNames.size(); ++i) {
    const auto mv = static_cast<MultiValued>(i);
    const auto& primary = user.primary_of(mv);
    if (!has_fields(user, kMvNames[i]) && !primary) continue;
    out += ',';
    append_key(out, kMvNames[i]);
    out += "[{";
    bool first = append_fields(out, user, kMvNames[i], true);
    if (primary) {
      if (!first) out += ',';
      out += *primary ? "\"primary\":true" : "\"primary\":false";
    }
    out += "}]";
  }
  if (enterprise) {
    out += ',';
    append_key(out, core::scim::kEnterpriseUserSchema);
    out += '{';
    bool first = append_fields(out, user, "enterprise", true);
    if (has_fields(user, "manager")) {
      if (!first) out += ',';
      out += "\"manager\":{";
      append_fields(out, user, "manager", true);
      out += '}';
    }
    out += '}';
  }
  out += '}';
}

}  // namespace mock_scim::scim
