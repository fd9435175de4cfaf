#pragma once

#include "mock-scim/identity_store/identity_store.hpp"
#include "mock-scim/sso_admin/directory_view.hpp"

namespace mock_scim::sso_admin {

// The identity store that SCIM writes, seen through DirectoryView (the SCIM store IS the
// identity store). Holds a reference; the store must outlive it. Thread-safe as the store is.
class IdentityStoreDirectory final : public DirectoryView {
 public:
  explicit IdentityStoreDirectory(const identity_store::IdentityStore& store) : store_(store) {}

  std::optional<UserInfo> find_user(std::string_view id) const override;
  std::optional<UserInfo> find_user_by_user_name(std::string_view user_name) const override;
  std::optional<UserInfo> find_user_by_external_id(std::string_view external_id) const override;
  Page<UserInfo> list_users(std::uint64_t cursor, std::size_t count) const override;
  std::optional<GroupInfo> find_group(std::string_view id) const override;
  std::optional<GroupInfo> find_group_by_display_name(std::string_view name) const override;
  std::optional<GroupInfo> find_group_by_external_id(std::string_view external_id) const override;
  Page<GroupInfo> list_groups(std::uint64_t cursor, std::size_t count) const override;
  std::vector<std::string> members_of_group(std::string_view group_id) const override;
  std::vector<std::string> groups_of_user(std::string_view user_id) const override;

  static UserInfo to_user_info(const identity_store::User& user);
  static GroupInfo to_group_info(const identity_store::Group& group);

 private:
  const identity_store::IdentityStore& store_;
};

}  // namespace mock_scim::sso_admin
