#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "mock-scim/identity_store/group.hpp"

namespace mock_scim::scim {

// [DG-creategroup], [DG-PATCHGROUP]: at most 100 members on create, 100 membership changes
// per PATCH. Display names 1..1024 ([MODEL-IDS]).
inline constexpr std::size_t kMaxMembersPerRequest = 100;
inline constexpr std::size_t kMaxGroupDisplayNameLength = 1024;

struct GroupInput {
  identity_store::Group group;
  std::vector<std::string> member_ids;
};

// Decodes a POST /Groups body: displayName required, externalId optional, members at most
// 100 (objects with a string "value"). Throws core::scim::Error 400.
GroupInput group_from_json(const nlohmann::json& body);

// Throws 400 if a display name is empty, too long, reserved or holds control characters.
void validate_group_display_name(std::string_view name);
// Throws 400 if an externalId is empty, longer than 256 or holds control characters.
void validate_external_id(std::string_view id);
// The "value" strings of a members array; throws 400 if it is not an array of such objects.
std::vector<std::string> member_values(const nlohmann::json& members);

// Appends the group as AWS returns it: id, externalId, meta, schemas, displayName. Members are
// never returned ([DG-GETGROUP]).
void append_group_json(std::string& out, const identity_store::Group& group);

}  // namespace mock_scim::scim
