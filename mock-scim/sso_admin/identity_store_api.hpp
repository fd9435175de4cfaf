#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "mock-scim/sso_admin/directory_view.hpp"
#include "mock-scim/sso_admin/json_operations.hpp"
#include "mock-scim/sso_admin/organization.hpp"

namespace mock_scim::sso_admin {

// The read side of identitystore (X-Amz-Target "AWSIdentityStore.<Op>", botocore model
// identitystore/2020-06-15) over the store that SCIM writes: ListUsers, DescribeUser, GetUserId,
// ListGroups, DescribeGroup, GetGroupId, ListGroupMemberships, ListGroupMembershipsForMember,
// IsMemberInGroups, GetGroupMembershipId. Errors carry RequestId (and ResourceType/ResourceId
// for ResourceNotFoundException) as the model declares. Throws AwsError.
class IdentityStoreApi {
 public:
  IdentityStoreApi(const Organization& org, const DirectoryView& directory);

  bool has(std::string_view operation) const { return ops_.find(operation) != ops_.end(); }
  nlohmann::json call(std::string_view operation, const nlohmann::json& body) const;

  // The membership id identitystore shows for (group, user): derived, stable, in the
  // "<store hex>-<uuid>" form of the other ids (SCIM has no membership resource).
  std::string membership_id(std::string_view group_id, std::string_view user_id) const;

 private:
  const Organization& org_;
  const DirectoryView& directory_;
  JsonOperations ops_;
};

// A user in the identitystore User shape (ExternalIds issuer "SCIM", UserStatus from active).
nlohmann::json identitystore_user_json(const UserInfo& user, const std::string& store_id);

}  // namespace mock_scim::sso_admin
