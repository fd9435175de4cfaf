#include "mock-scim/sso_admin/directory_adapter.hpp"

#include <algorithm>

namespace mock_scim::sso_admin {
namespace {

using identity_store::GroupQuery;
using identity_store::MultiValued;
using identity_store::User;
using identity_store::UserField;
using identity_store::UserQuery;

std::string str(const User& u, UserField f) { return std::string(u.view(f)); }

}  // namespace

UserInfo IdentityStoreDirectory::to_user_info(const User& u) {
  UserInfo out;
  out.id = u.id;
  out.user_name = str(u, UserField::kUserName);
  out.external_id = str(u, UserField::kExternalId);
  out.display_name = str(u, UserField::kDisplayName);
  out.formatted_name = str(u, UserField::kNameFormatted);
  out.family_name = str(u, UserField::kNameFamilyName);
  out.given_name = str(u, UserField::kNameGivenName);
  out.middle_name = str(u, UserField::kNameMiddleName);
  out.honorific_prefix = str(u, UserField::kNameHonorificPrefix);
  out.honorific_suffix = str(u, UserField::kNameHonorificSuffix);
  out.nick_name = str(u, UserField::kNickName);
  out.profile_url = str(u, UserField::kProfileUrl);
  out.title = str(u, UserField::kTitle);
  out.user_type = str(u, UserField::kUserType);
  out.preferred_language = str(u, UserField::kPreferredLanguage);
  out.locale = str(u, UserField::kLocale);
  out.timezone = str(u, UserField::kTimezone);
  if (u.get(UserField::kEmailValue) != nullptr) {
    out.emails.push_back({str(u, UserField::kEmailValue), str(u, UserField::kEmailType),
                          u.primary_of(MultiValued::kEmails).value_or(false)});
  }
  if (u.get(UserField::kPhoneValue) != nullptr) {
    out.phone_numbers.push_back({str(u, UserField::kPhoneValue), str(u, UserField::kPhoneType),
                                 u.primary_of(MultiValued::kPhoneNumbers).value_or(false)});
  }
  const bool has_address = u.get(UserField::kAddressFormatted) != nullptr ||
                           u.get(UserField::kAddressStreetAddress) != nullptr ||
                           u.get(UserField::kAddressLocality) != nullptr ||
                           u.get(UserField::kAddressRegion) != nullptr ||
                           u.get(UserField::kAddressPostalCode) != nullptr ||
                           u.get(UserField::kAddressCountry) != nullptr;
  if (has_address) {
    Address a;
    a.street_address = str(u, UserField::kAddressStreetAddress);
    a.locality = str(u, UserField::kAddressLocality);
    a.region = str(u, UserField::kAddressRegion);
    a.postal_code = str(u, UserField::kAddressPostalCode);
    a.country = str(u, UserField::kAddressCountry);
    a.formatted = str(u, UserField::kAddressFormatted);
    a.type = str(u, UserField::kAddressType);
    a.primary = u.primary_of(MultiValued::kAddresses).value_or(false);
    out.addresses.push_back(std::move(a));
  }
  // SCIM leaves `active` out when the client never set it; AWS treats that as enabled.
  out.active = u.active.value_or(true);
  out.created = u.created;
  out.updated = u.last_modified;
  return out;
}

GroupInfo IdentityStoreDirectory::to_group_info(const identity_store::Group& g) {
  return {g.id, g.display_name, g.external_id, g.created, g.last_modified};
}

std::optional<UserInfo> IdentityStoreDirectory::find_user(std::string_view id) const {
  std::optional<UserInfo> out;
  store_.read_user(id, [&out](const User& u) { out = to_user_info(u); });
  return out;
}

std::optional<UserInfo> IdentityStoreDirectory::find_user_by_user_name(
    std::string_view user_name) const {
  std::optional<UserInfo> out;
  store_.query_users({UserQuery::Kind::kUserName, std::string(user_name), ""}, 0, 1,
                     [&out](const User& u) { out = to_user_info(u); });
  return out;
}

std::optional<UserInfo> IdentityStoreDirectory::find_user_by_external_id(
    std::string_view external_id) const {
  std::optional<UserInfo> out;
  store_.query_users({UserQuery::Kind::kExternalId, std::string(external_id), ""}, 0, 1,
                     [&out](const User& u) { out = to_user_info(u); });
  return out;
}

Page<UserInfo> IdentityStoreDirectory::list_users(std::uint64_t cursor, std::size_t count) const {
  Page<UserInfo> page;
  const auto r = store_.query_users(
      {}, cursor, count, [&page](const User& u) { page.items.push_back(to_user_info(u)); });
  page.next = r.next_after;
  return page;
}

std::optional<GroupInfo> IdentityStoreDirectory::find_group(std::string_view id) const {
  std::optional<GroupInfo> out;
  store_.read_group(id, [&out](const identity_store::Group& g) { out = to_group_info(g); });
  return out;
}

std::optional<GroupInfo> IdentityStoreDirectory::find_group_by_display_name(
    std::string_view name) const {
  std::optional<GroupInfo> out;
  store_.query_groups({GroupQuery::Kind::kDisplayName, std::string(name), ""}, 0, 1,
                      [&out](const identity_store::Group& g) { out = to_group_info(g); });
  return out;
}

std::optional<GroupInfo> IdentityStoreDirectory::find_group_by_external_id(
    std::string_view external_id) const {
  std::optional<GroupInfo> out;
  store_.query_groups({GroupQuery::Kind::kExternalId, std::string(external_id), ""}, 0, 1,
                      [&out](const identity_store::Group& g) { out = to_group_info(g); });
  return out;
}

Page<GroupInfo> IdentityStoreDirectory::list_groups(std::uint64_t cursor, std::size_t count) const {
  Page<GroupInfo> page;
  const auto r = store_.query_groups({}, cursor, count, [&page](const identity_store::Group& g) {
    page.items.push_back(to_group_info(g));
  });
  page.next = r.next_after;
  return page;
}

std::vector<std::string> IdentityStoreDirectory::members_of_group(std::string_view group_id) const {
  auto ids = store_.member_ids(group_id);
  std::sort(ids.begin(), ids.end());  // the store's order is not stable; pages need one
  return ids;
}

std::vector<std::string> IdentityStoreDirectory::groups_of_user(std::string_view user_id) const {
  auto ids = store_.group_ids_of(user_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace mock_scim::sso_admin
