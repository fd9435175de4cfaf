#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "mock-scim/sso_admin/directory_view.hpp"
#include "mock-scim/sso_admin/organization.hpp"

namespace mock_scim::sso_admin {

struct Tag {
  std::string key;
  std::string value;
};

struct PermissionSet {
  std::string arn;  // arn:aws:sso:::permissionSet/ssoins-<16>/ps-<16>
  std::string name;
  std::optional<std::string> description;
  std::string session_duration = "PT1H";  // ISO-8601, PT1H..PT12H
  std::optional<std::string> relay_state;
  core::util::TimePoint created{};
  std::vector<std::string> managed_policies;  // ARNs in attachment order
  std::optional<std::string> inline_policy;
  std::vector<Tag> tags;
  std::uint64_t version = 1;  // bumped by every change that needs ProvisionPermissionSet
};

struct NewPermissionSet {
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> session_duration;
  std::optional<std::string> relay_state;
  std::vector<Tag> tags;
};

struct PermissionSetUpdate {
  std::optional<std::string> description;
  std::optional<std::string> session_duration;
  std::optional<std::string> relay_state;
};

enum class PrincipalType { kUser, kGroup };
enum class OperationStatus { kInProgress, kFailed, kSucceeded };
enum class ProvisioningFilter { kAny, kLatest, kNotLatest };

std::string_view to_string(PrincipalType t);
std::string_view to_string(OperationStatus s);

struct AccountAssignment {
  std::string account_id;
  std::string permission_set_arn;
  PrincipalType principal_type = PrincipalType::kUser;
  std::string principal_id;
};

// AccountAssignmentCreationStatus / AccountAssignmentDeletionStatus.
struct AssignmentOperation {
  std::string request_id;
  OperationStatus status = OperationStatus::kInProgress;
  std::string failure_reason;
  AccountAssignment assignment;
  core::util::TimePoint created{};
};

// PermissionSetProvisioningStatus.
struct ProvisioningOperation {
  std::string request_id;
  OperationStatus status = OperationStatus::kInProgress;
  std::string failure_reason;
  std::optional<std::string> account_id;  // absent for ALL_PROVISIONED_ACCOUNTS
  std::string permission_set_arn;
  core::util::TimePoint created{};
};

// The IAM role a provisioned permission set leaves in a member account.
struct ReservedRole {
  std::string account_id;
  std::string permission_set_arn;
  std::string name;  // AWSReservedSSO_<PermissionSetName>_<16 hex>
  std::string path;  // /aws-reserved/sso.amazonaws.com/<region>/ (no region for us-east-1)
  std::string arn;
  core::util::TimePoint created{};
};

// What a user may use in the access portal: one (account, permission set) pair.
struct Entitlement {
  std::string account_id;
  std::string account_name;
  std::string permission_set_arn;
  std::string permission_set_name;
  std::string session_duration;
  std::string role_arn;
  std::string role_name;
};

struct SsoAdminOptions {
  // Virtual time between an asynchronous request and its final status.
  core::util::Millis async_delay{2000};
};

// AWS limits from the IAM Identity Center quotas page (UG-LIMITS).
constexpr std::size_t kMaxPermissionSets = 2000;
constexpr std::size_t kMaxManagedPoliciesPerSet = 20;
constexpr std::size_t kMaxInlinePolicyBytes = 32768;
constexpr std::size_t kMaxTagsPerResource = 50;

// Permission sets, account assignments, provisioning and the reserved roles of one IAM
// Identity Center instance. Every public method is thread-safe (one mutex) and throws AwsError
// for a rejected call, after which the state is unchanged. Asynchronous operations stay
// IN_PROGRESS until `async_delay` of virtual time has passed; they are settled lazily, in
// request order, by the next call that looks at the state.
class SsoAdminService {
 public:
  SsoAdminService(const Organization& org, const DirectoryView& directory,
                  const core::util::Clock& clock, core::util::IdGenerator& ids,
                  SsoAdminOptions options = {});

  const Organization& organization() const { return org_; }
  SsoAdminOptions options() const;
  // Applies to requests made from now on (GET|PUT /_harness/sso-admin).
  void set_async_delay(core::util::Millis delay);
  // Throws ResourceNotFoundException unless `arn` is this instance.
  void check_instance(std::string_view instance_arn) const;

  PermissionSet create_permission_set(const NewPermissionSet& in);
  PermissionSet describe_permission_set(std::string_view arn);
  std::vector<std::string> list_permission_sets();
  void update_permission_set(std::string_view arn, const PermissionSetUpdate& update);
  void delete_permission_set(std::string_view arn);

  void attach_managed_policy(std::string_view arn, std::string_view policy_arn);
  void detach_managed_policy(std::string_view arn, std::string_view policy_arn);
  std::vector<std::string> managed_policies(std::string_view arn);
  void put_inline_policy(std::string_view arn, std::string_view policy);
  std::optional<std::string> inline_policy(std::string_view arn);
  void delete_inline_policy(std::string_view arn);
  std::vector<Tag> tags(std::string_view arn);

  // `account_id` is required for AWS_ACCOUNT and must be absent for ALL_PROVISIONED_ACCOUNTS.
  ProvisioningOperation provision_permission_set(std::string_view arn, bool all_provisioned,
                                                 const std::optional<std::string>& account_id);
  ProvisioningOperation provisioning_status(std::string_view request_id);

  AssignmentOperation create_account_assignment(const AccountAssignment& a);
  AssignmentOperation delete_account_assignment(const AccountAssignment& a);
  AssignmentOperation creation_status(std::string_view request_id);
  AssignmentOperation deletion_status(std::string_view request_id);

  std::vector<AccountAssignment> list_account_assignments(std::string_view account_id,
                                                          std::string_view arn);
  std::vector<std::string> accounts_for_permission_set(std::string_view arn,
                                                       ProvisioningFilter filter);
  std::vector<std::string> permission_sets_for_account(std::string_view account_id,
                                                       ProvisioningFilter filter);

  // Every reserved role, by account then creation (GET /_harness/roles).
  std::vector<ReservedRole> roles();
  // Accounts and permission sets the user may use, directly or through a group, with the
  // role each gives; only assignments that completed count.
  std::vector<Entitlement> entitlements_for_user(std::string_view user_id);

  // Back to the state at start-up (POST /_harness/reset).
  void reset();

 private:
  struct Pending {
    enum class Kind { kCreate, kDelete, kProvision } kind;
    std::string request_id;
    core::util::TimePoint due;
  };
  struct Provisioned {
    std::uint64_t version = 0;
    ReservedRole role;
  };
  using AssignmentKey = std::tuple<std::string, std::string, PrincipalType, std::string>;
  using AccountSetKey = std::pair<std::string, std::string>;  // account, permission set

  void settle_locked();
  void apply_create(AssignmentOperation& op);
  void apply_delete(AssignmentOperation& op);
  void apply_provision(ProvisioningOperation& op);
  void provision_locked(const std::string& account_id, const PermissionSet& ps);
  PermissionSet& find_set_locked(std::string_view arn);
  bool has_pending_locked(const AssignmentKey& key) const;
  // Throws unless an operation on `a` may start: its permission set exists and no operation on
  // the same assignment is pending.
  void check_assignment_change_locked(const AccountAssignment& a);
  // Records a new creation or deletion of `a`, due after the asynchronous delay.
  AssignmentOperation start_assignment_change_locked(Pending::Kind kind,
                                                     const AccountAssignment& a);
  static AssignmentKey key_of(const AccountAssignment& a);
  std::string permission_set_arn(const std::string& ps_id) const;

  const Organization& org_;
  const DirectoryView& directory_;
  const core::util::Clock& clock_;
  core::util::IdGenerator& ids_;
  SsoAdminOptions options_;

  mutable std::mutex mutex_;
  std::map<std::string, PermissionSet, std::less<>> sets_;  // by ARN
  std::vector<std::string> set_order_;                      // ARNs in creation order
  std::map<AssignmentKey, core::util::TimePoint> assignments_;
  std::map<AccountSetKey, Provisioned> provisioned_;
  std::map<std::string, AssignmentOperation, std::less<>> creations_;
  std::map<std::string, AssignmentOperation, std::less<>> deletions_;
  std::map<std::string, ProvisioningOperation, std::less<>> provisionings_;
  // In request order. Due times normally grow; after a delay change or a clock set backwards a
  // later one may be due earlier and then waits for those before it (requests settle in order).
  std::deque<Pending> pending_;
};

}  // namespace mock_scim::sso_admin
