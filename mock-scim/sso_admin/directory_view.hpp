#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/clock.hpp"

namespace mock_scim::sso_admin {

// A multi-valued SCIM attribute (emails, phoneNumbers) as the identitystore API shows it.
struct TypedValue {
  std::string value;
  std::string type;
  bool primary = false;
};

struct Address {
  std::string street_address, locality, region, postal_code, country, formatted, type;
  bool primary = false;
};

// A user of the identity store as sso-admin, identitystore and the SAML SP see it. Empty
// strings mean "not set".
struct UserInfo {
  std::string id;  // SCIM id = identitystore UserId
  std::string user_name;
  std::string external_id;  // SCIM externalId
  std::string display_name;
  std::string formatted_name, family_name, given_name, middle_name, honorific_prefix,
      honorific_suffix;
  std::string nick_name, profile_url, title, user_type, preferred_language, locale, timezone;
  std::vector<TypedValue> emails;
  std::vector<TypedValue> phone_numbers;
  std::vector<Address> addresses;
  bool active = true;
  core::util::TimePoint created{};
  core::util::TimePoint updated{};
};

struct GroupInfo {
  std::string id;  // SCIM id = identitystore GroupId
  std::string display_name;
  std::string external_id;
  core::util::TimePoint created{};
  core::util::TimePoint updated{};
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::uint64_t> next;  // cursor of the next page, when more items remain
};

// Read-only view of the identity store that SCIM writes (the SCIM store IS the identity
// store). Implementations are thread-safe and return copies. Lists come in a stable order
// (creation order) and page by an opaque cursor: 0 starts, Page::next continues.
class DirectoryView {
 public:
  virtual ~DirectoryView() = default;

  virtual std::optional<UserInfo> find_user(std::string_view id) const = 0;
  // userName is unique case-insensitively (AWS SCIM rules); the match here is too.
  virtual std::optional<UserInfo> find_user_by_user_name(std::string_view user_name) const = 0;
  virtual std::optional<UserInfo> find_user_by_external_id(std::string_view external_id) const = 0;
  // At most `count` users after `cursor`.
  virtual Page<UserInfo> list_users(std::uint64_t cursor, std::size_t count) const = 0;

  virtual std::optional<GroupInfo> find_group(std::string_view id) const = 0;
  virtual std::optional<GroupInfo> find_group_by_display_name(std::string_view name) const = 0;
  virtual std::optional<GroupInfo> find_group_by_external_id(
      std::string_view external_id) const = 0;
  virtual Page<GroupInfo> list_groups(std::uint64_t cursor, std::size_t count) const = 0;

  // User ids that are direct members of the group, in a stable order (empty if no group).
  virtual std::vector<std::string> members_of_group(std::string_view group_id) const = 0;
  // Group ids the user is a direct member of (AWS has no nested groups).
  virtual std::vector<std::string> groups_of_user(std::string_view user_id) const = 0;
};

}  // namespace mock_scim::sso_admin
