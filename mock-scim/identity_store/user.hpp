#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/clock.hpp"

namespace mock_scim::identity_store {

// Every single string an AWS user can hold ([DG-LIMITS]): the simple attributes, the one entry
// each multi-valued attribute may have, and the enterprise extension.
enum class UserField : std::uint8_t {
  kExternalId,
  kUserName,
  kNameFormatted,
  kNameFamilyName,
  kNameGivenName,
  kNameMiddleName,
  kNameHonorificPrefix,
  kNameHonorificSuffix,
  kDisplayName,
  kNickName,
  kProfileUrl,
  kTitle,
  kUserType,
  kPreferredLanguage,
  kLocale,
  kTimezone,
  kEmailValue,
  kEmailType,
  kAddressFormatted,
  kAddressStreetAddress,
  kAddressLocality,
  kAddressRegion,
  kAddressPostalCode,
  kAddressCountry,
  kAddressType,
  kPhoneValue,
  kPhoneType,
  kRoleValue,
  kRoleType,
  kEmployeeNumber,
  kCostCenter,
  kOrganization,
  kDivision,
  kDepartment,
  kManagerValue,
  kManagerRef,
  kCount
};

// The multi-valued attributes AWS keeps, each with at most one entry.
enum class MultiValued : std::uint8_t { kEmails, kAddresses, kPhoneNumbers, kRoles, kCount };

// One user, compact: only the strings it has are stored (sorted by field), so 100,000 users
// fit in a few tens of megabytes. Plain value type; not synchronised.
struct User {
  std::string id;
  std::uint64_t seq = 0;  // creation order, for stable paging
  core::util::TimePoint created{};
  core::util::TimePoint last_modified{};
  std::optional<bool> active;
  std::array<std::optional<bool>, static_cast<std::size_t>(MultiValued::kCount)> primary{};
  std::vector<std::pair<UserField, std::string>> fields;

  // nullptr if absent.
  const std::string* get(UserField field) const;
  // "" if absent.
  std::string_view view(UserField field) const;
  // An empty value removes the field.
  void set(UserField field, std::string value);
  void clear(UserField field) { set(field, std::string()); }
  std::optional<bool>& primary_of(MultiValued mv) { return primary[static_cast<std::size_t>(mv)]; }
  const std::optional<bool>& primary_of(MultiValued mv) const {
    return primary[static_cast<std::size_t>(mv)];
  }
};

}  // namespace mock_scim::identity_store
