#include "mock-scim/scim/group_schema.hpp"

#include "core/scim/error.hpp"
#include "core/scim/schemas.hpp"
#include "core/scim/text.hpp"
#include "core/util/iso8601.hpp"
#include "mock-scim/scim/user_schema.hpp"

namespace mock_scim::scim {

using core::scim::Error;
using core::scim::iequals;

void validate_group_display_name(std::string_view name) {
  if (name.empty()) throw Error::invalid_value("Missing required attribute displayName.");
  if (name.size() > kMaxGroupDisplayNameLength) {
    throw Error::invalid_value("Attribute displayName is longer than " +
                               std::to_string(kMaxGroupDisplayNameLength) + " characters.");
  }
  check_no_control_characters("displayName", name);
  if (reserved_name(name)) {
    throw Error::invalid_value("displayName " + std::string(name) + " is reserved.");
  }
}

void validate_external_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxExternalIdLength) {
    throw Error::invalid_value("Attribute externalId must have 1 to " +
                               std::to_string(kMaxExternalIdLength) + " characters.");
  }
  check_no_control_characters("externalId", id);
}

std::vector<std::string> member_values(const nlohmann::json& members) {
  if (!members.is_array()) throw Error::invalid_value("Attribute members must be an array.");
  std::vector<std::string> out;
  out.reserve(members.size());
  for (const auto& m : members) {
    if (!m.is_object()) throw Error::invalid_value("Each member must be an object.");
    const auto value = m.find("value");
    if (value == m.end() || !value->is_string() || value->get_ref<const std::string&>().empty()) {
      throw Error::invalid_value("Each member needs a non-empty string \"value\".");
    }
    out.push_back(value->get<std::string>());
  }
  return out;
}

GroupInput group_from_json(const nlohmann::json& body) {
  if (!body.is_object()) throw Error::invalid_syntax("The request body must be a JSON object.");
  GroupInput input;
  bool has_name = false;
  for (const auto& [key, value] : body.items()) {
    if (value.is_null()) continue;
    if (iequals(key, "schemas")) {
      bool found = false;
      if (!value.is_array()) throw Error::invalid_value("Attribute schemas must be an array.");
      for (const auto& s : value) {
        if (!s.is_string()) throw Error::invalid_value("Attribute schemas must hold strings.");
        if (iequals(s.get_ref<const std::string&>(), core::scim::kGroupSchema)) found = true;
      }
      if (!found) {
        throw Error::invalid_value("\"schemas\" must contain " +
                                   std::string(core::scim::kGroupSchema) + ".");
      }
    } else if (iequals(key, "id") || iequals(key, "meta")) {
      // Assigned by the server.
    } else if (iequals(key, "displayName")) {
      if (!value.is_string()) throw Error::invalid_value("Attribute displayName must be a string.");
      input.group.display_name = value.get<std::string>();
      has_name = true;
    } else if (iequals(key, "externalId")) {
      if (!value.is_string()) throw Error::invalid_value("Attribute externalId must be a string.");
      input.group.external_id = value.get<std::string>();
      validate_external_id(input.group.external_id);
    } else if (iequals(key, "members")) {
      input.member_ids = member_values(value);
      if (input.member_ids.size() > kMaxMembersPerRequest) {
        throw Error::too_many("At most " + std::to_string(kMaxMembersPerRequest) +
                              " members may be given when a group is created.");
      }
    } else {
      throw Error::invalid_value("Unknown attribute " + key.substr(0, 100) + ".");
    }
  }
  if (!has_name) throw Error::invalid_value("Missing required attribute displayName.");
  validate_group_display_name(input.group.display_name);
  return input;
}

void append_group_json(std::string& out, const identity_store::Group& group) {
  out += "{\"id\":";
  core::scim::append_json_string(out, group.id);
  if (!group.external_id.empty()) {
    out += ",\"externalId\":";
    core::scim::append_json_string(out, group.external_id);
  }
  out += ",\"meta\":{\"resourceType\":\"Group\",\"created\":\"";
  out += core::util::format_utc(group.created);
  out += "\",\"lastModified\":\"";
  out += core::util::format_utc(group.last_modified);
  out += "\"},\"schemas\":[";
  core::scim::append_json_string(out, core::scim::kGroupSchema);
  out += "],\"displayName\":";
  core::scim::append_json_string(out, group.display_name);
  out += '}';
}

}  // namespace mock_scim::scim
